// gongkai: parse, call, print. Every error is caught here, once, and turned into its one-line
// message on stderr and its exit code (shared/spec/interface.md).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <pqxx/except>

#include "cli/command_registry.h"
#include "engine/errors.h"

using namespace gongkai;

namespace {
int fail(int code, const std::string& what) {
  std::string line = what;
  std::replace(line.begin(), line.end(), '\n', ' ');
  while (!line.empty() && line.back() == ' ') line.pop_back();
  std::cerr << "error: " << line << "\n";
  return code;
}
// A table, column or function of the schema is missing: none was created, or an older gongkai's.
std::string missing_schema(cli::AppContext& ctx) {
  try {
    auto& session = ctx.session();
    int version = session.schema_version();
    if (version > 0 && version < session.latest_version())
      return "the database's gongkai schema (version " + std::to_string(version) +
             ") is older than this gongkai's (version " + std::to_string(session.latest_version()) +
             "): run 'gongkai init' to migrate it";
    if (version > 0)
      return "the database's gongkai schema (version " + std::to_string(version) +
             ") lacks a table, column or function this gongkai needs: it was changed by hand or made by "
             "another build of gongkai";
  } catch (const std::exception&) {
  }
  return "the database has no gongkai schema: run 'gongkai init' first";
}
}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("gongkai"));
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::warn);

  cli::AppContext ctx;
  CLI::App app{"gongkai — case tracking for government information disclosure requests", "gongkai"};
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", ctx.db, "libpq connection string or postgresql:// URI (else GONGKAI_DB, else the embedded default)");
  app.add_option("--actor", ctx.actor, "who is acting, recorded on every event (else GONGKAI_ACTOR, else the OS user)");
  app.add_flag("--json", ctx.json, "machine output: one JSON document on stdout");
  app.add_option("--log-level", ctx.log_level, "log level on stderr: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

  auto& commands = cli::registered_commands();
  std::sort(commands.begin(), commands.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& c : commands) c.setup(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(static_cast<int>(ExitCode::usage), e.what());
  }
  spdlog::set_level(spdlog::level::from_str(ctx.log_level));

  try {
    if (!ctx.run) return fail(static_cast<int>(ExitCode::usage), "no command given (see gongkai --help)");
    ctx.run();
    return 0;
  } catch (const Error& e) {
    return fail(static_cast<int>(e.code()), e.what());
  } catch (const pqxx::undefined_table&) {
    return fail(static_cast<int>(ExitCode::internal), missing_schema(ctx));
  } catch (const pqxx::undefined_column&) {
    return fail(static_cast<int>(ExitCode::internal), missing_schema(ctx));
  } catch (const pqxx::undefined_function&) {
    return fail(static_cast<int>(ExitCode::internal), missing_schema(ctx));
  } catch (const pqxx::broken_connection& e) {
    return fail(static_cast<int>(ExitCode::internal), std::string("cannot reach the database: ") + e.what());
  } catch (const std::exception& e) {
    return fail(static_cast<int>(ExitCode::internal), e.what());
  }
}
