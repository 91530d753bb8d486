// What is late: the home page (how many replies are overdue and due soon, the most urgent first),
// and the supervisor's page (督办): what is overdue and due soon in a subtree counted by agency and
// listed a page at a time; the cases to chase; the on-time rate of the year's closings per agency
// — what `gongkai overdue`, `chase` and `timeliness` say, on one page.
#include <fmt/format.h>

#include <map>

#include "app/reminders.h"
#include "app/supervision.h"
#include "engine/errors.h"
#include "web/pages.h"
#include "web/view.h"

namespace gongkai::web {
namespace {

// A county has tens of thousands of overdue replies on a bad day: pages count them all and list a
// page of them, so that a page stays a page (the whole list is `gongkai overdue`, or the pages).
constexpr int kRowsAtHome = 20;
constexpr int kRowsAPage = 100;
// Who is responsible is asked case by case (about 12 µs each: its events, the members): beyond this
// many due cases in the member's scope the home page leaves 我的待办 to `gongkai remind` rather than
// make every visit wait (docs/reminders.md).
constexpr int kMineAtMost = 1500;

Data due_row(const app::OverdueRow& r, Date as_of) {
  Data d;
  d.set("case", r.case_no);
  d.set("agency", r.agency_name);
  d.set("state", state_label(r.state));
  d.set("received_on", r.received_on.str());
  d.set("due_on", r.due_on.str() + (r.due_provisional ? "（暂定）" : ""));
  d.set("left", std::to_string(r.working_days_left));
  d.set("overdue", r.due_on < as_of);  // as the counts and `gongkai overdue` judge it
  return d;
}

// A row of the member's own list (我的待办): as the due rows, with what the case is about.
Data mine_row(const app::RemindCase& c, Date today) {
  Data d;
  d.set("case", c.case_no);
  d.set("agency", c.agency_name);
  d.set("subject", c.subject);
  d.set("letter_ref", c.letter_ref);
  d.set("state", state_label(c.state));
  d.set("due_on", c.due_on.str() + (c.due_provisional ? "（暂定）" : ""));
  d.set("left", std::to_string(c.working_days_left));
  d.set("overdue", c.due_on < today);
  return d;
}

// A whole number typed into a query (a page, a number of days), or `fallback` when none.
int count_param(const Request& r, const std::string& name, int fallback, const std::string& what) {
  const std::string t = r.param(name);
  if (t.empty()) return fallback;
  if (t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(name + " '" + t + "' is not " + what);
  return std::stoi(t);
}

}  // namespace

Response home_page(Visit& v) {
  const app::OverdueRequest q{"", "", 5, kRowsAtHome};
  auto counts = app::due_counts(v.ctx, q);
  auto l = app::overdue(v.ctx, q);
  List rows;
  for (const auto& r : l.rows) rows.push_back(due_row(r, l.as_of));
  Data d;
  d.set("today", v.ctx.today().str());
  std::string scope;
  for (const auto& a : v.ctx.me().agencies) scope += (scope.empty() ? "" : "、") + a;
  d.set("scope", v.ctx.me().installation_admin ? std::string("全部机构") : scope + " 及其下属机构");
  set_list(d, "rows", rows);
  d.set("overdue", std::to_string(counts.overdue));
  d.set("soon", std::to_string(counts.soon));
  d.set("count", std::to_string(counts.total()));
  d.set("more", counts.total() > static_cast<int>(l.rows.size()));
  d.set("shown", std::to_string(l.rows.size()));
  // The member's own first: what the handler its review named, or the agency's registrar, must
  // answer (docs/reminders.md). The administrator is no member: nothing is its own.
  d.set("member", !v.ctx.me().installation_admin);
  d.set("mine_too_many", counts.total() > kMineAtMost);
  if (!v.ctx.me().installation_admin && counts.total() <= kMineAtMost) {
    auto mine = app::my_reminders(v.ctx, app::kRemindWithin);
    List own;
    for (const auto* list : {&mine.overdue, &mine.due_soon})
      for (const auto& c : *list) {
        if (own.size() >= static_cast<size_t>(kRowsAtHome)) break;
        own.push_back(mine_row(c, l.as_of));
      }
    set_list(d, "mine", own);
    d.set("mine_overdue", std::to_string(mine.overdue.size()));
    d.set("mine_soon", std::to_string(mine.due_soon.size()));
    d.set("mine_count", std::to_string(mine.total()));
    d.set("mine_more", mine.total() > own.size());
    d.set("mine_shown", std::to_string(own.size()));
  }
  return render_page(v, "home", "首页", d);
}

Response supervise_page(Visit& v) {
  const auto& r = v.req;
  const std::string agency = r.param("agency"), as_of = r.param("as_of");
  const int within = count_param(r, "within", 5, "a number of working days");
  const int page = std::max(1, count_param(r, "page", 1, "a page number"));
  const app::OverdueRequest q{as_of, agency, within, kRowsAPage, (page - 1) * kRowsAPage};
  auto tally = app::due_counts(v.ctx, q);
  auto due = app::overdue(v.ctx, q);
  auto chase = app::chase(v.ctx, {as_of, agency});
  auto t = app::timeliness(v.ctx, {due.as_of.year(), agency});

  // Counts per agency of the subtree, in tree order (the timeliness rows list every agency).
  std::map<std::string, std::pair<int, int>> per;  // agency → overdue, soon
  for (const auto& c : tally.agencies) per[c.agency] = {c.overdue, c.soon};
  List counts;
  for (const auto& row : t.rows) {
    Data c;
    int depth = static_cast<int>(std::count(row.agency_path.begin(), row.agency_path.end(), '/'));
    std::string indent;
    for (int i = 0; i < depth; ++i) indent += "　";
    c.set("indent", indent);
    c.set("name", row.agency_name);
    c.set("overdue", std::to_string(per[row.agency].first));
    c.set("overdue_any", per[row.agency].first > 0);
    c.set("soon", std::to_string(per[row.agency].second));
    const app::TimelinessFigures& f = row.figures;
    c.set("closed", std::to_string(f.closed));
    c.set("on_time", std::to_string(f.on_time));
    c.set("rate", f.rate() ? fmt::format("{:.2f}%", *f.rate()) : "—");
    counts.push_back(c);
  }
  List rows;
  for (const auto& row : due.rows) rows.push_back(due_row(row, due.as_of));
  const int pages = std::max(1, (tally.total() + kRowsAPage - 1) / kRowsAPage);
  auto link = [&](int to) {
    std::string s = "/supervise?page=" + std::to_string(to) + "&within=" + std::to_string(within);
    if (!agency.empty()) s += "&agency=" + url_encode(agency);
    if (!as_of.empty()) s += "&as_of=" + url_encode(as_of);
    return s;
  };
  auto paused = [](const std::vector<app::PausedRow>& list) {
    List out;
    for (const auto& c : list) {
      Data d;
      d.set("case", c.case_no);
      d.set("since", c.paused_on.str());
      d.set("lapsed", c.lapses_on.str());
      d.set("days", std::to_string(c.working_days_since_lapse));
      out.push_back(d);
    }
    return out;
  };
  List corrections;
  for (const auto& c : chase.corrections) {
    Data d;
    d.set("case", c.case_no);
    d.set("received_on", c.received_on.str());
    d.set("notice_on", c.notice_on.str());
    d.set("due_by", c.notice_due_by.str());
    corrections.push_back(d);
  }
  Data d;
  d.set("counts", counts);
  d.set("rows", rows);
  d.set("total", std::to_string(tally.total()));
  d.set("overdue_total", std::to_string(tally.overdue));
  d.set("page", std::to_string(page));
  d.set("pages", std::to_string(pages));
  d.set("paged", pages > 1);
  if (page > 1) d.set("previous", link(page - 1));
  if (page < pages) d.set("next", link(page + 1));
  d.set("within", std::to_string(within));
  d.set("as_of", due.as_of.str());
  d.set("year", std::to_string(due.as_of.year()));
  set_list(d, "consultations", paused(chase.consultations));
  set_list(d, "fees", paused(chase.fees));
  set_list(d, "corrections", corrections);
  List agencies;
  for (const auto& row : t.rows) {
    Data o;
    o.set("code", row.agency);
    o.set("name", row.agency_name);
    int depth = static_cast<int>(std::count(row.agency_path.begin(), row.agency_path.end(), '/'));
    std::string indent;
    for (int i = 0; i < depth; ++i) indent += "　";
    o.set("indent", indent);
    o.set("selected", row.agency == agency);
    agencies.push_back(o);
  }
  d.set("agencies", agencies);
  return render_page(v, "supervise", "督办", d);
}

}  // namespace gongkai::web
