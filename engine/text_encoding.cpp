#include "engine/text_encoding.h"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "engine/errors.h"

namespace gongkai {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Counts records in UTF-8 CSV text as CsvReader does: a CR, LF or CRLF outside quotes ends one.
class RowCounter {
 public:
  void feed(std::string_view s) {
    for (char c : s) {
      if (c == '\n' && after_cr_) {
        after_cr_ = false;
        continue;
      }
      after_cr_ = false;
      if (c == '"') quoted_ = !quoted_;
      else if (!quoted_ && (c == '\n' || c == '\r')) {
        ++row_;
        after_cr_ = c == '\r';
      }
    }
  }
  size_t row() const { return row_; }

 private:
  size_t row_ = 1;
  bool quoted_ = false, after_cr_ = false;
};

struct Iconv {
  iconv_t cd;
  Iconv(const char* to, const char* from) : cd(iconv_open(to, from)) {
    if (cd == reinterpret_cast<iconv_t>(-1))
      throw InternalError(std::string("this system's iconv cannot convert from ") + from + " to " + to);
  }
  ~Iconv() { iconv_close(cd); }
};

}  // namespace

TextEncoding parse_text_encoding(std::string_view name) {
  const std::string n = lower(name);
  if (n == "utf-8" || n == "utf8") return TextEncoding::utf8;
  if (n == "gbk" || n == "gb18030") return TextEncoding::gb18030;
  throw UsageError("encoding '" + std::string(name) + "' is not one of utf-8, gbk, gb18030");
}

std::string_view text_encoding_name(TextEncoding e) { return e == TextEncoding::utf8 ? "UTF-8" : "GB18030"; }

void csv_to_utf8(std::istream& in, std::ostream& out, TextEncoding from) {
  if (from == TextEncoding::utf8) {
    out << in.rdbuf();
    return;
  }
  Iconv conv("UTF-8", "GB18030");
  RowCounter rows;
  std::vector<char> inbuf(1 << 16), outbuf(4 << 16);
  size_t held = 0;  // bytes of an incomplete character carried over from the last read
  auto bad = [&](const char* at, bool at_end) {
    if (at_end)
      throw UsageError(fmt::format("row {}: the file ends inside a {} character (byte 0x{:02X})", rows.row(),
                                   text_encoding_name(from), static_cast<unsigned char>(*at)));
    throw UsageError(fmt::format("row {}: byte 0x{:02X} is not valid {} text", rows.row(),
                                 static_cast<unsigned char>(*at), text_encoding_name(from)));
  };
  for (;;) {
    in.read(inbuf.data() + held, static_cast<std::streamsize>(inbuf.size() - held));
    const size_t got = static_cast<size_t>(in.gcount());
    const bool last = got == 0;
    size_t avail = held + got;
    if (avail == 0) break;
    char* src = inbuf.data();
    while (avail > 0) {
      char* dst = outbuf.data();
      size_t room = outbuf.size();
      size_t rc = iconv(conv.cd, &src, &avail, &dst, &room);
      const int err = rc == static_cast<size_t>(-1) ? errno : 0;
      std::string_view done(outbuf.data(), outbuf.size() - room);
      rows.feed(done);
      out.write(done.data(), static_cast<std::streamsize>(done.size()));
      if (err == E2BIG) continue;  // the output buffer is full: written, go on
      if (err == EILSEQ) bad(src, false);
      if (err == EINVAL) {
        if (last) bad(src, true);
        break;  // an incomplete character at the end of this read: completed by the next
      }
      if (err != 0) throw InternalError(std::string("iconv failed: ") + std::strerror(err));
    }
    if (last) break;
    // Keep the unconverted tail (an incomplete character) at the start of the buffer.
    for (size_t i = 0; i < avail; ++i) inbuf[i] = src[i];
    held = avail;
  }
  out.flush();
}

}  // namespace gongkai
