// gongkai: parse, call, print. Every error is caught here, once, and turned into its one-line
// message on stderr and its exit code (shared/spec/interface.md, cli/exit_code.h).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

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

// Edit distance with adjacent transpositions counted once (optimal string alignment), for "did
// you mean": 'lsit' is one slip from 'list', not two.
size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The nearest of `names` to `word`, if it is near enough to be a slip ("" otherwise).
std::string nearest(const std::string& word, const std::vector<std::string>& names) {
  std::string best;
  size_t best_d = word.size() <= 4 ? 2 : 3;  // short words: one slip only, or everything is near
  for (const auto& n : names)
    if (size_t d = distance(word, n); d < best_d) best = n, best_d = d;
  return best;
}

bool is_global_with_value(const std::string& a) { return a == "--db" || a == "--actor" || a == "--log-level"; }

// How far the command line got: the commands it names (gongkai, then e.g. agency, add) and the
// first word that names none where a command was expected.
struct CommandPath {
  std::vector<CLI::App*> apps;
  std::string unknown;
};
CommandPath command_path(CLI::App& app, int argc, char** argv) {
  CommandPath p;
  p.apps.push_back(&app);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (is_global_with_value(a)) {
      ++i;
      continue;
    }
    CLI::App* cur = p.apps.back();
    if (!a.empty() && a[0] == '-') {
      // A command's own option: its value is not a command name ('annual-report --year 2024
      // text'); an option it does not know ends the path, for its error to name the option.
      if (a.size() < 2 || a.find('=') != std::string::npos) continue;
      const CLI::Option* o = cur->get_option_no_throw(a);
      if (!o) o = p.apps.front()->get_option_no_throw(a);  // a global option after the command
      if (!o) {
        if (cur->get_subcommands({}).empty() || cur == p.apps.front()) continue;
        break;
      }
      if (o->get_expected_min() > 0) ++i;
      continue;
    }
    if (a.empty()) continue;
    if (cur->get_subcommands({}).empty()) break;  // the rest are the command's own arguments
    CLI::App* sub = nullptr;
    for (auto* c : cur->get_subcommands({}))
      if (c->get_name() == a) sub = c;
    if (!sub) {
      p.unknown = a;
      break;
    }
    p.apps.push_back(sub);
  }
  return p;
}

std::string names_of(CLI::App* app) {
  std::vector<std::string> names;
  for (auto* c : app->get_subcommands({})) names.push_back(c->get_name());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// "gongkai agency add", as the user types it.
std::string typed(const CommandPath& p) {
  std::string out = "gongkai";
  for (size_t i = 1; i < p.apps.size(); ++i) out += " " + p.apps[i]->get_name();
  return out;
}

// An option the command line gives that neither the command nor gongkai itself takes, and the
// nearest one they do take.
struct UnknownOption {
  std::string given, nearest;
};
std::optional<UnknownOption> unknown_option(const CommandPath& p, int argc, char** argv) {
  std::vector<std::string> known;
  for (auto* a : p.apps)
    for (const auto* o : a->get_options())
      for (const auto& n : o->get_lnames()) known.push_back("--" + n);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") continue;
    std::string name = a.substr(0, a.find('='));
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      if (is_global_with_value(name) && name == a) ++i;
      continue;
    }
    return UnknownOption{name, nearest(name, known)};
  }
  return std::nullopt;
}

// CLI11's own wording of a bad value, a missing value and a repeated option, in plain words.
std::string plain_words(const std::string& what) {
  static const std::regex not_converted(R"(^Could not convert: (\S+) = (.*)$)");
  static const std::regex missing(R"(^(\S+): \d+ required \S+ missing$)");
  static const std::regex repeated(R"(^(\S+): At Most 1 required but received (\d+)$)");
  std::smatch m;
  if (std::regex_match(what, m, not_converted)) return m[1].str() + " '" + m[2].str() + "' is not a whole number";
  if (std::regex_match(what, m, missing)) return m[1].str() + " needs a value";
  if (std::regex_match(what, m, repeated)) return m[1].str() + " is given " + m[2].str() + " times; give it once";
  return what;
}

// A parse error in words a new user follows: which command is unknown and what was probably
// meant, which command needs a command after it, which option is unknown.
std::string parse_error_message(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  CommandPath p = command_path(app, argc, argv);
  CLI::App* cur = p.apps.back();
  const bool needs_command = !cur->get_subcommands({}).empty();
  if (!p.unknown.empty()) {
    std::vector<std::string> names;
    for (auto* c : cur->get_subcommands({})) names.push_back(c->get_name());
    std::string best = nearest(p.unknown, names);
    // Named as typed after "gongkai": 'lsit', or 'agency ad' with its suggestion 'agency add'.
    const std::string before = p.apps.size() == 1 ? "" : typed(p).substr(std::string("gongkai ").size()) + " ";
    return "unknown command '" + before + p.unknown + "'" +
           (best.empty() ? "" : " (did you mean '" + before + best + "'?)") + "; the commands " +
           (before.empty() ? "" : "of '" + typed(p) + "' ") + "are " + names_of(cur) + " (" + typed(p) +
           " --help explains them)";
  }
  if (needs_command && dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (p.apps.size() == 1)
      return "no command given; the commands are " + names_of(cur) + " (gongkai --help explains them)";
    return "'" + typed(p) + "' needs one of its commands: " + names_of(cur) + " (" + typed(p) +
           " --help explains them)";
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e))
    if (auto u = unknown_option(p, argc, argv))
      return "unknown option '" + u->given + "' for '" + typed(p) + "'" +
             (u->nearest.empty() ? "" : " (did you mean '" + u->nearest + "'?)") + "; " + typed(p) +
             " --help lists its options";
  return plain_words(e.what());
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
    // Nothing asked: what there is to ask, on stdout for reading or paging; still a usage error
    // for a script that forgot its command.
    std::cout << app.help();
    return cli::exit_code(ErrorKind::invalid_input);
  }
  // "gongkai help [COMMAND …]", as other tools take it: the help of gongkai or of that command.
  std::vector<char*> args(argv, argv + argc);
  std::string help_flag = "--help";
  if (command_path(app, argc, argv).unknown == "help") {
    args.erase(std::find_if(args.begin() + 1, args.end(), [](char* a) { return std::string(a) == "help"; }));
    args.push_back(help_flag.data());
    argc = static_cast<int>(args.size());
    argv = args.data();
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
    return fail(cli::exit_code(ErrorKind::invalid_input), parse_error_message(app, e, argc, argv));
  }
  spdlog::set_level(spdlog::level::from_str(ctx.log_level));

  try {
    if (!ctx.run) return fail(cli::exit_code(ErrorKind::invalid_input), "no command given (see gongkai --help)");
    ctx.run();
    return ctx.exit_status;
  } catch (const std::exception& e) {
    Error err = app::as_error(e, ctx.app_if_open());
    return fail(cli::exit_code(err.kind()), err.what());
  }
}
