#include "engine/file_type.h"

namespace gongkai {
namespace {

bool starts(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

// Valid UTF-8 with no control bytes but tab, line feed and carriage return. `cut`: `b` is the
// start of something longer, so a character may be cut off at its end.
bool is_text(std::string_view b, bool cut) {
  if (b.empty()) return false;
  for (size_t i = 0; i < b.size();) {
    auto c = static_cast<unsigned char>(b[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t n = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 0;
    if (n == 0) return false;
    if (i + n >= b.size()) return cut;  // the last character, cut off or broken
    for (size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(b[i + k]) & 0xc0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

std::string sniff_type(std::string_view b) {
  if (starts(b, "%PDF-")) return "application/pdf";
  if (starts(b, "PK\x03\x04")) {
    // An OOXML package names its main part early in the archive's first entries.
    std::string_view head = b.substr(0, 4096);
    if (head.find("word/") != std::string_view::npos)
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (head.find("xl/") != std::string_view::npos)
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return "application/zip";
  }
  if (starts(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) return "application/x-ole-storage";  // .doc, .xls, .wps
  if (starts(b, "\xff\xd8\xff")) return "image/jpeg";
  if (starts(b, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts(b, "GIF87a") || starts(b, "GIF89a")) return "image/gif";
  if (starts(b, std::string_view("II*\0", 4)) || starts(b, std::string_view("MM\0*", 4))) return "image/tiff";
  if (starts(b, "{\\rtf")) return "application/rtf";
  if (starts(b, "\x1f\x8b")) return "application/gzip";
  if (is_text(b.substr(0, 4096), b.size() > 4096)) return "text/plain";
  return "application/octet-stream";
}

}  // namespace gongkai
