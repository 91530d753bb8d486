#include "db/calendar_store.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "db/pg_session.h"
#include "engine/errors.h"
#include "workflows/disclosure_case.h"

namespace gongkai::db {
namespace {

// How long a calendar change waits for running writers before giving up.
constexpr const char* kLockTimeout = "120s";

WorkingCalendar calendar_from(const pqxx::result& r) {
  std::map<int, YearArrangement> years;
  for (const auto& row : r) {
    auto& y = years[row[0].as<int>()];
    y.year = row[0].as<int>();
    y.source = row[1].c_str();
    if (!row[2].is_null())
      y.days.push_back({parse_date(row[2].c_str(), "stored calendar day"), row[3].as<bool>(), row[4].c_str()});
  }
  WorkingCalendar cal;
  for (const auto& [_, y] : years) cal.load(y);
  return cal;
}

// A case as calendar_recompute_cases.sql returns it.
struct CaseForRecompute {
  std::string case_no, agency, state, appeal_state;
  bool is_open = false;
  int event_count = 0;
  std::optional<Date> due_on, final_due_on, pause_lapses_on;
  bool due_provisional = false, late_correction_notice = false;
  std::vector<EventRecord> events;
};

std::vector<CaseForRecompute> cases_for_recompute(Work& tx, Date first, Date last) {
  auto r = tx->exec_prepared("calendar_recompute_cases.sql", first.str(), last.str());
  std::vector<CaseForRecompute> out;
  for (const auto& row : r) {
    std::string case_no = row["case_no"].c_str();
    if (out.empty() || out.back().case_no != case_no) {
      CaseForRecompute c;
      c.case_no = case_no;
      c.agency = row["agency"].c_str();
      c.is_open = row["is_open"].as<bool>();
      c.state = row["state"].c_str();
      c.appeal_state = row["appeal_state"].c_str();
      c.event_count = row["event_count"].as<int>();
      c.due_on = opt_date(row["due_on"]);
      c.due_provisional = row["due_provisional"].as<bool>();
      c.final_due_on = opt_date(row["final_due_on"]);
      c.pause_lapses_on = opt_date(row["pause_lapses_on"]);
      c.late_correction_notice = row["late_correction_notice"].as<bool>();
      out.push_back(std::move(c));
    }
    out.back().events.push_back(event_from_row(row));
  }
  return out;
}

nlohmann::json date_json(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr);
}

// Takes the calendar exclusively for this transaction and bumps its version
// (gk_calendar_begin): writers hold it shared only while they write, so this waits at most for
// the writes under way; saying so when it has to wait.
void lock_calendar(Work& tx) {
  if (!tx->exec("select gk_calendar_begin(false)")[0][0].is_null()) return;
  spdlog::warn("waiting for other gongkai commands that are writing to finish (at most {})", kLockTimeout);
  tx->exec(std::string("set local lock_timeout = '") + kLockTimeout + "'");
  try {
    tx->exec("select gk_calendar_begin(true)");
  } catch (const pqxx::sql_error& e) {
    if (sqlstate(e) == "55P03")
      throw Conflict(std::string("other gongkai commands kept the calendar in use for ") + kLockTimeout +
                     "; nothing was changed: try again");
    throw;
  }
}

// Replays the cases the change touches with `cal`; fills `result` and returns the rewrites of
// the open cases whose deadline columns changed (as calendar_rewrite_cases.sql takes them).
nlohmann::json recompute(Work& tx, const WorkingCalendar& cal, Date first, Date last,
                         CalendarLoadResult& result) {
  nlohmann::json rewrites = nlohmann::json::array();
  for (const auto& c : cases_for_recompute(tx, first, last)) {
    std::optional<workflows::DisclosureCase> replayed;
    try {
      replayed.emplace(workflows::DisclosureCase::replay(c.events, c.case_no, c.agency, cal));
    } catch (const InternalError& e) {
      // An event that was allowed on the old calendar (an extension on the last day, an appeal
      // of an overdue case) may not be on the new one. The record is append-only, so the only
      // safe answer is to change nothing and say which case stands in the way.
      throw RuleViolation(std::string("the new calendar does not fit a recorded history, nothing was changed: ") +
                          e.what());
    }
    auto s = replayed->snapshot();
    // Only the columns the calendar cannot move: the others are what this recomputes.
    if (s.state != c.state || s.appeal_state != c.appeal_state || s.event_count != c.event_count)
      throw InternalError("case " + c.case_no + ": its history replays to " + s.state + "/" + s.appeal_state +
                          " but the case row says " + c.state + "/" + c.appeal_state +
                          " (corruption: run 'gongkai verify'); nothing was changed");
    // Closed cases too: their final due date is the one the official calendar gives, which is
    // what the on-time rate must count against (it was provisional if the year was not loaded).
    if (c.is_open) ++result.open_cases;
    std::optional<Date> due = s.due ? std::optional<Date>(s.due->due) : std::nullopt;
    std::optional<Date> final_due = s.final_due ? std::optional<Date>(s.final_due->due) : std::nullopt;
    bool provisional = s.due && s.due->provisional;
    bool changed = due != c.due_on || provisional != c.due_provisional || final_due != c.final_due_on ||
                   s.pause_lapses_on != c.pause_lapses_on || s.late_correction_notice != c.late_correction_notice;
    if (!changed) continue;
    RecomputedCase rc{c.case_no, c.due_on, due, c.due_provisional, provisional};
    if (due != c.due_on) result.moved.push_back(rc);
    else if (provisional != c.due_provisional) result.flag_changed.push_back(rc);
    else ++result.other_rewritten;
    rewrites.push_back({{"case_no", c.case_no},
                        {"event_count", c.event_count},
                        {"due_on", date_json(due)},
                        {"due_provisional", provisional},
                        {"final_due_on", date_json(final_due)},
                        {"pause_lapses_on", date_json(s.pause_lapses_on)},
                        {"late_correction_notice", s.late_correction_notice}});
  }
  return rewrites;
}

}  // namespace

