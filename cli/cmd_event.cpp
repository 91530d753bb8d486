// gongkai event CASE KIND --on DATE: move a case along, checked against its state chart.
#include <iostream>

#include "cli/case_commands.h"
#include "cli/case_view.h"
#include "cli/command_registry.h"
#include "db/case_store.h"

namespace gongkai::cli {
namespace {

struct EventOptions {
  std::string case_no, kind, on, note, handler, approved_by, amount, outcome, result;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<EventOptions>();
  auto* cmd = app.add_subcommand("event", "Record an event on a case: event CASE KIND --on DATE [options]");
  cmd->add_option("case", o->case_no, "case number")->required();
  cmd->add_option("kind", o->kind,
                  "correction-requested | correction-received | reviewed | third-party-consulted | "
                  "third-party-replied | extended | fee-requested | fee-paid | answered | withdrawn | "
                  "reconsideration-filed | reconsideration-decided | litigation-filed | litigation-decided | "
                  "complaint-filed")->required();
  cmd->add_option("--on", o->on, "the date it happened, YYYY-MM-DD")->required();
  cmd->add_option("--note", o->note, "free text kept with the event");
  cmd->add_option("--handler", o->handler, "reviewed: who handles it");
  cmd->add_option("--approved-by", o->approved_by, "extended: who approved the extension");
  cmd->add_option("--amount", o->amount, "fee-requested: the fee in yuan");
  cmd->add_option("--outcome", o->outcome, "answered: the outcome code (see docs/rules.md)");
  cmd->add_option("--result", o->result, "reconsideration-decided, litigation-decided: upheld | corrected | other");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      EventRecord e;
      e.kind = o->kind;
      e.on = parse_date(o->on, "--on");
      e.actor = ctx.resolved_actor();
      const std::pair<const char*, const std::string*> opts[] = {
          {"note", &o->note},         {"handler", &o->handler}, {"approved_by", &o->approved_by},
          {"amount", &o->amount},     {"outcome", &o->outcome}, {"result", &o->result}};
      for (const auto& [key, value] : opts)
        if (!value->empty()) e.details[key] = *value;
      auto c = load_and_replay(ctx, o->case_no);
      c.apply(e, today());
      db::append_event(ctx.session(), c);
      if (ctx.json) {
        ctx.print_json(case_json(load_and_replay(ctx, o->case_no)));
      } else {
        auto s = c.snapshot();
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
