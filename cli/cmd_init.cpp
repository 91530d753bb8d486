// gongkai init: create or migrate the schema; load the shipped calendar's missing years.
#include <iostream>

#include "cli/command_registry.h"
#include "db/calendar_store.h"
#include "workflows/shipped_calendar.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("init", "Create or migrate the database schema (idempotent)");
  cmd->callback([&ctx] {
    ctx.run = [&ctx] {
      auto& s = ctx.session();
      int version = s.migrate();
      auto years = db::store_arrangements(s, workflows::shipped_arrangements(), true);
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
