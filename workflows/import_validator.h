// Checks the rows of a bulk import in file order, through the same state machine as the single
// commands. It holds only a bounded number of cases in memory (the most recently used, with their
// live state machines); a case pushed out goes to a CaseSpill (the import's temporary tables) with
// its case-row projection and the events the import adds, and is taken back if a later row names
// it. No I/O: agencies, stored cases and the spill come from the caller.
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
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/errors.h"
#include "workflows/compact_case.h"
#include "workflows/import_row.h"
#include "workflows/seen_filter.h"

namespace gongkai::workflows {

// One bad row. `kind` is invalid_input (bad value) or refused (transition not allowed); `dependent` rows
// follow an earlier bad row of the same case and were not judged.
struct RowProblem {
  size_t row = 0;
  ErrorKind kind = ErrorKind::invalid_input;
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
  std::string version;  // when its row was last written, as the store says it (the write's guard)
  std::vector<EventRecord> events;
};

// An event the import adds, as it will be written.
struct AddedEvent {
  std::string kind;
  Date on;
  std::string actor;
  std::string details;  // JSON text; empty for a new case's receipt (its details are its facts)
  std::string recorded_at;  // as the file gives it (an export's), "" = when it is written
  std::string personal_salt;  // of a receipt's personal data, as the file gives it, "" = new
};

// What is known of one case of the file.
struct ImportCase {
  enum class Kind : uint8_t { fresh, existing, unknown };
  std::string ref;  // the `case` value
  Kind kind = Kind::unknown;
  bool kept_number = false;  // fresh: the reference is its case number
  int32_t agency_id = 0;
  // fresh: with a kept number its sequence part; else its place (1, 2 …) among the file's new
  // cases of its agency and year that get numbers, in file order (the number is base + this)
  int32_t number = 0;
  int32_t base_count = 0;  // existing: events stored before this import
  uint32_t first_row = 0;  // fresh: its received row; otherwise the first row naming it
  uint32_t bad_row = 0;    // its first bad row, 0 = none
  int64_t id = 0;          // existing: gk_case.id
  std::string version;     // existing: StoredCaseForImport::version
  // fresh: the facts of its received row. facts.letter_ref is set only when this case holds the
  // letter ref (the first receipt in the file to name it at its agency).
  CaseFacts facts;
  std::vector<CompactEvent> history;  // the whole history, to rebuild its state machine
  std::vector<AddedEvent> added;      // the events this import adds (seq = base_count + 1 …)
};

// Where cases go that the validator no longer holds (db: a temporary table).
class CaseSpill {
 public:
  virtual ~CaseSpill() = default;
  // Keeps a case; `snapshot` is its projection when it is fresh or existing and has no bad row.
  virtual void put(const ImportCase& c, const CaseSnapshot* snapshot) = 0;
  // Takes back (removes) the case kept under `ref`; nullopt when there is none.
  virtual std::optional<ImportCase> take(const std::string& ref) = 0;
  // The received row of a kept case holding the letter ref at the agency; 0 when none does.
  virtual size_t letter_ref_row(int agency_id, const std::string& letter_ref) = 0;
};

// A CaseSpill in memory (unbounded): for tests, and for callers without a database.
class MemorySpill : public CaseSpill {
 public:
  void put(const ImportCase& c, const CaseSnapshot* snapshot) override;
  std::optional<ImportCase> take(const std::string& ref) override;
  size_t letter_ref_row(int agency_id, const std::string& letter_ref) override;

  const ImportCase* find(const std::string& ref) const;
  std::optional<CaseSnapshot> snapshot(const std::string& ref) const;
  size_t size() const { return cases_.size(); }
  size_t puts() const { return puts_; }
  size_t takes() const { return takes_; }

 private:
  struct Kept {
    ImportCase c;
    std::optional<CompactSnapshot> snapshot;
  };
  std::map<std::string, Kept> cases_;
  WordList words_;
  size_t puts_ = 0, takes_ = 0;
};

class ImportValidator {
 public:
  struct Lookups {
    std::unordered_map<std::string, int> agencies;  // code → id
    // A stored case by number (nullopt when there is none). Called once per referenced number.
    std::function<std::optional<StoredCaseForImport>(const std::string& case_no)> stored_case;
  };
  // `live_cases`: cases held in memory, each with its live state machine. `spill`: where the
  // others go (default: a MemorySpill of the validator's own).
  ImportValidator(const WorkingCalendar& cal, Date today, Lookups lookups, size_t live_cases = 1024,
                  CaseSpill* spill = nullptr);
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

  // After the last row: puts every case still held into the spill.
  void finish();

  // The case under `ref` (held, or taken back from the spill and held again); null if none.
  ImportCase* find(const std::string& ref);
  const std::string& agency_code(int id) const;
  size_t event_rows() const { return event_rows_; }  // good rows so far
  size_t held() const { return held_.size(); }       // cases in memory now
  // The case number a fresh case gets for sequence `n`: CODE-YYYY-NNNN (at least 4 digits).
  static std::string case_number(const std::string& agency_code, int year, int n);
  // A MemorySpill when the validator made its own (else null).
  MemorySpill* own_spill() { return own_spill_.get(); }

 private:
  struct Held {
    ImportCase c;
    std::unique_ptr<DisclosureCase> machine;  // null until needed (rebuilt from c.history)
  };
  Held* lookup(const std::string& ref);
  Held& hold(ImportCase c);
  void release_oldest();
  DisclosureCase& live(Held& h);
  Held& resolve(const std::string& ref, size_t row);
  std::string letter_key(int agency_id, const std::string& letter_ref) const;

  const WorkingCalendar& cal_;
  Date today_;
  Lookups lookups_;
  std::unordered_map<int, std::string> agency_codes_;
  size_t capacity_;
  std::unique_ptr<MemorySpill> own_spill_;
  CaseSpill* spill_;
  // Held cases, most recently used first: rows of one case usually come together, so a case is
  // taken back from the spill only when its rows are far apart.
  std::list<Held> held_;
  std::unordered_map<std::string_view, std::list<Held>::iterator> index_;  // ref → held case
  std::unordered_map<std::string, Held*> held_letter_refs_;              // letter_key → holder
  SeenFilter refs_seen_, letter_refs_seen_;                              // everything ever spilled
  // New cases to be numbered so far, per agency and year ((agency id << 16) | year): bounded by
  // agencies × years, not by cases.
  std::unordered_map<uint64_t, int32_t> numbered_;
  size_t event_rows_ = 0;
};

}  // namespace gongkai::workflows
