#include "workflows/disclosure_case.h"

#include <fmt/format.h>

#include <set>

#include "engine/errors.h"
#include "workflows/disclosure_events.h"
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

// Which options each kind takes (besides `note`, which any event may carry).
const std::set<std::string>& options_of(const std::string& kind) {
  static const std::map<std::string, std::set<std::string>> table = {
      {"reviewed", {"handler"}},        {"extended", {"approved_by"}},
      {"fee-requested", {"amount"}},    {"answered", {"outcome"}},
      {"reconsideration-decided", {"result"}}, {"litigation-decided", {"result"}},
  };
  static const std::set<std::string> none;
  auto it = table.find(kind);
  return it == table.end() ? none : it->second;
}

std::string required(const nlohmann::json& d, const char* key, const std::string& kind) {
  std::string v = str_or(d, key);
  if (v.empty()) throw UsageError(kind + " needs --" + std::string(key == std::string("approved_by") ? "approved-by" : key));
  return v;
}

void check_amount(const std::string& amount) {
  // Yuan with at most two decimals: 10, 10.5, 10.50
  bool ok = !amount.empty();
  size_t dot = amount.find('.');
  for (size_t i = 0; ok && i < amount.size(); ++i)
    ok = (amount[i] >= '0' && amount[i] <= '9') || (i == dot && i > 0 && amount.size() - i - 1 <= 2 && i + 1 < amount.size());
  if (!ok) throw UsageError("amount '" + amount + "' is not a sum in yuan (like 25 or 12.50)");
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
  if (f.applicant.empty()) throw UsageError("the applicant's name is required (--applicant)");
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
    nlohmann::json details = history.front().details;
    details["agency"] = agency;
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
  check_word(e.kind, kEventKinds, "event kind");
  if (e.on > today)
    throw UsageError(fmt::format("date {} is in the future (today is {})", e.on.str(), today.str()));
  const Date last = history_.back().on;
  if (e.on < last)
    throw UsageError(fmt::format("date {} is before the case's previous event ({} on {})", e.on.str(),
                                 history_.back().kind, last.str()));
  if (e.details.is_null()) e.details = nlohmann::json::object();
  if (!e.details.is_object()) throw UsageError("event details must be an object");
  const auto& allowed = options_of(e.kind);
  for (auto it = e.details.begin(); it != e.details.end(); ++it) {
    if (it.value().is_null()) continue;
    if (it.key() != "note" && !allowed.count(it.key()))
      throw UsageError(it.key() + " is not an option of " + e.kind);
  }
  dispatch(e);
  e.seq = static_cast<int>(history_.size()) + 1;
  history_.push_back(std::move(e));
}

void DisclosureCase::dispatch(const EventRecord& e) {
  DisclosureMachine& m = *machine_;
  const auto& d = e.details;
  const std::string& k = e.kind;
  m.refusal.clear();
  m.unhandled = false;
  m.current_kind = k;
  // Options are checked before the machine sees the event: bad input is exit 2, not 3.
  if (k == "correction-requested") m.handle(ev::CorrectionRequested(e.on));
  else if (k == "correction-received") m.handle(ev::CorrectionReceived(e.on));
  else if (k == "reviewed") m.handle(ev::Reviewed(e.on));
  else if (k == "third-party-consulted") m.handle(ev::ThirdPartyConsulted(e.on));
  else if (k == "third-party-replied") m.handle(ev::ThirdPartyReplied(e.on));
  else if (k == "extended") {
    required(d, "approved_by", k);
    m.handle(ev::Extended(e.on));
  } else if (k == "fee-requested") {
    check_amount(required(d, "amount", k));
    m.handle(ev::FeeRequested(e.on));
  } else if (k == "fee-paid") m.handle(ev::FeePaid(e.on));
  else if (k == "answered") {
    std::string code = required(d, "outcome", k);
    outcome_or_throw(code);
    m.handle(ev::Answered(e.on, code));
  } else if (k == "withdrawn") m.handle(ev::Withdrawn(e.on));
  else if (k == "reconsideration-filed") m.handle(ev::ReconsiderationFiled(e.on));
  else if (k == "reconsideration-decided") {
    std::string r = check_word(required(d, "result", k), kAppealResults, "result");
    m.handle(ev::ReconsiderationDecided(e.on, r));
  } else if (k == "litigation-filed") m.handle(ev::LitigationFiled(e.on));
  else if (k == "litigation-decided") {
    std::string r = check_word(required(d, "result", k), kAppealResults, "result");
    m.handle(ev::LitigationDecided(e.on, r));
  } else if (k == "complaint-filed") m.handle(ev::ComplaintFiled(e.on));
  if (!m.refusal.empty()) {
    std::string where = "case " + (facts_.case_no.empty() ? std::string("(new)") : facts_.case_no) + " is " +
                        m.state + (m.appeal_state == "none" ? "" : " (appeal: " + m.appeal_state + ")");
    throw RuleViolation(where + ": " + k + (m.unhandled ? " is " + m.refusal : " refused: " + m.refusal));
  }
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
