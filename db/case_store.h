// Agencies and cases in PostgreSQL: the event history (append-only, hash-chained) and the case
// row projected from it. Every write is one call of a gongkai function in the database, which
// checks who is calling and what their role and scope allow (migration 005); the row-level
// security of the acting role decides what every read sees.
#pragma once
#include <nlohmann/json.hpp>
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
  std::string parent;  // parent's code, "" for a root (or a top agency of the reader's scope)
};

// UsageError for a bad code/kind or a taken code; NotFound for an unknown parent (or one outside
// the member's scope); NotPermitted for a role that may not add agencies.
void add_agency(Session& s, const Agency& a);
// The agencies the reader sees, as a tree (parents before children).
std::vector<Agency> list_agencies(Session& s);
// NotFound naming the code (an agency outside the reader's scope is not found either).
Agency agency_or_throw(Session& s, const std::string& code);

// Numbers and stores a new case (its receipt event, case row and personal data) computed on
// calendar version `calendar_version`. Returns the case number and the receipt's recorded_at.
// UsageError if its letter ref is already used in that agency; CalendarChanged. With a form
// number (an intake page's), the case is kept with it in the same transaction (migration 011):
// FormSentAlready, nothing written, when the form registered a case meanwhile.
struct Received {
  std::string case_no, recorded_at;
};
struct FormSentAlready {};
Received insert_case(Session& s, const workflows::DisclosureCase& c, long long calendar_version,
                     const std::string& form_id = "");
// The case an intake form of the session's member registered, if any.
std::optional<std::string> intake_case(Session& s, const std::string& form_id);

struct StoredCase {
  std::string case_no, agency;
  std::vector<EventRecord> events;  // personal data as the reader may see it (else masked)
  nlohmann::json row;               // the stored case row's columns (workflows/case_row.h)
  bool personal_masked = false;     // the reader may not see this case's personal data
};
std::optional<StoredCase> load_case(Session& s, const std::string& case_no);
// NotFound naming the case.
StoredCase load_case_or_throw(Session& s, const std::string& case_no);

// Appends the case's last event (c.history().back()) and rewrites its row, guarded against a
// concurrent writer (Conflict, nothing written). Returns the event's recorded_at.
std::string append_event(Session& s, const workflows::DisclosureCase& c, long long calendar_version);

struct CaseFilter {
  std::string agency;  // subtree; "" = all the reader sees
  std::string state;   // a state, "open", or "" = any
  std::optional<int> year;  // of receipt
  std::string text;         // part of the case number or the letter ref; "" = any
  std::optional<Date> due_before;  // only cases awaiting a reply due before this date
  std::optional<int> limit;  // at most this many; none = all
  std::string after;         // the case number the page follows (the previous page's last); "" = from the start
};
struct CaseListItem {
  std::string case_no, agency, state, appeal_state, outcome, applicant, subject, letter_ref;
  Date received_on;
  std::optional<Date> due_on, closed_on, correction_notice_on;
  bool late_correction_notice = false, due_provisional = false;
};
// The cases that match, by agency code, receipt date and case number. A page follows `after`
// (none when the reader cannot see that case); there is no count of all: it would read them all.
std::vector<CaseListItem> list_cases(Session& s, const CaseFilter& f);

// The cases the reader sees whose number, letter reference, subject, applicant (where the reader
// may see it) or a note contains `text` (search_cases.sql), in the subtree of `agency` ("" = all),
// the latest received first, at most `limit`.
std::vector<CaseListItem> search_cases(Session& s, const std::string& text, const std::string& agency, int limit);

// Earlier cases of `agency` from the same applicant with a similar subject, received in the year up
// to `received_on` (possible_repeats.sql): likely repeat applications.
struct RepeatCandidate {
  std::string case_no, subject;
  Date received_on;
};
std::vector<RepeatCandidate> possible_repeats(Session& s, const std::string& agency, const std::string& applicant,
                                              const std::string& subject, Date received_on,
                                              const std::string& except_case);

}  // namespace gongkai::db
