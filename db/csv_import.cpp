#include "db/csv_import.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <unordered_map>

#include "db/calendar_store.h"
#include "db/case_row.h"
#include "db/pg_session.h"
#include "engine/csv_reader.h"
#include "engine/errors.h"

namespace gongkai::db {
namespace {

using workflows::ImportCase;
using workflows::RowProblem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The input, readable from its start as often as needed. A pipe is first copied to an unlinked
// temporary file (disk, not memory).
class Rereadable {
 public:
  explicit Rereadable(std::istream& in) : in_(&in) {
    in.clear();
    start_ = in.tellg();
    if (start_ != std::streampos(-1) && in.seekg(0, std::ios::end)) {
      std::streampos end = in.tellg();
      if (end != std::streampos(-1)) {
        size_ = static_cast<uint64_t>(end - start_);
        in.seekg(start_);
        return;
      }
    }
    in.clear();
    std::string path = (std::filesystem::temp_directory_path() / "gongkai-import-XXXXXX").string();
    int fd = mkstemp(path.data());
    if (fd < 0) throw InternalError("cannot create a temporary file to hold the input");
    spool_ = std::make_unique<std::fstream>(path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
    ::unlink(path.c_str());
    ::close(fd);
    std::vector<char> buf(1 << 16);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      spool_->write(buf.data(), in.gcount());
      size_ += static_cast<uint64_t>(in.gcount());
    }
    if (!*spool_) throw InternalError("cannot write the temporary copy of the input");
    in_ = spool_.get();
    start_ = 0;
  }
  std::istream& rewind() {
    in_->clear();
    in_->seekg(start_);
    return *in_;
  }
  uint64_t size() const { return size_; }

