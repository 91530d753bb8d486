// gongkai init: create or migrate the schema; load the shipped calendar's missing years.
#include <iostream>

#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("init", "Create or migrate the database schema (idempotent)");
  cmd->callback([&ctx] {
    ctx.run = [&ctx] {
      ctx.session();
      int version = ctx.initialise();
      const auto& years = ctx.calendar_years_added();
      if (ctx.json)
        ctx.print_json({{"schema_version", version}, {"calendar_years_loaded", years}});
      else
        std::cout << "schema version " << version << "\n";
    };
  });
}
const CommandRegistrar reg{"init", &setup};

}  // namespace
}  // namespace gongkai::cli