LoadedCalendar load_calendar(Session& s) {
  Snapshot tx(s.impl());
  LoadedCalendar out;
  out.version = tx->exec("select version from gk_calendar_state")[0][0].as<long long>();
  out.calendar = calendar_from(tx->exec(query_text("calendar_days.sql")));
  tx.commit();
  return out;
}

long long calendar_version(Session& s) {
  Statement tx(s.impl());
  return tx->exec("select version from gk_calendar_state")[0][0].as<long long>();
}

CalendarLoadResult load_arrangements(Session& s, const std::vector<YearArrangement>& years, bool only_missing) {
  auto& impl = s.impl();
  for (const char* q : {"calendar_day_clash.sql", "calendar_recompute_cases.sql"}) impl.prepare(q);
  CalendarLoadResult result;
  return translated([&] {
  Work tx(impl);
  lock_calendar(tx);

  std::set<int> written;
  for (const auto& y : years) {
    bool exists = !tx->exec_params("select 1 from gk_calendar_year where year = $1", y.year).empty();
    if (exists && only_missing) {
      result.skipped.push_back(y.year);
      continue;
    }
    nlohmann::json dates = nlohmann::json::array(), days = nlohmann::json::array();
    for (const auto& d : y.days) {
      dates.push_back(d.date.str());
      days.push_back({{"day", d.date.str()}, {"off", d.off}, {"name", d.name}});
    }
    auto clash = tx->exec_prepared("calendar_day_clash.sql", y.year, dates.dump());
    if (!clash.empty())
      throw UsageError(fmt::format("{} (year {}): {} is already listed by the {} notice; a day belongs to one "
                                   "notice only (load that year again without it first); nothing was changed",
                                   y.source, y.year, clash[0][0].c_str(), clash[0][1].c_str()));
    tx->exec_params("select gk_calendar_store_year($1, $2, $3::jsonb)", y.year, y.source, days.dump());
    (exists ? result.replaced : result.added).push_back(y.year);
    written.insert(y.year);
  }

  if (!written.empty()) {
    // Days of the years written, and the December before (a notice may list late-December days).
    Date first = Date::from_ymd(*written.begin() - 1, 12, 1);
    Date last = Date::from_ymd(*written.rbegin(), 12, 31);
    WorkingCalendar cal = calendar_from(tx->exec(query_text("calendar_days.sql")));
    nlohmann::json rewrites = recompute(tx, cal, first, last, result);
    if (!rewrites.empty()) {
      auto r = tx->exec_params("select gk_calendar_rewrite($1::jsonb)", rewrites.dump());
      // The rows are locked, so this cannot happen unless the lock was not taken: refuse.
      if (r.size() != rewrites.size())
        throw Conflict("open cases changed while the calendar was loaded; nothing was changed: try again");
    }
    spdlog::info("calendar: years {} written, {} open case(s) replayed, {} due date(s) moved",
                 fmt::join(written, ", "), result.open_cases, result.moved.size());
  }
  tx.commit();
  return result;
  });
}

std::vector<int> store_arrangements(Session& s, const std::vector<YearArrangement>& years, bool only_missing) {
  auto r = load_arrangements(s, years, only_missing);
  std::vector<int> written = r.added;
  written.insert(written.end(), r.replaced.begin(), r.replaced.end());
  std::sort(written.begin(), written.end());
  return written;
}

StoredYear stored_year(Session& s, int year) {
  auto& impl = s.impl();
  impl.prepare("calendar_year_days.sql");
  Statement tx(impl);
  StoredYear out;
  out.year = year;
  auto y = tx->exec_params(
      "select source, to_char(loaded_at, 'YYYY-MM-DD HH24:MI:SS TZ') from gk_calendar_year where year = $1", year);
  if (!y.empty()) {
    out.loaded = true;
    out.source = y[0][0].c_str();
    out.loaded_at = y[0][1].c_str();
  }
  for (const auto& row : tx->exec_prepared("calendar_year_days.sql", year))
    out.days.push_back({parse_date(row[0].c_str(), "stored calendar day"), row[1].as<bool>(), row[2].c_str(),
                        row[3].as<int>()});
  return out;
}

}  // namespace gongkai::db
