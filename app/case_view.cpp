#include "app/case_view.h"

#include "workflows/correction.h"

namespace gongkai::app {
namespace {
nlohmann::json opt(const std::optional<Date>& d) { return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr); }
nlohmann::json opt(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json due_json(const std::optional<DueDate>& d) {
  if (!d) return nullptr;
  return {{"due_on", d->due.str()}, {"provisional", d->provisional}, {"steps", d->steps}};
}
}  // namespace

nlohmann::json case_json(const CaseView& v) {
  const auto& c = v.c;
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
      {"personal_data_masked", v.personal_masked},
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
  const auto changes = workflows::changes_of(c.history());
  for (const auto& e : c.history()) {
    nlohmann::json ej = {{"seq", e.seq}, {"kind", e.kind}, {"on", e.on.str()}, {"actor", e.actor},
                         {"recorded_at", e.recorded_at}};
    for (auto it = e.details.begin(); it != e.details.end(); ++it)
      if (!ej.contains(it.key())) ej[it.key()] = it.value();
    // A correction says what it changed: the value before it, beside the value it recorded.
    if (const auto* change = workflows::change_at(changes, e.seq)) ej["previous"] = change->from;
    events.push_back(ej);
  }
  j["events"] = events;
  return j;
}

}  // namespace gongkai::app
