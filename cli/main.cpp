// gongkai: parse, call, print. Every error is caught here, once, and turned into its one-line
// message on stderr and its exit code (shared/spec/interface.md, cli/exit_code.h).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

#include "app/connect.h"
#include "app/printable.h"
#include "cli/command_registry.h"
#include "cli/exit_code.h"
#include "engine/errors.h"

using namespace gongkai;

namespace {

int fail(int code, const std::string& what) {
  std::string line = app::printable(what);  // one line, nothing a terminal would act on
  while (!line.empty() && line.back() == ' ') line.pop_back();
  std::cerr << "error: " << line << "\n";
  return code;
}

// Edit distance, for "did you mean".
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The first word of the command line that is not an option: what the user meant as a command.
std::string first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" || a == "--actor" || a == "--log-level") {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] != '-') return a;
  }
  return "";
}

std::string commands_list() {
  std::string out;
  for (const auto& c : cli::registered_commands()) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("gongkai"));
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::warn);

  cli::AppContext ctx;
  CLI::App app{"gongkai — case tracking for government information disclosure requests (政府信息公开)", "gongkai"};
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.set_version_flag("--version", std::string("gongkai ") + GONGKAI_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", ctx.db, "libpq connection string or postgresql:// URI (else GONGKAI_DB, else the embedded default)");
  app.add_option("--actor", ctx.actor,
                 "who is acting, for the installation's administrator (else GONGKAI_ACTOR, else the OS user); "
                 "a member acts as itself");
  app.add_flag("--json", ctx.json, "machine output: one JSON document on stdout");
  app.add_option("--log-level", ctx.log_level, "log level on stderr: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.footer(
      "A command's own options: gongkai COMMAND --help. Start with 'gongkai init', then 'gongkai agency add'.\n"
      "The guide: docs/user-guide.md; every command: docs/cli.md; who may do what: docs/security.md.");

  auto& commands = cli::registered_commands();
  std::sort(commands.begin(), commands.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& c : commands) c.setup(app, ctx);

  if (argc == 1) {
    std::cout << app.help();
    return cli::exit_code(ErrorKind::invalid_input);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string word = first_word(argc, argv);
    bool known = std::any_of(commands.begin(), commands.end(), [&](auto& c) { return c.name == word; });
    if (!word.empty() && !known) {
      std::string best;
      size_t best_d = 3;
      for (const auto& c : commands)
        if (size_t d = distance(word, c.name); d < best_d) best = c.name, best_d = d;
      return fail(cli::exit_code(ErrorKind::invalid_input),
                  "unknown command '" + word + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                      "; the commands are " + commands_list() + " (gongkai --help explains them)");
    }
    return fail(cli::exit_code(ErrorKind::invalid_input), e.what());
  }
  spdlog::set_level(spdlog::level::from_str(ctx.log_level));

  try {
    if (!ctx.run) return fail(cli::exit_code(ErrorKind::invalid_input), "no command given (see gongkai --help)");
    ctx.run();
    return 0;
  } catch (const std::exception& e) {
    Error err = app::as_error(e, ctx.app_if_open());
    return fail(cli::exit_code(err.kind()), err.what());
  }
}
