#include "db/csv_import.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "db/calendar_store.h"
#include "db/import_spill.h"
#include "db/pg_session.h"
#include "engine/csv_reader.h"
#include "engine/errors.h"
#include "engine/file_type.h"
#include "workflows/input_checks.h"

namespace gongkai::db {
namespace {

using workflows::RowProblem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The input's size from where it stands, for the progress line; 0 when it cannot seek (a pipe).
uint64_t remaining_size(std::istream& in) {
  in.clear();
  std::streampos start = in.tellg();
  if (start == std::streampos(-1) || !in.seekg(0, std::ios::end)) {
    in.clear();
    return 0;
  }
  std::streampos end = in.tellg();
  in.seekg(start);
  return end == std::streampos(-1) ? 0 : static_cast<uint64_t>(end - start);
}

// Reads the file once: the header, then every non-blank data row to `fn`.
template <class Fn>
void each_row(std::istream& in, uint64_t size, Fn&& fn, const ImportOptions& opt, std::vector<RowProblem>& problems) {
  CsvReader r(in);
  if (!r.next()) throw UsageError(opt.source + " is empty: a header row is required");
  workflows::ColumnMap columns = workflows::ColumnMap::from_header(r);
  r.expect_fields(r.size());
  ImportProgress p{"checking", 0, 0, size};
  for (;;) {
    try {
      if (!r.next()) break;
    } catch (const CsvError& e) {
      problems.push_back({e.row, ErrorKind::invalid_input, e.problem, false});
      fn(r, columns, &e);
      if (e.fatal) break;
      continue;
    }
    if (r.blank()) continue;
    fn(r, columns, nullptr);
    if (opt.progress && ++p.rows % 4096 == 0) {
      p.bytes = r.bytes_read();
      opt.progress(p);
    }
  }
  if (opt.progress) {
    p.bytes = size;
    opt.progress(p);
  }
}

std::optional<workflows::StoredCaseForImport> load_stored_case(Session& s, Work& tx, ImportSpill& spill,
                                                               const std::string& case_no) {
  auto& impl = s.impl();
  spill.pause();
  impl.prepare("import_stored_case.sql");
  auto r = tx->exec_prepared("import_stored_case.sql", case_no);
  if (r.empty()) return std::nullopt;
  workflows::StoredCaseForImport c;
  c.id = r[0]["id"].as<int64_t>();
  c.case_no = r[0]["case_no"].c_str();
  c.agency = r[0]["agency"].c_str();
  c.agency_id = r[0]["agency_id"].as<int>();
  c.state = r[0]["state"].c_str();
  c.appeal_state = r[0]["appeal_state"].c_str();
  c.event_count = r[0]["event_count"].as<int>();
  c.version = r[0]["updated_at"].c_str();
  for (const auto& row : r) c.events.push_back(event_from_row(row));
  return c;
}

// Checks done against the database once all rows are read, over the spilled cases: kept case
// numbers and letter refs that are already taken (a case whose number is taken is not checked
// for its letter ref). Such a case's later rows are not made dependent.
void check_taken(Session& s, Work& tx, const workflows::ImportValidator& v, std::vector<RowProblem>& problems) {
  auto& impl = s.impl();
  impl.prepare("import_taken_case_numbers.sql");
  for (const auto& row : tx->exec_prepared("import_taken_case_numbers.sql"))
    problems.push_back({row[0].as<size_t>(), ErrorKind::invalid_input,
                        fmt::format("case number {} already exists in the database (a file keeps the numbers "
                                    "of an export; import it into a database without them)",
                                    row[1].c_str()),
                        false});
  impl.prepare("import_taken_letter_refs.sql");
  for (const auto& row : tx->exec_prepared("import_taken_letter_refs.sql"))
    problems.push_back({row[0].as<size_t>(), ErrorKind::invalid_input,
                        fmt::format("case {}: letter ref '{}' is already registered at agency {}", row[1].c_str(),
                                    row[3].c_str(), v.agency_code(row[2].as<int>())),
                        false});
}

[[noreturn]] void fail_with(const std::vector<RowProblem>& problems, size_t rows, const ImportOptions& opt) {
  size_t refused = 0, dependent = 0, usage = 0;
  for (const auto& p : problems) {
    if (p.dependent) ++dependent;
    else if (p.kind == ErrorKind::refused) ++refused;
    else ++usage;
  }
  std::string msg = fmt::format("{} of {} row(s) in {} are bad", problems.size(), rows, opt.source);
  std::string parts;
  if (refused) parts += fmt::format("{} refused by the workflow rules", refused);
  if (dependent)
    parts += fmt::format("{}{} not checked after an earlier bad row of their case", parts.empty() ? "" : ", ",
                         dependent);
  if (!parts.empty()) msg += " (" + parts + ")";
  msg += "; nothing was imported";
  if (!opt.on_problem) {
    for (size_t i = 0; i < problems.size() && i < 5; ++i)
      msg += fmt::format("{} row {}: {}", i ? ";" : ":", problems[i].row, problems[i].message);
    if (problems.size() > 5) msg += "; …";
  }
  if (usage == 0) throw RuleViolation(msg);
  throw UsageError(msg);
}

// Every file of an archive names a case of its CSV (new or existing): the case's kind by its
// reference, once every row is good.
void check_file_cases(Session& s, Work& tx, const ImportOptions& opt) {
  auto& impl = s.impl();
  tx->exec("select gk_import_index('ref')");
  impl.prepare("import_attachment_case.sql");
  std::string last;
  for (const auto& f : *opt.files) {
    if (f.case_ref == last) continue;
    last = f.case_ref;
    auto r = tx->exec_prepared("import_attachment_case.sql", f.case_ref);
    if (r.empty() || std::string_view(r[0]["kind"].c_str()) == "unknown")
      throw UsageError(fmt::format("{} row {}: case '{}' has no rows in the archive's events; nothing was imported",
                                   opt.files_source, f.row, workflows::printable(f.case_ref)));
  }
}

// The archive's files, attached after the events in the import's transaction, each to the case
// its reference became. A case new in the file gets exactly the numbers and supersedes of the
// manifest (its files are its first); a case already stored numbers them on after its own.
void write_files(Session& s, Work& tx, const ImportOptions& opt, ImportStats& stats) {
  auto& impl = s.impl();
  impl.prepare("import_attachment_case.sql");
  std::string ref, case_no;
  bool fresh = false;
  size_t done = 0;
  for (const auto& f : *opt.files) {
    if (f.case_ref != ref) {
      auto r = tx->exec_prepared("import_attachment_case.sql", f.case_ref);
      if (r.empty() || r[0]["case_no"].is_null())
        throw InternalError("the import wrote no case for '" + workflows::printable(f.case_ref) + "'");
      ref = f.case_ref;
      case_no = r[0]["case_no"].c_str();
      fresh = std::string_view(r[0]["kind"].c_str()) == "fresh";
    }
    const std::string data = opt.file_bytes(f);
    // The type as attach gives it, from the bytes; the manifest's is what the exporter had.
    const std::string type = sniff_type(data);
    if (type != f.type)
      spdlog::warn("import: file {} of case {}: the archive says type {}, its bytes are {}; kept as {}", f.id, case_no,
                   f.type, type, type);
    pqxx::binarystring bytes(data.data(), data.size());
    auto r = translated([&] {
      return tx->exec_params1(
          "select file_no, sha256, size, supersedes from gk_attachment_restore($1, $2, $3, $4, $5, $6, $7::timestamptz)",
          case_no, f.name, type, f.note, bytes, nullable(text_param(f.actor)), nullable(text_param(f.attached_at)));
    });
    if (std::string_view(r["sha256"].c_str()) != f.sha256)
      throw UsageError(fmt::format("{} row {}: the bytes of entry '{}' do not hash to the manifest's SHA-256; nothing "
                                   "was imported",
                                   opt.files_source, f.row, workflows::printable(f.entry)));
    const std::optional<int> supersedes =
        r["supersedes"].is_null() ? std::nullopt : std::optional<int>(r["supersedes"].as<int>());
    if (fresh && (r["file_no"].as<int>() != f.id || supersedes != f.supersedes))
      throw InternalError(fmt::format("{} row {}: file {} of case {} was stored as file {}; nothing was imported",
                                      opt.files_source, f.row, f.id, case_no, r["file_no"].as<int>()));
    ++stats.files;
    stats.file_bytes += data.size();
    if (opt.progress && ++done % 16 == 0) opt.progress({"writing files", done, 0, 0});
  }
}

std::string conflict_message(const std::string& what) {
  return what + " while the import ran (another user was writing); nothing was imported: check and retry";
}

}  // namespace

ImportStats import_csv(Session& s, std::istream& in, const ImportOptions& opt) {
  const auto t0 = Clock::now();
  ImportStats stats;
  stats.dry_run = opt.dry_run;
  const uint64_t size = remaining_size(in);
  auto& impl = s.impl();

  workflows::ImportValidator::Lookups lookups;
  {
    Statement tx(impl);
    for (const auto& row : tx->exec("select code, id from gk_agency"))
      lookups.agencies[row[0].c_str()] = row[1].as<int>();
  }
  std::unique_ptr<LoadedCalendar> own_calendar;
  if (!opt.calendar) own_calendar = std::make_unique<LoadedCalendar>(load_calendar(s));
  const WorkingCalendar& cal = opt.calendar ? *opt.calendar : own_calendar->calendar;
  const long long calendar_version = opt.calendar ? opt.calendar_version : own_calendar->version;

  // One transaction from the first row read to the commit: the cases checked go into its
  // temporary tables, and nothing is visible to anyone before the COMMIT.
  try {
    Work tx(impl);
    // Each statement of the write runs once over every case: compiling it (JIT) costs more than
    // it saves.
    tx->exec("set local jit = off");
    ImportSpill spill(impl, *tx);
    lookups.stored_case = [&](const std::string& n) { return load_stored_case(s, tx, spill, n); };
    workflows::ImportValidator v(cal, opt.today ? *opt.today : today(), std::move(lookups), opt.live_cases, &spill);

    // Read and check every row.
    std::vector<RowProblem> problems;
    each_row(
        in, size,
        [&](const CsvReader& r, const workflows::ColumnMap& m, const CsvError* csv_error) {
          ++stats.rows;
          if (csv_error) {
            // A record the reader rejected is tied to its case only when its columns are intact.
            if (!csv_error->fatal && r.size() == r.expected_fields() &&
                valid_utf8_text(m.get(r, workflows::Col::case_ref)) && valid_utf8_text(m.get(r, workflows::Col::event)))
              v.mark_bad(r.row(), m.get(r, workflows::Col::case_ref), m.get(r, workflows::Col::event) == "received");
            return;
          }
          if (auto p = v.check_record(r, m, opt.actor)) problems.push_back(std::move(*p));
        },
        opt, problems);
    v.finish();
    spill.pause();
    spdlog::debug("import: rows read and checked in {:.2f}s ({} case(s) spilled, {} taken back)", seconds_since(t0),
                  spill.puts(), spill.takes());
    if (problems.empty()) check_taken(s, tx, v, problems);
    if (!problems.empty()) {
      std::stable_sort(problems.begin(), problems.end(), [](auto& a, auto& b) { return a.row < b.row; });
      if (opt.on_problem)
        for (const auto& p : problems) opt.on_problem(p);
      fail_with(problems, stats.rows, opt);
    }
    impl.prepare("import_counts.sql");
    {
      auto r = tx->exec_prepared("import_counts.sql");
      stats.cases = r[0][0].as<size_t>();
      stats.existing_cases = r[0][1].as<size_t>();
      stats.appended = r[0][2].as<size_t>();
    }
    stats.events = v.event_rows();
    if (opt.files) {
      check_file_cases(s, tx, opt);
      stats.archive = true;
      stats.files = opt.files->size();
      for (const auto& f : *opt.files) stats.file_bytes += static_cast<uint64_t>(f.size);
    }
    stats.check_seconds = seconds_since(t0);
    spdlog::debug("import: {} row(s) checked in {:.2f}s: {} new case(s), {} event(s) for {} existing case(s)",
                  stats.rows, stats.check_seconds, stats.cases, stats.appended, stats.existing_cases);
    if (opt.dry_run) return stats;  // rolled back
    if (opt.before_write) opt.before_write();

    // The write, in the database (gk_import_write): existing case rows (guarded), counters, the
    // new case rows, then every event, chained.
    const auto t1 = Clock::now();
    if (opt.progress) opt.progress({"writing", stats.rows, size, size});
    auto written = translated([&] { return tx->exec_params("select * from gk_import_write($1::bigint)", calendar_version); });
    if (written[0][0].as<size_t>() != stats.existing_cases)
      throw Conflict(conflict_message(fmt::format("{} of the {} existing case(s) in the file changed",
                                                  stats.existing_cases - written[0][0].as<size_t>(),
                                                  stats.existing_cases)));
    if (written[0][1].as<size_t>() != stats.events)
      throw InternalError(fmt::format("the import checked {} event(s) but would write {}; nothing was written",
                                      stats.events, written[0][1].as<size_t>()));
    if (opt.files) {
      stats.files = 0;
      stats.file_bytes = 0;
      write_files(s, tx, opt, stats);
    }
    tx.commit();
    stats.write_seconds = seconds_since(t1);
  } catch (const pqxx::unique_violation& e) {
    throw Conflict(conflict_message("a case number or letter ref of the file was taken"));
  } catch (const pqxx::transaction_rollback&) {  // serialization failure, deadlock
    throw Conflict(conflict_message("a case of the file changed"));
  }
  spdlog::debug("import: written in {:.2f}s", stats.write_seconds);
  return stats;
}

}  // namespace gongkai::db
