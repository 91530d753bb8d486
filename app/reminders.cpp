#include "app/reminders.h"

#include <map>

#include "app/supervision.h"
#include "db/member_store.h"
#include "engine/deadline.h"

namespace gongkai::app {
namespace {

void file_under(MemberReminders& m, const RemindCase& c, Date as_of) {
  (c.due_on < as_of ? m.overdue : m.due_soon).push_back(c);  // as `overdue` and the counts judge it
}

nlohmann::json cases_json(const std::vector<RemindCase>& list) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& c : list) j.push_back(remind_case_json(c));
  return j;
}

}  // namespace

Reminders reminders(Context& ctx, const RemindRequest& r) {
  Reminders out;
  out.within = r.within.value_or(kRemindWithin);
  // The list and its checks (the date, the number of days, a past day replayed) are overdue's.
  OverdueRequest q;
  q.as_of = r.as_of;
  q.within = out.within;
  auto due = overdue(ctx, q);
  out.as_of = due.as_of;
  std::vector<std::string> numbers;
  numbers.reserve(due.rows.size());
  for (const auto& row : due.rows) numbers.push_back(row.case_no);

  std::map<std::string, std::vector<db::Responsibility>> who;  // case → its members (or one without)
  for (auto& x : db::responsible_for(ctx.db(), numbers, out.as_of)) who[x.case_no].push_back(std::move(x));
  std::map<std::string, std::optional<std::string>> emails;
  for (const auto& m : db::list_members(ctx.db())) emails[m.login] = m.email;

  std::map<std::string, MemberReminders> per;  // by login
  for (const auto& row : due.rows) {
    RemindCase c;
    static_cast<db::DueCase&>(c) = row;
    c.working_days_left = row.working_days_left;
    auto it = who.find(row.case_no);
    // A case the database did not answer for (it cannot be: it read the same scope) is no one's
    // rather than dropped.
    if (it == who.end()) {
      file_under(out.unassigned, c, out.as_of);
      continue;
    }
    c.subject = it->second.front().subject;
    c.letter_ref = it->second.front().letter_ref;
    for (const auto& x : it->second) {
      if (!x.login) {
        file_under(out.unassigned, c, out.as_of);
        continue;
      }
      auto& m = per[*x.login];
      if (m.login.empty()) {
        m.login = *x.login;
        m.name = x.name;
        if (auto e = emails.find(m.login); e != emails.end()) m.email = e->second;
      }
      file_under(m, c, out.as_of);
    }
  }
  for (auto& [login, m] : per) out.members.push_back(std::move(m));
  return out;
}

nlohmann::json remind_case_json(const RemindCase& c) {
  auto text = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {{"case_no", c.case_no},
          {"agency", c.agency},
          {"agency_name", c.agency_name},
          {"subject", text(c.subject)},
          {"letter_ref", text(c.letter_ref)},
          {"state", c.state},
          {"received_on", c.received_on.str()},
          {"due_on", c.due_on.str()},
          {"due_provisional", c.due_provisional},
          {"working_days_left", c.working_days_left}};
}

nlohmann::json reminders_json(const Reminders& r) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : r.members)
    members.push_back({{"login", m.login},
                       {"name", m.name},
                       {"email", m.email ? nlohmann::json(*m.email) : nlohmann::json(nullptr)},
                       {"overdue", cases_json(m.overdue)},
                       {"due_soon", cases_json(m.due_soon)}});
  return {{"as_of", r.as_of.str()},
          {"within", r.within},
          {"members", members},
          {"unassigned", {{"overdue", cases_json(r.unassigned.overdue)}, {"due_soon", cases_json(r.unassigned.due_soon)}}}};
}

MemberReminders my_reminders(Context& ctx, int within) {
  MemberReminders m;
  m.login = ctx.me().login;
  m.name = ctx.me().name;
  if (ctx.me().installation_admin) return m;  // no member: nothing is its own
  const Date today = ctx.today();
  const auto& cal = ctx.calendar();
  // Due within N working days = working days left <= N = due before day N + 1 (as `overdue`).
  const Date before = cal.add_working_days(today, within + 1);
  for (auto& x : db::my_due_cases(ctx.db(), before, today)) {
    RemindCase c;
    static_cast<db::RemindCase&>(c) = std::move(x);
    c.working_days_left = working_days_left(c.due_on, today, cal);
    file_under(m, c, today);
  }
  return m;
}

}  // namespace gongkai::app