 private:
  std::istream* in_;
  std::unique_ptr<std::fstream> spool_;
  std::streampos start_ = 0;
  uint64_t size_ = 0;
};

// A fingerprint of the rows read, to notice a file that changed between its readings.
struct RowHash {
  uint64_t h = 1469598103934665603ull;
  void add(const CsvReader& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      for (unsigned char ch : r[i]) h = (h ^ ch) * 1099511628211ull;
      h = (h ^ 0x1f) * 1099511628211ull;
    }
    h = (h ^ 0x1e) * 1099511628211ull;
  }
};

// Reads one pass over the file: the header, then every non-blank data row to `fn`.
template <class Fn>
RowHash each_row(Rereadable& input, Fn&& fn, const ImportOptions& opt, const char* phase,
                 std::vector<RowProblem>* problems) {
  CsvReader r(input.rewind());
  if (!r.next()) throw UsageError(opt.source + " is empty: a header row is required");
  workflows::ColumnMap columns = workflows::ColumnMap::from_header(r);
  r.expect_fields(r.size());
  RowHash hash;
  hash.add(r);
  ImportProgress p{phase, 0, 0, input.size()};
  for (;;) {
    try {
      if (!r.next()) break;
    } catch (const CsvError& e) {
      if (!problems)
        throw InternalError(opt.source + " changed while it was imported (" + e.what() + "); nothing was written");
      problems->push_back({e.row, ExitCode::usage, e.problem, false});
      fn(r, columns, &e);
      if (e.fatal) break;
      continue;
    }
    hash.add(r);
    if (r.blank()) continue;
    fn(r, columns, nullptr);
    if (opt.progress && ++p.rows % 4096 == 0) {
      p.bytes = r.bytes_read();
      opt.progress(p);
    }
  }
  if (opt.progress) {
    p.bytes = input.size();
    opt.progress(p);
  }
  return hash;
}

// When each existing case's row was last written (gk_case.updated_at, as text), by id.
using RowVersions = std::unordered_map<int64_t, std::string>;

std::optional<workflows::StoredCaseForImport> load_stored_case(Session& s, const std::string& case_no,
                                                               RowVersions& versions) {
  auto& impl = s.impl();
  impl.prepare("import_stored_case.sql");
  pqxx::nontransaction tx(impl.conn);
  auto r = tx.exec_prepared("import_stored_case.sql", case_no);
  if (r.empty()) return std::nullopt;
  workflows::StoredCaseForImport c;
  c.id = r[0]["id"].as<int64_t>();
  c.case_no = r[0]["case_no"].c_str();
  c.agency = r[0]["agency"].c_str();
  c.agency_id = r[0]["agency_id"].as<int>();
  c.state = r[0]["state"].c_str();
  c.appeal_state = r[0]["appeal_state"].c_str();
  c.event_count = r[0]["event_count"].as<int>();
  versions[c.id] = r[0]["updated_at"].c_str();
  for (const auto& row : r) {
    c.events.push_back(event_from_row(row));
  }
  return c;
}

// Checks done against the database once all rows are read: kept case numbers and letter refs
// that are already taken (a case whose number is taken is not checked for its letter ref).
void check_taken(Session& s, workflows::ImportValidator& v, std::vector<RowProblem>& problems) {
  auto& impl = s.impl();
  // The parameters are JSON arrays, written directly: no per-item objects for 100 000 cases.
  auto quoted = [](std::string_view t) { return nlohmann::json(t).dump(); };
  std::string numbers = "[";
  for (auto& c : v.cases())
    if (c.kind == ImportCase::Kind::fresh && c.kept_number && !c.bad_row)
      numbers += (numbers.size() > 1 ? "," : "") + quoted(*c.ref);
  numbers += "]";
  if (numbers.size() > 2) {
    impl.prepare("import_taken_case_numbers.sql");
    pqxx::nontransaction tx(impl.conn);
    for (const auto& row : tx.exec_prepared("import_taken_case_numbers.sql", numbers)) {
      ImportCase* c = v.find(row[0].c_str());
      problems.push_back({c->first_row, ExitCode::usage,
                          fmt::format("case number {} already exists in the database (a file keeps the numbers "
                                      "of an export; import it into a database without them)",
                                      *c->ref),
                          false});
      v.mark_case_bad(*c, c->first_row);
    }
  }
  std::string refs = "[";
  v.for_each_letter_ref([&](int agency_id, std::string_view ref, ImportCase& c) {
    if (!c.bad_row) refs += (refs.size() > 1 ? ",[" : "[") + std::to_string(agency_id) + "," + quoted(ref) + "]";
  });
  refs += "]";
  if (refs.size() > 2) {
    impl.prepare("import_taken_letter_refs.sql");
    pqxx::nontransaction tx(impl.conn);
    for (const auto& row : tx.exec_prepared("import_taken_letter_refs.sql", refs)) {
      ImportCase* c = v.find_letter_ref(row[0].as<int>(), row[1].c_str());
      problems.push_back({c->first_row, ExitCode::usage,
                          fmt::format("case {}: letter ref '{}' is already registered at agency {}", *c->ref,
                                      row[1].c_str(), v.agency_code(row[0].as<int>())),
                          false});
      v.mark_case_bad(*c, c->first_row);
    }
  }
}

[[noreturn]] void fail_with(const std::vector<RowProblem>& problems, size_t rows, const ImportOptions& opt) {
  size_t refused = 0, dependent = 0, usage = 0;
  for (const auto& p : problems) {
    if (p.dependent) ++dependent;
    else if (p.code == ExitCode::refused) ++refused;
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

std::string conflict_message(const std::string& what) {
  return what + " while the import ran (another user was writing); nothing was imported: check and retry";
}

// COPY helper: a row of N nullable text values.
template <size_t N>
using CopyRow = std::array<const char*, N>;

void write_existing(pqxx::work& tx, workflows::ImportValidator& v, const RowVersions& versions) {
  size_t n = 0;
  for (const auto& c : v.cases())
    if (c.kind == ImportCase::Kind::existing) ++n;
  if (!n) return;
  tx.exec(query_text("import_case_update_table.sql"));
  {
    static const std::vector<std::string> cols = {
        "id", "expected_count", "expected_updated_at", "state", "appeal_state", "is_open", "due_on",
        "due_provisional", "final_due_on", "outcome", "answered_on", "closed_on", "closed_kind",
        "correction_notice_on", "late_correction_notice",
        "pause_kind", "pause_lapses_on", "reconsideration_filed_on", "reconsideration_result",
        "reconsideration_decided_on", "litigation_filed_on", "litigation_direct", "litigation_result",
        "litigation_decided_on", "last_event_on", "event_count"};
    pqxx::stream_to out(tx, "gk_import_case_update", cols);
    Params p;
    for (const auto& c : v.cases()) {
      if (c.kind != ImportCase::Kind::existing) continue;
      p = {std::to_string(c.id), std::to_string(c.base_count), versions.at(c.id)};
      snapshot_params(workflows::expand_snapshot(c.snapshot, v.words()), p);
      CopyRow<26> row;
      for (size_t i = 0; i < row.size(); ++i) row[i] = nullable(p[i]);
      out << row;
    }
    out.complete();
  }
  auto r = tx.exec(query_text("import_update_cases.sql"));
  if (r.affected_rows() != n)
    throw Conflict(conflict_message(fmt::format("{} of the {} existing case(s) in the file changed",
                                                n - r.affected_rows(), n)));
}

// Numbers the new cases (file order within agency and year, after every kept number) and gives
// them ids, in two round trips.
void number_new_cases(pqxx::work& tx, workflows::ImportValidator& v) {
  struct Count {
    int generated = 0, highest_kept = 0, base = 0;
  };
  std::map<std::pair<int, int>, Count> counts;  // (agency id, year)
  size_t fresh = 0;
  for (const auto& c : v.cases()) {
    if (c.kind != ImportCase::Kind::fresh) continue;
    ++fresh;
    Count& k = counts[{c.agency_id, c.received_on.year()}];
    if (c.kept_number) k.highest_kept = std::max(k.highest_kept, c.number);
    else ++k.generated;
  }
  if (!fresh) return;
  nlohmann::json keys = nlohmann::json::array(), advance = nlohmann::json::array();
  for (const auto& [key, k] : counts) {
    keys.push_back({key.first, key.second});
    advance.push_back({key.first, key.second, k.generated, k.highest_kept});
  }
  tx.exec_prepared("import_open_counters.sql", keys.dump());
  tx.exec_prepared("import_lock_counters.sql", keys.dump());
  for (const auto& row : tx.exec_prepared("import_advance_counters.sql", advance.dump()))
    counts[{row[0].as<int>(), row[1].as<int>()}].base = row[2].as<int>();
  auto ids = tx.exec_params("select nextval(pg_get_serial_sequence('gk_case', 'id')) from generate_series(1, $1::int)",
                            static_cast<int>(fresh));
  size_t i = 0;
  for (auto& c : v.cases()) {
    if (c.kind != ImportCase::Kind::fresh) continue;
    c.id = ids[i++][0].as<int64_t>();
    if (!c.kept_number) c.number = ++counts[{c.agency_id, c.received_on.year()}].base;
  }
}

}  // namespace

ImportStats import_csv(Session& s, std::istream& in, const ImportOptions& opt) {
  const auto t0 = Clock::now();
  ImportStats stats;
  stats.dry_run = opt.dry_run;
  Rereadable input(in);
  auto& impl = s.impl();

  workflows::ImportValidator::Lookups lookups;
  {
    pqxx::nontransaction tx(impl.conn);
    for (const auto& row : tx.exec("select code, id from gk_agency"))
      lookups.agencies[row[0].c_str()] = row[1].as<int>();
  }
  RowVersions versions;
  lookups.stored_case = [&s, &versions](const std::string& n) { return load_stored_case(s, n, versions); };
  std::unique_ptr<WorkingCalendar> own_calendar;
  if (!opt.calendar) own_calendar = std::make_unique<WorkingCalendar>(load_calendar(s));
  const WorkingCalendar& cal = opt.calendar ? *opt.calendar : *own_calendar;
  workflows::ImportValidator v(cal, opt.today ? *opt.today : today(), std::move(lookups), opt.live_cases);

  // Pass 1: read and check every row.
  std::vector<RowProblem> problems;
  const RowHash checked = each_row(
      input,
      [&](const CsvReader& r, const workflows::ColumnMap& m, const CsvError* csv_error) {
        if (csv_error) {
          ++stats.rows;
          // A record the reader rejected is tied to its case only when its columns are intact.
          if (!csv_error->fatal && r.size() == r.expected_fields() &&
              valid_utf8_text(m.get(r, workflows::Col::case_ref)) && valid_utf8_text(m.get(r, workflows::Col::event)))
            v.mark_bad(r.row(), m.get(r, workflows::Col::case_ref), m.get(r, workflows::Col::event) == "received");
          return;
        }
        ++stats.rows;
        if (auto p = v.check_record(r, m, opt.actor)) problems.push_back(std::move(*p));
      },
      opt, "checking", &problems);
  spdlog::debug("import: rows read and checked in {:.2f}s", seconds_since(t0));
  if (problems.empty()) check_taken(s, v, problems);
  spdlog::debug("import: taken numbers and letter refs looked up by {:.2f}s", seconds_since(t0));
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](auto& a, auto& b) { return a.row < b.row; });
    if (opt.on_problem)
      for (const auto& p : problems) opt.on_problem(p);
    fail_with(problems, stats.rows, opt);
  }
  v.finish();
  for (const auto& c : v.cases()) {
    if (c.kind == ImportCase::Kind::fresh) ++stats.cases;
    if (c.kind == ImportCase::Kind::existing) {
      ++stats.existing_cases;
      stats.appended += static_cast<size_t>(c.snapshot.event_count - c.base_count);
    }
  }
  stats.events = v.event_rows();
  stats.check_seconds = seconds_since(t0);
  spdlog::debug("import: {} row(s) checked in {:.2f}s: {} new case(s), {} event(s) for {} existing case(s)", stats.rows,
               stats.check_seconds, stats.cases, stats.appended, stats.existing_cases);
  if (opt.dry_run) return stats;
  if (opt.before_write) opt.before_write();

  // Passes 2 and 3, in one transaction: case rows, then events (their key needs the case row).
  const auto t1 = Clock::now();
  impl.prepare("import_open_counters.sql");
  impl.prepare("import_lock_counters.sql");
  impl.prepare("import_advance_counters.sql");
  auto changed = [&](const std::string& what) {
    return InternalError(opt.source + " changed while it was imported (" + what + "); nothing was written");
  };
  try {
    pqxx::work tx(impl.conn);
    write_existing(tx, v, versions);
    number_new_cases(tx, v);
    spdlog::debug("import: existing cases updated, new cases numbered in {:.2f}s", seconds_since(t1));

    static const std::vector<std::string> case_cols = {
        "id", "case_no", "agency_id", "regime", "received_on", "channel", "applicant_type", "applicant", "subject",
        "letter_ref", "contact", "state", "appeal_state", "is_open", "due_on", "due_provisional", "final_due_on",
        "outcome", "answered_on", "closed_on", "closed_kind", "correction_notice_on", "late_correction_notice",
        "pause_kind", "pause_lapses_on", "reconsideration_filed_on", "reconsideration_result",
        "reconsideration_decided_on", "litigation_filed_on", "litigation_direct", "litigation_result",
        "litigation_decided_on", "last_event_on", "event_count"};
    if (stats.cases) {
      pqxx::stream_to out(tx, "gk_case", case_cols);
      Params p;
      RowHash h = each_row(
          input,
          [&](const CsvReader& r, const workflows::ColumnMap& m, const CsvError*) {
            if (m.get(r, workflows::Col::event) != "received") return;
            auto row = workflows::read_import_row(r, m, opt.actor);
            ImportCase* c = v.find(row.ref);
            if (!c || c->kind != ImportCase::Kind::fresh) throw changed("row " + std::to_string(r.row()));
            const auto& f = row.facts;
            p = {std::to_string(c->id),
                 workflows::ImportValidator::case_number(f.agency, f.received_on.year(), c->number),
                 std::to_string(c->agency_id),
                 std::to_string(f.regime),
                 f.received_on.str(),
                 f.channel,
                 f.applicant_type,
                 f.applicant,
                 text_param(f.subject),
                 text_param(f.letter_ref),
                 text_param(f.contact)};
            snapshot_params(workflows::expand_snapshot(c->snapshot, v.words()), p);
            CopyRow<34> line;
            for (size_t i = 0; i < line.size(); ++i) line[i] = nullable(p[i]);
            out << line;
          },
          opt, "writing cases", nullptr);
      out.complete();
      if (h.h != checked.h) throw changed("its rows differ");
      spdlog::debug("import: case rows written by {:.2f}s", seconds_since(t1));
    }
    {
      static const std::vector<std::string> event_cols = {"case_id", "seq", "kind", "occurred_on", "actor", "details"};
      pqxx::stream_to out(tx, "gk_event", event_cols);
      std::string id, seq, on, details;
      RowHash h = each_row(
          input,
          [&](const CsvReader& r, const workflows::ColumnMap& m, const CsvError*) {
            auto row = workflows::read_import_row(r, m, opt.actor);
            ImportCase* c = v.find(row.ref);
            if (!c || c->kind == ImportCase::Kind::unknown) throw changed("row " + std::to_string(r.row()));
            int n = c->base_count + ++c->written;
            if (n > c->snapshot.event_count) throw changed("row " + std::to_string(r.row()));
            id = std::to_string(c->id);
            seq = std::to_string(n);
            on = row.event.on.str();
            details = row.event.details.dump();
            out << CopyRow<6>{id.c_str(), seq.c_str(), row.event.kind.c_str(), on.c_str(), row.event.actor.c_str(),
                              details.c_str()};
          },
          opt, "writing events", nullptr);
      out.complete();
      if (h.h != checked.h) throw changed("its rows differ");
    }
    tx.commit();
  } catch (const pqxx::unique_violation& e) {
    throw Conflict(conflict_message("a case number or letter ref of the file was taken"));
  } catch (const pqxx::transaction_rollback&) {  // serialization failure, deadlock
    throw Conflict(conflict_message("a case of the file changed"));
  }
  stats.write_seconds = seconds_since(t1);
  spdlog::debug("import: written in {:.2f}s", stats.write_seconds);
  return stats;
}

}  // namespace gongkai::db
