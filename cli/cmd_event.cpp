// gongkai event CASE KIND --on DATE: move a case along, checked against its state chart. The kinds
// and their options come from the event catalogue (workflows/event_catalogue.h).
#include <iostream>

#include "app/cases.h"
#include "app/events.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<app::EventRequest>();
  auto values = std::make_shared<std::map<std::string, std::string>>();
  auto* cmd = app.add_subcommand("event", "Record an event on a case: event CASE KIND --on DATE [options]");
  cmd->add_option("case", o->case_no, "case number")->required();
  std::string kinds;
  for (const auto& k : app::event_catalogue()) kinds += (kinds.empty() ? "" : " | ") + std::string(k.kind);
  cmd->add_option("kind", o->kind, kinds)->required();
  cmd->add_option("--on", o->on, "the date it happened, YYYY-MM-DD")->required();
  for (const auto& opt : app::event_options())
    cmd->add_option(std::string(opt.flag), (*values)[std::string(opt.key)], std::string(opt.help));
  cmd->footer(app::event_kinds_help());
  cmd->callback([&ctx, o, values] {
    ctx.run = [&ctx, o, values] {
      o->options = *values;
      auto v = app::record_event(ctx.app(), *o);
      if (ctx.json) {
        ctx.print_json(app::case_json(v));
      } else {
        auto s = v.c.snapshot();
        std::cout << o->case_no << ": " << o->kind << " recorded; now " << s.state
                  << (s.appeal_state == "none" ? "" : " (appeal: " + s.appeal_state + ")")
                  << (s.due ? ", reply due " + s.due->due.str() : "") << "\n";
      }
    };
  });
}
const CommandRegistrar reg{"event", &setup};

}  // namespace
}  // namespace gongkai::cli
