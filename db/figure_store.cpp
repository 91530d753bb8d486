#include "db/figure_store.h"

#include "db/pg_session.h"

#include <nlohmann/json.hpp>

namespace gongkai::db {
namespace {

// All keys in one statement: a command's figures are written completely or not at all.
void upsert(Session& s, const char* kind, const std::string& agency, int year, const std::vector<FigureValue>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& v : values) j[v.key] = v.value;
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_figures_set($1, $2, $3, $4::jsonb)", kind, agency, year, j.dump());
    tx.commit();
  });
}

}  // namespace

void set_figures(Session& s, const std::string& agency, int year, const std::vector<FigureValue>& values) {
  upsert(s, "figure", agency, year, values);
}

void set_baseline(Session& s, const std::string& agency, int before_year, const std::vector<FigureValue>& values) {
  upsert(s, "baseline", agency, before_year, values);
}

std::vector<StoredFigure> list_figures(Session& s, const std::string& agency) {
  auto& impl = s.impl();
  impl.prepare("list_figures.sql");
  Statement tx(impl);
  std::vector<StoredFigure> out;
  for (const auto& row : tx->exec_prepared("list_figures.sql", agency.empty() ? nullptr : agency.c_str()))
    out.push_back({row["agency"].c_str(), row["kind"].c_str(), row["year"].as<int>(), row["key"].c_str(),
                   row["value"].as<long long>()});
  return out;
}

}  // namespace gongkai::db
