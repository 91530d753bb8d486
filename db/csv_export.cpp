#include "db/csv_export.h"

#include <spdlog/spdlog.h>

#include "db/case_store.h"
#include "db/pg_session.h"
#include "engine/csv_writer.h"
#include "workflows/import_row.h"

namespace gongkai::db {

ExportStats export_csv(Session& s, std::ostream& out, const ExportOptions& opt) {
  if (!opt.agency.empty()) agency_or_throw(s, opt.agency);  // NotFound naming it
  if (opt.personal_data) {
    // Logged before anything is read: an export that fails half-way was still an access.
    std::optional<std::string> year = opt.year ? std::optional<std::string>(std::to_string(*opt.year)) : std::nullopt;
    translated([&] {
      Statement tx(s.impl());
      tx->exec_params("select gk_log_access('export-personal-data', $1, $2::int, '')",
                      opt.agency.empty() ? nullptr : opt.agency.c_str(), nullable(year));
      tx.commit();
    });
  }
  ExportStats stats;
  stats.personal_data = opt.personal_data;
  CsvWriter w(out);
  if (opt.bom) out << "\xEF\xBB\xBF";
  for (auto name : workflows::column_names()) w.field(name);
  w.end_record();

  auto& impl = s.impl();
  // One read-only transaction: the cursor reads one consistent snapshot, in batches.
  ReadOnly tx(impl);
  std::optional<std::string> year = opt.year ? std::optional<std::string>(std::to_string(*opt.year)) : std::nullopt;
  tx->exec_params(query_text("export_events.sql"), nullable(text_param(opt.agency)), nullable(year), opt.personal_data);
  const size_t columns = workflows::kColumnCount;
  std::string last_case;
  for (;;) {
    auto r = tx->exec("fetch forward 5000 from gk_export");
    if (r.empty()) break;
    for (const auto& row : r) {
      for (int i = 0; i < static_cast<int>(columns); ++i) w.field(row[i].is_null() ? "" : row[i].c_str());
      w.end_record();
      ++stats.events;
      if (row[static_cast<int>(columns)].as<bool>()) {
        if (!stats.details_not_exported)
          spdlog::warn("export: case {} event {} has details the CSV format has no column for; they are not exported",
                       row[0].c_str(), row[static_cast<int>(columns) + 1].c_str());
        ++stats.details_not_exported;
      }
      if (last_case != row[0].c_str()) {
        last_case = row[0].c_str();
        ++stats.cases;
      }
    }
    if (opt.progress) opt.progress(stats.events);
  }
  tx->exec("close gk_export");
  tx.commit();
  out.flush();
  if (!out) throw InternalError("could not write the export (disk full?)");
  return stats;
}

}  // namespace gongkai::db
