// gongkai db status|start|stop|destroy|backup|restore: the embedded default database.
#include <iostream>

#include "app/connect.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

void describe(const AppContext& ctx, const app::EmbeddedStatus& s, const char* state) {
  if (ctx.json) {
    ctx.print_json({{"home", s.home.string()}, {"data_dir", s.data_dir.string()},
                    {"socket_dir", s.socket_dir.string()}, {"running", s.running}, {"exists", s.exists},
                    {"conninfo", s.conninfo}});
    return;
  }
  std::cout << "embedded database " << state << "\n"
            << "  home:     " << s.home.string() << "\n"
            << "  data:     " << s.data_dir.string() << "\n"
            << "  socket:   " << s.socket_dir.string() << "\n"
            << "  conninfo: " << s.conninfo << "\n";
}

void embedded_only(const AppContext& ctx, const char* what) {
  if (!ctx.db.empty())
    throw UsageError(std::string("'db ") + what + "' is about the embedded database; do not pass --db");
}

void setup(CLI::App& app, AppContext& ctx) {
  auto* dbcmd = app.add_subcommand("db", "Manage the embedded default database (under $GONGKAI_HOME)");
  dbcmd->require_subcommand(1);
  dbcmd->add_subcommand("status", "Is the embedded database running, and where is it")->callback([&ctx] {
    ctx.run = [&ctx] {
      embedded_only(ctx, "status");
      auto s = app::embedded_status();
      describe(ctx, s, s.running ? "running" : s.exists ? "stopped" : "not created yet");
    };
  });
  dbcmd->add_subcommand("start", "Create (first time) and start the embedded database")->callback([&ctx] {
    ctx.run = [&ctx] {
      embedded_only(ctx, "start");
      describe(ctx, app::embedded_start(), "running");
    };
  });
  dbcmd->add_subcommand("stop", "Stop the embedded database")->callback([&ctx] {
    ctx.run = [&ctx] {
      embedded_only(ctx, "stop");
      describe(ctx, app::embedded_stop(), "stopped");
    };
  });
  auto backup_file = std::make_shared<std::string>();
  auto* backup = dbcmd->add_subcommand(
      "backup", "Write a consistent copy of the embedded database to FILE (a gzipped tar), while it serves");
  backup->add_option("FILE", *backup_file, "the backup file to write (replaced if it exists)")->required();
  backup->callback([&ctx, backup_file] {
    ctx.run = [&ctx, backup_file] {
      embedded_only(ctx, "backup");
      workflows::check_file_name(*backup_file, "backup file");
      auto s = app::embedded_backup(*backup_file);
      if (ctx.json) describe(ctx, s, "");
      else std::cout << "backed up the embedded database in " << s.data_dir.string() << " to " << *backup_file << "\n";
    };
  });
  auto restore_file = std::make_shared<std::string>();
  auto* restore = dbcmd->add_subcommand(
      "restore", "Make the embedded database of a fresh GONGKAI_HOME from a backup FILE, and start it");
  restore->add_option("FILE", *restore_file, "a file 'gongkai db backup' wrote")->required();
  restore->callback([&ctx, restore_file] {
    ctx.run = [&ctx, restore_file] {
      embedded_only(ctx, "restore");
      describe(ctx, app::embedded_restore(*restore_file), "restored and running");
    };
  });
  auto yes = std::make_shared<bool>(false);
  auto* destroy = dbcmd->add_subcommand(
      "destroy", "Stop the embedded database and delete it, with every case in it (asks for --yes)");
  destroy->add_flag("--yes", *yes, "yes, delete every case, event and member of the embedded database");
  destroy->callback([&ctx, yes] {
    ctx.run = [&ctx, yes] {
      embedded_only(ctx, "destroy");
      auto s = app::embedded_status();
      if (!s.exists) {
        // Nothing to ask about; what a half-made cluster left behind is cleared all the same.
        auto after = app::embedded_destroy();
        if (ctx.json) describe(ctx, after, "");
        else std::cout << "no embedded database in " << s.data_dir.string() << ": nothing to destroy\n";
        return;
      }
      if (!*yes)
        throw UsageError("'db destroy' deletes the embedded database in " + s.data_dir.string() +
                         " with every case in it; run it again with --yes to do so (export first to keep them)");
      describe(ctx, app::embedded_destroy(), "destroyed");
    };
  });
}
const CommandRegistrar reg{"db", &setup};

}  // namespace
}  // namespace gongkai::cli
