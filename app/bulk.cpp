#include "app/bulk.h"

#include <cmath>

#include "app/permissions.h"
#include "db/session.h"
#include "workflows/input_checks.h"

namespace gongkai::app {

db::ImportOptions import_options(Context& ctx, const ImportRequest& r) {
  db::ImportOptions opt;
  opt.actor = ctx.actor();
  opt.dry_run = r.dry_run;
  opt.source = r.source;
  opt.today = ctx.today();
  opt.calendar = &ctx.calendar();
  opt.calendar_version = ctx.calendar_version();
  opt.progress = r.progress;
  opt.on_problem = r.on_problem;
  opt.live_cases = r.live_cases;
  opt.before_write = r.before_write;
  return opt;
}

ImportStats run_import(Context& ctx, std::istream& in, const db::ImportOptions& opt) {
  try {
    return db::import_csv(ctx.db(), in, opt);
  } catch (const db::CalendarChanged&) {
    throw Conflict("the calendar changed while the import was checked; nothing was imported: run it again");
  }
}

db::ExportOptions export_options(Context& ctx, const ExportRequest& r) {
  if (r.personal_data) require(ctx.me(), Action::export_personal);
  if (!r.agency.empty()) workflows::check_agency_code(r.agency, "agency");
  db::ExportOptions opt;
  opt.agency = r.agency;
  opt.year = r.year;
  opt.bom = r.bom;
  opt.personal_data = r.personal_data || (ctx.me().installation_admin && !r.mask_personal_data);
  return opt;
}

ImportStats import_csv(Context& ctx, std::istream& in, const ImportRequest& r) {
  require(ctx.me(), Action::import_cases);
  return run_import(ctx, in, import_options(ctx, r));
}

nlohmann::json import_json(const ImportStats& s) {
  nlohmann::json j = {{"dry_run", s.dry_run},
                      {"rows", s.rows},
                      {"cases", s.cases},
                      {"events", s.events},
                      {"existing_cases", s.existing_cases},
                      {"appended_events", s.appended},
                      {"seconds", std::round((s.check_seconds + s.write_seconds) * 1000) / 1000}};
  if (s.archive) {
    j["files"] = s.files;
    j["file_bytes"] = s.file_bytes;
  }
  return j;
}

ExportStats export_csv(Context& ctx, std::ostream& out, const ExportRequest& r) {
  return db::export_csv(ctx.db(), out, export_options(ctx, r));
}

}  // namespace gongkai::app
