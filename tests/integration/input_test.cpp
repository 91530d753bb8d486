// Bad input as a new user types it, through the real executable (issue 9, item 6): fees, regimes
// and receipt dates that cannot be; blank, invisible and overlong names; control characters,
// terminal escape sequences, bidirectional overrides and invalid UTF-8 in every text option and
// argument of every command; what is stored already printed escaped; calendar files that cannot
// be a whole official year; GONGKAI_TODAY; gongkai with no command, --version, unknown commands;
// `db destroy` of the embedded default; bad CSV rows. Each refusal: its exit code, one line on
// stderr naming the field and showing the value safely, nothing on stdout, the database unchanged.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "harness.h"
#include "workflows/input_checks.h"

using gongkai::test::RunResult;
using gongkai::test::run_gongkai;
using gongkai::test::TestDb;
namespace fs = std::filesystem;
namespace wf = gongkai::workflows;

namespace {

using Env = std::map<std::string, std::string>;
const Env kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

// What a user might paste or mistype into any text: an ANSI colour sequence, a right-to-left
// override, and a byte of another encoding (GBK's 张 starts with 0xD5, here a lone 0xFF).
const std::string kEscape = "X\x1b[31mY";
const std::string kBidi = "X\xe2\x80\xaeY";
const std::string kNotUtf8 = "X\xffY";
struct BadValue {
  std::string value;
  std::string shown;  // how a message shows it
};
const std::vector<BadValue> kBadValues = {{kEscape, "\\x1b[31m"}, {kBidi, "\\u{202E}"}, {kNotUtf8, "\\xff"}};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Every line is safe on a terminal: valid UTF-8, no control character, no bidirectional control.
bool safe_lines(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (wf::printable(line) != line) return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return true;
}

// stderr is one line "error: …", safe to print.
bool one_error_line(const std::string& err) {
  return err.rfind("error: ", 0) == 0 && err.back() == '\n' && std::count(err.begin(), err.end(), '\n') == 1 &&
         safe_lines(err);
}

std::string shown(const std::vector<std::string>& args) {
  std::string out = "gongkai";
  for (const auto& a : args) out += " " + wf::printable(a);
  return out;
}

// Runs a command that must be refused: exit `code`, one safe error line holding every needle and
// none of what only a library or the database would say, nothing on stdout, nothing written.
void refused(const TestDb& db, const std::vector<std::string>& args, const std::vector<std::string>& needles,
             int code = 2, const Env& env = kToday) {
  const std::string before = db.fingerprint();
  RunResult r = db.run(args, env);
  INFO(shown(args) << "\nexit " << r.code << "\nstdout: " << wf::printable(r.out) << "\nstderr: " << wf::printable(r.err));
  CHECK(r.code == code);
  CHECK(r.out.empty());
  CHECK(one_error_line(r.err));
  for (const auto& n : needles) CHECK_MESSAGE(contains(r.err, n), "expected: " << n);
  CHECK_FALSE(contains(r.err, "json.exception"));
  CHECK_FALSE(contains(r.err, "byte sequence for encoding"));
  CHECK(db.fingerprint() == before);
}

// A county: the government, a department and a township; today 2024-12-31.
void county(const TestDb& db) {
  db.ok({"agency", "add", "lj", "--name", "连江县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "lj-gtj", "--name", "连江县国土资源局", "--kind", "department", "--parent", "lj"});
}

// `args` with `value` for the option `flag` (added when absent).
std::vector<std::string> with(std::vector<std::string> args, const std::string& flag, const std::string& value) {
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == flag) {
      args[i + 1] = value;
      return args;
    }
  args.push_back(flag);
  args.push_back(value);
  return args;
}

// A good `receive` command line, with the options in `changes` (FLAG, VALUE, …) set or added.
std::vector<std::string> receive_args(const std::vector<std::string>& changes = {}) {
  std::vector<std::string> args = {"receive", "--agency", "lj-gtj", "--received", "2024-03-04", "--channel", "post",
                                   "--applicant-type", "person", "--applicant", "张三"};
  for (size_t i = 0; i + 1 < changes.size(); i += 2) args = with(args, changes[i], changes[i + 1]);
  return args;
}

// A case under review, on which every event's options are checked before its state is.
std::string case_under_review(const TestDb& db) {
  std::string c = db.ok(receive_args(), kToday);
  db.ok({"event", c, "reviewed", "--on", "2024-03-05"}, kToday);
  return c;
}

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / (name + "-" + std::to_string(getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& contents) const {
    std::ofstream(path / name, std::ios::binary) << contents;
    return (path / name).string();
  }
};

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_SUITE("input") {
  TEST_CASE("fee amounts: zero, negative, absurd, with an exponent or spaces are refused naming the amount") {
    TestDb db;
    county(db);
    const std::string c = case_under_review(db);
    struct Case {
      std::string amount;
      std::string says;
    };
    const Case cases[] = {
        {"0", "amount '0' must be more than 0 yuan"},
        {"0.00", "amount '0.00' must be more than 0 yuan"},
        {"-5", "amount '-5' must be more than 0 yuan"},
        {"-0.01", "amount '-0.01' must be more than 0 yuan"},
        {"100000.01", "amount '100000.01' is more than 100000 yuan"},
        {"2500000", "amount '2500000' is more than 100000 yuan"},
        {"99999999999999999999999", "is more than 100000 yuan"},
        {"1e3", "amount '1e3' is not a sum in yuan"},
        {"2.5E2", "amount '2.5E2' is not a sum in yuan"},
        {"1 000", "amount '1 000' is not a sum in yuan"},
        {" 25", "amount ' 25' is not a sum in yuan"},
        {"25 ", "amount '25 ' is not a sum in yuan"},
        {"+25", "amount '+25' is not a sum in yuan"},
        {"1,000", "amount '1,000' is not a sum in yuan"},
        {"25元", "amount '25元' is not a sum in yuan"},
        {"12.505", "amount '12.505' has more than 2 decimals"},
        {"0x10", "amount '0x10' is not a sum in yuan"},
        {"NaN", "amount 'NaN' is not a sum in yuan"},
        {"\xef\xbc\x92\xef\xbc\x95", "amount '２５' is not a sum in yuan"},  // full-width digits
    };
    for (const auto& x : cases) {
      refused(db, {"event", c, "fee-requested", "--on", "2024-03-06", "--amount", x.amount}, {x.says});
      // The field, not the option that carries it on this command line.
      CHECK_FALSE(contains(db.run({"event", c, "fee-requested", "--on", "2024-03-06", "--amount", x.amount}, kToday).err,
                           "--amount"));
    }
    // The sums a fee notice holds pass.
    db.ok({"event", c, "fee-requested", "--on", "2024-03-06", "--amount", "12.50"}, kToday);
  }

  TEST_CASE("regimes and receipt dates that cannot be") {
    TestDb db;
    county(db);
    refused(db, receive_args({"--regime", "2008"}),
            {"regime 2008 does not fit received 2024-03-04", "from 2019-05-15 on follow the 2019 rules"});
    refused(db, with(receive_args({"--regime", "2019"}), "--received", "2019-05-14"),
            {"regime 2019 does not fit received 2019-05-14", "before 2019-05-15 follow the 2008 rules"});
    refused(db, receive_args({"--regime", "2011"}), {"regime '2011' is not one of 2008, 2019"});
    refused(db, with(receive_args(), "--received", "2008-04-30"),
            {"received 2008-04-30 is before 2008-05-01, when the Regulation took effect"});
    refused(db, with(receive_args(), "--received", "1999-01-04"), {"received 1999-01-04 is before 2008-05-01"});
    refused(db, with(receive_args({"--regime", "2008"}), "--received", "2007-12-03"), {"received 2007-12-03 is before"});
    refused(db, with(receive_args(), "--received", "2025-01-02"), {"received 2025-01-02 is in the future"});
    refused(db, with(receive_args(), "--received", "2024-02-30"), {"received", "'2024-02-30' is not a valid date"});
    // The edges pass.
    db.ok(with(receive_args({"--regime", "2008"}), "--received", "2008-05-01"), kToday);
    db.ok(with(receive_args({"--regime", "2008"}), "--received", "2019-05-14"), kToday);
    db.ok(with(receive_args({"--regime", "2019"}), "--received", "2019-05-15"), kToday);
  }

  TEST_CASE("names: blank, invisible-only or over the limit, for every field that holds a name") {
    TestDb db;
    county(db);
    const std::string c = case_under_review(db);
    // Each name field, with the command line that carries it ('@' stands for the value).
    struct Field {
      std::string name;
      std::vector<std::string> args;
      Env env = kToday;
    };
    const std::vector<Field> fields = {
        {"applicant", receive_args({"--applicant", "@"})},
        {"handler", {"event", c, "reviewed", "--on", "2024-03-08", "--handler", "@"}},
        {"approved_by", {"event", c, "extended", "--on", "2024-03-08", "--approved-by", "@"}},
        {"name", {"user", "add", "clerk", "--name", "@", "--role", "registrar", "--agency", "lj"}},
        {"name", {"agency", "add", "lj-fc", "--name", "@", "--kind", "township", "--parent", "lj"}},
        {"actor", {"--actor", "@", "event", c, "extended", "--on", "2024-03-08", "--approved-by", "李四"}},
        {"actor", {"event", c, "extended", "--on", "2024-03-08", "--approved-by", "李四"}, {{"GONGKAI_ACTOR", "@"}}},
    };
    struct Blank {
      std::string value;
      std::string says;
    };
    const std::vector<Blank> blanks = {
        {" ", "is blank (only spaces or invisible characters: U+0020)"},
        {"\xe2\x80\x8b", "is blank (only spaces or invisible characters: U+200B)"},           // zero-width space
        {"\xe3\x80\x80\xe3\x80\x80", "is blank (only spaces or invisible characters: U+3000)"},  // ideographic
        {"\xc2\xa0", "U+00A0"},                                                                 // no-break space
        {"\xef\xbb\xbf\xe2\x80\x8b \xe3\x80\x80", "U+FEFF U+200B U+0020 U+3000"},
        {"\xe3\x85\xa4", "U+3164"},  // the Hangul filler, a favourite of blank nicknames
        {repeat("张", 101), "is 101 characters long; at most 100"},
        {repeat("a", 5000), "is 5,000 characters long; at most 100"},
    };
    for (const auto& f : fields) {
      for (const auto& b : blanks) {
        std::vector<std::string> args = f.args;
        Env env = f.env;
        for (auto& a : args)
          if (a == "@") a = b.value;
        for (auto& [k, v] : env)
          if (v == "@") v = b.value;
        refused(db, args, {"error: " + f.name + " ", b.says}, 2, env);
      }
    }
    // An empty name is no name, except where the option is optional (an empty --handler is none).
    refused(db, receive_args({"--applicant", ""}), {"applicant is empty; a value is required"});
    refused(db, {"user", "add", "clerk", "--name", "", "--role", "registrar", "--agency", "lj"}, {"name is empty"});
    refused(db, {"agency", "add", "lj-fc", "--name", "", "--kind", "township"}, {"name is empty"});
    refused(db, {"--actor", "", "list"}, {"actor is empty"});
    refused(db, {"event", c, "extended", "--on", "2024-03-08", "--approved-by", ""}, {"approved_by"});
    // A visible name among invisible characters, and 100 汉字, pass.
    db.ok(receive_args({"--applicant", "\xe3\x80\x80" + repeat("张", 99)}), kToday);
  }

  TEST_CASE("control characters, escape sequences, bidi overrides and invalid UTF-8 in every text option") {
    TestDb db;
    county(db);
    const std::string c = case_under_review(db);
    // Every text option and argument of every command, '@' standing for the value, and the field
    // the message names.
    struct Slot {
      std::string field;
      std::vector<std::string> args;
    };
    const std::vector<Slot> slots = {
        {"agency", receive_args({"--agency", "@"})},
        {"received", receive_args({"--received", "@"})},
        {"channel", receive_args({"--channel", "@"})},
        {"applicant type", receive_args({"--applicant-type", "@"})},
        {"applicant", receive_args({"--applicant", "@"})},
        {"subject", receive_args({"--subject", "@"})},
        {"letter ref", receive_args({"--letter-ref", "@"})},
        {"contact", receive_args({"--contact", "@"})},
        {"regime", receive_args({"--regime", "@"})},
        {"case", {"event", "@", "reviewed", "--on", "2024-03-06"}},
        {"event kind", {"event", c, "@", "--on", "2024-03-06"}},
        {"on", {"event", c, "withdrawn", "--on", "@"}},
        {"note", {"event", c, "withdrawn", "--on", "2024-03-06", "--note", "@"}},
        {"handler", {"event", c, "reviewed", "--on", "2024-03-06", "--handler", "@"}},
        {"approved_by", {"event", c, "extended", "--on", "2024-03-06", "--approved-by", "@"}},
        {"amount", {"event", c, "fee-requested", "--on", "2024-03-06", "--amount", "@"}},
        {"outcome", {"event", c, "answered", "--on", "2024-03-06", "--outcome", "@"}},
        {"result", {"event", c, "reconsideration-decided", "--on", "2024-03-06", "--result", "@"}},
        {"case", {"show", "@"}},
        {"case", {"--json", "show", "@"}},
        {"agency", {"list", "--agency", "@"}},
        {"state", {"list", "--state", "@"}},
        {"as of", {"overdue", "--as-of", "@"}},
        {"agency", {"overdue", "--agency", "@"}},
        {"as of", {"chase", "--as-of", "@"}},
        {"agency", {"chase", "--agency", "@"}},
        {"agency", {"timeliness", "--year", "2024", "--agency", "@"}},
        {"agency", {"report", "--year", "2024", "--agency", "@"}},
        {"template", {"report", "--year", "2024", "--template", "@"}},
        {"format", {"report", "--year", "2024", "--format", "@"}},
        {"output file", {"report", "--year", "2024", "--output", "@"}},
        {"agency", {"figures", "set", "--agency", "@", "--year", "2024", "complaints=1"}},
        {"figure key", {"figures", "set", "--agency", "lj", "--year", "2024", "@=1"}},
        {"figure", {"figures", "set", "--agency", "lj", "--year", "2024", "complaints=@"}},
        {"agency", {"figures", "baseline", "--agency", "@", "--before", "2024", "complaints=1"}},
        {"agency", {"figures", "list", "--agency", "@"}},
        {"calendar file", {"calendar", "load", "@"}},
        {"date", {"calendar", "add-working-days", "@", "3"}},
        {"code", {"agency", "add", "@", "--name", "某局", "--kind", "department"}},
        {"name", {"agency", "add", "lj-x", "--name", "@", "--kind", "department"}},
        {"agency kind", {"agency", "add", "lj-x", "--name", "某局", "--kind", "@"}},
        {"parent", {"agency", "add", "lj-x", "--name", "某局", "--kind", "department", "--parent", "@"}},
        {"login", {"user", "add", "@", "--name", "王五", "--role", "handler", "--agency", "lj"}},
        {"name", {"user", "add", "wang", "--name", "@", "--role", "handler", "--agency", "lj"}},
        {"role", {"user", "add", "wang", "--name", "王五", "--role", "@", "--agency", "lj"}},
        {"agency", {"user", "add", "wang", "--name", "王五", "--role", "handler", "--agency", "@"}},
        {"agency", {"user", "add", "wang", "--name", "王五", "--role", "handler", "--agency", "lj", "--agency", "@"}},
        {"login", {"user", "disable", "@"}},
        {"login", {"user", "passwd", "@"}},
        {"import file", {"import", "@"}},
        {"agency", {"export", "--agency", "@"}},
        {"output file", {"export", "--output", "@"}},
        {"heads file", {"verify", "--heads", "@"}},
        {"kept heads file", {"verify", "--against", "@"}},
        {"actor", {"--actor", "@", "list"}},
    };
    for (const auto& slot : slots)
      for (const auto& bad : kBadValues) {
        std::vector<std::string> args = slot.args;
        for (auto& a : args) {
          if (a == "@") a = bad.value;
          else if (a == "@=1") a = bad.value + "=1";
          else if (a == "complaints=@") a = "complaints=" + bad.value;
        }
        refused(db, args, {slot.field, bad.shown});
      }

    // And in the environment: the actor, the fixed today.
    for (const auto& bad : kBadValues) {
      refused(db, {"list"}, {"actor", bad.shown}, 2, {{"GONGKAI_TODAY", "2024-12-31"}, {"GONGKAI_ACTOR", bad.value}});
      refused(db, {"list"}, {"GONGKAI_TODAY", bad.shown}, 2, {{"GONGKAI_TODAY", bad.value}});
      // The connection string is not quoted back: it may hold a password.
      RunResult r = run_gongkai({"--db", "host=/tmp dbname=" + bad.value, "list"}, {{"GONGKAI_DB", ""}});
      INFO(wf::printable(r.err));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(one_error_line(r.err));
      CHECK(contains(r.err, "database connection string"));
      CHECK_FALSE(contains(r.err, "dbname"));
    }
    // Line breaks and tabs are text in a subject or a note, not in a name.
    db.ok({"event", c, "withdrawn", "--on", "2024-03-06", "--note", "第一行\n第二行\t完"}, kToday);
    refused(db, receive_args({"--applicant", "张\n三"}), {"applicant contains the control character \\n"});
  }

  TEST_CASE("what is stored already is printed escaped by show, list, agency list and overdue") {
    TestDb db;
    county(db);
    const std::string c = case_under_review(db);
    db.ok({"event", c, "withdrawn", "--on", "2024-03-06", "--note", "不再需要"}, kToday);
    const std::string c2 = db.ok(receive_args(), kToday);
    {
      // Put in behind gongkai's back, as the superuser: an escape sequence in the applicant's name
      // (case row and receipt alike, so that the history still replays), a right-to-left override
      // in the subject, a terminal title sequence in a note and an actor, a screen clear in an
      // agency's name.
      pqxx::connection conn(db.conninfo());
      pqxx::work tx(conn);
      tx.exec("set local session_replication_role = replica");
      const std::string name = "E'\\x1b[31m张三\\x1b[0m'";
      const std::string subject = "E'查询\\u202e文件'";
      for (const auto& k : {c, c2}) {
        const std::string id = "(select id from gk_case where case_no = " + tx.quote(k) + ")";
        tx.exec("update gk_case_personal set applicant = " + name + " where case_id = " + id);
        tx.exec("update gk_event_personal set data = jsonb_set(data, '{applicant}', to_jsonb(" + name +
                "::text)) where seq = 1 and case_id = " + id);
        tx.exec("update gk_case set subject = " + subject + " where id = " + id);
        tx.exec("update gk_event set details = jsonb_set(details, '{subject}', to_jsonb(" + subject +
                "::text)) where seq = 1 and case_id = " + id);
      }
      const std::string id = "(select id from gk_case where case_no = " + tx.quote(c) + ")";
      tx.exec("update gk_event set details = jsonb_set(details, '{note}', to_jsonb(E'\\x1b]0;owned\\x07'::text)), "
              "actor = E'\\x1b[1mroot' where seq = 3 and case_id = " + id);
      tx.exec("update gk_agency set name = E'\\x1b[2J连江县国土资源局' where code = 'lj-gtj'");
      tx.commit();
    }
    auto looked_at = [&](const std::vector<std::string>& args, const std::vector<std::string>& escaped) {
      RunResult r = db.run(args, kToday);
      INFO(shown(args) << "\nstdout: " << wf::printable(r.out) << "\nstderr: " << wf::printable(r.err));
      CHECK(r.code == 0);
      CHECK(safe_lines(r.out));
      CHECK(r.err.empty());
      for (const auto& e : escaped) CHECK_MESSAGE(contains(r.out, e), "expected: " << e);
    };
    looked_at({"show", c}, {"\\x1b[31m张三\\x1b[0m", "查询\\u{202E}文件", "note=\\x1b]0;owned\\x07", "\\x1b[1mroot"});
    looked_at({"show", c2}, {"\\x1b[31m张三\\x1b[0m"});
    looked_at({"list"}, {"\\x1b[31m张三\\x1b[0m"});
    looked_at({"list", "--agency", "lj-gtj", "--state", "open"}, {"\\x1b[31m张三\\x1b[0m"});
    looked_at({"agency", "list"}, {"\\x1b[2J连江县国土资源局"});
    looked_at({"overdue"}, {"\\x1b[2J连江县国土资源局"});
    looked_at({"timeliness", "--year", "2024"}, {"\\x1b[2J连江县国土资源局"});
    // JSON carries the text as it is stored, escaped the JSON way: still no raw escape byte.
    RunResult j = db.run({"show", c, "--json"}, kToday);
    REQUIRE(j.code == 0);
    CHECK(j.out.find('\x1b') == std::string::npos);
    CHECK(j.json()["applicant"] == "\x1b[31m张三\x1b[0m");
  }

  TEST_CASE("a calendar file that cannot be a whole official year is refused unless forced") {
    TestDb db;
    TempDir dir("gk-input-calendar");
    const std::string half = dir.write("half.txt", "2027 notice 国务院办公厅关于2027年部分节假日安排的通知\n"
                                                   "2027 off 2027-01-01 元旦\n"
                                                   "2027 off 2027-02-06..2027-02-12 春节\n");
    refused(db, {"calendar", "load", half}, {"year 2027", "cannot be a whole official year", "nothing was changed"});
    // The years as a mistyped JSON file: the same check.
    const std::string json = dir.write(
        "2027.json", R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})");
    refused(db, {"calendar", "load", json}, {"cannot be a whole official year"});
    // Saved in GBK: named as an encoding problem, at its line and byte. (元旦 is D4 AA B5 A9, whose
    // first two bytes happen to be valid UTF-8, U+052A: the third is the first bad one.)
    const std::string gbk = dir.write("gbk.txt", "2027 notice x\n2027 off 2027-01-01 \xd4\xaa\xb5\xa9\n");
    refused(db, {"calendar", "load", gbk}, {"gbk.txt' is not valid UTF-8 text (line 2, byte 23)", "save it as UTF-8"});
    refused(db, {"calendar", "load", "--force", gbk}, {"is not valid UTF-8 text (line 2"});
    const std::string gbk_json =
        dir.write("gbk.json", "{\"year\": 2027, \"days\": [{\"name\": \"\xd5\xc5\", \"date\": \"2027-01-01\"}]}");
    refused(db, {"calendar", "load", gbk_json}, {"is not valid UTF-8 text (line 1"});
    // A JSON syntax error is told without the JSON library's tag.
    const std::string broken = dir.write("broken.json", "{\"year\": 2027, \"days\": [}");
    refused(db, {"calendar", "load", broken}, {"broken.json: not valid JSON: parse error at line 1"});
    // A day's name is text like any other: no escape sequences, even when forced.
    const std::string esc = dir.write(
        "esc.json", R"({"year": 2027, "days": [{"name": "\u001b[31m元旦", "date": "2027-01-01", "isOffDay": true}]})");
    refused(db, {"calendar", "load", "--force", esc}, {"2027-01-01: name contains the control character \\x1b"});
    refused(db, {"calendar", "load", dir.path.string()}, {"is a directory"});
    refused(db, {"calendar", "load", (dir.path / "missing.txt").string()}, {"cannot read calendar file"});
    // Forced, the half year loads (and says so).
    CHECK(contains(db.ok({"calendar", "load", "--force", half}), "added 2027"));
    CHECK(db.run({"calendar", "show", "2027", "--json"}).json()["loaded"] == true);
  }

  TEST_CASE("GONGKAI_TODAY: a future date only in a training database, a past one with a warning") {
    TestDb db;
    county(db);
    db.ok({"init", "--no-training"});
    const Env future = {{"GONGKAI_TODAY", "2099-01-01"}};
    refused(db, {"list"}, {"GONGKAI_TODAY=2099-01-01 is after today", "gongkai init --training"}, 2, future);
    refused(db, receive_args(), {"GONGKAI_TODAY=2099-01-01 is after today"}, 2, future);
    refused(db, {"list"}, {"GONGKAI_TODAY", "'2024-13-01' is not a valid date"}, 2, {{"GONGKAI_TODAY", "2024-13-01"}});
    // A past date is honoured, and every command says so on stderr.
    {
      const std::string before = db.fingerprint();
      RunResult r = db.run(with(receive_args(), "--received", "2024-12-31"), {{"GONGKAI_TODAY", "2024-12-30"}});
      INFO(wf::printable(r.err));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.rfind("warning: GONGKAI_TODAY=2024-12-30 fixes today's date", 0) == 0);
      CHECK(contains(r.err, "\nerror: received 2024-12-31 is in the future (today is 2024-12-30)\n"));
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 2);
      CHECK(db.fingerprint() == before);
    }
    RunResult r = db.run(receive_args(), {{"GONGKAI_TODAY", "2024-12-30"}});
    CHECK(r.code == 0);
    CHECK(r.out == "lj-gtj-2024-0001\n");
    CHECK(r.err.rfind("warning: GONGKAI_TODAY=2024-12-30 fixes today's date (today is ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(contains(r.err, "this is not a training database"));
    // Without it, the real date: no warning.
    RunResult plain = db.run({"list"}, {{"GONGKAI_TODAY", ""}});
    CHECK(plain.code == 0);
    CHECK(plain.err.empty());
    // A training database takes any date, silently.
    db.ok({"init", "--training"});
    RunResult t = db.run(with(receive_args(), "--received", "2098-12-31"), future);
    CHECK(t.code == 0);
    CHECK(t.out == "lj-gtj-2098-0001\n");
    CHECK(t.err.empty());
  }

  TEST_CASE("gongkai with no command, --version, help, unknown commands and options") {
    const Env env = {{"GONGKAI_DB", ""}, {"GONGKAI_HOME", (fs::temp_directory_path() / "gk-input-nohome").string()}};
    // No command: what there is, on stdout; still a usage error for a script.
    RunResult none = run_gongkai({}, env);
    CHECK(none.code == 2);
    CHECK(none.err.empty());
    for (const char* word : {"Usage:", "receive", "event", "show", "overdue", "chase", "report", "gongkai init"})
      CHECK_MESSAGE(contains(none.out, word), word);
    RunResult version = run_gongkai({"--version"}, env);
    CHECK(version.code == 0);
    CHECK(version.out.rfind("gongkai ", 0) == 0);
    CHECK(std::count(version.out.begin(), version.out.end(), '\n') == 1);
    CHECK(version.err.empty());
    RunResult help = run_gongkai({"help"}, env);
    CHECK(help.code == 0);
    CHECK(contains(help.out, "Usage:"));
    RunResult help_receive = run_gongkai({"help", "receive"}, env);
    CHECK(help_receive.code == 0);
    CHECK(contains(help_receive.out, "--applicant-type"));

    struct Case {
      std::vector<std::string> args;
      std::vector<std::string> says;
    };
    const std::vector<Case> cases = {
        {{"lsit"}, {"unknown command 'lsit' (did you mean 'list'?)", "the commands are agency, annual-report, attach, audit, calendar, chase,"}},
        {{"recieve", "--agency", "lj"}, {"unknown command 'recieve' (did you mean 'receive'?)"}},
        {{"chsae"}, {"(did you mean 'chase'?)"}},
        // A command's option values are not command names; an option it does not know is named.
        {{"annual-report", "--formt", "md"}, {"unknown option '--formt' for 'gongkai annual-report' (did you mean '--format'?)"}},
        {{"annual-report", "--year", "2024", "--json", "txet"},
         {"unknown command 'annual-report txet' (did you mean 'annual-report text'?)"}},
        {{"--json", "shwo", "x"}, {"unknown command 'shwo' (did you mean 'show'?)"}},
        {{"frobnicate"}, {"unknown command 'frobnicate'; the commands are ", "gongkai --help explains them"}},
        {{"agency", "ad", "x"}, {"unknown command 'agency ad' (did you mean 'agency add'?)", "add, list"}},
        {{"calendar", "lod", "f"}, {"did you mean 'calendar load'?"}},
        {{"--json"}, {"no command given; the commands are agency,"}},
        {{"--db", "x"}, {"no command given"}},
        {{"agency"}, {"'gongkai agency' needs one of its commands: add, list"}},
        {{"list", "--agnecy", "lj"}, {"unknown option '--agnecy' for 'gongkai list' (did you mean '--agency'?)"}},
        {{"chase", "--bogus"}, {"unknown option '--bogus' for 'gongkai chase'"}},
        {{"show"}, {"case is required"}},
        {{"list", "--year", "abc"}, {"--year 'abc' is not a whole number"}},
        {{"list", "--agency", "lj", "--agency", "lj-gtj"}, {"--agency is given 2 times; give it once"}},
        {{"report", "--year"}, {"--year needs a value"}},
        {{"\xff\x1b[2J"}, {"unknown command '\\xff\\x1b[2J'"}},
    };
    for (const auto& x : cases) {
      RunResult r = run_gongkai(x.args, env);
      INFO(shown(x.args) << "\nstdout: " << wf::printable(r.out) << "\nstderr: " << wf::printable(r.err));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(one_error_line(r.err));
      for (const auto& s : x.says) CHECK_MESSAGE(contains(r.err, s), "expected: " << s);
    }
  }

  TEST_CASE("db destroy: refused without --yes naming the data; with it the cluster and its data are gone") {
    auto home = fs::temp_directory_path() / ("gk-input-destroy-" + std::to_string(getpid()));
    fs::remove_all(home);
    const Env env = {{"GONGKAI_HOME", home.string()}, {"GONGKAI_DB", ""}, {"GONGKAI_TODAY", "2025-01-10"}};
    // Nothing there yet: nothing to delete, and nothing is created by asking.
    RunResult nothing = run_gongkai({"db", "destroy", "--yes"}, env);
    CHECK(nothing.code == 0);
    CHECK(contains(nothing.out, "no embedded database"));
    CHECK_FALSE(fs::exists(home / "cluster"));

    REQUIRE(run_gongkai({"agency", "add", "cty", "--name", "某县人民政府", "--kind", "government"}, env).code == 0);
    auto status = run_gongkai({"db", "status", "--json"}, env).json();
    const fs::path data = status["data_dir"].get<std::string>();
    REQUIRE(fs::exists(data / "PG_VERSION"));
    // The home says where the data is, and how to remove it: as root it lives outside the home.
    std::ifstream readme(home / "README");
    std::string notes((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
    CHECK(contains(notes, data.string()));
    CHECK(contains(notes, "gongkai db destroy --yes"));
    if (geteuid() == 0) {
      CHECK(data.string().rfind("/var/lib/gongkai/", 0) == 0);
      CHECK(fs::is_symlink(home / "cluster"));
    }

    RunResult no = run_gongkai({"db", "destroy"}, env);
    INFO(no.err);
    CHECK(no.code == 2);
    CHECK(no.out.empty());
    CHECK(one_error_line(no.err));
    CHECK(contains(no.err, data.string()));
    CHECK(contains(no.err, "--yes"));
    CHECK(fs::exists(data / "PG_VERSION"));
    CHECK(run_gongkai({"agency", "list"}, env).out.find("cty") != std::string::npos);
    // Not for a database named otherwise.
    RunResult named = run_gongkai({"--db", "host=/nonexistent", "db", "destroy", "--yes"}, env);
    CHECK(named.code == 2);
    CHECK(fs::exists(data / "PG_VERSION"));

    RunResult yes = run_gongkai({"db", "destroy", "--yes"}, env);
    INFO(yes.err);
    CHECK(yes.code == 0);
    CHECK(contains(yes.out, "destroyed"));
    CHECK_FALSE(fs::exists(data));
    if (geteuid() == 0) {
      CHECK_FALSE(fs::exists(data.parent_path()));  // /var/lib/gongkai/<hash>
      CHECK_FALSE(fs::exists(fs::symlink_status(home / "cluster")));
    }
    CHECK_FALSE(fs::exists(home / "README"));
    CHECK(run_gongkai({"db", "status", "--json"}, env).json()["exists"] == false);
    fs::remove_all(home);
  }

  TEST_CASE("import rows get the entry checks of the single commands, each bad row named") {
    TestDb db;
    county(db);
    TempDir dir("gk-input-import");
    const std::vector<std::string> columns = {"case",    "event",  "on",     "agency", "channel", "applicant_type",
                                              "applicant", "subject", "regime", "amount", "handler", "note", "actor"};
    // One CSV record in the columns' order, quoted where RFC 4180 needs it.
    auto row = [&](const std::map<std::string, std::string>& values) {
      std::string out;
      for (size_t i = 0; i < columns.size(); ++i) {
        auto it = values.find(columns[i]);
        std::string v = it == values.end() ? "" : it->second;
        if (v.find_first_of(",\"\r\n") != std::string::npos) {
          std::string q = "\"";
          for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
          v = q + "\"";
        }
        out += (i ? "," : "") + v;
      }
      return out + "\n";
    };
    std::string header;
    for (const auto& c : columns) header += (header.empty() ? "" : ",") + c;
    header += "\n";
    auto receipt = [&](const std::string& ref, std::map<std::string, std::string> more = {}) {
      std::map<std::string, std::string> v = {{"case", ref},      {"event", "received"},     {"on", "2024-03-04"},
                                              {"agency", "lj"},   {"channel", "post"},       {"applicant_type", "person"},
                                              {"applicant", "张三"}};
      for (auto& [k, x] : more) v[k] = x;
      return row(v);
    };
    auto event = [&](const std::string& ref, const std::string& kind, const std::string& on,
                     std::map<std::string, std::string> more = {}) {
      more["case"] = ref;
      more["event"] = kind;
      more["on"] = on;
      return row(more);
    };
    // Runs an import that must be refused: exit 2, every bad row on its own safe line, then the
    // error line; nothing on stdout, nothing written.
    auto import_refused = [&](const std::string& name, const std::string& rows,
                              const std::map<size_t, std::string>& bad_rows) {
      const std::string file = dir.write(name, header + rows);
      const std::string before = db.fingerprint();
      RunResult r = db.run({"import", file}, kToday);
      INFO(name << "\nstdout: " << wf::printable(r.out) << "\nstderr: " << wf::printable(r.err));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(safe_lines(r.err));
      CHECK_FALSE(contains(r.err, "json.exception"));
      for (const auto& [n, says] : bad_rows)
        CHECK_MESSAGE(contains(r.err, "row " + std::to_string(n) + ": " + says), "expected row " << n << ": " << says);
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == static_cast<long>(bad_rows.size()) + 1);
      CHECK(contains(r.err, "error: " + std::to_string(bad_rows.size()) + " of "));
      CHECK(db.fingerprint() == before);
    };
    import_refused("gbk.csv", receipt("A1", {{"applicant", "\xd5\xc5\xc8\xfd"}}),  // 张三 in GBK
                   {{2, "field 7 is not valid UTF-8 text"}});
    import_refused("escape.csv",
                   receipt("A1") + event("A1", "reviewed", "2024-03-05", {{"note", "\x1b[2J"}}) +
                       receipt("A2", {{"applicant", "\x1b]0;owned\x07"}}) +
                       receipt("A3", {{"subject", "a\xe2\x80\xae" "b"}}) +
                       event("A3", "withdrawn", "2024-03-05", {{"subject", "\x1b[1mpasted"}}) +
                       receipt("A4", {{"actor", "\x1b[1mroot"}}),
                   {{3, "case A1: note contains the control character \\x1b"},
                    {4, "case A2: applicant contains the control character \\x1b"},
                    {5, "case A3: subject contains the control character \\u{202E}"},
                    {6, "case A3: subject '\\x1b[1mpasted' belongs on the case's received row only"},
                    {7, "case A4: actor contains the control character \\x1b"}});
    import_refused("values.csv",
                   receipt("A1") + event("A1", "reviewed", "2024-03-05") +
                       event("A1", "fee-requested", "2024-03-06", {{"amount", "0"}}) + receipt("B1") +
                       event("B1", "reviewed", "2024-03-05") +
                       event("B1", "fee-requested", "2024-03-06", {{"amount", "1e3"}}) +
                       receipt("C1", {{"on", "2007-03-04"}}) + receipt("D1", {{"regime", "2008"}}) +
                       receipt("E1", {{"applicant", "\xe3\x80\x80\xe2\x80\x8b"}}) + receipt("F1") +
                       event("F1", "reviewed", "2024-03-05", {{"handler", repeat("张", 101)}}) +
                       receipt("G1", {{"agency", "LJ"}}),
                   {{4, "case A1: amount '0' must be more than 0 yuan"},
                    {7, "case B1: amount '1e3' is not a sum in yuan"},
                    {8, "case C1: received 2007-03-04 is before 2008-05-01"},
                    {9, "case D1: regime 2008 does not fit received 2024-03-04"},
                    {10, "case E1: applicant is blank (only spaces or invisible characters: U+3000 U+200B)"},
                    {12, "case F1: handler '"},
                    {13, "case G1: agency 'LJ' is not an agency code"}});
    // The same rows, mended, import.
    const std::string good = dir.write(
        "good.csv", header + receipt("A1") +
                        event("A1", "reviewed", "2024-03-05", {{"handler", "李四"}, {"note", "第一行\n第二行"}}));
    CHECK(contains(db.ok({"import", good}, kToday), "imported 1 case(s) and 2 event(s)"));
    refused(db, {"import", (dir.path / "missing.csv").string()}, {"cannot read the import file"});
    refused(db, {"import", dir.path.string()}, {"is a directory"});
  }
}
