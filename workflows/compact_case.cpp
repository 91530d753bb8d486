#include "workflows/compact_case.h"

#include "engine/errors.h"
#include "workflows/outcome.h"
#include "workflows/vocabulary.h"

namespace gongkai::workflows {
namespace {

template <class List>
uint8_t index_in(const List& list, std::string_view v) {
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i] == v) return static_cast<uint8_t>(i + 1);
  return 0;
}

int32_t days(const std::optional<Date>& d) { return d ? d->days() : CompactSnapshot::kNoDate; }
std::optional<Date> date(int32_t d) {
  return d == CompactSnapshot::kNoDate ? std::nullopt : std::optional<Date>(Date::from_days(d));
}

std::string str(const nlohmann::json& details, const char* key) {
  auto it = details.find(key);
  return it != details.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

CompactEvent compact_event(const EventRecord& e) {
  CompactEvent c;
  c.on = e.on.days();
  if (e.kind != "received") {
    c.kind = index_in(kEventKinds, e.kind);
    if (!c.kind) throw InternalError("event kind '" + e.kind + "' cannot be compacted");
  }
  if (e.kind == "answered") {
    std::string code = str(e.details, "outcome");
    const auto& all = all_outcomes();
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i].code == code) c.option = static_cast<uint8_t>(i + 1);
  } else if (e.kind == "reconsideration-decided" || e.kind == "litigation-decided") {
    c.option = index_in(kAppealResults, str(e.details, "result"));
  }
  return c;
}

EventRecord expand_event(const CompactEvent& c) {
  EventRecord e;
  e.on = Date::from_days(c.on);
  e.kind = c.kind ? std::string(kEventKinds[c.kind - 1]) : "received";
  if (e.kind == "answered" && c.option) e.details["outcome"] = std::string(all_outcomes()[c.option - 1].code);
  else if ((e.kind == "reconsideration-decided" || e.kind == "litigation-decided") && c.option)
    e.details["result"] = std::string(kAppealResults[c.option - 1]);
  else if (e.kind == "extended") e.details["approved_by"] = "-";  // required, never read by the machine
  else if (e.kind == "fee-requested") e.details["amount"] = "1";
  // The machine never sees a correction: one that changes nothing it reads stands in for it. A
  // corrected receipt date is the compact receipt's own date (ImportValidator::resolve).
  else if (e.kind == "corrected") e.details = {{"field", "subject"}, {"note", "-"}};
  return e;
}

DisclosureCase rebuild_case(const std::string& case_no, const std::string& agency, int regime,
                            const std::vector<CompactEvent>& events, const WorkingCalendar& cal) {
  if (events.empty() || events.front().kind != 0)
    throw InternalError("case " + case_no + ": compact history does not start with its receipt");
  CaseFacts f;
  f.case_no = case_no;
  f.agency = agency;
  f.regime = regime;
  f.received_on = Date::from_days(events.front().on);
  f.channel = "other";  // placeholders: the machine does not read them
  f.applicant_type = "other-org";
  f.applicant = "-";
  DisclosureCase c(std::move(f), cal, "-");
  const Date far_future = Date::from_ymd(2999, 12, 31);
  for (size_t i = 1; i < events.size(); ++i) {
    try {
      c.apply(expand_event(events[i]), far_future);
    } catch (const Error& e) {
      throw InternalError("case " + case_no + ": an event checked before no longer applies: " + e.what());
    }
  }
  return c;
}

uint16_t WordList::index(const std::string& w) {
  if (w.empty()) return 0;
  for (size_t i = 1; i < words_.size(); ++i)
    if (words_[i] == w) return static_cast<uint16_t>(i);
  if (words_.size() >= 65535) throw InternalError("too many distinct words in case snapshots");
  words_.push_back(w);
  return static_cast<uint16_t>(words_.size() - 1);
}

CompactSnapshot compact_snapshot(const CaseSnapshot& s, WordList& words) {
  CompactSnapshot c;
  c.state = words.index(s.state);
  c.appeal_state = words.index(s.appeal_state);
  c.is_open = s.is_open;
  if (s.due) c.due_on = s.due->due.days(), c.due_provisional = s.due->provisional;
  if (s.final_due) c.final_due_on = s.final_due->due.days(), c.final_due_provisional = s.final_due->provisional;
  c.outcome = words.index(s.outcome.value_or(""));
  c.answered_on = days(s.answered_on);
  c.closed_on = days(s.closed_on);
  c.closed_kind = words.index(s.closed_kind);
  c.correction_notice_on = days(s.correction_notice_on);
  c.late_correction_notice = s.late_correction_notice;
  c.pause_kind = words.index(s.pause_kind);
  c.pause_lapses_on = days(s.pause_lapses_on);
  c.reconsideration_filed_on = days(s.reconsideration_filed_on);
  c.reconsideration_decided_on = days(s.reconsideration_decided_on);
  c.reconsideration_result = words.index(s.reconsideration_result);
  c.litigation_filed_on = days(s.litigation_filed_on);
  c.litigation_decided_on = days(s.litigation_decided_on);
  c.litigation_direct = s.litigation_direct ? (*s.litigation_direct ? 1 : 0) : -1;
  c.litigation_result = words.index(s.litigation_result);
  c.last_event_on = s.last_event_on.days();
  c.event_count = s.event_count;
  return c;
}

CaseSnapshot expand_snapshot(const CompactSnapshot& c, const WordList& words) {
  CaseSnapshot s;
  s.state = words.word(c.state);
  s.appeal_state = words.word(c.appeal_state);
  s.is_open = c.is_open;
  if (auto d = date(c.due_on)) s.due = DueDate{*d, c.due_provisional, {}, {}};
  if (auto d = date(c.final_due_on)) s.final_due = DueDate{*d, c.final_due_provisional, {}, {}};
  if (c.outcome) s.outcome = words.word(c.outcome);
  s.answered_on = date(c.answered_on);
  s.closed_on = date(c.closed_on);
  s.closed_kind = words.word(c.closed_kind);
  s.correction_notice_on = date(c.correction_notice_on);
  s.late_correction_notice = c.late_correction_notice;
  s.pause_kind = words.word(c.pause_kind);
  s.pause_lapses_on = date(c.pause_lapses_on);
  s.reconsideration_filed_on = date(c.reconsideration_filed_on);
  s.reconsideration_decided_on = date(c.reconsideration_decided_on);
  s.reconsideration_result = words.word(c.reconsideration_result);
  s.litigation_filed_on = date(c.litigation_filed_on);
  s.litigation_decided_on = date(c.litigation_decided_on);
  if (c.litigation_direct >= 0) s.litigation_direct = c.litigation_direct == 1;
  s.litigation_result = words.word(c.litigation_result);
  s.last_event_on = Date::from_days(c.last_event_on);
  s.event_count = c.event_count;
  return s;
}

}  // namespace gongkai::workflows
