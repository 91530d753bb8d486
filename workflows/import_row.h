// The bulk CSV format of `import` and `export` (docs/import-export.md): its columns, and one row
// read into a receipt or an event with every check that needs no other row and no database.
#pragma once
#include <array>
#include <string>
#include <string_view>

#include "engine/csv_reader.h"
#include "engine/event_record.h"
#include "workflows/disclosure_case.h"

namespace gongkai::workflows {

// The columns, in the order `export` writes them. `contact`, `actor`, `recorded_at` and
// `personal_salt` extend the interface's list so that an export round-trips the whole record
// (and its hash chain: the salt is that of the personal data's hash, exported with the data).
enum class Col : int {
  case_ref, event, on, agency, channel, applicant_type, applicant, subject, letter_ref, regime, contact,
  outcome, result, amount, approved_by, handler, field, value, note, actor, recorded_at, personal_salt,
};
inline constexpr size_t kColumnCount = 22;
const std::array<std::string_view, kColumnCount>& column_names();

// Where each column sits in a file, from its header row. UsageError ("row 1: …") for an unknown,
// duplicate or missing required column (`case`, `event`, `on`).
class ColumnMap {
 public:
  static ColumnMap from_header(const CsvReader& header);
  bool has(Col c) const { return index_[static_cast<int>(c)] >= 0; }
  std::string_view get(const CsvReader& r, Col c) const {
    int i = index_[static_cast<int>(c)];
    return i < 0 ? std::string_view() : r[static_cast<size_t>(i)];
  }

 private:
  std::array<int, kColumnCount> index_{};
};

// One data row, read. A `received` row carries the case's facts; any other row an event (kind,
// date, actor, options as details; seq is assigned when it is applied).
struct ImportRow {
  std::string ref;  // the `case` column: a file-local reference or an existing case number
  bool receipt = false;
  CaseFacts facts;  // receipt rows (facts.agency = the agency code; facts.case_no empty)
  std::string agency;  // other rows: the `agency` column if given ("" = not given)
  EventRecord event;   // every row; for a receipt, kind "received" and details = facts_to_details
  std::string personal_salt;  // a receipt's: 32 hex digits as an export gives them, "" = new
};

// Reads and checks one row on its own: case reference present, known event kind, a valid date,
// regime, channel, applicant type and applicant on receipts, receipt columns only on receipts and
// event options only on events. `actor` is used when the row has no actor of its own.
// UsageError naming the column and value (without a row prefix).
ImportRow read_import_row(const CsvReader& r, const ColumnMap& m, const std::string& actor);

}  // namespace gongkai::workflows
