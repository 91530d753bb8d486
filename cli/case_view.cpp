#include "cli/case_view.h"

#include <fmt/format.h>

#include "workflows/outcome.h"

namespace gongkai::cli {
namespace {
nlohmann::json opt(const std::optional<Date>& d) { return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr); }
nlohmann::json opt(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json due_json(const std::optional<DueDate>& d) {
  if (!d) return nullptr;
  return {{"due_on", d->due.str()}, {"provisional", d->provisional}, {"steps", d->steps}};
}
}  // namespace

nlohmann::json case_json(const workflows::DisclosureCase& c) {
  const auto& f = c.facts();
  auto s = c.snapshot();
  nlohmann::json j = {
      {"case", f.case_no},
      {"agency", f.agency},
      {"state", s.state},
      {"appeal_state", s.appeal_state},
      {"open", s.is_open},
      {"regime", f.regime},
      {"received_on", f.received_on.str()},
      {"channel", f.channel},
      {"applicant_type", f.applicant_type},
      {"applicant", f.applicant},
      {"subject", opt(f.subject)},
      {"letter_ref", opt(f.letter_ref)},
      {"contact", opt(f.contact)},
      {"due_on", s.due ? nlohmann::json(s.due->due.str()) : nlohmann::json(nullptr)},
      {"due_provisional", s.due ? s.due->provisional : false},
      {"due_explained", due_json(s.due ? s.due : s.final_due)},
      {"outcome", s.outcome ? nlohmann::json(*s.outcome) : nlohmann::json(nullptr)},
      {"answered_on", opt(s.answered_on)},
      {"closed_on", opt(s.closed_on)},
      {"closed_kind", opt(s.closed_kind)},
      {"final_due_on", s.final_due ? nlohmann::json(s.final_due->due.str()) : nlohmann::json(nullptr)},
      {"on_time", s.final_due && s.closed_on ? nlohmann::json(*s.closed_on <= s.final_due->due)
                                             : nlohmann::json(nullptr)},
      {"correction_notice_on", opt(s.correction_notice_on)},
      {"late_correction_notice", s.late_correction_notice},
      {"pause", s.pause_kind.empty() ? nlohmann::json(nullptr)
                                     : nlohmann::json{{"kind", s.pause_kind}, {"lapses_on", s.pause_lapses_on->str()}}},
      {"reconsideration", s.reconsideration_filed_on
                              ? nlohmann::json{{"filed_on", s.reconsideration_filed_on->str()},
                                               {"result", opt(s.reconsideration_result)},
                                               {"decided_on", opt(s.reconsideration_decided_on)}}
                              : nlohmann::json(nullptr)},
      {"litigation", s.litigation_filed_on
                         ? nlohmann::json{{"filed_on", s.litigation_filed_on->str()},
                                          {"direct", *s.litigation_direct},
                                          {"result", opt(s.litigation_result)},
                                          {"decided_on", opt(s.litigation_decided_on)}}
                         : nlohmann::json(nullptr)},
  };
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : c.history()) {
    nlohmann::json ej = {{"seq", e.seq}, {"kind", e.kind}, {"on", e.on.str()}, {"actor", e.actor},
                         {"recorded_at", e.recorded_at}};
    for (auto it = e.details.begin(); it != e.details.end(); ++it)
      if (!ej.contains(it.key())) ej[it.key()] = it.value();
    events.push_back(ej);
  }
  j["events"] = events;
  return j;
}

std::string case_text(const workflows::DisclosureCase& c) {
  const auto& f = c.facts();
  auto s = c.snapshot();
  std::string out;
  auto line = [&](const std::string& label, const std::string& value) {
    out += fmt::format("  {:<17}{}\n", label, value);
  };
  out += fmt::format("Case {}  (agency {})\n", f.case_no, f.agency);
  line("state:", s.state + (s.appeal_state == "none" ? "" : "   appeal: " + s.appeal_state));
  line("regime:", fmt::format("{} rules", f.regime));
  line("received:", fmt::format("{} via {}{}", f.received_on.str(), f.channel,
                                f.letter_ref.empty() ? "" : ", letter ref " + f.letter_ref));
  line("applicant:", fmt::format("{} ({}){}", f.applicant, f.applicant_type,
                                 f.contact.empty() ? "" : ", " + f.contact));
  if (!f.subject.empty()) line("subject:", f.subject);
  if (s.correction_notice_on)
    line("correction:", "notice sent " + s.correction_notice_on->str() + "; no reply is due until the corrected application arrives");
  if (s.late_correction_notice) line("", "late correction notice: sent more than 7 working days after receipt (Art. 30)");
  if (!s.pause_kind.empty())
    line("clock stopped:", fmt::format("{} since the notice; lapses {}",
                                       s.pause_kind == "fee" ? "awaiting the fee" : "consulting a third party",
                                       s.pause_lapses_on->str()));
  const auto& due = s.due ? s.due : s.final_due;
  if (s.due) line("due:", s.due->due.str() + (s.due->provisional ? "  (provisional)" : ""));
  if (s.outcome) {
    const auto* o = workflows::find_outcome(*s.outcome);
    line("outcome:", *s.outcome + (o ? "  " + std::string(o->national_label) : ""));
  }
  if (s.closed_on)
    line("closed:", fmt::format("{} {}, {} (due {})", s.closed_kind, s.closed_on->str(),
                                *s.closed_on <= s.final_due->due ? "on time" : "LATE", s.final_due->due.str()));
  if (due) {
    out += "  how the due date was reached:\n";
    for (const auto& step : due->steps) out += "    " + step + "\n";
  }
  if (s.reconsideration_filed_on)
    line("reconsideration:", "filed " + s.reconsideration_filed_on->str() +
                                 (s.reconsideration_decided_on
                                      ? ", decided " + s.reconsideration_decided_on->str() + ": " + s.reconsideration_result
                                      : ", pending"));
  if (s.litigation_filed_on)
    line("litigation:", "filed " + s.litigation_filed_on->str() + (*s.litigation_direct ? " (direct)" : " (after reconsideration)") +
                            (s.litigation_decided_on
                                 ? ", decided " + s.litigation_decided_on->str() + ": " + s.litigation_result
                                 : ", pending"));
  out += "History:\n";
  for (const auto& e : c.history()) {
    std::string opts;
    for (auto it = e.details.begin(); it != e.details.end(); ++it) {
      if (e.kind == "received" && it.key() == "agency") continue;
      opts += " " + it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
    out += fmt::format("  {:>3}  {}  {:<24} by {:<12} recorded {}{}\n", e.seq, e.on.str(), e.kind, e.actor,
                       e.recorded_at, opts.empty() ? "" : "\n       " + opts);
  }
  return out;
}

}  // namespace gongkai::cli
