// The supervisor's operations: replies overdue or due soon, the cases to chase that have no reply
// overdue, and the on-time rate of a year's closings — over an agency and everything under it (or
// everything the member sees), each row with the working-day figures a person reads.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/supervision_store.h"

namespace gongkai::app {

struct OverdueRequest {
  std::string as_of;  // YYYY-MM-DD; "" = today; a past day: the cases as they stood then
  std::string agency;
  std::optional<int> within;  // also those due within the next N working days
  std::optional<int> limit;   // a page: at most this many (1…10000); none = all
  int offset = 0;             // from this row of the whole list
};
struct OverdueRow : db::DueCase {
  int working_days_left = 0;  // negative when overdue (-1 = due on the previous working day)
};
struct OverdueList {
  Date as_of;
  std::string agency;
  std::optional<int> within;
  std::vector<OverdueRow> rows;  // by due date
};
OverdueList overdue(Context& ctx, const OverdueRequest& r);
// The contract's list: [{case, agency, state, received_on, due_on, working_days_left}].
nlohmann::json overdue_json(const OverdueList& l);

// The same list counted per agency, without reading its rows: what a page shows at a glance
// before a page of the rows. `overdue` = due before the as-of date (the list without `within`).
struct DueCounts {
  Date as_of;
  std::vector<db::DueCount> agencies;  // those with any, by code
  int overdue = 0, soon = 0;           // all of them
  int total() const { return overdue + soon; }
};
DueCounts due_counts(Context& ctx, const OverdueRequest& r);

struct ChaseRequest {
  std::string as_of, agency;
};
struct PausedRow : db::PausedCase {
  int working_days_since_lapse = 0;
};
struct LateCorrectionRow : db::LateCorrectionCase {
  Date notice_due_by;  // received + 7 working days (Art. 30)
  int working_days_late = 0;
};
struct ChaseLists {
  Date as_of;
  std::string agency;
  std::vector<PausedRow> consultations, fees;
  std::vector<LateCorrectionRow> corrections;
};
ChaseLists chase(Context& ctx, const ChaseRequest& r);
nlohmann::json chase_json(const ChaseLists& l);

struct TimelinessRequest {
  int year = 0;
  std::string agency;
};
struct TimelinessFigures {
  int closed = 0, on_time = 0, withdrawn = 0;
  std::optional<double> rate() const;  // percent, 2 decimals; none without closings
  // Beside the closings: cases still awaiting a reply past their due date today, and how many
  // working days the longest-waiting of them is late (none when there are none).
  int open_overdue = 0;
  std::optional<int> longest_overdue;
};
struct TimelinessRow {
  std::string agency, agency_name, agency_path;
  TimelinessFigures figures;
};
struct Timeliness {
  int year = 0;
  std::string agency;
  Date today;
  std::vector<TimelinessRow> rows;  // per agency, tree order
  TimelinessFigures total;
};
Timeliness timeliness(Context& ctx, const TimelinessRequest& r);
nlohmann::json timeliness_json(const Timeliness& t);

}  // namespace gongkai::app
