// gongkai show CASE: the case, its due date and how it was reached, and its whole history.
#include <iostream>

#include "app/cases.h"
#include "app/notices.h"
#include "app/printable.h"
#include "cli/case_text.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto case_no = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("show", "Show a case and its whole history");
  cmd->add_option("case", *case_no, "case number")->required();
  cmd->callback([&ctx, case_no] {
    ctx.run = [&ctx, case_no] {
      auto v = app::show(ctx.app(), *case_no);
      const auto notices = app::case_notices(ctx.app(), *case_no);
      if (ctx.json) {
        auto j = app::case_json(v);
        j["notices"] = nlohmann::json::array();
        for (const auto& n : notices) j["notices"].push_back(app::notice_json(n));
        ctx.print_json(j);
      } else {
        std::cout << case_text(v) << notices_text(notices);
        // Before answering: the same applicant's earlier cases on a similar subject, as the
        // case page names them (only where the applicant's name is readable).
        if (v.c.snapshot().is_open && !v.personal_masked) {
          const auto repeats = app::possible_repeats(ctx.app(), v);
          if (!repeats.empty()) std::cout << "Possible repeat applications (same applicant, similar subject, past year):\n";
          for (const auto& r : repeats)
            std::cout << "  " << r.case_no << "  received " << r.received_on.str() << "  " << app::printable(r.subject) << "\n";
        }
      }
    };
  });
}
const CommandRegistrar reg{"show", &setup};

}  // namespace
}  // namespace gongkai::cli
