#include "engine/csv_reader.h"

#include <cstring>

namespace gongkai {

CsvError::CsvError(size_t r, const std::string& p, bool f)
    : UsageError("row " + std::to_string(r) + ": " + p), row(r), problem(p), fatal(f) {}

bool valid_utf8_text(std::string_view s, size_t* bad_at) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  auto fail = [&](size_t at) {
    if (bad_at) *bad_at = at;
    return false;
  };
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) return fail(i);
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return fail(i);  // continuation byte, overlong lead (C0, C1) or beyond F4
    if (i + len > n) return fail(i);
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return fail(i);
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates, beyond U+10FFFF.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp > 0x10FFFF)
      return fail(i);
    i += len;
  }
  return true;
}

CsvReader::CsvReader(std::istream& in, size_t buffer_bytes) : in_(in), buf_(buffer_bytes < 16 ? 16 : buffer_bytes) {}

bool CsvReader::fill() {
  if (eof_) return false;
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  end_ = static_cast<size_t>(in_.gcount());
  pos_ = 0;
  if (end_ == 0) {
    eof_ = true;
    return false;
  }
  return true;
}

int CsvReader::peek() {
  if (pos_ == end_ && !fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

std::string& CsvReader::new_field() {
  if (count_ == fields_.size()) fields_.emplace_back();
  std::string& f = fields_[count_++];
  f.clear();
  return f;
}

void CsvReader::skip_rest_of_line() {
  for (int c; (c = peek()) >= 0;) {
    ++pos_, ++consumed_;
    if (c == '\n') {
      ++line_;
      return;
    }
    if (c == '\r') {
      ++line_;
      if (peek() == '\n') ++pos_, ++consumed_;
      return;
    }
  }
}

bool CsvReader::next() {
  if (dead_) return false;
  if (at_start_) {
    at_start_ = false;
    // A byte order mark (as spreadsheet programs write) is not part of the first field.
    if (peek() == 0xEF && end_ - pos_ >= 3 && static_cast<unsigned char>(buf_[pos_ + 1]) == 0xBB &&
        static_cast<unsigned char>(buf_[pos_ + 2]) == 0xBF)
      pos_ += 3, consumed_ += 3;
  }
  if (peek() < 0) return false;
  count_ = 0;
  ++row_;
  start_line_ = line_;
  blank_ = false;
  bool touched = false;  // anything besides the line end
  std::string* f = &new_field();

  enum { kStart, kUnquoted, kQuoted, kAfterQuote } st = kStart;
  size_t quote_line = 0;
  bool cr = false;  // inside a quoted field: the last byte was a CR
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (st == kQuoted) {
        dead_ = true;
        throw CsvError(row_, "unterminated quoted field (the quote opened on line " + std::to_string(quote_line) + ")",
                       true);
      }
      break;  // the last record, without a line break after it
    }
    if (st == kQuoted) {
      // Fast path: copy everything up to the next quote.
      const char* b = buf_.data() + pos_;
      const char* e = buf_.data() + end_;
      const char* q = static_cast<const char*>(std::memchr(b, '"', e - b));
      const char* stop = q ? q : e;
      // Line breaks inside the field still count as physical lines (CRLF once).
      for (const char* x = b; x < stop; ++x) {
        if (*x == '\r') ++line_, cr = true;
        else {
          if (*x == '\n' && !cr) ++line_;
          cr = false;
        }
      }
      f->append(b, stop);
      consumed_ += stop - b;
      pos_ = stop - buf_.data();
      if (q) {
        ++pos_, ++consumed_;
        cr = false;
        st = kAfterQuote;
      }
      continue;
    }
    char c = buf_[pos_];
    if (st == kAfterQuote) {
      if (c == '"') {  // a doubled quote inside a quoted field
        f->push_back('"');
        ++pos_, ++consumed_;
        st = kQuoted;
        continue;
      }
      if (c != ',' && c != '\n' && c != '\r') {
        skip_rest_of_line();
        throw CsvError(row_, "unexpected text after the closing quote of field " + std::to_string(count_) +
                                 " (a quote inside a quoted field must be doubled)");
      }
    }
    if (c == ',') {
      ++pos_, ++consumed_;
      touched = true;
      f = &new_field();
      st = kStart;
      continue;
    }
    if (c == '\n' || c == '\r') {
      ++pos_, ++consumed_;
      ++line_;
      if (c == '\r' && peek() == '\n') ++pos_, ++consumed_;
      break;
    }
    if (c == '"') {
      if (st != kStart) {
        skip_rest_of_line();
        throw CsvError(row_, "stray quote in field " + std::to_string(count_) +
                                 " (quote the whole field and double the quotes inside it)");
      }
      ++pos_, ++consumed_;
      touched = true;
      quote_line = line_;
      st = kQuoted;
      continue;
    }
    // Fast path: an unquoted run up to the next special character.
    const char* b = buf_.data() + pos_;
    const char* e = buf_.data() + end_;
    const char* x = b;
    while (x < e && *x != ',' && *x != '\n' && *x != '\r' && *x != '"') ++x;
    f->append(b, x);
    consumed_ += x - b;
    pos_ = x - buf_.data();
    touched = true;
    st = kUnquoted;
  }

  blank_ = !touched && count_ == 1;
  if (expected_ && !blank_ && count_ != expected_)
    throw CsvError(row_, "has " + std::to_string(count_) + " field(s), the header has " + std::to_string(expected_));
  for (size_t i = 0; i < count_; ++i) {
    size_t at = 0;
    if (!valid_utf8_text(fields_[i], &at))
      throw CsvError(row_, "field " + std::to_string(i + 1) + " is not valid UTF-8 text (bad byte at offset " +
                               std::to_string(at) + ")");
  }
  return true;
}

}  // namespace gongkai
