// What reminders read beyond the overdue list (db/supervision_store.h): who is responsible for each
// reply — the handler its review named, else the agency's registrars — and the case's subject and
// letter reference, never its applicant (docs/reminders.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"
#include "db/supervision_store.h"
#include "engine/date.h"

namespace gongkai::db {

// One case and one member responsible for it; `login` none: nobody is.
struct Responsibility {
  std::string case_no, subject, letter_ref;
  std::optional<std::string> login;
  std::string name;
};
// For those of `case_nos` that the reader's scope holds, judged on `on` (the handler as of that
// day's latest review): one row per case and responsible member, or one with no login.
std::vector<Responsibility> responsible_for(Session& s, const std::vector<std::string>& case_nos, Date on);

// A case of a reminder: the overdue list's row, with its subject and letter reference.
struct RemindCase : DueCase {
  std::string subject, letter_ref;
};
// The reader's own cases awaiting a reply due before `before`, judged on `on`, by due date (the home
// page's 我的待办). `agency_path` is left empty.
std::vector<RemindCase> my_due_cases(Session& s, Date before, Date on);

}  // namespace gongkai::db
