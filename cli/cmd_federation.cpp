// gongkai federation add|list|remove|allow: the installations below whose signed-off tables this one
// adds up, each a PostgreSQL subscription to its publication (docs/federation.md).
#include <fmt/format.h>

#include <iostream>

#include "app/federation.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("federation", "The installations below this one, whose signed-off tables it adds up");
  cmd->require_subcommand(1);

  auto name = std::make_shared<std::string>(), conninfo = std::make_shared<std::string>();
  auto* add = cmd->add_subcommand(
      "add", "Subscribe to a lower installation's sign-offs: federation add NAME CONNINFO (as a PostgreSQL superuser)");
  add->add_option("name", *name, "what this installation calls the source: [a-z0-9-]{1,32}")->required();
  add->add_option("conninfo", *conninfo,
                  "how to reach the source's database, as a login made there by `federation allow`: "
                  "'host=… dbname=gongkai user=city'")
      ->required();
  add->callback([&ctx, name, conninfo] {
    ctx.run = [&ctx, name, conninfo] {
      auto r = app::federation_add(ctx.connect_options(), *name, *conninfo);
      if (ctx.json)
        ctx.print_json({{"name", r.name}, {"installation", r.installation}, {"installation_name", r.installation_name},
                        {"subscription", r.subscription}});
      else
        std::cout << fmt::format("source {} added: installation {} {} (subscription {})\n", r.name, r.installation,
                                 app::printable(r.installation_name), r.subscription);
    };
  });

  auto* list = cmd->add_subcommand("list", "Each source: its latest sign-off, and whether its replication is working");
  list->callback([&ctx] {
    ctx.run = [&ctx] {
      auto all = app::federation_list(ctx.app());
      auto j = app::federation_list_json(all);
      if (ctx.json) {
        ctx.print_json(j);
        return;
      }
      if (all.empty()) std::cout << "no sources (gongkai federation add NAME CONNINFO)\n";
      for (const auto& s : j) {
        std::string latest = "nothing signed off yet";
        if (!s["latest"].is_null())
          latest = fmt::format("{} version {} signed {}", s["latest"]["year"].get<int>(),
                               s["latest"]["version"].get<int>(), s["latest"]["signed_at"].get<std::string>());
        std::string lag = s["lag_s"].is_null() ? "" : fmt::format(", heard {:.0f} s ago", s["lag_s"].get<double>());
        std::cout << fmt::format("{}\t{} {}\t{}\t{} ({}{})\n", s["name"].get<std::string>(),
                                 s["installation"].get<std::string>(),
                                 app::printable(s["installation_name"].get<std::string>()), latest,
                                 s["ok"].get<bool>() ? "ok" : "NOT OK", s["state"].get<std::string>(), lag);
      }
    };
  });

  auto gone = std::make_shared<std::string>();
  auto* remove = cmd->add_subcommand(
      "remove", "Stop adding up a source: federation remove NAME (as a PostgreSQL superuser); what it sent stays");
  remove->add_option("name", *gone, "the source's name")->required();
  remove->callback([&ctx, gone] {
    ctx.run = [&ctx, gone] {
      auto r = app::federation_remove(ctx.connect_options(), *gone);
      if (ctx.json) {
        ctx.print_json({{"name", *gone}, {"subscription", r.subscription},
                        {"slot_left", r.slot_left.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.slot_left)}});
        return;
      }
      std::cout << fmt::format("source {} removed (subscription {} dropped){}\n", *gone, r.subscription,
                               r.slot_left.empty() ? ""
                                                   : "; the source could not be reached: drop its replication slot " +
                                                         r.slot_left + " there");
    };
  });

  auto login = std::make_shared<std::string>();
  auto* allow = cmd->add_subcommand(
      "allow", "Make the login an installation above connects as: federation allow LOGIN (as a PostgreSQL superuser)");
  allow->add_option("login", *login, "the new role's name: city_huaian")->required();
  allow->callback([&ctx, login] {
    ctx.run = [&ctx, login] {
      app::federation_allow(ctx.connect_options(), *login);
      if (ctx.json)
        ctx.print_json({{"login", *login}});
      else
        std::cout << fmt::format("login {} may now read this installation's sign-offs by replication; give it a "
                                 "password with psql's \\password if it connects over the network\n",
                                 *login);
    };
  });
}
const CommandRegistrar reg{"federation", &setup};

}  // namespace
}  // namespace gongkai::cli
