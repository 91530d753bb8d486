// Small fixed-size forms of what a bulk import must remember per case: its events as the state
// machine needs them (kind, date, the option that steers it), and its case-row projection. An
// import of 100 000 cases keeps these instead of whole JSON histories and live state machines.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/event_record.h"
#include "workflows/disclosure_case.h"

namespace gongkai::workflows {

// An event reduced to what steers the state machine. Notes, handlers and actors are not kept:
// the machine never reads them.
struct CompactEvent {
  int32_t on = 0;      // days since 1970-01-01
  uint8_t kind = 0;    // 0 = received, else 1 + index in kEventKinds
  uint8_t option = 0;  // answered: 1 + index in all_outcomes(); decided: 1 + index in kAppealResults
};
CompactEvent compact_event(const EventRecord& e);
// An event that drives the machine exactly as the original did (placeholder approved_by/amount).
EventRecord expand_event(const CompactEvent& c);

// Rebuilds a case from compact events (the first is its receipt) under `case_no`, for checking
// further events. Only regime and receipt date of the facts matter to the machine.
DisclosureCase rebuild_case(const std::string& case_no, const std::string& agency, int regime,
                            const std::vector<CompactEvent>& events, const WorkingCalendar& cal);

// The case row's projection (CaseSnapshot without the due date's explanation), ~70 bytes.
// Words (states, outcome codes, results …) are kept as indexes into a shared word list.
struct CompactSnapshot {
  static constexpr int32_t kNoDate = INT32_MIN;
  int32_t due_on = kNoDate, final_due_on = kNoDate, answered_on = kNoDate, closed_on = kNoDate,
          correction_notice_on = kNoDate, pause_lapses_on = kNoDate, reconsideration_filed_on = kNoDate,
          reconsideration_decided_on = kNoDate, litigation_filed_on = kNoDate, litigation_decided_on = kNoDate,
          last_event_on = kNoDate;
  int32_t event_count = 0;
  uint16_t state = 0, appeal_state = 0, outcome = 0, closed_kind = 0, pause_kind = 0,
           reconsideration_result = 0, litigation_result = 0;  // word indexes, 0 = none
  bool is_open = false, due_provisional = false, final_due_provisional = false, late_correction_notice = false;
  int8_t litigation_direct = -1;  // -1 = none, 0 = false, 1 = true
};

// The words of compact snapshots: index 0 is "none".
class WordList {
 public:
  uint16_t index(const std::string& w);  // "" → 0
  const std::string& word(uint16_t i) const { return words_[i]; }

 private:
  std::vector<std::string> words_{""};
};

CompactSnapshot compact_snapshot(const CaseSnapshot& s, WordList& words);
CaseSnapshot expand_snapshot(const CompactSnapshot& c, const WordList& words);

}  // namespace gongkai::workflows
