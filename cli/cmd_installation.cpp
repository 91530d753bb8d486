// gongkai installation [set CODE NAME]: the installation's identity — its 行政区划代码 and name —
// which the installations above know its signed-off tables by (docs/federation.md).
#include <fmt/format.h>

#include <iostream>

#include "app/federation.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void print(AppContext& ctx, const std::optional<app::Installation>& i) {
  if (ctx.json) {
    ctx.print_json(app::installation_json(i));
  } else if (!i) {
    std::cout << "no installation code yet (gongkai installation set CODE NAME)\n";
  } else {
    std::cout << fmt::format("{} {} (set by {} at {})\n", i->code, app::printable(i->name), app::printable(i->set_by),
                             i->set_at);
  }
}

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("installation", "This installation's code (行政区划代码) and name");
  cmd->callback([&ctx, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    ctx.run = [&ctx] { print(ctx, app::installation(ctx.app())); };
  });
  auto code = std::make_shared<std::string>(), name = std::make_shared<std::string>();
  auto* set = cmd->add_subcommand("set", "Set the code and name (the administrator; fixed once it has signed off)");
  set->add_option("code", *code, "a 行政区划代码 (six digits), -suffix for a department of a province: 350000-jyt")
      ->required();
  set->add_option("name", *name, "its name: 涟水县")->required();
  set->callback([&ctx, code, name] {
    ctx.run = [&ctx, code, name] { print(ctx, app::set_installation(ctx.app(), *code, *name)); };
  });
}
const CommandRegistrar reg{"installation", &setup};

}  // namespace
}  // namespace gongkai::cli
