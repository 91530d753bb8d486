// Agencies and cases in PostgreSQL: the event history (append-only) and the case row projected
// from it. Every writing function is one transaction (most are one statement).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"
#include "engine/event_record.h"
#include "workflows/disclosure_case.h"

namespace gongkai::db {

struct Agency {
  int id = 0;
  std::string code, name, kind;
  std::string parent;  // parent's code, "" for a root
};

// UsageError for a bad code/kind or a duplicate; NotFound for an unknown parent.
void add_agency(Session& s, const Agency& a);
std::vector<Agency> list_agencies(Session& s);
// NotFound naming the code.
Agency agency_or_throw(Session& s, const std::string& code);

// Numbers and stores a new case (its receipt event and case row). Returns the case number.
// UsageError if its letter ref is already used in that agency.
std::string insert_case(Session& s, int agency_id, const workflows::DisclosureCase& c);

struct StoredCase {
  std::string case_no, agency;
  std::vector<EventRecord> events;
  std::string state, appeal_state;  // as stored on the case row
  std::optional<Date> due_on;
  int event_count = 0;
};
std::optional<StoredCase> load_case(Session& s, const std::string& case_no);
// NotFound naming the case.
StoredCase load_case_or_throw(Session& s, const std::string& case_no);

// Appends the case's last event (c.history().back()) and rewrites its row, guarded against a
// concurrent writer (Conflict, nothing written). Returns the event's recorded_at.
std::string append_event(Session& s, const workflows::DisclosureCase& c);

struct CaseFilter {
  std::string agency;  // subtree; "" = all
  std::string state;   // a state, "open", or "" = any
  std::optional<int> year;  // of receipt
};
struct CaseListItem {
  std::string case_no, agency, state, appeal_state, outcome, applicant, subject;
  Date received_on;
  std::optional<Date> due_on, closed_on, correction_notice_on;
  bool late_correction_notice = false, due_provisional = false;
};
std::vector<CaseListItem> list_cases(Session& s, const CaseFilter& f);

// Every case number, in order (for the replay audit).
std::vector<std::string> all_case_numbers(Session& s);

}  // namespace gongkai::db
