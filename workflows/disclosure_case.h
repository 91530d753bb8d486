// One application and its history: replays stored events through the state chart, checks and
// applies a new one, and says what the case row should hold.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/deadline.h"
#include "engine/event_record.h"
#include "workflows/disclosure_machine.h"

namespace gongkai::workflows {

// What is known of an application at receipt; the details of its `received` event.
struct CaseFacts {
  std::string case_no;  // empty until the store numbers it
  std::string agency;   // agency code
  int regime = 2019;
  Date received_on;
  std::string channel, applicant_type, applicant, subject, letter_ref, contact;
};

nlohmann::json facts_to_details(const CaseFacts& f);  // the `received` event's details
// Checks every field (channel, applicant type, regime …); throws UsageError naming the field.
CaseFacts facts_from_details(const std::string& case_no, Date received_on, const nlohmann::json& d);
void validate_facts(const CaseFacts& f);

// The projection written to the case row.
struct CaseSnapshot {
  std::string state, appeal_state;
  bool is_open = true;
  std::optional<DueDate> due;        // while a reply is due
  std::optional<DueDate> final_due;  // once closed
  std::optional<std::string> outcome;
  std::optional<Date> answered_on, closed_on;
  std::string closed_kind;
  std::optional<Date> correction_notice_on;  // while awaiting correction
  bool late_correction_notice = false;
  std::string pause_kind;                    // third-party | fee, while the clock is stopped
  std::optional<Date> pause_lapses_on;
  std::optional<Date> reconsideration_filed_on, reconsideration_decided_on;
  std::string reconsideration_result;
  std::optional<Date> litigation_filed_on, litigation_decided_on;
  std::optional<bool> litigation_direct;
  std::string litigation_result;
  Date last_event_on;
  int event_count = 0;
};

class DisclosureCase {
 public:
  // A new case: its `received` event becomes event 1.
  DisclosureCase(CaseFacts facts, const WorkingCalendar& cal, const std::string& actor);
  // Rebuilds a case from its stored history. A history that does not replay is corruption:
  // InternalError naming the case and the event.
  static DisclosureCase replay(const std::vector<EventRecord>& history, const std::string& case_no,
                               const std::string& agency, const WorkingCalendar& cal);

  DisclosureCase(DisclosureCase&&) noexcept;
  DisclosureCase& operator=(DisclosureCase&&) noexcept;
  ~DisclosureCase();

  // Checks `e` (kind, options, date order, not after `today`) against the rules and applies it.
  // UsageError for bad input, RuleViolation for a move the rules forbid; either way the case is
  // unchanged. `e.seq` is assigned here.
  void apply(EventRecord e, Date today);

  // The store wrote the last event at `at` (its audit timestamp).
  void set_recorded_at(const std::string& at) { history_.back().recorded_at = at; }

  const CaseFacts& facts() const { return facts_; }
  const std::vector<EventRecord>& history() const { return history_; }
  CaseSnapshot snapshot() const;
  const DisclosureMachine& machine() const { return *machine_; }

 private:
  DisclosureCase() = default;
  void dispatch(const EventRecord& e);
  void correct(const EventRecord& e);  // a `corrected` event: new facts, the steps replayed if need be

  CaseFacts facts_;
  std::vector<EventRecord> history_;
  std::unique_ptr<DisclosureMachine> machine_;
};

}  // namespace gongkai::workflows
