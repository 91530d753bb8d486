#include "db/figure_store.h"

#include "db/pg_session.h"

namespace gongkai::db {
namespace {

// All keys in one transaction: a command's figures are written completely or not at all.
void upsert(Session& s, const std::string& statement, int agency_id, int year, const std::vector<FigureValue>& values) {
  auto& impl = s.impl();
  impl.prepare(statement);
  pqxx::work tx(impl.conn);
  for (const auto& v : values) tx.exec_prepared(statement, agency_id, year, v.key, v.value);
  tx.commit();
}

}  // namespace

void set_figures(Session& s, int agency_id, int year, const std::vector<FigureValue>& values) {
  upsert(s, "set_figure.sql", agency_id, year, values);
}

void set_baseline(Session& s, int agency_id, int before_year, const std::vector<FigureValue>& values) {
  upsert(s, "set_baseline.sql", agency_id, before_year, values);
}

std::vector<StoredFigure> list_figures(Session& s, const std::string& agency) {
  auto& impl = s.impl();
  impl.prepare("list_figures.sql");
  pqxx::nontransaction tx(impl.conn);
  std::vector<StoredFigure> out;
  for (const auto& row : tx.exec_prepared("list_figures.sql", agency.empty() ? nullptr : agency.c_str()))
    out.push_back({row["agency"].c_str(), row["kind"].c_str(), row["year"].as<int>(), row["key"].c_str(),
                   row["value"].as<long long>()});
  return out;
}

}  // namespace gongkai::db
