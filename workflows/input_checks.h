// Checks of what a clerk types (names, subjects, notes, fee amounts, dates, regimes), each
// refusing bad input with a UsageError that names the field, shows the value safely and says
// what is allowed.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/date.h"

namespace gongkai::workflows {

// Limits in characters (Unicode code points, so 100 汉字 are 100, not 300 bytes).
// A person's or an office's name: applicant, member name, handler, approved_by. Real names,
// even of organisations, stay far below; more is a pasted paragraph.
inline constexpr size_t kMaxNameChars = 100;
// The request's subject: a description of the information asked for, a paragraph or two.
inline constexpr size_t kMaxSubjectChars = 2000;
// A free note on an event.
inline constexpr size_t kMaxNoteChars = 2000;
// A postal address, telephone number or e-mail address (or several of them).
inline constexpr size_t kMaxContactChars = 200;
// An agency's reference for the application (来文编号 / 受理编号).
inline constexpr size_t kMaxLetterRefChars = 100;
// An agency's name as it appears on its seal.
inline constexpr size_t kMaxAgencyNameChars = 100;
// A case number (CODE-YYYY-NNNN) or an import file's reference for a case (often a letter
// number): as long as a letter ref, at most.
inline constexpr size_t kMaxCaseRefChars = 100;
// An agency code: [a-z0-9-], as interface.md defines it.
inline constexpr size_t kMaxAgencyCodeChars = 32;

// The 2020 rules on 信息处理费 (国办函〔2020〕109号) charge per item or per volume, in the tens to
// thousands of yuan; a fee above this is a typo (an extra zero, the amount in fen).
inline constexpr long long kMaxFeeYuan = 100000;

struct TextRule {
  size_t max_chars = 200;
  bool required = true;
  bool multiline = false;  // allows \n, \t and \r\n (subjects, notes)
};

// Throws UsageError unless `value` is valid UTF-8 without control characters (C0, DEL, C1,
// bidirectional overrides and isolates), not blank when required, at most rule.max_chars long.
// `field` names the field in the message ("applicant", "subject").
void check_text(std::string_view value, std::string_view field, const TextRule& rule);

// `s` made safe to print on a terminal: control characters (including \n, \t, \r) and
// bidirectional controls shown as \n, \t, \r, \xNN (C0, DEL) or \u{NNNN} (C1, bidi), invalid
// UTF-8 bytes as \xNN; everything else, Chinese included, unchanged.
std::string printable(std::string_view s);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence.
bool is_valid_utf8(std::string_view s);
// The offset of the first byte of `s` that is not strict UTF-8, or std::string_view::npos.
size_t first_invalid_utf8(std::string_view s);

// An agency code as typed (`field` names it: "agency", "parent"): text as check_text wants it,
// then 1–32 of a-z, 0-9 and '-'. A code of the wrong shape is bad input, not an unknown agency.
void check_agency_code(std::string_view code, std::string_view field);

// A case number as typed (`field`: "case"): one line of valid UTF-8 without control characters,
// not blank, at most kMaxCaseRefChars. Its shape is not checked: an unknown number is "not found".
void check_case_number(std::string_view case_no, std::string_view field);

// A page's size as asked for (`--limit`, `?limit=`): none, or 1 to kMaxPageRows.
constexpr int kMaxPageRows = 10000;
void check_page_limit(const std::optional<int>& limit);

// A file name as typed (`field`: "calendar file", "output file"): valid UTF-8 without control
// characters, since it is printed in messages and may be stored (a calendar's source). A name
// in another encoding is refused with a hint to rename the file.
void check_file_name(std::string_view path, std::string_view field);

// A fee in yuan: digits with at most two decimals (10, 10.5, 12.50), more than 0 and at most
// kMaxFeeYuan. No sign, exponent, spaces or leading zeros ("0.5" is fine, "05" is not).
void check_fee_amount(std::string_view amount);

// Refuses a receipt before 2008-05-01, when the 2008 Regulation (Decree 492) took effect.
void check_receipt_date(Date received);

// Refuses 2008 for a receipt from 2019-05-15 on and 2019 for one before it (default_regime).
// Other numbers pass: regime_for refuses them.
void check_regime_fits(int regime, Date received);

}  // namespace gongkai::workflows
