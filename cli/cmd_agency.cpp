// gongkai agency add|list: the tree of agencies whose cases gongkai keeps.
#include <fmt/format.h>

#include <iostream>

#include "cli/command_registry.h"
#include "db/case_store.h"

namespace gongkai::cli {
namespace {

struct AgencyOptions {
  db::Agency a;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto* agency = app.add_subcommand("agency", "Add and list agencies");
  agency->require_subcommand(1);
  auto opts = std::make_shared<AgencyOptions>();

  auto* add = agency->add_subcommand("add", "Add an agency: agency add CODE --name NAME --kind KIND [--parent CODE]");
  add->add_option("code", opts->a.code, "agency code: 1–32 of a-z, 0-9, '-'")->required();
  add->add_option("--name", opts->a.name, "the agency's name")->required();
  add->add_option("--kind", opts->a.kind, "government | township | department")->required();
  add->add_option("--parent", opts->a.parent, "code of the agency above it");
  add->callback([&ctx, opts] {
    ctx.run = [&ctx, opts] {
      db::add_agency(ctx.session(), opts->a);
      if (ctx.json)
        ctx.print_json({{"code", opts->a.code}, {"name", opts->a.name}, {"kind", opts->a.kind},
                        {"parent", opts->a.parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(opts->a.parent)}});
      else
        std::cout << "agency " << opts->a.code << " added\n";
    };
  });

  auto* list = agency->add_subcommand("list", "List agencies as a tree");
  list->callback([&ctx] {
    ctx.run = [&ctx] {
      auto all = db::list_agencies(ctx.session());
      if (ctx.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& a : all)
          j.push_back({{"code", a.code}, {"name", a.name}, {"kind", a.kind},
                       {"parent", a.parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.parent)}});
        ctx.print_json(j);
        return;
      }
      std::map<std::string, int> depth;
      for (const auto& a : all) {
        int d = a.parent.empty() ? 0 : depth[a.parent] + 1;
        depth[a.code] = d;
        std::cout << fmt::format("{}{:<20} {:<11} {}\n", std::string(2 * d, ' '), a.code, a.kind, a.name);
      }
    };
  });
}
const CommandRegistrar reg{"agency", &setup};

}  // namespace
}  // namespace gongkai::cli
