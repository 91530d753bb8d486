// gongkai list: cases of an agency's subtree, by state and year of receipt.
#include <fmt/format.h>

#include <iostream>

#include "cli/command_registry.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "workflows/vocabulary.h"

namespace gongkai::cli {
namespace {

struct ListOptions {
  std::string agency, state;
  std::optional<int> year;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<ListOptions>();
  auto* cmd = app.add_subcommand("list", "List cases");
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->add_option("--state", o->state, "a state (received, awaiting-correction, under-review, …) or 'open'");
  cmd->add_option("--year", o->year, "year of receipt");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      if (!o->state.empty() && o->state != "open") workflows::check_word(o->state, workflows::kStates, "state");
      if (!o->agency.empty()) db::agency_or_throw(ctx.session(), o->agency);
      auto rows = db::list_cases(ctx.session(), {o->agency, o->state, o->year});
      auto d = [](const std::optional<Date>& x) { return x ? nlohmann::json(x->str()) : nlohmann::json(nullptr); };
      if (ctx.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& r : rows)
          j.push_back({{"case", r.case_no}, {"agency", r.agency}, {"state", r.state},
                       {"appeal_state", r.appeal_state}, {"received_on", r.received_on.str()},
                       {"due_on", d(r.due_on)}, {"due_provisional", r.due_provisional},
                       {"outcome", r.outcome.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.outcome)},
                       {"closed_on", d(r.closed_on)}, {"applicant", r.applicant},
                       {"correction_notice_on", d(r.correction_notice_on)},
                       {"late_correction_notice", r.late_correction_notice}});
        ctx.print_json(j);
        return;
      }
      std::cout << fmt::format("{:<22} {:<22} {:<10} {:<10} {}\n", "case", "state", "received", "due", "applicant / notes");
      for (const auto& r : rows) {
        std::string note = r.applicant;
        if (r.correction_notice_on) note += "; correction notice " + r.correction_notice_on->str();
        if (r.late_correction_notice) note += " (late notice)";
        if (!r.outcome.empty()) note += "; " + r.outcome;
        if (r.appeal_state != "none") note += "; appeal " + r.appeal_state;
        std::cout << fmt::format("{:<22} {:<22} {:<10} {:<10} {}\n", r.case_no, r.state, r.received_on.str(),
                                 r.due_on ? r.due_on->str() + (r.due_provisional ? "*" : "") : "-", note);
      }
      std::cout << rows.size() << " case(s)\n";
    };
  });
}
const CommandRegistrar reg{"list", &setup};

}  // namespace
}  // namespace gongkai::cli
