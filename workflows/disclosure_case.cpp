#include "workflows/disclosure_case.h"

#include <fmt/format.h>

#include <set>

#include "engine/errors.h"
#include "workflows/correction.h"
#include "workflows/event_catalogue.h"
#include "workflows/outcome.h"
#include "workflows/vocabulary.h"

namespace gongkai::workflows {
namespace {

std::string str_or(const nlohmann::json& d, const char* key) {
  auto it = d.find(key);
  if (it == d.end() || it->is_null()) return "";
  if (!it->is_string()) throw UsageError(std::string(key) + " must be text");
  return it->get<std::string>();
}

}  // namespace

nlohmann::json facts_to_details(const CaseFacts& f) {
  nlohmann::json d = {{"agency", f.agency},   {"regime", f.regime},       {"channel", f.channel},
                      {"applicant_type", f.applicant_type},                {"applicant", f.applicant}};
  if (!f.subject.empty()) d["subject"] = f.subject;
  if (!f.letter_ref.empty()) d["letter_ref"] = f.letter_ref;
  if (!f.contact.empty()) d["contact"] = f.contact;
  return d;
}

void validate_facts(const CaseFacts& f) {
  check_word(f.channel, kChannels, "channel");
  check_word(f.applicant_type, kApplicantTypes, "applicant type");
  regime_for(f.regime);
  if (f.applicant.empty()) throw UsageError("the applicant's name is required (applicant)");
  if (f.letter_ref.size() > 200) throw UsageError("letter ref is longer than 200 characters");
}

CaseFacts facts_from_details(const std::string& case_no, Date received_on, const nlohmann::json& d) {
  CaseFacts f;
  f.case_no = case_no;
  f.received_on = received_on;
  f.agency = str_or(d, "agency");
  f.regime = d.value("regime", default_regime(received_on));
  f.channel = str_or(d, "channel");
  f.applicant_type = str_or(d, "applicant_type");
  f.applicant = str_or(d, "applicant");
  f.subject = str_or(d, "subject");
  f.letter_ref = str_or(d, "letter_ref");
  f.contact = str_or(d, "contact");
  validate_facts(f);
  return f;
}

DisclosureCase::DisclosureCase(CaseFacts facts, const WorkingCalendar& cal, const std::string& actor)
    : facts_(std::move(facts)) {
  validate_facts(facts_);
  machine_ = std::make_unique<DisclosureMachine>(cal, regime_for(facts_.regime), facts_.received_on);
  machine_->start();
  EventRecord r;
  r.seq = 1;
  r.kind = "received";
  r.on = facts_.received_on;
  r.actor = actor;
  r.details = facts_to_details(facts_);
  history_.push_back(std::move(r));
}

DisclosureCase::DisclosureCase(DisclosureCase&&) noexcept = default;
DisclosureCase& DisclosureCase::operator=(DisclosureCase&&) noexcept = default;
DisclosureCase::~DisclosureCase() = default;

DisclosureCase DisclosureCase::replay(const std::vector<EventRecord>& history, const std::string& case_no,
                                      const std::string& agency, const WorkingCalendar& cal) {
  auto corrupt = [&](const EventRecord* e, const std::string& why) {
    return InternalError("case " + case_no + ": stored history does not replay" +
                         (e ? fmt::format(" at event {} ({} on {})", e->seq, e->kind, e->on.str()) : "") +
                         ": " + why);
  };
  if (history.empty() || history.front().kind != "received" || history.front().seq != 1)
    throw corrupt(history.empty() ? nullptr : &history.front(), "it does not start with its receipt");
  DisclosureCase c;
  try {
    // The agency the receipt recorded; the stored case row's agency is compared with it
    // (case_row.h), so that a case moved behind gongkai's back is named.
    nlohmann::json details = history.front().details;
    if (!details.contains("agency")) details["agency"] = agency;
    c.facts_ = facts_from_details(case_no, history.front().on, details);
  } catch (const Error& e) {
    throw corrupt(&history.front(), e.what());
  }
  c.machine_ = std::make_unique<DisclosureMachine>(cal, regime_for(c.facts_.regime), c.facts_.received_on);
  c.machine_->start();
  c.history_.push_back(history.front());
  const Date far_future = Date::from_ymd(2999, 12, 31);
  for (size_t i = 1; i < history.size(); ++i) {
    const EventRecord& e = history[i];
    if (e.seq != static_cast<int>(i) + 1) throw corrupt(&e, "sequence numbers are not consecutive");
    try {
      c.apply(e, far_future);
    } catch (const Error& err) {
      throw corrupt(&e, err.what());
    }
    c.history_.back().recorded_at = e.recorded_at;
  }
  return c;
}

void DisclosureCase::apply(EventRecord e, Date today) {
  const EventKind& kind = event_kind_or_throw(e.kind);
  if (e.on > today)
    throw UsageError(fmt::format("date {} is in the future (today is {})", e.on.str(), today.str()));
  const Date last = history_.back().on;
  if (e.on < last)
    throw UsageError(fmt::format("date {} is before the case's previous event ({} on {})", e.on.str(),
                                 history_.back().kind, last.str()));
  if (e.details.is_null()) e.details = nlohmann::json::object();
  check_event_options(kind, e);
  dispatch(e);
  e.seq = static_cast<int>(history_.size()) + 1;
  history_.push_back(std::move(e));
}

namespace {

// Hands a step to the machine; the refusal's message, empty when the machine took it.
std::string deliver(DisclosureMachine& m, const EventRecord& e, const std::string& case_no) {
  m.refusal.clear();
  m.unhandled = false;
  m.current_kind = e.kind;
  event_kind_or_throw(e.kind).deliver(m, e);
  if (m.refusal.empty()) return "";
  std::string where = "case " + (case_no.empty() ? std::string("(new)") : case_no) + " is " + m.state +
                      (m.appeal_state == "none" ? "" : " (appeal: " + m.appeal_state + ")");
  return where + ": " + e.kind + (m.unhandled ? " is " + m.refusal : " refused: " + m.refusal);
}

}  // namespace

void DisclosureCase::dispatch(const EventRecord& e) {
  if (!event_kind_or_throw(e.kind).deliver) return correct(e);
  if (auto refusal = deliver(*machine_, e, facts_.case_no); !refusal.empty()) throw RuleViolation(refusal);
}

void DisclosureCase::correct(const EventRecord& e) {
  const CorrectableField& field = correctable_field_or_throw(e.details.value("field", ""));
  CaseFacts f = corrected_facts(facts_, field.key, e.details.value("value", ""));
  if (field.replays) {
    if (f.received_on > e.on)
      throw UsageError(fmt::format("received {} would be after the correction itself ({})", f.received_on.str(),
                                   e.on.str()));
    // The receipt date steers every deadline: the steps recorded so far are taken again, in
    // order, by a machine started on the corrected date.
    for (size_t i = 1; i < history_.size(); ++i)
      if (history_[i].on < f.received_on)
        throw UsageError(fmt::format("received {} would be after the case's {} on {}", f.received_on.str(),
                                     history_[i].kind, history_[i].on.str()));
    auto m = std::make_unique<DisclosureMachine>(machine_->cal, regime_for(f.regime), f.received_on);
    m->start();
    for (size_t i = 1; i < history_.size(); ++i) {
      if (!event_kind_or_throw(history_[i].kind).deliver) continue;
      if (auto refusal = deliver(*m, history_[i], facts_.case_no); !refusal.empty())
        throw RuleViolation(fmt::format("received {} does not fit the case's history: {}", f.received_on.str(),
                                        refusal));
    }
    machine_ = std::move(m);
  }
  facts_ = std::move(f);
}

CaseSnapshot DisclosureCase::snapshot() const {
  const DisclosureMachine& m = *machine_;
  CaseSnapshot s;
  s.state = m.state;
  s.appeal_state = m.appeal_state;
  s.is_open = m.is_open();
  s.due = m.current_due();
  s.final_due = m.final_due;
  s.outcome = m.outcome;
  s.answered_on = m.answered_on;
  s.closed_on = m.closed_on;
  s.closed_kind = m.closed_kind;
  if (m.state == "awaiting-correction") s.correction_notice_on = m.correction_notice_on;
  s.late_correction_notice = m.late_correction_notice;
  if (m.state == "consulting-third-party" || m.state == "awaiting-fee") {
    const Pause& p = m.clock.pauses.back();
    s.pause_kind = m.state == "awaiting-fee" ? "fee" : "third-party";
    s.pause_lapses_on = m.cal.add_working_days(p.start, p.cap);
  }
  s.reconsideration_filed_on = m.reconsideration_filed_on;
  s.reconsideration_decided_on = m.reconsideration_decided_on;
  s.reconsideration_result = m.reconsideration_result;
  s.litigation_filed_on = m.litigation_filed_on;
  s.litigation_decided_on = m.litigation_decided_on;
  s.litigation_direct = m.litigation_direct;
  s.litigation_result = m.litigation_result;
  s.last_event_on = history_.back().on;
  s.event_count = static_cast<int>(history_.size());
  return s;
}

}  // namespace gongkai::workflows
