// Writes CSV records (RFC 4180): a field is quoted only when it must be (it holds a comma, a
// quote or a line break), with its quotes doubled. Records end with CRLF unless told otherwise.
#pragma once
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai {

class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out, std::string_view line_end = "\r\n") : out_(out), eol_(line_end) {}

  void field(std::string_view v);  // appends one field to the current record
  void end_record();               // writes the current record
  void record(const std::vector<std::string>& fields);
  void record(std::initializer_list<std::string_view> fields);

  static bool needs_quotes(std::string_view v);
  // Appends `v` to `out` as one CSV field (quoted if needed).
  static void append_field(std::string& out, std::string_view v);

 private:
  std::ostream& out_;
  std::string eol_;
  std::string line_;  // the record being built; reused
  size_t fields_ = 0;
  bool only_empty_ = true;
};

}  // namespace gongkai
