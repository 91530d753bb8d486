#include "db/csv_export.h"

#include <spdlog/spdlog.h>

#include "db/case_store.h"
#include "db/pg_session.h"
#include "engine/csv_writer.h"
#include "workflows/import_row.h"

namespace gongkai::db {
namespace {

std::optional<std::string> year_param(const ExportOptions& opt) {
  return opt.year ? std::optional<std::string>(std::to_string(*opt.year)) : std::nullopt;
}

// The agency exists (NotFound naming it), and an export with personal data is in the access log —
// logged before anything is read: an export that fails half-way was still an access.
void begin_export(Session& s, const ExportOptions& opt) {
  if (!opt.agency.empty()) agency_or_throw(s, opt.agency);
  if (!opt.personal_data) return;
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_log_access('export-personal-data', $1, $2::int, '')",
                    opt.agency.empty() ? nullptr : opt.agency.c_str(), nullable(year_param(opt)));
    tx.commit();
  });
}

// The CSV of every event of the selected cases, read through a cursor in `tx`.
void write_events(pqxx::transaction_base& tx, std::ostream& out, const ExportOptions& opt, ExportStats& stats) {
  CsvWriter w(out);
  if (opt.bom) out << "\xEF\xBB\xBF";
  for (auto name : workflows::column_names()) w.field(name);
  w.end_record();
  tx.exec_params(query_text("export_events.sql"), nullable(text_param(opt.agency)), nullable(year_param(opt)),
                 opt.personal_data);
  const size_t columns = workflows::kColumnCount;
  std::string last_case;
  for (;;) {
    auto r = tx.exec("fetch forward 5000 from gk_export");
    if (r.empty()) break;
    if (r.columns() != static_cast<pqxx::row::size_type>(columns + 2))
      throw InternalError("export_events.sql gives " + std::to_string(r.columns()) + " columns, not the " +
                          std::to_string(columns) + " of the CSV format and 2 more");
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
  tx.exec("close gk_export");
}

}  // namespace

ExportStats export_csv(Session& s, std::ostream& out, const ExportOptions& opt) {
  begin_export(s, opt);
  ExportStats stats;
  stats.personal_data = opt.personal_data;
  // One read-only transaction: the cursor reads one consistent snapshot, in batches.
  ReadOnly tx(s.impl());
  write_events(*tx, out, opt, stats);
  tx.commit();
  out.flush();
  if (!out) throw InternalError("could not write the export (disk full?)");
  return stats;
}

std::string archive_entry_name(const std::string& case_no, int file_no, const std::string& name) {
  std::string safe;
  for (unsigned char c : name) {
    const bool refused = c < 0x20 || c == 0x7f || std::string_view("/\\:*?\"<>|").find(static_cast<char>(c)) !=
                                                      std::string_view::npos;
    safe += refused ? '_' : static_cast<char>(c);
  }
  if (!safe.empty() && safe[0] == '.') safe[0] = '_';
  return "files/" + case_no + "/" + std::to_string(file_no) + "-" + safe;
}

ExportStats export_archive(Session& s, ZipStreamWriter& zip, const ExportOptions& opt) {
  begin_export(s, opt);
  ExportStats stats;
  stats.personal_data = opt.personal_data;
  // Repeatable read: the files listed are those of the events exported, whatever is written
  // meanwhile.
  Snapshot tx(s.impl());
  {
    std::ostream& events = zip.open_deflated(kArchiveEvents);
    write_events(*tx, events, opt, stats);
    if (!events) throw InternalError("could not write the archive's " + std::string(kArchiveEvents));
    zip.close_entry();
  }

  struct Listed {
    long long id;
    int file_no;
    std::string case_no, name, entry;
  };
  std::vector<Listed> listed;
  {
    auto rows = tx->exec_params(query_text("export_attachments.sql"), nullable(text_param(opt.agency)),
                                nullable(year_param(opt)));
    std::ostream& manifest = zip.open_deflated(kArchiveManifest);
    CsvWriter w(manifest);
    for (auto name : kManifestColumns) w.field(name);
    w.end_record();
    for (const auto& r : rows) {
      Listed f{r["id"].as<long long>(), r["file_no"].as<int>(), r["case_no"].c_str(), r["name"].c_str(), ""};
      if (opt.personal_data) f.entry = archive_entry_name(f.case_no, f.file_no, f.name);
      w.record({f.case_no, r["file_no"].c_str(), f.name, r["size"].c_str(), r["sha256"].c_str(), r["type"].c_str(),
                r["note"].is_null() ? "" : r["note"].c_str(), r["attached_at"].c_str(), r["actor"].c_str(),
                r["supersedes"].is_null() ? "" : r["supersedes"].c_str(), f.entry});
      listed.push_back(std::move(f));
    }
    if (!manifest) throw InternalError("could not write the archive's " + std::string(kArchiveManifest));
    zip.close_entry();
  }
  stats.files = listed.size();

  // Each file's bytes, one at a time (at most 25 MiB each), only with personal data.
  if (opt.personal_data) {
    auto& impl = s.impl();
    impl.prepare("export_attachment_data.sql");
    for (const auto& f : listed) {
      auto r = tx->exec_prepared("export_attachment_data.sql", f.id);
      if (r.empty())
        throw NotPermitted("the contents of file " + std::to_string(f.file_no) + " of case " + f.case_no +
                           " are not readable by this export (personal data)");
      if (!r[0]["intact"].as<bool>())
        throw InternalError("file " + std::to_string(f.file_no) + " of case " + f.case_no +
                            " does not match the SHA-256 kept with it: the stored bytes were changed (gongkai "
                            "verify names every such file); nothing was exported");
      pqxx::binarystring data(r[0]["data"]);
      zip.add_stored(f.entry, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
      stats.file_bytes += data.size();
    }
  }
  tx.commit();
  return stats;
}

}  // namespace gongkai::db
