// gongkai show CASE: the case, its due date and how it was reached, and its whole history.
#include <iostream>

#include "cli/case_commands.h"
#include "cli/case_view.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto case_no = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("show", "Show a case and its whole history");
  cmd->add_option("case", *case_no, "case number")->required();
  cmd->callback([&ctx, case_no] {
    ctx.run = [&ctx, case_no] {
      auto c = load_and_replay(ctx, *case_no);
      if (ctx.json) ctx.print_json(case_json(c));
      else std::cout << case_text(c);
    };
  });
}
const CommandRegistrar reg{"show", &setup};

}  // namespace
}  // namespace gongkai::cli
