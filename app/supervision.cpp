#include "app/supervision.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "db/case_store.h"
#include "engine/deadline.h"
#include "engine/errors.h"
#include "workflows/disclosure_case.h"
#include "workflows/input_checks.h"
#include "workflows/regime.h"

namespace gongkai::app {
namespace {

constexpr int kMaxWithin = 1000;  // working days; about four years

Date as_of_or_today(Context& ctx, const std::string& text) {
  return text.empty() ? ctx.today() : parse_date(text, "as of");
}

void check_agency(Context& ctx, const std::string& agency) {
  if (agency.empty()) return;
  workflows::check_agency_code(agency, "agency");
  db::agency_or_throw(ctx.db(), agency);
}

nlohmann::json opt_date(const std::optional<Date>& d) { return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr); }
nlohmann::json opt_agency(const std::string& a) { return a.empty() ? nlohmann::json(nullptr) : nlohmann::json(a); }

nlohmann::json figures_json(const TimelinessFigures& f) {
  auto r = f.rate();
  return {{"closed", f.closed},
          {"on_time", f.on_time},
          {"late", f.closed - f.on_time},
          {"withdrawn", f.withdrawn},
          {"rate", r ? nlohmann::json(*r) : nlohmann::json(nullptr)},
          {"open_overdue", f.open_overdue},
          {"longest_overdue_working_days", f.longest_overdue ? nlohmann::json(*f.longest_overdue) : nlohmann::json(nullptr)}};
}

void check_within(const OverdueRequest& r) {
  if (r.within && (*r.within < 0 || *r.within > kMaxWithin))
    throw UsageError(fmt::format("within must be a number of working days from 0 to {}: {}", kMaxWithin, *r.within));
}

// Due within the next N working days = working_days_left <= N = due before day N + 1.
Date due_before(Context& ctx, Date as_of, const std::optional<int>& within) {
  return within ? ctx.calendar().add_working_days(as_of, *within + 1) : as_of;
}

// A past day: the cases open then, each replayed up to that day, so that the list is the one a
// supervisor would have read that morning — not today's open cases measured against an old date
// (a case answered since then was overdue then; one received since then did not exist).
std::vector<db::DueCase> due_on_past_day(Context& ctx, const std::string& agency, Date day, Date before) {
  std::vector<db::DueCase> out;
  for (const auto& c : db::cases_open_on(ctx.db(), agency, day)) {
    auto snap = workflows::DisclosureCase::replay(c.events, c.case_no, c.agency, ctx.calendar()).snapshot();
    if (!snap.is_open || !snap.due || !(snap.due->due < before)) continue;
    db::DueCase d;
    static_cast<db::ScopedCase&>(d) = static_cast<const db::ScopedCase&>(c);
    d.state = snap.state;
    d.due_on = snap.due->due;
    d.due_provisional = snap.due->provisional;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const db::DueCase& a, const db::DueCase& b) {
    return std::tie(a.due_on, a.case_no) < std::tie(b.due_on, b.case_no);
  });
  return out;
}

}  // namespace

OverdueList overdue(Context& ctx, const OverdueRequest& r) {
  check_within(r);
  workflows::check_page_limit(r.limit);
  if (r.offset < 0) throw UsageError("offset must be 0 or more");
  OverdueList l{as_of_or_today(ctx, r.as_of), r.agency, r.within, {}};
  check_agency(ctx, r.agency);
  const auto& cal = ctx.calendar();
  const Date before = due_before(ctx, l.as_of, r.within);
  std::vector<db::DueCase> due;
  if (l.as_of < ctx.today()) {
    due = due_on_past_day(ctx, r.agency, l.as_of, before);
    size_t from = std::min(due.size(), static_cast<size_t>(r.offset));
    size_t to = r.limit ? std::min(due.size(), from + static_cast<size_t>(*r.limit)) : due.size();
    due = std::vector<db::DueCase>(due.begin() + static_cast<long>(from), due.begin() + static_cast<long>(to));
  } else {
    due = db::cases_due_before(ctx.db(), r.agency, before, r.limit, r.offset);
  }
  for (auto& c : due) {
    OverdueRow row;
    static_cast<db::DueCase&>(row) = std::move(c);
    row.working_days_left = working_days_left(row.due_on, l.as_of, cal);
    l.rows.push_back(std::move(row));
  }
  return l;
}

DueCounts due_counts(Context& ctx, const OverdueRequest& r) {
  check_within(r);
  DueCounts d{as_of_or_today(ctx, r.as_of), {}, 0, 0};
  check_agency(ctx, r.agency);
  const Date before = due_before(ctx, d.as_of, r.within);
  if (d.as_of < ctx.today()) {
    std::map<std::string, db::DueCount> per;
    for (const auto& c : due_on_past_day(ctx, r.agency, d.as_of, before)) {
      auto& n = per[c.agency];
      n.agency = c.agency;
      ++(c.due_on < d.as_of ? n.overdue : n.soon);
    }
    for (auto& [code, n] : per) d.agencies.push_back(n);
  } else {
    d.agencies = db::due_counts(ctx.db(), r.agency, d.as_of, before);
  }
  for (const auto& a : d.agencies) {
    d.overdue += a.overdue;
    d.soon += a.soon;
  }
  return d;
}

