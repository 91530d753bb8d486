#include "db/annual_text_store.h"

#include "db/pg_session.h"

namespace gongkai::db {

int set_annual_text(Session& s, const std::string& agency, int year, int section, const std::string& body,
                    const std::string& actor) {
  return translated([&] {
    Statement tx(s.impl());
    auto r = tx->exec_params("select gk_annual_text_set($1, $2, $3, $4, $5)", agency, year, section, body,
                             actor.empty() ? nullptr : actor.c_str());
    tx.commit();
    return r[0][0].as<int>();
  });
}

std::vector<StoredAnnualText> annual_texts(Session& s, const std::string& agency, int year,
                                           std::optional<int> section) {
  auto& impl = s.impl();
  impl.prepare("annual_texts.sql");
  Statement tx(impl);
  std::vector<StoredAnnualText> out;
  const std::optional<std::string> sec = section ? std::optional(std::to_string(*section)) : std::nullopt;
  for (const auto& row : tx->exec_prepared("annual_texts.sql", agency, year, nullable(sec)))
    out.push_back({row["section"].as<int>(), row["version"].as<int>(), row["body"].c_str(), row["set_by"].c_str(),
                   row["set_at"].c_str()});
  return out;
}

std::map<std::string, long long> summed_figures(Session& s, const std::string& agency, int year,
                                                const std::vector<std::string>& keys) {
  auto& impl = s.impl();
  impl.prepare("annual_figures.sql");
  Statement tx(impl);
  std::string array = "{";
  for (const auto& k : keys) array += (array.size() > 1 ? ",\"" : "\"") + k + "\"";  // keys are [a-z.-]
  array += "}";
  std::map<std::string, long long> out;
  for (const auto& row : tx->exec_prepared("annual_figures.sql", agency.empty() ? nullptr : agency.c_str(), year, array))
    out[row["key"].c_str()] = row["value"].as<long long>();
  return out;
}

}  // namespace gongkai::db
