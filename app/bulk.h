// Bulk import and export in the CSV format of docs/import-export.md (the archive with the cases'
// files: app/archive.h).
#pragma once
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "app/context.h"
#include "db/csv_export.h"
#include "db/csv_import.h"

namespace gongkai::app {

struct ImportRequest {
  bool dry_run = false;
  std::string source = "the file";  // how messages name the input
  std::function<void(const workflows::RowProblem&)> on_problem;  // every bad row, in row order
  std::function<void(const db::ImportProgress&)> progress;
  size_t live_cases = 1024;           // cases held in memory while checking (db/csv_import.h)
  std::function<void()> before_write;  // runs after checking, before writing (tests use it)
};
using ImportStats = db::ImportStats;
using ImportProgress = db::ImportProgress;
// Admins. All or nothing (db/csv_import.h); the administrator's import keeps the file's actors and
// recorded_at, a member admin's records itself, now.
ImportStats import_csv(Context& ctx, std::istream& in, const ImportRequest& r);
nlohmann::json import_json(const ImportStats& s);

struct ExportRequest {
  std::string agency;
  std::optional<int> year;
  bool bom = false;
  bool personal_data = false;  // admins only, logged
  bool mask_personal_data = false;  // the installation's administrator: masked after all
};
using ExportStats = db::ExportStats;
// Every event of the cases the member sees (of the agency's subtree and year), applicants' names
// and contacts masked unless `personal_data` (admins). The installation's administrator exports
// them by default — as before there were members, so that an export re-imports into the same
// cases — unless `mask_personal_data`. Every export with personal data is in the access log.
ExportStats export_csv(Context& ctx, std::ostream& out, const ExportRequest& r);

// What import_csv and import_archive share: the options of an import as the request and the
// context give them, running it (a calendar changed meanwhile is a conflict), and the options of
// an export (who may have personal data).
db::ImportOptions import_options(Context& ctx, const ImportRequest& r);
ImportStats run_import(Context& ctx, std::istream& in, const db::ImportOptions& opt);
db::ExportOptions export_options(Context& ctx, const ExportRequest& r);

}  // namespace gongkai::app
