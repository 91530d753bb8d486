// Checks the rows of a bulk import in file order, through the same state machine as the single
// commands, and keeps per case only what the write needs (compact events, then a compact
// snapshot). No I/O: agencies and stored cases come from the caller.
//
// Rules (docs/import-export.md):
// - `received` creates a case under the file-local reference in `case`; a reference received twice
//   is a bad row. Any other row's reference must name a case received earlier in the file or an
//   existing case number (its stored history is replayed once, on first use).
// - After a bad row in a case, its later rows are not judged against a broken state: each is
//   reported as depending on that row (and does not decide the exit code).
// - A new case keeps its reference as its number when the reference is already the case number it
//   would have: `<agency code>-<year of receipt>-<NNNN>` (at least 4 digits, zero-padded, as
//   `receive` writes them). Otherwise it is numbered when written.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/errors.h"
#include "workflows/compact_case.h"
#include "workflows/import_row.h"

namespace gongkai::workflows {

// One bad row. `code` is usage (bad value) or refused (transition not allowed); `dependent` rows
// follow an earlier bad row of the same case and were not judged.
struct RowProblem {
  size_t row = 0;
  ExitCode code = ExitCode::usage;
  std::string message;  // without the "row N: " prefix
  bool dependent = false;
};

// A case already in the database, as the validator needs it.
struct StoredCaseForImport {
  int64_t id = 0;
  std::string case_no, agency;
  int agency_id = 0;
  std::string state, appeal_state;  // as stored on the case row
  int event_count = 0;
  std::vector<EventRecord> events;
};

// What is kept per case.
struct ImportCase {
  enum class Kind : uint8_t { fresh, existing, unknown };
  const std::string* ref = nullptr;  // the `case` value (key of the reference map)
  Kind kind = Kind::unknown;
  bool kept_number = false;  // fresh: the reference is its case number
  bool snapshot_current = false;  // `snapshot` reflects every event applied so far
  int16_t regime = 0;
  int32_t agency_id = 0;
  int32_t number = 0;        // fresh: the sequence part of its number (kept, or assigned when written)
  int32_t base_count = 0;    // existing: events stored before this import
  int32_t written = 0;       // events written so far (used by the writer)
  uint32_t first_row = 0;    // fresh: its received row; otherwise the first row naming it
  uint32_t bad_row = 0;      // its first bad row, 0 = none
  int32_t slot = -1;         // live state machine in the cache, -1 = none
  int64_t id = 0;            // gk_case.id (existing; fresh ones get theirs when written)
  Date received_on;
  std::vector<CompactEvent> events;  // until finish(): the whole history, for rebuilding
  CompactSnapshot snapshot;          // taken when its machine leaves the cache, and by finish()
};

class ImportValidator {
 public:
  struct Lookups {
    std::unordered_map<std::string, int> agencies;  // code → id
    // A stored case by number (nullopt when there is none). Called once per referenced number.
    std::function<std::optional<StoredCaseForImport>(const std::string& case_no)> stored_case;
  };
  ImportValidator(const WorkingCalendar& cal, Date today, Lookups lookups, size_t live_cases = 1024);
  ~ImportValidator();

  // Reads (read_import_row) and checks the reader's current record, in file order; applies it if
  // good. Returns the problem of a bad row. A row's own values are always checked; its fit with
  // the case's history only while the case has no bad row.
  std::optional<RowProblem> check_record(const CsvReader& r, const ColumnMap& m, const std::string& actor);
  // Checks one row already read (in file order) and applies it if good.
  std::optional<RowProblem> check(size_t row, const ImportRow& r);
  // A row that could not even be read (CSV or value error): its case, if known, is broken.
  // `receipt`: the row was a `received` row (its reference then names a broken fresh case).
  void mark_bad(size_t row, std::string_view ref, bool receipt);
  // A fresh case found bad after the fact (a letter ref or number taken in the database).
  void mark_case_bad(ImportCase& c, size_t row);

  // After the last row of a clean file: computes every case's snapshot and drops its events.
  void finish();

  std::vector<ImportCase>& cases() { return cases_; }  // in order of first mention
  ImportCase* find(const std::string& ref);
  const WordList& words() const { return words_; }
  const std::string& agency_code(int id) const;
  size_t event_rows() const { return event_rows_; }  // good rows so far
  // Every letter ref of a fresh case: fn(agency id, letter ref, the case).
  void for_each_letter_ref(const std::function<void(int, std::string_view, ImportCase&)>& fn);
  ImportCase* find_letter_ref(int agency_id, std::string_view letter_ref);
  // The case number a fresh case gets for sequence `n`: CODE-YYYY-NNNN (at least 4 digits).
  static std::string case_number(const std::string& agency_code, int year, int n);

 private:
  DisclosureCase& live(ImportCase& c);
  ImportCase& resolve(const std::string& ref, size_t row);
  void put_live(ImportCase& c, DisclosureCase dc);

  const WorkingCalendar& cal_;
  Date today_;
  Lookups lookups_;
  std::unordered_map<int, std::string> agency_codes_;
  std::unordered_map<std::string, uint32_t> refs_;
  std::vector<ImportCase> cases_;
  std::unordered_map<std::string, uint32_t> letter_refs_;  // "<agency id>/<letter ref>" → case index
  WordList words_;
  size_t event_rows_ = 0;

  // A small cache of live state machines: rows of one case usually come together, so a case's
  // machine is rebuilt from its compact events only when it was pushed out.
  struct Slot {
    uint32_t case_index = 0;
    std::unique_ptr<DisclosureCase> c;
  };
  std::vector<Slot> slots_;
  size_t next_slot_ = 0;
};

}  // namespace gongkai::workflows
