// The input checks of workflows/input_checks.h, tried with what a new user actually types:
// Chinese names, pasted invisible characters, terminal escapes, text in the wrong encoding,
// fees with a sign, an exponent or a space.
#include <doctest/doctest.h>

#include <string>

#include "engine/date.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace wf = gongkai::workflows;
using gongkai::Date;

namespace {

// The message of the UsageError `f` throws, or "" (and a failed check) if it throws none.
template <class F>
std::string usage_error_of(F&& f) {
  try {
    f();
  } catch (const gongkai::UsageError& e) {
    return e.what();
  }
  FAIL_CHECK("expected a UsageError");
  return "";
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// A message is one line and shows nothing a terminal would act on.
bool safe_one_line(const std::string& message) {
  for (unsigned char c : message)
    if (c < 0x20 || c == 0x7F) return false;
  return message.find("\xe2\x80\xae") == std::string::npos;  // U+202E
}

const wf::TextRule kName{wf::kMaxNameChars, true, false};
const wf::TextRule kSubject{wf::kMaxSubjectChars, true, true};
const wf::TextRule kOptional{wf::kMaxContactChars, false, false};

std::string text_error(std::string_view value, std::string_view field = "applicant",
                       const wf::TextRule& rule = kName) {
  std::string msg = usage_error_of([&] { wf::check_text(value, field, rule); });
  CHECK_MESSAGE(safe_one_line(msg), wf::printable(msg));
  return msg;
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

Date D(std::string_view s) { return gongkai::parse_date(s); }

}  // namespace

TEST_CASE("input checks: ordinary names and texts pass") {
  for (std::string_view name : {"张三", "欧阳娜娜", "Zhang San", "李 四", "北京市某某律师事务所",
                                "O'Brien-Smith", "😀", "张三（代理人：李四）"}) {
    INFO(name);
    CHECK_NOTHROW(wf::check_text(name, "applicant", kName));
  }
  // A visible character among invisible ones makes a value not blank.
  CHECK_NOTHROW(wf::check_text("\xe3\x80\x80张三\xe3\x80\x80", "applicant", kName));
  // Multi-line texts may hold line breaks (\n or \r\n) and tabs.
  CHECK_NOTHROW(wf::check_text("第一项：2018年预算\n第二项：\t决算\r\n完", "subject", kSubject));
  // An optional field may be empty, or even blank.
  CHECK_NOTHROW(wf::check_text("", "contact", kOptional));
  CHECK_NOTHROW(wf::check_text("  ", "contact", kOptional));
}

TEST_CASE("input checks: invalid UTF-8 is refused with the byte where it goes wrong") {
  struct Case {
    std::string value;
    const char* says;
  };
  const Case cases[] = {
      {"\xff\xfe", "applicant is not valid UTF-8 text (byte 1) in '\\xff\\xfe'"},
      {"\xc0\xaf", "applicant is not valid UTF-8 text (byte 1) in '\\xc0\\xaf'"},  // overlong '/'
      {"\xe0\x80\xaf", "(byte 1)"},                                                 // overlong, 3 bytes
      {"\xf0\x80\x80\xaf", "(byte 1)"},                                             // overlong, 4 bytes
      {"张\xed\xa0\x80", "(byte 4)"},                                               // a surrogate, U+D800
      {"ab\xf4\x90\x80\x80", "(byte 3)"},                                           // U+110000
      {"\xf5\x80\x80\x80", "(byte 1)"},
      {"张\xe5", "(byte 4)"},                 // a truncated sequence
      {"张\xe5\xbc", "(byte 4)"},
      {"a\x80", "(byte 2)"},                  // a lone continuation byte
      {"\xd5\xc5\xc8\xfd", "(byte 1)"},       // 张三 in GBK
      {"\x1b\xff", "not valid UTF-8 text (byte 2)"},  // encoding is checked before control characters
  };
  for (const auto& c : cases) {
    INFO(wf::printable(c.value));
    CHECK_FALSE(wf::is_valid_utf8(c.value));
    std::string msg = text_error(c.value);
    CHECK(contains(msg, "applicant is not valid UTF-8 text"));
    CHECK(contains(msg, c.says));
    CHECK(contains(msg, "UTF-8"));
  }
  for (std::string_view good : {"", "abc", "张三", "\xc2\xa0", "\xed\x9f\xbf" /* U+D7FF */,
                                "\xee\x80\x80" /* U+E000 */, "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf" /* U+10FFFF */}) {
    INFO(wf::printable(good));
    CHECK(wf::is_valid_utf8(good));
  }
}

TEST_CASE("input checks: control characters are refused and shown escaped") {
  struct Case {
    std::string value;
    const char* says;
  };
  const Case cases[] = {
      {"\x1b[31m张三", "applicant contains the control character \\x1b (character 1) in '\\x1b[31m张三'"},
      {"张三\x1b]0;owned\x07", "\\x1b (character 3)"},
      {std::string("张\0三", 4), "\\x00 (character 2)"},
      {"张\n三", "\\n (character 2)"},
      {"张\t三", "\\t (character 2)"},
      {"张三\r", "\\r (character 3)"},
      {"张\x7f", "\\x7f"},
      {"张\xc2\x85", "\\u{0085}"},          // C1 NEL
      {"张\xc2\x9b" "31m", "\\u{009B}"},    // C1 CSI, an escape sequence in one character
      {"\xe2\x80\xae" "三张", "\\u{202E} (character 1)"},  // right-to-left override
      {"张\xe2\x80\xaa三", "\\u{202A}"},
      {"张\xe2\x81\xa6三", "\\u{2066}"},    // left-to-right isolate
      {"张\xe2\x81\xa9三", "\\u{2069}"},
  };
  for (const auto& c : cases) {
    INFO(wf::printable(c.value));
    std::string msg = text_error(c.value);
    CHECK(contains(msg, c.says));
    CHECK(contains(msg, "only printable text on one line is allowed"));
  }

  // In multi-line texts, line breaks and tabs pass, but not a lone \r nor the other controls.
  CHECK(contains(text_error("第一行\r第二行", "subject", kSubject), "subject contains the control character \\r"));
  std::string msg = text_error("第一行\n\x1b[2J", "note", kSubject);
  CHECK(contains(msg, "note contains the control character \\x1b (character 5)"));
  CHECK(contains(msg, "only printable text, line breaks and tabs are allowed"));
}

TEST_CASE("input checks: a required value must not be empty or blank") {
  CHECK(text_error("") == "applicant is empty; a value is required");
  struct Case {
    std::string value;
    const char* shows;
  };
  const Case cases[] = {
      {" ", "U+0020"},
      {"   ", "U+0020)"},
      {"\xe3\x80\x80", "U+3000)"},                       // an ideographic space
      {"\xe2\x80\x8b", "U+200B)"},                       // a zero-width space
      {"\xe3\x80\x80\xe2\x80\x8b ", "U+3000 U+200B U+0020)"},
      {"\xc2\xa0", "U+00A0"},
      {"\xc2\xad", "U+00AD"},
      {"\xef\xbb\xbf", "U+FEFF"},                        // a byte-order mark
      {"\xe3\x85\xa4", "U+3164"},                        // the Hangul filler
      {"\xe2\x81\xa0", "U+2060"},
      {"\xe2\x80\xa8", "U+2028"},
  };
  for (const auto& c : cases) {
    INFO(wf::printable(c.value));
    std::string msg = text_error(c.value);
    CHECK(contains(msg, "applicant is blank (only spaces or invisible characters: "));
    CHECK(contains(msg, c.shows));
    CHECK(contains(msg, "it needs visible text"));
  }
  CHECK(contains(text_error("\n\t\r\n", "subject", kSubject), "subject is blank"));
}

TEST_CASE("input checks: length is counted in characters, not bytes") {
  CHECK_NOTHROW(wf::check_text(repeat("张", 100), "applicant", kName));  // 300 bytes
  std::string msg = text_error(repeat("张", 101));
  CHECK(contains(msg, "is 101 characters long; at most 100"));
  CHECK(contains(msg, "applicant '" + repeat("张", 40) + "…'"));  // quoted, but cut short

  CHECK_NOTHROW(wf::check_text(repeat("a", 2000), "subject", kSubject));
  msg = text_error(repeat("a", 2001), "subject", kSubject);
  CHECK(contains(msg, "subject '"));
  CHECK(contains(msg, "is 2,001 characters long; at most 2,000"));
  CHECK(msg.size() < 200);

  // The limits the brief of each field names.
  CHECK(wf::kMaxNameChars == 100);
  CHECK(wf::kMaxSubjectChars == 2000);
  CHECK(wf::kMaxNoteChars == 2000);
  CHECK(wf::kMaxContactChars == 200);
  CHECK(wf::kMaxLetterRefChars == 100);
  CHECK(wf::kMaxAgencyNameChars == 100);
}

TEST_CASE("input checks: printable() escapes what a terminal would act on") {
  CHECK(wf::printable("\x1b[31m张三\x1b[0m") == "\\x1b[31m张三\\x1b[0m");
  CHECK(wf::printable("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(wf::printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(wf::printable("\x7f") == "\\x7f");
  CHECK(wf::printable("\xc2\x9b" "2J") == "\\u{009B}2J");
  CHECK(wf::printable("\xe2\x80\xae" "abc") == "\\u{202E}abc");
  CHECK(wf::printable("\xe2\x81\xa7") == "\\u{2067}");
  CHECK(wf::printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(wf::printable("\xc0\xaf") == "\\xc0\\xaf");
  CHECK(wf::printable("张\xe5\xbc") == "张\\xe5\\xbc");
  CHECK(wf::printable("") == "");
  // Ordinary text, Chinese, full-width punctuation and emoji are left as they are.
  for (std::string_view s : {"张三", "北京市海淀区（某某街道）", "Zhang San, 12.50 元", "😀", "\xe3\x80\x80"}) {
    INFO(s);
    CHECK(wf::printable(s) == s);
  }
}

TEST_CASE("input checks: fee amounts") {
  for (std::string_view good : {"0.01", "0.5", "10", "10.5", "12.50", "25", "999.99", "100000", "100000.00"}) {
    INFO(good);
    CHECK_NOTHROW(wf::check_fee_amount(good));
  }
  struct Case {
    std::string amount;
    const char* says;
  };
  const Case cases[] = {
      {"0", "amount '0' must be more than 0 yuan"},
      {"0.00", "amount '0.00' must be more than 0 yuan"},
      {"-5", "amount '-5' must be more than 0 yuan"},
      {"-0.5", "amount '-0.5' must be more than 0 yuan"},
      {"12.505", "amount '12.505' has more than 2 decimals"},
      {"100000.01", "amount '100000.01' is more than 100000 yuan: "},
      {"250000", "amount '250000' is more than 100000 yuan: "},
      {"99999999999999999999999999", "is more than 100000 yuan"},  // no overflow
      {"1e3", "amount '1e3' is not a sum in yuan (like 25 or 12.50)"},
      {"1e9", "amount '1e9' is not a sum in yuan (like 25 or 12.50)"},
      {" 5", "amount ' 5' is not a sum in yuan"},
      {"5 ", "amount '5 ' is not a sum in yuan"},
      {"+5", "amount '+5' is not a sum in yuan"},
      {"05", "amount '05' is not a sum in yuan"},
      {"00.5", "amount '00.5' is not a sum in yuan"},
      {"5.", "amount '5.' is not a sum in yuan"},
      {".5", "amount '.5' is not a sum in yuan"},
      {"", "amount '' is not a sum in yuan"},
      {"1,000", "amount '1,000' is not a sum in yuan"},
      {"1.2.3", "amount '1.2.3' is not a sum in yuan"},
      {"12元", "amount '12元' is not a sum in yuan"},
      {"\xef\xbc\x91\xef\xbc\x92", "amount '１２' is not a sum in yuan"},  // full-width digits
      {"--5", "amount '--5' is not a sum in yuan"},
      {"\x1b[2J5", "amount '\\x1b[2J5' is not a sum in yuan"},
  };
  for (const auto& c : cases) {
    INFO(wf::printable(c.amount));
    std::string msg = usage_error_of([&] { wf::check_fee_amount(c.amount); });
    CHECK(contains(msg, c.says));
    CHECK(safe_one_line(msg));
  }
}

TEST_CASE("input checks: receipt dates start with the 2008 Regulation") {
  CHECK_NOTHROW(wf::check_receipt_date(D("2008-05-01")));
  CHECK_NOTHROW(wf::check_receipt_date(D("2024-10-08")));
  CHECK(usage_error_of([] { wf::check_receipt_date(D("2007-12-01")); }) ==
        "received 2007-12-01 is before 2008-05-01, when the Regulation took effect");
  CHECK(contains(usage_error_of([] { wf::check_receipt_date(D("2008-04-30")); }), "received 2008-04-30 is before"));
}

TEST_CASE("input checks: the regime must fit the receipt date") {
  CHECK_NOTHROW(wf::check_regime_fits(2008, D("2008-05-01")));
  CHECK_NOTHROW(wf::check_regime_fits(2008, D("2019-05-14")));
  CHECK_NOTHROW(wf::check_regime_fits(2019, D("2019-05-15")));
  CHECK_NOTHROW(wf::check_regime_fits(2019, D("2026-01-05")));
  CHECK(usage_error_of([] { wf::check_regime_fits(2019, D("2019-05-14")); }) ==
        "regime 2019 does not fit received 2019-05-14: applications received before 2019-05-15 follow the 2008 "
        "rules");
  CHECK(usage_error_of([] { wf::check_regime_fits(2008, D("2019-05-15")); }) ==
        "regime 2008 does not fit received 2019-05-15: applications received from 2019-05-15 on follow the 2019 "
        "rules");
  // Unknown regimes are regime_for's to refuse.
  CHECK_NOTHROW(wf::check_regime_fits(2011, D("2019-05-14")));
}

TEST_CASE("input checks: agency codes are refused for their encoding, controls, then their shape") {
  for (std::string_view good : {"lj", "lj-gtj", "a", "0", "x-1-2", "abcdefghijklmnopqrstuvwxyz012345"}) {
    INFO(good);
    CHECK_NOTHROW(wf::check_agency_code(good, "agency"));
  }
  struct Case {
    std::string code;
    const char* says;
  };
  const Case cases[] = {
      {"", "agency is empty; a value is required"},
      {" ", "agency is blank"},
      {"l\xffj", "agency is not valid UTF-8 text (byte 2) in 'l\\xffj'"},
      {"lj\x1b[31m", "agency contains the control character \\x1b (character 3)"},
      {"lj\xe2\x80\xae", "agency contains the control character \\u{202E}"},
      {"LJ", "agency 'LJ' is not an agency code: 1–32 of a-z, 0-9 and '-'"},
      {"lj_gtj", "agency 'lj_gtj' is not an agency code"},
      {"lj gtj", "agency 'lj gtj' is not an agency code"},
      {"连江", "agency '连江' is not an agency code"},
      {"abcdefghijklmnopqrstuvwxyz0123456", "is not an agency code"},  // 33
      {std::string(5000, 'a'), "agency 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' is not an agency code"},
  };
  for (const auto& c : cases) {
    INFO(wf::printable(c.code));
    std::string msg = usage_error_of([&] { wf::check_agency_code(c.code, "agency"); });
    CHECK(contains(msg, c.says));
    CHECK(safe_one_line(msg));
  }
  CHECK(contains(usage_error_of([] { wf::check_agency_code("X", "parent"); }), "parent 'X' is not an agency code"));
}

TEST_CASE("input checks: case numbers are text on one line; their shape is for the lookup") {
  CHECK_NOTHROW(wf::check_case_number("lj-2024-0001", "case"));
  CHECK_NOTHROW(wf::check_case_number("nope", "case"));  // unknown, not malformed: "not found"
  CHECK_NOTHROW(wf::check_case_number("2024-信-001", "case"));  // an import file's reference
  CHECK(contains(usage_error_of([] { wf::check_case_number("lj-2024-\xff", "case"); }),
                 "case is not valid UTF-8 text (byte 9)"));
  CHECK(contains(usage_error_of([] { wf::check_case_number("lj-\x1b[2J", "case"); }),
                 "case contains the control character \\x1b"));
  CHECK(contains(usage_error_of([] { wf::check_case_number("", "case"); }), "case is empty"));
  CHECK(contains(usage_error_of([] { wf::check_case_number(repeat("1", 101), "case"); }), "at most 100"));
}

TEST_CASE("input checks: file names are shown whole, and refused in another encoding or with controls") {
  CHECK_NOTHROW(wf::check_file_name("/tmp/2027年节假日.json", "calendar file"));
  CHECK_NOTHROW(wf::check_file_name("a b/c'd.csv", "import file"));
  CHECK(usage_error_of([] { wf::check_file_name("", "output file"); }) == "output file is empty; give a file name");
  const std::string long_dir = "/" + repeat("d", 60) + "/";
  std::string msg = usage_error_of([&] { wf::check_file_name(long_dir + "\xd5\xc5.txt", "calendar file"); });
  CHECK(contains(msg, "calendar file '" + long_dir + "\\xd5\\xc5.txt' is not a valid UTF-8 name (byte 63)"));
  CHECK(contains(msg, "rename the file"));
  msg = usage_error_of([] { wf::check_file_name("out\x1b[2J.csv", "output file"); });
  CHECK(contains(msg, "output file 'out\\x1b[2J.csv' contains the control character \\x1b"));
  CHECK(safe_one_line(msg));
  msg = usage_error_of([] { wf::check_file_name("evil\xe2\x80\xaetxt.exe", "import file"); });
  CHECK(contains(msg, "\\u{202E}"));
}

TEST_CASE("input checks: first_invalid_utf8 gives the offset of the first bad byte") {
  CHECK(wf::first_invalid_utf8("") == std::string_view::npos);
  CHECK(wf::first_invalid_utf8("张三 abc") == std::string_view::npos);
  CHECK(wf::first_invalid_utf8("\xff") == 0);
  CHECK(wf::first_invalid_utf8("ab\xd5\xc5") == 2);  // GBK
  CHECK(wf::first_invalid_utf8("张\xe5") == 3);       // truncated
}
