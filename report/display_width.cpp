#include "report/display_width.h"

#include <cstdint>

namespace gongkai::report {
namespace {

// Wide (W) and Fullwidth (F) ranges of Unicode's East Asian Width property, as terminals use
// them. Ambiguous characters (“ ” ‘ ’ ·) stay 1 column, as they do in a UTF-8 locale.
bool is_wide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace

int display_width(std::string_view s) {
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    uint32_t c = b;
    size_t n = 1;
    if (b >= 0xF0) { c = b & 0x07; n = 4; }
    else if (b >= 0xE0) { c = b & 0x0F; n = 3; }
    else if (b >= 0xC0) { c = b & 0x1F; n = 2; }
    for (size_t k = 1; k < n && i + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    if (b < 0x20 || (b >= 0x80 && b < 0xC0)) continue;  // control bytes and stray continuation bytes
    w += is_wide(c) ? 2 : 1;
  }
  return w;
}

std::string pad_right(std::string_view s, int width) {
  int pad = width - display_width(s);
  return std::string(s) + std::string(pad > 0 ? pad : 0, ' ');
}

std::string pad_left(std::string_view s, int width) {
  int pad = width - display_width(s);
  return std::string(pad > 0 ? pad : 0, ' ') + std::string(s);
}

}  // namespace gongkai::report
