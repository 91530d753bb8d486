// gongkai user add|list|disable|passwd|email: the members of an installation (docs/security.md).
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "app/members.h"
#include "app/printable.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

// The first line of standard input, without its line end; on a terminal, asked for without echo.
std::string read_password(const std::string& prompt) {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios old{};
  if (tty) {
    std::cerr << prompt << ": " << std::flush;
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  if (!got) throw UsageError("no password on standard input (give it as its first line)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

struct AddArgs {
  app::MemberRequest request;
  bool password_stdin = false;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto* user = app.add_subcommand("user", "Members: add, list, disable, set a password or an e-mail address");
  user->require_subcommand(1);

  auto a = std::make_shared<AddArgs>();
  auto* add = user->add_subcommand(
      "add", "Add a member and its database role: user add LOGIN --name NAME --role ROLE --agency CODE …");
  add->add_option("login", a->request.login, "a lower-case letter, then up to 30 of a-z, 0-9, _")->required();
  add->add_option("--name", a->request.name, "the member's name")->required();
  add->add_option("--role", a->request.role, "registrar | handler | supervisor | statistician | admin")->required();
  add->add_option("--agency", a->request.agencies, "an agency of the member's scope (with everything under it); repeat")
      ->required();
  add->add_flag("--db-login", a->request.db_login,
                "the role may log in to the database itself (how it authenticates is pg_hba.conf's)");
  add->add_option("--email", a->request.email, "where the member's reminders go (gongkai remind --send)");
  add->add_flag("--password-stdin", a->password_stdin, "read the web password from the first line of standard input");
  add->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      if (a->password_stdin) a->request.password = read_password("password for " + a->request.login);
      auto added = app::add_member(ctx.app(), a->request);
      if (ctx.json) {
        ctx.print_json({{"login", added.login}, {"role", a->request.role}, {"agencies", a->request.agencies},
                        {"db_login", a->request.db_login}, {"role_taken_over", added.role_taken_over},
                        {"email", a->request.email ? nlohmann::json(*a->request.email) : nlohmann::json(nullptr)}});
        return;
      }
      std::cout << "member " << added.login << " added (" << a->request.role << ")\n";
      if (added.role_taken_over)
        std::cerr << "warning: the database role " << added.login
                  << " already existed (a member of another gongkai database on this server): it is this member too\n";
    };
  });

  struct EmailArgs {
    std::string login;
    std::optional<std::string> email;
  };
  auto e = std::make_shared<EmailArgs>();
  auto* email = user->add_subcommand("email", "Set a member's e-mail address for reminders, or clear it: user email LOGIN [ADDRESS]");
  email->add_option("login", e->login, "the member's login")->required();
  email->add_option("address", e->email, "the address; none: cleared");
  email->callback([&ctx, e] {
    ctx.run = [&ctx, e] {
      app::set_email(ctx.app(), e->login, e->email);
      if (ctx.json) {
        ctx.print_json({{"login", e->login}, {"email", e->email ? nlohmann::json(*e->email) : nlohmann::json(nullptr)}});
        return;
      }
      if (e->email) std::cout << "e-mail address of " << e->login << " set\n";
      else std::cout << "e-mail address of " << e->login << " cleared\n";
    };
  });

  user->add_subcommand("list", "The members you may see: yourself; for an admin, those it manages")
      ->callback([&ctx] {
        ctx.run = [&ctx] {
          auto all = app::list_members(ctx.app());
          if (ctx.json) {
            ctx.print_json(app::members_json(all));
            return;
          }
          std::cout << fmt::format("{:<20} {:<13} {:<9} {:<24} {}\n", "login", "role", "state", "agencies", "name");
          for (const auto& m : all) {
            std::string agencies;
            for (const auto& x : m.agencies) agencies += (agencies.empty() ? "" : ",") + app::printable(x);
            std::cout << fmt::format("{:<20} {:<13} {:<9} {:<24} {}\n", app::printable(m.login), app::printable(m.role),
                                     m.disabled ? "disabled" : "active", agencies, app::printable(m.name));
          }
          std::cout << all.size() << " member(s)\n";
        };
      });

  auto login = std::make_shared<std::string>();
  auto* disable = user->add_subcommand("disable", "Disable a member: it can no longer log in or act (never deleted)");
  disable->add_option("login", *login, "the member's login")->required();
  disable->callback([&ctx, login] {
    ctx.run = [&ctx, login] {
      bool changed = app::disable_member(ctx.app(), *login);
      if (ctx.json) ctx.print_json({{"login", *login}, {"disabled", true}, {"changed", changed}});
      else std::cout << "member " << *login << (changed ? " disabled" : " was disabled already") << "\n";
    };
  });

  auto plogin = std::make_shared<std::string>();
  auto* passwd = user->add_subcommand("passwd", "Set a member's web password (read from standard input)");
  passwd->add_option("login", *plogin, "the member's login")->required();
  passwd->callback([&ctx, plogin] {
    ctx.run = [&ctx, plogin] {
      // The login is looked at before a password is asked for: a mistyped one is told at once.
      workflows::check_text(*plogin, "login", workflows::TextRule{31, true, false});
      auto password = read_password("new password for " + *plogin);
      app::set_password(ctx.app(), *plogin, password);
      if (ctx.json) ctx.print_json({{"login", *plogin}, {"password_set", true}});
      else std::cout << "password of " << *plogin << " set\n";
    };
  });
}
const CommandRegistrar reg{"user", &setup};

}  // namespace
}  // namespace gongkai::cli
