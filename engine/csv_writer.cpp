#include "engine/csv_writer.h"

namespace gongkai {

bool CsvWriter::needs_quotes(std::string_view v) {
  return v.find_first_of(",\"\r\n") != std::string_view::npos;
}

void CsvWriter::append_field(std::string& out, std::string_view v) {
  if (!needs_quotes(v)) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void CsvWriter::field(std::string_view v) {
  if (fields_++) line_.push_back(',');
  if (!v.empty()) only_empty_ = false;
  append_field(line_, v);
}

void CsvWriter::end_record() {
  // A record of one empty field would otherwise be an empty line, which readers take as blank.
  if (fields_ == 1 && only_empty_) line_ = "\"\"";
  line_ += eol_;
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  line_.clear();
  fields_ = 0;
  only_empty_ = true;
}

void CsvWriter::record(const std::vector<std::string>& fields) {
  for (const auto& f : fields) field(f);
  end_record();
}

void CsvWriter::record(std::initializer_list<std::string_view> fields) {
  for (auto f : fields) field(f);
  end_record();
}

}  // namespace gongkai
