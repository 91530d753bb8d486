// gongkai search: the cases the member sees that contain a text — part of a case number, a
// letter's reference, the subject, the applicant's name (where the member may see it) or a note.
#include <iostream>

#include "app/cases.h"
#include "cli/case_list_text.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<app::SearchRequest>();
  auto* cmd = app.add_subcommand(
      "search", "Find cases by any text: number, letter reference, subject, applicant or a note (latest first)");
  cmd->add_option("TEXT", o->text,
                  "three characters or more: found inside any of them; fewer: a whole name, reference or number")
      ->required();
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->add_option("--limit", o->limit, "at most N cases (default 50)");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      auto rows = app::search_cases(ctx.app(), *o);
      if (ctx.json) ctx.print_json(app::cases_json(rows));
      else print_case_list(rows, std::cout);
    };
  });
}
const CommandRegistrar reg{"search", &setup};

}  // namespace
}  // namespace gongkai::cli
