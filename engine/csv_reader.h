// A streaming RFC 4180 CSV reader: yields one record at a time from a std::istream through a
// fixed buffer, so memory stays flat however large the file is.
//
// Accepted: quoted fields with doubled quotes, commas and CR/LF line breaks inside them; CRLF, LF
// (or a lone CR) between records; a leading UTF-8 byte order mark; a last record with or without
// a line break after it. Every field must be valid UTF-8 (no NUL bytes).
//
// Rows are counted as a spreadsheet shows them: the first record (the header) is row 1, and a
// record whose quoted field spans several lines is still one row. An empty line is a row too
// (a "blank" record of one empty field, exempt from the field-count check).
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/errors.h"

namespace gongkai {

// A malformed record. `what()` reads "row N: …". The reader has already moved past the record
// (unless `fatal`: an unterminated quote runs to the end of the input, nothing follows).
struct CsvError : UsageError {
  CsvError(size_t row, const std::string& problem, bool fatal = false);
  size_t row;
  std::string problem;  // without the "row N: " prefix
  bool fatal;
};

class CsvReader {
 public:
  explicit CsvReader(std::istream& in, size_t buffer_bytes = 1 << 16);

  // Reads the next record. False at the end of the input. Throws CsvError for a malformed record
  // (stray quote, unterminated quote, invalid UTF-8, wrong field count); the caller may report it
  // and call next() again to go on with the following record.
  bool next();

  size_t row() const { return row_; }          // of the record just read (header = 1)
  size_t line() const { return start_line_; }  // the physical line it starts on (1-based)
  size_t size() const { return count_; }       // fields in it
  std::string_view operator[](size_t i) const { return fields_[i]; }
  bool blank() const { return blank_; }        // an empty line
  // From now on every record must have `n` fields (blank lines excepted); 0 = any number.
  void expect_fields(size_t n) { expected_ = n; }
  size_t expected_fields() const { return expected_; }
  uint64_t bytes_read() const { return consumed_; }  // input consumed so far, for progress

 private:
  bool fill();           // refills the buffer; false at the end of input
  int peek();            // next byte or -1, without consuming
  void skip_rest_of_line();
  std::string& new_field();

  std::istream& in_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  uint64_t consumed_ = 0;
  bool at_start_ = true, eof_ = false, dead_ = false;

  std::vector<std::string> fields_;  // reused between records: no allocation once warm
  size_t count_ = 0;
  size_t row_ = 0, line_ = 1, start_line_ = 1;
  size_t expected_ = 0;
  bool blank_ = false;
};

// Valid UTF-8 without NUL bytes (the text PostgreSQL can store). On failure `bad_at` is the byte
// offset of the first bad sequence.
bool valid_utf8_text(std::string_view s, size_t* bad_at = nullptr);

}  // namespace gongkai
