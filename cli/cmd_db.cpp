// gongkai db status|start|stop: the embedded default database.
#include <iostream>

#include "cli/command_registry.h"
#include "db/embedded_cluster.h"
#include "engine/errors.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* dbcmd = app.add_subcommand("db", "Manage the embedded default database (under $GONGKAI_HOME)");
  dbcmd->require_subcommand(1);
  auto describe = [&ctx](const db::EmbeddedCluster& c, bool running) {
    if (ctx.json) {
      ctx.print_json({{"home", c.home.string()}, {"data_dir", c.data_dir.string()},
                      {"socket_dir", c.socket_dir.string()}, {"running", running},
                      {"conninfo", db::embedded_conninfo(c)}});
    } else {
      std::cout << "embedded database " << (running ? "running" : "stopped") << "\n"
                << "  home:     " << c.home.string() << "\n"
                << "  data:     " << c.data_dir.string() << "\n"
                << "  socket:   " << c.socket_dir.string() << "\n"
                << "  conninfo: " << db::embedded_conninfo(c) << "\n";
    }
  };
  dbcmd->add_subcommand("status", "Is the embedded database running, and where is it")->callback([&ctx, describe] {
    ctx.run = [&ctx, describe] {
      if (!ctx.db.empty()) throw UsageError("'db status' is about the embedded database; do not pass --db");
      auto c = db::locate_embedded(db::default_home());
      describe(c, db::embedded_running(c));
    };
  });
  dbcmd->add_subcommand("start", "Create (first time) and start the embedded database")->callback([&ctx, describe] {
    ctx.run = [&ctx, describe] {
      if (!ctx.db.empty()) throw UsageError("'db start' is about the embedded database; do not pass --db");
      auto c = db::locate_embedded(db::default_home());
      db::ensure_embedded_running(c);
      ctx.session();  // a fresh cluster gets its schema at once
      describe(c, true);
    };
  });
  dbcmd->add_subcommand("stop", "Stop the embedded database")->callback([&ctx, describe] {
    ctx.run = [&ctx, describe] {
      if (!ctx.db.empty()) throw UsageError("'db stop' is about the embedded database; do not pass --db");
      auto c = db::locate_embedded(db::default_home());
      db::stop_embedded(c);
      describe(c, false);
    };
  });
}
const CommandRegistrar reg{"db", &setup};

}  // namespace
}  // namespace gongkai::cli
