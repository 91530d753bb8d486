// gongkai agency add|list: the tree of agencies whose cases gongkai keeps.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "app/agencies.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* agency = app.add_subcommand("agency", "Add and list agencies");
  agency->require_subcommand(1);
  auto a = std::make_shared<app::Agency>();

  auto* add = agency->add_subcommand("add", "Add an agency: agency add CODE --name NAME --kind KIND [--parent CODE]");
  add->add_option("code", a->code, "agency code: 1–32 of a-z, 0-9, '-'")->required();
  add->add_option("--name", a->name, "the agency's name")->required();
  add->add_option("--kind", a->kind, "government | township | department")->required();
  add->add_option("--parent", a->parent, "code of the agency above it");
  add->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      auto added = app::add_agency(ctx.app(), *a);
      if (ctx.json) ctx.print_json(app::agency_json(added));
      else std::cout << "agency " << added.code << " added\n";
    };
  });

  auto* list = agency->add_subcommand("list", "List agencies as a tree");
  list->callback([&ctx] {
    ctx.run = [&ctx] {
      auto all = app::list_agencies(ctx.app());
      if (ctx.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& x : all) j.push_back(app::agency_json(x));
        ctx.print_json(j);
        return;
      }
      std::map<std::string, int> depth;
      for (const auto& x : all) {
        int d = x.parent.empty() || !depth.count(x.parent) ? 0 : depth[x.parent] + 1;
        depth[x.code] = d;
        std::cout << fmt::format("{}{:<20} {:<11} {}\n", std::string(2 * d, ' '), app::printable(x.code),
                                 app::printable(x.kind), app::printable(x.name));
      }
    };
  });
}
const CommandRegistrar reg{"agency", &setup};

}  // namespace
}  // namespace gongkai::cli
