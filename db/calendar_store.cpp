#include "db/calendar_store.h"

#include <map>

#include "db/pg_session.h"

namespace gongkai::db {

WorkingCalendar load_calendar(Session& s) {
  pqxx::nontransaction tx(s.impl().conn);
  auto r = tx.exec(
      "select y.year, y.source, d.day, d.off, d.name from gk_calendar_year y "
      "left join gk_calendar_day d on d.year = y.year order by y.year, d.day");
  std::map<int, YearArrangement> years;
  for (const auto& row : r) {
    auto& y = years[row[0].as<int>()];
    y.year = row[0].as<int>();
    y.source = row[1].c_str();
    if (!row[2].is_null()) y.days.push_back({parse_date(row[2].c_str()), row[3].as<bool>(), row[4].c_str()});
  }
  WorkingCalendar cal;
  for (const auto& [_, y] : years) cal.load(y);
  return cal;
}

std::vector<int> store_arrangements(Session& s, const std::vector<YearArrangement>& years, bool only_missing) {
  pqxx::work tx(s.impl().conn);
  std::vector<int> written;
  for (const auto& y : years) {
    bool exists = !tx.exec_params("select 1 from gk_calendar_year where year = $1", y.year).empty();
    if (exists && only_missing) continue;
    tx.exec_params("delete from gk_calendar_year where year = $1", y.year);
    tx.exec_params("insert into gk_calendar_year (year, source) values ($1, $2)", y.year, y.source);
    for (const auto& d : y.days)
      tx.exec_params("insert into gk_calendar_day (year, day, off, name) values ($1, $2::date, $3, $4)", y.year,
                     d.date.str(), d.off, d.name);
    written.push_back(y.year);
  }
  tx.commit();
  return written;
}

}  // namespace gongkai::db
