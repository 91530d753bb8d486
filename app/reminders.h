// Reminders (`gongkai remind`, the home page's 我的待办): per member responsible for a reply — the
// handler its review named, else the agency's registrars — the replies overdue and those due within
// N working days, and apart those nobody is responsible for (docs/reminders.md). No applicant's
// name or contact is in them: case number, agency, subject, letter reference, dates, state.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/reminder_store.h"

namespace gongkai::app {

// The home page and the supervisor's page count "due soon" as within five working days: the same.
inline constexpr int kRemindWithin = 5;

struct RemindRequest {
  std::string as_of;          // YYYY-MM-DD; "" = today; a past day: the cases as they stood then
  std::optional<int> within;  // working days ahead (0…1000); none = kRemindWithin
};
struct RemindCase : db::RemindCase {
  int working_days_left = 0;  // negative when overdue
};
struct MemberReminders {
  std::string login, name;
  std::optional<std::string> email;  // none: unset, or not the reader's to see
  std::vector<RemindCase> overdue, due_soon;  // each by due date
  size_t total() const { return overdue.size() + due_soon.size(); }
};
struct Reminders {
  Date as_of;
  int within = kRemindWithin;
  std::vector<MemberReminders> members;  // those with anything due, by login
  MemberReminders unassigned;            // 无人负责: no login, no name
};
// Everyone's lists, of the reader's scope: the cases are `overdue`'s (the same due dates, working
// days and --as-of path); who is responsible is the database's answer (gk_remind_responsible), so
// that a member sees its colleagues' lists for the cases it sees; their addresses only as
// `user list` shows them (itself; an admin those it manages; the administrator everyone).
Reminders reminders(Context& ctx, const RemindRequest& r);
// {as_of, within, members: [{login, name, email, overdue: [case…], due_soon: [case…]}],
//  unassigned: {overdue, due_soon}}; a case: {case_no, agency, agency_name, subject, letter_ref,
//  state, received_on, due_on, due_provisional, working_days_left}.
nlohmann::json reminders_json(const Reminders& r);
nlohmann::json remind_case_json(const RemindCase& c);

// The acting member's own list as of today (the home page): read from the open cases' due-date
// index, only those asked who is responsible. Empty for the installation's administrator.
MemberReminders my_reminders(Context& ctx, int within = kRemindWithin);

}  // namespace gongkai::app
