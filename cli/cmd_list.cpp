// gongkai list: cases of an agency's subtree, by state and year of receipt.
#include <iostream>

#include "app/cases.h"
#include "cli/case_list_text.h"
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
      print_case_list(rows, std::cout);
    };
  });
}
const CommandRegistrar reg{"list", &setup};

}  // namespace
}  // namespace gongkai::cli
