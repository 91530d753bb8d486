// The supervisor's page (督办): what is overdue and due soon in a subtree, by agency; the cases to
// chase; the on-time rate of the year's closings per agency — what `gongkai overdue`, `chase` and
// `timeliness` say, on one page.
#include <fmt/format.h>

#include <map>

#include "app/supervision.h"
#include "engine/errors.h"
#include "web/pages.h"
#include "web/view.h"

namespace gongkai::web {

Response supervise_page(Visit& v) {
  const auto& r = v.req;
  const std::string agency = r.param("agency"), as_of = r.param("as_of");
  int within = 5;
  if (const std::string w = r.param("within"); !w.empty()) {
    if (w.size() > 4 || w.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("within '" + w + "' is not a number of working days");
    within = std::stoi(w);
  }
  auto due = app::overdue(v.ctx, {as_of, agency, within});
  auto chase = app::chase(v.ctx, {as_of, agency});
  auto t = app::timeliness(v.ctx, {due.as_of.year(), agency});

  // Counts per agency of the subtree, in tree order (the timeliness rows list every agency).
  std::map<std::string, std::pair<int, int>> per;  // agency → overdue, soon
  for (const auto& row : due.rows) (row.working_days_left < 0 ? per[row.agency].first : per[row.agency].second)++;
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
    c.set("closed", std::to_string(row.closed));
    c.set("on_time", std::to_string(row.on_time));
    app::TimelinessFigures f{row.closed, row.on_time, row.withdrawn};
    c.set("rate", f.rate() ? fmt::format("{:.2f}%", *f.rate()) : "—");
    counts.push_back(c);
  }
  List rows;
  for (const auto& row : due.rows) {
    Data d;
    d.set("case", row.case_no);
    d.set("agency", row.agency_name);
    d.set("state", state_label(row.state));
    d.set("received_on", row.received_on.str());
    d.set("due_on", row.due_on.str() + (row.due_provisional ? "（暂定）" : ""));
    d.set("left", std::to_string(row.working_days_left));
    d.set("overdue", row.working_days_left < 0);
    rows.push_back(d);
  }
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
  d.set("total", std::to_string(due.rows.size()));
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
