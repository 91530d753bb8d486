// What a supervisor reads from the case rows: replies overdue or due soon, the cases to chase
// that have no reply due (lapsed consultations, unpaid fees, late correction notices), and the
// on-time rate of a year's closings. One query per list; scope = an agency and its subtree.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"
#include "engine/date.h"
#include "engine/event_record.h"

namespace gongkai::db {

// What every list row says about the case's agency. `agency_path` is the codes from the scope's
// root down to the agency, '/'-separated: sorting by it gives the tree order.
struct ScopedCase {
  std::string case_no, agency, agency_name, agency_path, state;
  Date received_on;
};

struct DueCase : ScopedCase {
  Date due_on;
  bool due_provisional = false;
};
// Cases awaiting a reply whose due date is before `before`, by due date. `agency` "" = all. A
// page: `limit` rows (none = all) from row `offset`.
std::vector<DueCase> cases_due_before(Session& s, const std::string& agency, Date before,
                                      std::optional<int> limit = std::nullopt, int offset = 0);

// A case as its history stood on a past day: the events up to it (for replaying), and its agency.
struct CaseOnDay : ScopedCase {
  std::vector<EventRecord> events;
};
// The cases of the scope open on `day` by their dates (received by then, not closed by then), with
// their events up to that day, in case order.
std::vector<CaseOnDay> cases_open_on(Session& s, const std::string& agency, Date day);

// How many replies of an agency are overdue on `as_of` (due before it) and due soon (due on or
// after it, before `before`); agencies with neither are left out.
struct DueCount {
  std::string agency;
  int overdue = 0, soon = 0;
};
std::vector<DueCount> due_counts(Session& s, const std::string& agency, Date as_of, Date before);

struct PausedCase : ScopedCase {
  std::optional<Date> due_on;
  Date paused_on;     // the consultation or fee notice
  Date lapses_on;     // the last day of its statutory period
  std::string amount; // the fee's amount (fee notices)
};
// Open cases whose running pause of `kind` ("third-party" or "fee") lapsed before `as_of`.
std::vector<PausedCase> lapsed_pauses(Session& s, const std::string& agency, const std::string& kind, Date as_of);

struct LateCorrectionCase : ScopedCase {
  Date notice_on;
};
// Open cases whose correction notice was late (Art. 30), the notice dated on or before `as_of`.
std::vector<LateCorrectionCase> late_correction_notices(Session& s, const std::string& agency, Date as_of);

struct TimelinessRow {
  std::string agency, agency_name, agency_path;
  int closed = 0, on_time = 0, withdrawn = 0;
  int open_overdue = 0;               // awaiting a reply, due before `today`
  std::optional<Date> earliest_due;   // the earliest due date among those
};
// Per agency of the scope (tree order, agencies without closings included): cases closed in
// `year`, those closed on or before their final due date, and the withdrawals among them; and the
// open cases overdue on `today`.
std::vector<TimelinessRow> timeliness(Session& s, const std::string& agency, int year, Date today);

}  // namespace gongkai::db
