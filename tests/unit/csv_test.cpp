// The streaming CSV reader and the writer: RFC 4180 quoting, line ends, BOM, row numbers as a
// spreadsheet shows them, malformed input named by row, and write → read round trips.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "engine/csv_reader.h"
#include "engine/csv_writer.h"

using namespace gongkai;

namespace {

struct Rec {
  size_t row;
  std::vector<std::string> fields;
  bool blank;
};

// Reads everything; errors are collected as "row N: …" and reading goes on.
std::vector<Rec> read_all(const std::string& text, std::vector<std::string>* errors = nullptr, size_t expect = 0,
                          size_t buffer = 1 << 16) {
  std::istringstream in(text);
  CsvReader r(in, buffer);
  if (expect) r.expect_fields(expect);
  std::vector<Rec> out;
  for (;;) {
    try {
      if (!r.next()) break;
    } catch (const CsvError& e) {
      if (!errors) throw;
      errors->push_back(e.what());
      if (e.fatal) break;
      continue;
    }
    Rec rec{r.row(), {}, r.blank()};
    for (size_t i = 0; i < r.size(); ++i) rec.fields.emplace_back(r[i]);
    out.push_back(std::move(rec));
  }
  return out;
}

std::vector<std::string> F(std::initializer_list<const char*> l) { return {l.begin(), l.end()}; }

}  // namespace

