// gongkai agency add|list|remedy: the tree of agencies whose cases gongkai keeps, and what each
// agency's notices say about remedies and how they are numbered (docs/notices.md).
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "app/agencies.h"
#include "app/notices.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* agency = app.add_subcommand("agency", "Add and list agencies; set their notice settings");
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
        std::map<std::string, nlohmann::json> settings;
        for (const auto& s : app::notice_settings(ctx.app())) settings[s.agency] = app::notice_setting_json(s);
        nlohmann::json j = nlohmann::json::array();
        for (const auto& x : all) {
          auto a = app::agency_json(x);
          auto it = settings.find(x.code);
          a["notice_settings"] = it == settings.end() ? nlohmann::json(nullptr) : it->second;
          j.push_back(std::move(a));
        }
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

  auto r = std::make_shared<app::NoticeSettingRequest>();
  auto* remedy = agency->add_subcommand(
      "remedy",
      "Set what the agency's notices say about remedies and their number prefix: agency remedy CODE "
      "--reconsideration-organ TEXT --court TEXT --number-prefix TEXT [--reconsideration-first] (admins)");
  remedy->add_option("code", r->agency, "agency code")->required();
  remedy->add_option("--reconsideration-organ", r->reconsideration_organ,
                     "the organ that hears its administrative reconsiderations (e.g. 连江县人民政府)")
      ->required();
  remedy->add_option("--court", r->court, "the court that hears its administrative suits (e.g. 连江县人民法院)")
      ->required();
  remedy->add_option("--number-prefix", r->number_prefix, "the 文号 prefix of its notices (e.g. 连政信)")->required();
  remedy->add_flag("--reconsideration-first", r->reconsideration_first,
                   "its replies say reconsideration must come before a suit (and offer no direct suit)");
  remedy->callback([&ctx, r] {
    ctx.run = [&ctx, r] {
      auto s = app::set_notice_setting(ctx.app(), *r);
      if (ctx.json) {
        auto j = app::notice_setting_json(s);
        j["agency"] = s.agency;
        ctx.print_json(j);
      } else {
        std::cout << "notice settings of " << s.agency << ": version " << s.version << "\n";
      }
    };
  });
}
const CommandRegistrar reg{"agency", &setup};

}  // namespace
}  // namespace gongkai::cli