nlohmann::json overdue_json(const OverdueList& l) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : l.rows)
    j.push_back({{"case", r.case_no},
                 {"agency", r.agency},
                 {"state", r.state},
                 {"received_on", r.received_on.str()},
                 {"due_on", r.due_on.str()},
                 {"working_days_left", r.working_days_left}});
  return j;
}

ChaseLists chase(Context& ctx, const ChaseRequest& r) {
  ChaseLists l{as_of_or_today(ctx, r.as_of), r.agency, {}, {}, {}};
  check_agency(ctx, r.agency);
  const auto& cal = ctx.calendar();
  auto paused = [&](const char* kind, std::vector<PausedRow>& out) {
    for (auto& c : db::lapsed_pauses(ctx.db(), r.agency, kind, l.as_of)) {
      PausedRow row;
      static_cast<db::PausedCase&>(row) = std::move(c);
      row.working_days_since_lapse = cal.working_days_between(row.lapses_on, l.as_of);
      out.push_back(std::move(row));
    }
  };
  paused("third-party", l.consultations);
  paused("fee", l.fees);
  for (auto& c : db::late_correction_notices(ctx.db(), r.agency, l.as_of)) {
    LateCorrectionRow row;
    static_cast<db::LateCorrectionCase&>(row) = std::move(c);
    row.notice_due_by = cal.add_working_days(row.received_on, workflows::kLateCorrectionDays);
    row.working_days_late = cal.working_days_between(row.notice_due_by, row.notice_on);
    l.corrections.push_back(std::move(row));
  }
  return l;
}

nlohmann::json chase_json(const ChaseLists& l) {
  auto paused = [&](const std::vector<PausedRow>& list, const char* started) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : list) {
      nlohmann::json row = {{"case", c.case_no},
                            {"agency", c.agency},
                            {"state", c.state},
                            {"received_on", c.received_on.str()},
                            {"due_on", opt_date(c.due_on)},
                            {started, c.paused_on.str()},
                            {"lapsed_on", c.lapses_on.str()},
                            {"working_days_since_lapse", c.working_days_since_lapse}};
      if (!c.amount.empty()) row["amount"] = c.amount;
      j.push_back(row);
    }
    return j;
  };
  nlohmann::json corrections = nlohmann::json::array();
  for (const auto& c : l.corrections)
    corrections.push_back({{"case", c.case_no},
                           {"agency", c.agency},
                           {"state", c.state},
                           {"received_on", c.received_on.str()},
                           {"notice_on", c.notice_on.str()},
                           {"notice_due_by", c.notice_due_by.str()},
                           {"working_days_late", c.working_days_late}});
  return {{"as_of", l.as_of.str()},
          {"agency", opt_agency(l.agency)},
          {"lapsed_consultations", paused(l.consultations, "consulted_on")},
          {"unpaid_fees", paused(l.fees, "fee_requested_on")},
          {"late_correction_notices", corrections}};
}

std::optional<double> TimelinessFigures::rate() const {
  if (closed == 0) return std::nullopt;
  return std::round(10000.0 * on_time / closed) / 100.0;
}

Timeliness timeliness(Context& ctx, const TimelinessRequest& r) {
  if (r.year < 1990 || r.year > 2999) throw UsageError(fmt::format("year {} is not a year from 1990 to 2999", r.year));
  check_agency(ctx, r.agency);
  Timeliness t{r.year, r.agency, ctx.today(), {}, {}};
  const auto& cal = ctx.calendar();
  for (const auto& row : db::timeliness(ctx.db(), r.agency, r.year, t.today)) {
    TimelinessFigures f{row.closed, row.on_time, row.withdrawn, row.open_overdue, std::nullopt};
    if (row.earliest_due) f.longest_overdue = -working_days_left(*row.earliest_due, t.today, cal);
    t.rows.push_back({row.agency, row.agency_name, row.agency_path, f});
    t.total.closed += f.closed;
    t.total.on_time += f.on_time;
    t.total.withdrawn += f.withdrawn;
    t.total.open_overdue += f.open_overdue;
    if (f.longest_overdue && (!t.total.longest_overdue || *f.longest_overdue > *t.total.longest_overdue))
      t.total.longest_overdue = f.longest_overdue;
  }
  return t;
}

nlohmann::json timeliness_json(const Timeliness& t) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : t.rows) {
    nlohmann::json j = {{"agency", r.agency}, {"name", r.agency_name}};
    j.update(figures_json(r.figures));
    list.push_back(j);
  }
  return {{"year", t.year}, {"agency", opt_agency(t.agency)}, {"overdue_as_of", t.today.str()}, {"rows", list},
          {"total", figures_json(t.total)}};
}

}  // namespace gongkai::app