TEST_SUITE("csv") {
  TEST_CASE("plain records, LF and CRLF, with or without a final line break") {
    for (std::string eol : {"\n", "\r\n"}) {
      for (bool final_break : {true, false}) {
        std::string text = "a,b,c" + eol + "1,2,3" + eol + "x,y,z" + (final_break ? eol : "");
        auto recs = read_all(text);
        REQUIRE(recs.size() == 3);
        CHECK(recs[0].fields == F({"a", "b", "c"}));
        CHECK(recs[2].fields == F({"x", "y", "z"}));
        CHECK(recs[2].row == 3);
      }
    }
  }

  TEST_CASE("quoted fields: embedded quotes, commas, LF and CRLF inside; rows count records") {
    std::string text =
        "case,note\r\n"
        "A,\"say \"\"hi\"\", then go\"\r\n"
        "B,\"line one\nline two\r\nline three\"\r\n"
        "C,\"a,b,c\"\r\n"
        "D,\"\"\r\n";
    auto recs = read_all(text);
    REQUIRE(recs.size() == 5);
    CHECK(recs[1].fields == F({"A", "say \"hi\", then go"}));
    CHECK(recs[2].fields == F({"B", "line one\nline two\r\nline three"}));
    CHECK(recs[2].row == 3);
    CHECK(recs[3].fields == F({"C", "a,b,c"}));
    CHECK(recs[3].row == 4);  // still row 4 although record 3 spans three lines
    CHECK(recs[4].fields == F({"D", ""}));
  }

  TEST_CASE("empty fields, a quoted empty field and blank lines") {
    auto recs = read_all("a,b,c\n,,\n\"\",x,\n\n1,2,3\n", nullptr, 3);
    REQUIRE(recs.size() == 5);
    CHECK(recs[1].fields == F({"", "", ""}));
    CHECK_FALSE(recs[1].blank);
    CHECK(recs[2].fields == F({"", "x", ""}));
    CHECK(recs[3].blank);  // an empty line: a row, exempt from the field count
    CHECK(recs[3].row == 4);
    CHECK(recs[4].row == 5);
  }

  TEST_CASE("a leading byte order mark is not part of the first field") {
    auto recs = read_all("\xEF\xBB\xBF" "case,event\nA,received\n");
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].fields[0] == "case");
    // A BOM anywhere else is kept (it is valid UTF-8).
    auto later = read_all("a\n\xEF\xBB\xBFx\n");
    CHECK(later[1].fields[0] == "\xEF\xBB\xBFx");
  }

  TEST_CASE("UTF-8 text passes; invalid UTF-8 and NUL bytes are errors naming the row") {
    auto recs = read_all("名称,说明\n张三,\"信息公开, 申请\"\n");
    CHECK(recs[1].fields == F({"张三", "信息公开, 申请"}));

    std::vector<std::string> errors;
    auto r2 = read_all("a,b\n1,2\n\xC3\x28,x\nok,\xE2\x82\n3,4\n5,\xF0\x9F\x98\x80\n", &errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].rfind("row 3: field 1 is not valid UTF-8", 0) == 0);
    CHECK(errors[1].rfind("row 4: field 2 is not valid UTF-8", 0) == 0);
    CHECK(r2.back().fields == F({"5", "\xF0\x9F\x98\x80"}));

    std::string with_nul = std::string("a\nx") + '\0' + "y\nz\n";
    errors.clear();
    auto r3 = read_all(with_nul, &errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].rfind("row 2:", 0) == 0);
    CHECK(r3.back().fields == F({"z"}));

    // Overlong encodings and surrogates are not UTF-8.
    CHECK_FALSE(valid_utf8_text("\xC0\xAF"));
    CHECK_FALSE(valid_utf8_text("\xE0\x80\xAF"));
    CHECK_FALSE(valid_utf8_text("\xED\xA0\x80"));
    CHECK_FALSE(valid_utf8_text("\xF4\x90\x80\x80"));
    CHECK(valid_utf8_text("\xF4\x8F\xBF\xBF"));
  }

  TEST_CASE("wrong field count names the row; reading goes on") {
    std::vector<std::string> errors;
    auto recs = read_all("a,b,c\n1,2,3\n1,2\n\"x\ny\",2,3,4\n7,8,9\n", &errors, 3);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == "row 3: has 2 field(s), the header has 3");
    CHECK(errors[1] == "row 4: has 4 field(s), the header has 3");
    REQUIRE(recs.size() == 3);
    CHECK(recs.back().fields == F({"7", "8", "9"}));
    CHECK(recs.back().row == 5);
  }

  TEST_CASE("stray quotes name the row; the reader resumes at the next line") {
    std::vector<std::string> errors;
    auto recs = read_all("a,b\n1,ab\"c\n\"x\"y,2\nok,fine\n", &errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].rfind("row 2: stray quote in field 2", 0) == 0);
    CHECK(errors[1].rfind("row 3: unexpected text after the closing quote of field 1", 0) == 0);
    REQUIRE(recs.size() == 2);
    CHECK(recs[1].fields == F({"ok", "fine"}));
    CHECK(recs[1].row == 4);
  }

  TEST_CASE("an unterminated quote is fatal and names the row where it opened") {
    std::vector<std::string> errors;
    auto recs = read_all("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n", &errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "row 3: unterminated quoted field (the quote opened on line 3)");
    CHECK(recs.size() == 2);
  }

  TEST_CASE("physical line numbers follow line breaks inside quotes") {
    std::istringstream in("h\n\"a\r\nb\nc\"\nnext\n");
    CsvReader r(in);
    REQUIRE(r.next());
    REQUIRE(r.next());
    CHECK(r.row() == 2);
    CHECK(r.line() == 2);
    REQUIRE(r.next());
    CHECK(r.row() == 3);
    CHECK(r.line() == 5);
  }

  TEST_CASE("records split across buffer refills read the same as in one buffer") {
    std::string text = "case,note\r\n";
    for (int i = 0; i < 200; ++i)
      text += "C" + std::to_string(i) + ",\"quote \"\" comma , newline\r\nend " + std::to_string(i) + "\"\r\n";
    auto big = read_all(text);
    for (size_t buffer : {16, 17, 31, 64, 1000}) {
      auto small = read_all(text, nullptr, 2, buffer);
      REQUIRE(small.size() == big.size());
      for (size_t i = 0; i < big.size(); ++i) {
        CHECK(small[i].fields == big[i].fields);
        CHECK(small[i].row == big[i].row);
      }
    }
    CHECK(big.size() == 201);
    CHECK(big[200].fields[1] == "quote \" comma , newline\r\nend 199");
  }

  TEST_CASE("writer quotes only when needed, and its output reads back the same") {
    CHECK_FALSE(CsvWriter::needs_quotes("plain text 名称"));
    CHECK(CsvWriter::needs_quotes("a,b"));
    CHECK(CsvWriter::needs_quotes("say \"hi\""));
    CHECK(CsvWriter::needs_quotes("two\nlines"));
    CHECK(CsvWriter::needs_quotes("cr\r"));

    std::ostringstream out;
    CsvWriter w(out);
    std::vector<std::vector<std::string>> rows = {
        {"case", "note", "x"},
        {"A", "say \"hi\", then go", ""},
        {"B", "line one\nline two\r\nthree", "  spaced  "},
        {"", "", ""},
        {"张三", "\"", ","},
    };
    for (const auto& r : rows) w.record(r);
    CHECK(out.str().substr(0, 13) == "case,note,x\r\n");
    CHECK(out.str().find("A,\"say \"\"hi\"\", then go\",\r\n") != std::string::npos);
    auto back = read_all(out.str(), nullptr, 3);
    REQUIRE(back.size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) CHECK(back[i].fields == rows[i]);
  }

  TEST_CASE("a one-column record of one empty field is written so that it is not a blank line") {
    std::ostringstream out;
    CsvWriter w(out, "\n");
    w.record({"h"});
    w.record({""});
    w.record({"x"});
    CHECK(out.str() == "h\n\"\"\nx\n");
    auto back = read_all(out.str());
    REQUIRE(back.size() == 3);
    CHECK_FALSE(back[1].blank);
    CHECK(back[1].fields == F({""}));
  }
}
