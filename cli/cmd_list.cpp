// gongkai list: cases of an agency's subtree, by state and year of receipt.
#include <fmt/format.h>

#include <iostream>

#include "app/cases.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<app::ListRequest>();
  auto* cmd = app.add_subcommand("list", "List cases");
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->add_option("--state", o->state, "a state (received, awaiting-correction, under-review, …) or 'open'");
  cmd->add_option("--year", o->year, "year of receipt");
  cmd->add_option("--limit", o->limit, "at most N cases (a page)");
  cmd->add_option("--after", o->after, "the cases after this case number (the previous page's last)");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      auto rows = app::list_cases(ctx.app(), *o);
      if (ctx.json) {
        ctx.print_json(app::cases_json(rows));
        return;
      }
      std::cout << fmt::format("{:<22} {:<22} {:<10} {:<10} {}\n", "case", "state", "received", "due", "applicant / notes");
      for (const auto& r : rows) {
        std::string note = app::printable(r.applicant);
        if (r.correction_notice_on) note += "; correction notice " + r.correction_notice_on->str();
        if (r.late_correction_notice) note += " (late notice)";
        if (!r.outcome.empty()) note += "; " + app::printable(r.outcome);
        if (r.appeal_state != "none") note += "; appeal " + app::printable(r.appeal_state);
        // Every stored text escaped, not only the free ones: the database may hold what a
        // superuser put there by hand.
        std::cout << fmt::format("{:<22} {:<22} {:<10} {:<10} {}\n", app::printable(r.case_no),
                                 app::printable(r.state), r.received_on.str(),
                                 r.due_on ? r.due_on->str() + (r.due_provisional ? "*" : "") : "-", note);
      }
      std::cout << rows.size() << " case(s)\n";
    };
  });
}
const CommandRegistrar reg{"list", &setup};

}  // namespace
}  // namespace gongkai::cli
