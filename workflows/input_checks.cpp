#include "workflows/input_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "engine/errors.h"
#include "workflows/regime.h"

namespace gongkai::workflows {
namespace {

// How much of a value a message quotes: enough to recognise it, not a whole pasted subject.
constexpr size_t kQuotedChars = 40;

// Decodes the code point at s[i] into `cp`; returns its length in bytes, or 0 when the bytes
// there are not strict UTF-8.
size_t decode(std::string_view s, size_t i, char32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  size_t n;
  char32_t smallest;  // below it the form is overlong
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2, cp = lead & 0x1F, smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3, cp = lead & 0x0F, smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4, cp = lead & 0x07, smallest = 0x10000;
  } else {
    return 0;  // a continuation byte, C0/C1 (always overlong) or F5–FF (beyond U+10FFFF)
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Characters that change how a terminal or a text renderer shows what follows: C0, DEL, C1, and
// the bidirectional overrides and isolates, which can make text read differently than it is
// stored.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// Characters that show nothing: a value made only of these looks empty on every list.
bool is_invisible(char32_t cp) {
  switch (cp) {
    case ' ': case '\t': case '\n': case '\r': case 0x00A0: case 0x00AD: case 0x115F:
    case 0x1160: case 0x180E: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
    case 0x3164: case 0xFEFF: case 0xFFA0:
      return true;
    default:
      return (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064);
  }
}

std::string escape_of(char32_t cp) {
  switch (cp) {
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    default:
      // \u{…} for C1 keeps them apart from invalid bytes, which are \x80–\xff too.
      return cp < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                       : fmt::format("\\u{{{:04X}}}", static_cast<unsigned>(cp));
  }
}

// `value` quoted for a message: printable, and cut after kQuotedChars characters.
std::string quoted(std::string_view value) {
  size_t i = 0, chars = 0;
  while (i < value.size() && chars < kQuotedChars) {
    char32_t cp;
    size_t n = decode(value, i, cp);
    i += n ? n : 1;
    ++chars;
  }
  return "'" + printable(value.substr(0, i)) + (i < value.size() ? "…'" : "'");
}

// 2001 → "2,001": limits are read by people.
std::string grouped(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The offset of the first byte that is not strict UTF-8, or npos.
size_t first_invalid_byte(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t n = decode(s, i, cp);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace

bool is_valid_utf8(std::string_view s) { return first_invalid_byte(s) == std::string_view::npos; }

size_t first_invalid_utf8(std::string_view s) { return first_invalid_byte(s); }

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t n = decode(s, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (is_control(cp))
      out += escape_of(cp);
    else
      out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

void check_text(std::string_view value, std::string_view field, const TextRule& rule) {
  if (size_t bad = first_invalid_byte(value); bad != std::string_view::npos)
    throw UsageError(fmt::format("{} is not valid UTF-8 text (byte {}) in {}; type or save it as UTF-8", field,
                                 bad + 1, quoted(value)));
  std::vector<char32_t> unseen;  // the invisible characters of a blank value, each once
  bool blank = true;
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++chars) {
    char32_t cp;
    size_t n = decode(value, i, cp);
    bool line_break = cp == '\n' || (cp == '\r' && i + 1 < value.size() && value[i + 1] == '\n');
    if (is_control(cp) && !(rule.multiline && (line_break || cp == '\t')))
      throw UsageError(fmt::format("{} contains the control character {} (character {}) in {}; {}", field,
                                   escape_of(cp), chars + 1, quoted(value),
                                   rule.multiline ? "only printable text, line breaks and tabs are allowed"
                                                  : "only printable text on one line is allowed"));
    if (is_invisible(cp)) {
      if (blank && unseen.size() < 6 && std::find(unseen.begin(), unseen.end(), cp) == unseen.end())
        unseen.push_back(cp);
    } else {
      blank = false;
    }
    i += n;
  }
  if (rule.required && value.empty()) throw UsageError(fmt::format("{} is empty; a value is required", field));
  if (rule.required && blank) {
    std::string which;
    for (char32_t cp : unseen) which += fmt::format(" U+{:04X}", static_cast<unsigned>(cp));
    throw UsageError(fmt::format("{} is blank (only spaces or invisible characters:{}); it needs visible text",
                                 field, which));
  }
  if (chars > rule.max_chars)
    throw UsageError(fmt::format("{} {} is {} characters long; at most {}", field, quoted(value), grouped(chars),
                                 grouped(rule.max_chars)));
}

void check_agency_code(std::string_view code, std::string_view field) {
  // Encoding, control characters and blanks first, with check_text's messages; a long paste is
  // caught by the shape below, which says what a code looks like.
  check_text(code, field, TextRule{std::numeric_limits<size_t>::max(), true, false});
  auto code_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  if (code.size() > kMaxAgencyCodeChars || !std::all_of(code.begin(), code.end(), code_char))
    throw UsageError(fmt::format("{} {} is not an agency code: 1–{} of a-z, 0-9 and '-' (like lj-gtj)", field,
                                 quoted(code), kMaxAgencyCodeChars));
}

void check_page_limit(const std::optional<int>& limit) {
  if (limit && (*limit < 1 || *limit > kMaxPageRows))
    throw UsageError(fmt::format("limit must be from 1 to {}", kMaxPageRows));
}

void check_case_number(std::string_view case_no, std::string_view field) {
  check_text(case_no, field, TextRule{kMaxCaseRefChars, true, false});
}

void check_file_name(std::string_view path, std::string_view field) {
  if (path.empty()) throw UsageError(fmt::format("{} is empty; give a file name", field));
  // Whole, not cut short as values are: the folder matters as much as the name.
  const std::string shown = "'" + printable(path) + "'";
  if (size_t bad = first_invalid_byte(path); bad != std::string_view::npos)
    throw UsageError(fmt::format("{} {} is not a valid UTF-8 name (byte {}); rename the file", field, shown, bad + 1));
  for (size_t i = 0; i < path.size();) {
    char32_t cp;
    size_t n = decode(path, i, cp);
    if (is_control(cp))
      throw UsageError(fmt::format("{} {} contains the control character {}; rename the file", field, shown,
                                   escape_of(cp)));
    i += n;
  }
}

void check_fee_amount(std::string_view amount) {
  const std::string shown = quoted(amount);
  // A minus before an otherwise good sum is a refund or a slip, not a malformed number.
  std::string_view sum = amount;
  const bool negative = !sum.empty() && sum.front() == '-';
  if (negative) sum.remove_prefix(1);

  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t whole = 0;
  while (whole < sum.size() && is_digit(sum[whole])) ++whole;
  size_t decimals = 0;
  bool dot = whole < sum.size() && sum[whole] == '.';
  if (dot)
    while (whole + 1 + decimals < sum.size() && is_digit(sum[whole + 1 + decimals])) ++decimals;
  const bool all_read = whole + (dot ? 1 + decimals : 0) == sum.size();
  const bool leading_zero = whole > 1 && sum.front() == '0';  // "05": a slip or an octal habit
  if (whole == 0 || !all_read || leading_zero || (dot && decimals == 0))
    throw UsageError("amount " + shown + " is not a sum in yuan (like 25 or 12.50)");
  if (decimals > 2)
    throw UsageError("amount " + shown + " has more than 2 decimals; yuan are counted to the fen (like 12.50)");

  // In fen, saturating: a sum too long for any integer is simply too large.
  const long long cap = kMaxFeeYuan * 100 + 1;
  long long fen = 0;
  for (size_t i = 0; i < whole; ++i) fen = std::min(cap, fen * 10 + (sum[i] - '0'));
  for (size_t k = 0; k < 2; ++k)
    fen = std::min(cap, fen * 10 + (k < decimals ? sum[whole + 1 + k] - '0' : 0));

  if (negative || fen == 0) throw UsageError("amount " + shown + " must be more than 0 yuan");
  if (fen > kMaxFeeYuan * 100)
    throw UsageError(fmt::format("amount {} is more than {} yuan: fees under the 2020 rules run from tens to "
                                 "thousands of yuan, so this is likely a typo",
                                 shown, kMaxFeeYuan));
}

void check_receipt_date(Date received) {
  const Date in_force = Date::from_ymd(2008, 5, 1);
  if (received < in_force)
    throw UsageError("received " + received.str() + " is before " + in_force.str() +
                     ", when the Regulation took effect");
}

void check_regime_fits(int regime, Date received) {
  if (regime != 2008 && regime != 2019) return;
  const int fits = default_regime(received);
  if (regime == fits) return;
  const std::string when = fits == 2008 ? "before 2019-05-15" : "from 2019-05-15 on";
  throw UsageError(fmt::format("regime {} does not fit received {}: applications received {} follow the {} rules",
                               regime, received.str(), when, fits));
}

}  // namespace gongkai::workflows
