// gongkai init: make gongkai's roles, create or migrate the schema, load the shipped calendar's
// missing years.
#include <iostream>

#include "app/connect.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("init", "Create or migrate the database schema and gongkai's roles (idempotent)");
  auto training = std::make_shared<std::optional<bool>>();
  cmd->add_flag_function(
      "--training", [training](int64_t) { *training = true; },
      "make it a training database: GONGKAI_TODAY may then fix any date as today (tests, courses)");
  cmd->add_flag_function(
      "--no-training", [training](int64_t) { *training = false; }, "make it an ordinary database again");
  cmd->callback([&ctx, training] {
    ctx.run = [&ctx, training] {
      auto r = app::initialise(ctx.connect_options(), *training);
      if (ctx.json)
        ctx.print_json({{"schema_version", r.schema_version}, {"calendar_years_loaded", r.calendar_years_loaded},
                        {"training", r.training}});
      else
        std::cout << "schema version " << r.schema_version << (r.training ? " (a training database)" : "") << "\n";
    };
  });
}
const CommandRegistrar reg{"init", &setup};

}  // namespace
}  // namespace gongkai::cli
