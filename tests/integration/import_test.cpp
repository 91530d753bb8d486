// Bulk import and export (docs/import-export.md) against a real database: bad rows named by row
// number with nothing written, dry runs, a 10 000-case file, the export round trip, kill -9 in the
// middle of the write, appends to existing cases, concurrent changes (exit 5), and files whose
// cases must leave memory and come back (the temporary-table spill).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <iconv.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>

#include "app/bulk.h"
#include "app/connect.h"
#include "engine/csv_writer.h"
#include "engine/date.h"
#include "engine/errors.h"
#include "harness.h"

using namespace gongkai;
using gongkai::test::TestDb;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};
const std::vector<std::string> kHeader = {"case",       "event",  "on",      "agency",  "channel", "applicant_type",
                                          "applicant",  "subject", "letter_ref", "regime", "outcome", "result",
                                          "amount",     "approved_by", "handler", "note"};

// A CSV file built row by row; row() returns the row number a spreadsheet would show.
class CsvFile {
 public:
  explicit CsvFile(std::vector<std::string> header = kHeader) : header_(std::move(header)), w_(out_) {
    w_.record(header_);
  }
  size_t row(const std::map<std::string, std::string>& values) {
    for (const auto& h : header_) {
      auto it = values.find(h);
      w_.field(it == values.end() ? "" : it->second);
    }
    for (const auto& kv : values)
      if (std::count(header_.begin(), header_.end(), kv.first) != 1) FAIL("no column " << kv.first);
    w_.end_record();
    return ++rows_ + 1;
  }
  std::string str() const { return out_.str(); }
  size_t rows() const { return rows_; }

 private:
  std::vector<std::string> header_;
  std::ostringstream out_;
  CsvWriter w_;
  size_t rows_ = 0;
};

std::string temp_path(const std::string& name) {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() / ("gongkai-import-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / (std::to_string(n++) + "-" + name)).string();
}

std::string write_file(const std::string& name, const std::string& text) {
  std::string p = temp_path(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

std::string read_file(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void add_agencies(const TestDb& db) {
  db.ok({"agency", "add", "hx", "--name", "华溪县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "hx-fgw", "--name", "华溪县发展和改革局", "--kind", "department", "--parent", "hx"});
  db.ok({"agency", "add", "lj", "--name", "莲江镇人民政府", "--kind", "township", "--parent", "hx"});
}

std::string d(Date base, int plus) { return (base + plus).str(); }

// `n` cases in eight kinds of history (every event kind, both appeal paths, open and closed),
// received 2023-01-02 … 2024-10-02 so that every date is on or before 2024-12-31.
struct Generated {
  std::string csv;
  size_t cases = 0, events = 0;
};
Generated generate(size_t n, const std::string& prefix = "L", bool actors = false) {
  std::vector<std::string> header = kHeader;
  if (actors) header.push_back("actor");
  CsvFile f(header);
  const char* agencies[] = {"hx", "hx-fgw", "lj"};
  const Date start = Date::from_ymd(2023, 1, 2);
  for (size_t i = 0; i < n; ++i) {
    std::string ref = prefix + std::to_string(i);
    Date r = start + static_cast<int>((i * 37) % 640);
    auto ev = [&](const std::string& kind, int plus, std::map<std::string, std::string> more = {}) {
      more["case"] = ref;
      more["event"] = kind;
      more["on"] = d(r, plus);
      if (actors) more["actor"] = i % 2 ? "clerk-" + std::to_string(i % 5) : "";
      f.row(more);
    };
    std::map<std::string, std::string> receipt = {{"agency", agencies[i % 3]},
                                                   {"channel", i % 4 ? "online" : "post"},
                                                   {"applicant_type", i % 6 ? "person" : "business"},
                                                   {"applicant", "申请人 " + std::to_string(i) + ", Jr."},
                                                   {"subject", i % 2 ? "预算 \"" + std::to_string(i) + "\"" : ""}};
    if (i % 2) receipt["letter_ref"] = prefix + "-LR-" + std::to_string(i);
    ev("received", 0, receipt);
    switch (i % 8) {
      case 0:
        ev("reviewed", 1, {{"handler", "王"}});
        ev("answered", 10, {{"outcome", "disclosed"}});
        break;
      case 1:
        ev("answered", 3, {{"outcome", "not-processed/duplicate"}});
        break;
      case 2:
        ev("correction-requested", 2, {{"note", "please say\nwhich year"}});
        ev("correction-received", 6);
        ev("reviewed", 7);
        ev("answered", 15, {{"outcome", "partially-disclosed"}});
        break;
      case 3:
        ev("reviewed", 1);
        ev("third-party-consulted", 3, {{"note", "asked the company"}});
        ev("third-party-replied", 10);
        ev("answered", 20, {{"outcome", "withheld/third-party-rights"}});
        break;
      case 4:
        ev("reviewed", 1);
        ev("fee-requested", 2, {{"amount", "25.50"}});
        ev("fee-paid", 5);
        ev("answered", 9, {{"outcome", "disclosed"}});
        break;
      case 5:
        ev("reviewed", 1);
        ev("extended", 5, {{"approved_by", "李局长"}});
        ev("answered", 30, {{"outcome", "unavailable/not-held"}});
        ev("reconsideration-filed", 40);
        ev("reconsideration-decided", 60, {{"result", "upheld"}});
        ev("litigation-filed", 65);
        ev("litigation-decided", 90, {{"result", "corrected"}});
        break;
      case 6:
        ev("withdrawn", 4, {{"note", "no longer needed"}});
        break;
      case 7:
        ev("reviewed", 2);
        ev("complaint-filed", 3, {{"note", "slow"}});
        break;
    }
  }
  return {f.str(), n, f.rows()};
}

bool has_line(const std::string& text, const std::string& prefix, const std::string& contains) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0 && line.find(contains) != std::string::npos) return true;
  return false;
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

nlohmann::json without_recorded_at(nlohmann::json j) {
  for (auto& e : j["events"]) e.erase("recorded_at");
  return j;
}

// The library's import (app::import_csv) as the installation's administrator, "importer", on
// 2024-12-31.
std::unique_ptr<app::Context> library_context(const TestDb& db) {
  app::ConnectOptions o;
  o.conninfo = db.conninfo();
  o.actor = "importer";
  o.today = Date::from_ymd(2024, 12, 31);
  return app::connect(o);
}
app::ImportRequest library_options() { return {}; }

// `utf8` in GB18030 (GBK's superset), as Excel on Chinese Windows saves a CSV.
std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  size_t left = in.size(), room = out.size();
  REQUIRE(iconv(cd, &src, &left, &dst, &room) != static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - room);
  return out;
}

}  // namespace

TEST_SUITE("import") {
  TEST_CASE("bad rows scattered through a file: each named by its row, nothing written, exit 2") {
    TestDb db;
    add_agencies(db);
    db.ok({"receive", "--agency", "hx", "--received", "2024-01-05", "--channel", "online", "--applicant-type",
           "person", "--applicant", "existing"},
          kToday);
    const std::string before = db.fingerprint();

    CsvFile f;
    f.row({{"case", "A1"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "张三"}});
    // A note over three lines: still one row.
    f.row({{"case", "A1"}, {"event", "reviewed"}, {"on", "2024-03-04"}, {"note", "line one\nline two\r\nthree"}});
    size_t unknown_agency = f.row({{"case", "B1"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "nope"},
                                   {"channel", "online"}, {"applicant_type", "person"}, {"applicant", "x"}});
    f.row({{"case", "A2"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "lj"}, {"channel", "post"},
           {"applicant_type", "business"}, {"applicant", "ACME"}});
    size_t bad_date = f.row({{"case", "A2"}, {"event", "reviewed"}, {"on", "2024-02-30"}});
    size_t future = f.row({{"case", "A3"}, {"event", "received"}, {"on", "2025-03-01"}, {"agency", "hx"},
                           {"channel", "online"}, {"applicant_type", "person"}, {"applicant", "x"}});
    size_t backwards = f.row({{"case", "A1"}, {"event", "answered"}, {"on", "2024-01-01"}, {"outcome", "disclosed"}});
    f.row({{"case", "A4"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx-fgw"}, {"channel", "email"},
           {"applicant_type", "legal"}, {"applicant", "律所"}});
    size_t bad_outcome = f.row({{"case", "A4"}, {"event", "answered"}, {"on", "2024-03-08"}, {"outcome", "granted"}});
    f.row({{"case", "A5"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx"}, {"channel", "fax"},
           {"applicant_type", "person"}, {"applicant", "x"}});
    size_t refused = f.row({{"case", "A5"}, {"event", "fee-paid"}, {"on", "2024-03-02"}});
    size_t unknown_case = f.row({{"case", "ZZ-404"}, {"event", "reviewed"}, {"on", "2024-03-02"}});
    size_t bad_channel = f.row({{"case", "A6"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx"},
                                {"channel", "pigeon"}, {"applicant_type", "person"}, {"applicant", "x"}});
    f.row({{"case", "A7"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "x"}});
    f.row({{"case", "A7"}, {"event", "reviewed"}, {"on", "2024-03-02"}});
    f.row({{"case", "hx-2024-0001"}, {"event", "reviewed"}, {"on", "2024-03-02"}});  // the existing case: fine
    size_t dependent = f.row({{"case", "B1"}, {"event", "reviewed"}, {"on", "2024-03-02"}});
    f.row({{"case", "A7"}, {"event", "answered"}, {"on", "2024-03-09"}, {"outcome", "disclosed"}});
    std::string file = write_file("bad.csv", f.str());

    auto r = db.run({"import", file}, kToday);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(has_line(r.err, "row " + std::to_string(unknown_agency) + ": ", "unknown agency 'nope'"));
    CHECK(has_line(r.err, "row " + std::to_string(bad_date) + ": ", "'2024-02-30' is not a valid date"));
    CHECK(has_line(r.err, "row " + std::to_string(future) + ": ", "2025-03-01 is in the future"));
    CHECK(has_line(r.err, "row " + std::to_string(backwards) + ": ", "before the case's previous event"));
    CHECK(has_line(r.err, "row " + std::to_string(bad_outcome) + ": ", "unknown outcome code 'granted'"));
    CHECK(has_line(r.err, "row " + std::to_string(refused) + ": ", "fee-paid is not allowed"));
    CHECK(has_line(r.err, "row " + std::to_string(unknown_case) + ": ", "unknown case 'ZZ-404'"));
    CHECK(has_line(r.err, "row " + std::to_string(bad_channel) + ": ", "unknown channel 'pigeon'"));
    CHECK(has_line(r.err, "row " + std::to_string(dependent) + ": ",
                   "bad row before it (row " + std::to_string(unknown_agency) + ")"));
    // Exactly those rows, in row order, and the summary.
    auto rows = lines_starting(r.err, "row ");
    std::vector<size_t> expected = {unknown_agency, bad_date, future,      backwards, bad_outcome,
                                    refused,        unknown_case, bad_channel, dependent};
    REQUIRE(rows.size() == expected.size());
    for (size_t i = 0; i < rows.size(); ++i) CHECK(rows[i].rfind("row " + std::to_string(expected[i]) + ": ", 0) == 0);
    CHECK(has_line(r.err, "error: ", "nothing was imported"));
    CHECK(db.fingerprint() == before);
  }

  TEST_CASE("a file whose only faults are transitions the rules refuse exits 3") {
    TestDb db;
    add_agencies(db);
    const std::string before = db.fingerprint();
    CsvFile f;
    f.row({{"case", "A1"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "x"}});
    size_t r1 = f.row({{"case", "A1"}, {"event", "third-party-replied"}, {"on", "2024-03-02"}});
    f.row({{"case", "A2"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "x"}});
    f.row({{"case", "A2"}, {"event", "answered"}, {"on", "2024-03-05"}, {"outcome", "disclosed"}});
    size_t r2 = f.row({{"case", "A2"}, {"event", "withdrawn"}, {"on", "2024-03-06"}});
    auto r = db.run({"import", write_file("refused.csv", f.str())}, kToday);
    INFO(r.err);
    CHECK(r.code == 3);
    CHECK(has_line(r.err, "row " + std::to_string(r1) + ": ", "case A1 is received"));
    CHECK(has_line(r.err, "row " + std::to_string(r2) + ": ", "withdrawn"));
    CHECK(db.fingerprint() == before);
  }

  TEST_CASE("header problems: unknown, duplicate and missing columns exit 2") {
    TestDb db;
    add_agencies(db);
    auto run = [&](const std::string& text) { return db.run({"import", write_file("h.csv", text)}, kToday); };
    auto r = run("case,event,on,colour\nA,received,2024-01-01,red\n");
    CHECK(r.code == 2);
    CHECK(has_line(r.err, "error: row 1: ", "unknown column 'colour'"));
    r = run("case,event,on,note,note\n");
    CHECK(r.code == 2);
    CHECK(has_line(r.err, "error: row 1: ", "'note' appears twice"));
    r = run("case,event,agency\n");
    CHECK(r.code == 2);
    CHECK(has_line(r.err, "error: row 1: ", "'on' is missing"));
    r = run("");
    CHECK(r.code == 2);
    r = db.run({"import", "/nonexistent/file.csv"}, kToday);
    CHECK(r.code == 2);
    // A header alone imports nothing, successfully; a BOM and CRLF are fine.
    r = run("\xEF\xBB\xBF" "case,event,on\r\n");
    CHECK(r.code == 0);
    CHECK(r.out.find("0 case(s)") != std::string::npos);
  }

  TEST_CASE("--dry-run checks everything and writes nothing") {
    TestDb db;
    add_agencies(db);
    const std::string before = db.fingerprint();
    auto g = generate(200);
    std::string file = write_file("dry.csv", g.csv);
    auto r = db.run({"import", file, "--dry-run", "--json"}, kToday);
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(j["dry_run"] == true);
    CHECK(j["cases"] == 200);
    CHECK(j["events"] == g.events);
    CHECK(db.fingerprint() == before);
    // A dry run of a bad file fails like the real thing.
    auto bad =
        db.run({"import", write_file("drybad.csv", "case,event,on\nX,reviewed,2024-01-01\n"), "--dry-run"}, kToday);
    CHECK(bad.code == 2);
    CHECK(has_line(bad.err, "row 2: ", "unknown case 'X'"));
    CHECK(db.fingerprint() == before);
  }

  TEST_CASE("a clean 10 000-case file imports; verify passes; counts, numbers and counters match") {
    TestDb db;
    add_agencies(db);
    auto g = generate(10000);
    std::string file = write_file("10k.csv", g.csv);
    auto t0 = std::chrono::steady_clock::now();
    auto r = db.run({"import", file, "--json", "--actor", "importer"}, kToday);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(r.err);
    REQUIRE(r.code == 0);
    MESSAGE("10 000 cases, " << g.events << " rows imported in " << secs << " s: " << g.events / secs << " rows/s");
    auto j = r.json();
    CHECK(j["cases"] == 10000);
    CHECK(j["events"] == g.events);
    CHECK(db.scalar("select count(*) from gk_case") == "10000");
    CHECK(db.scalar("select count(*) from gk_event") == std::to_string(g.events));
    CHECK(db.scalar("select count(distinct actor) || ':' || min(actor) from gk_event") == "1:importer");
    // Numbers in file order per agency and year: L0 is hx's first case of 2023.
    CHECK(db.scalar("select c.case_no from gk_case c join gk_case_personal p on p.case_id = c.id where p.applicant = '申请人 0, Jr.'") == "hx-2023-0001");
    CHECK(db.scalar("select count(*) from gk_case where case_no like 'hx-fgw-2024-%'") ==
          db.scalar("select last_seq from gk_case_counter c join gk_agency a on a.id = c.agency_id "
                    "where a.code = 'hx-fgw' and c.year = 2024"));
    auto v = db.run({"verify", "--json"});
    INFO(v.err);
    CHECK(v.code == 0);
    CHECK(v.json()["cases"] == 10000);
    // The counters moved on: the next receipt does not reuse a number.
    std::string last = db.scalar("select last_seq from gk_case_counter c join gk_agency a on a.id = c.agency_id "
                                 "where a.code = 'hx' and c.year = 2024");
    std::string next = db.ok({"receive", "--agency", "hx", "--received", "2024-12-30", "--channel", "online",
                              "--applicant-type", "person", "--applicant", "after"},
                             kToday);
    CHECK(next == fmt::format("hx-2024-{:04d}", std::stoi(last) + 1));
    // States as the single commands would leave them.
    CHECK(db.scalar("select count(*) from gk_case where state = 'withdrawn'") == "1250");
    CHECK(db.scalar("select count(*) from gk_case where appeal_state = 'litigated'") == "1250");
    CHECK(db.scalar("select count(*) from gk_case where is_open") == "1251");
  }

  TEST_CASE("export → import into a fresh database → export again gives the same file and the same cases") {
    TestDb a;
    add_agencies(a);
    // Cases made by single commands, by different people, with awkward text…
    auto A = [&](std::vector<std::string> args, const std::string& actor) {
      args.insert(args.begin(), {"--actor", actor});
      return a.ok(args, kToday);
    };
    std::string c1 = A({"receive", "--agency", "hx", "--received", "2018-03-01", "--channel", "in-person",
                        "--applicant-type", "person", "--applicant", "陈, \"小明\"", "--subject", "两行\n主题",
                        "--letter-ref", "HX-LR-1", "--contact", "13800000000"},
                       "alice");
    A({"event", c1, "reviewed", "--on", "2018-03-02", "--handler", "bob"}, "bob");
    A({"event", c1, "answered", "--on", "2018-03-10", "--outcome", "already-public"}, "bob");
    std::string c2 = A({"receive", "--agency", "lj", "--received", "2024-02-01", "--channel", "fax",
                        "--applicant-type", "nonprofit", "--applicant", "环保协会"},
                       "carol");
    A({"event", c2, "correction-requested", "--on", "2024-02-20", "--note", "补正, please"}, "carol");
    std::string c3 = A({"receive", "--agency", "hx-fgw", "--received", "2024-06-03", "--channel", "email",
                        "--applicant-type", "research", "--applicant", "研究所", "--regime", "2019"},
                       "alice");
    A({"event", c3, "reviewed", "--on", "2024-06-04"}, "alice");
    A({"event", c3, "fee-requested", "--on", "2024-06-05", "--amount", "12.50"}, "alice");
    // …and an imported batch with actors of its own.
    auto g = generate(300, "G", true);
    auto r = a.run({"--actor", "importer-a", "import", write_file("batch.csv", g.csv)}, kToday);
    INFO(r.err);
    REQUIRE(r.code == 0);

    std::string first = temp_path("export1.csv");
    auto e1 = a.run({"export", "--output", first, "--json"});
    INFO(e1.err);
    REQUIRE(e1.code == 0);
    CHECK(e1.json()["cases"] == 303);
    std::string csv1 = read_file(first);
    // On stdout as well, byte for byte.
    CHECK(a.run({"export"}).out == csv1);

    TestDb b;
    add_agencies(b);
    auto ri = b.run({"--actor", "someone-else", "import", first}, kToday);
    INFO(ri.err);
    REQUIRE(ri.code == 0);
    std::string second = temp_path("export2.csv");
    b.ok({"export", "--output", second});
    CHECK(read_file(second) == csv1);

    for (const std::string& n : {c1, c2, c3, std::string("hx-2023-0001"), std::string("lj-2024-0005")}) {
      auto sa = without_recorded_at(nlohmann::json::parse(a.ok({"show", n, "--json"}, kToday)));
      auto sb = without_recorded_at(nlohmann::json::parse(b.ok({"show", n, "--json"}, kToday)));
      CHECK_MESSAGE(sa == sb, n << "\n" << sa.dump() << "\n" << sb.dump());
    }
    CHECK(b.ok({"verify"}) .find("0 corrupt") != std::string::npos);
    CHECK(a.scalar("select string_agg(code || year || ':' || last_seq, ',' order by code, year) from gk_case_counter k "
                   "join gk_agency g on g.id = k.agency_id") ==
          b.scalar("select string_agg(code || year || ':' || last_seq, ',' order by code, year) from gk_case_counter k "
                   "join gk_agency g on g.id = k.agency_id"));
    // Every exported row names its actor, so the importing user of b appears nowhere.
    CHECK(b.scalar("select count(*) from gk_event where actor = 'someone-else'") == "0");
    CHECK(b.scalar("select count(*) from gk_event where actor = 'importer-a'") ==
          a.scalar("select count(*) from gk_event where actor = 'importer-a'"));

    // A subset: one agency's subtree and one year.
    auto sub = a.run({"export", "--agency", "hx-fgw", "--year", "2024"});
    REQUIRE(sub.code == 0);
    auto sub_lines = lines_starting(sub.out, "hx-fgw-2024-");
    CHECK(!sub_lines.empty());
    CHECK(lines_starting(sub.out, "hx-2").empty());
    CHECK(lines_starting(sub.out, "hx-fgw-2023-").empty());
    CHECK(a.run({"export", "--agency", "nope"}).code == 4);

    // Importing the same export again is refused: the numbers exist.
    const std::string fp = b.fingerprint();
    auto again = b.run({"import", first}, kToday);
    CHECK(again.code == 2);
    CHECK(has_line(again.err, "row 2: ", "already exists in the database"));
    CHECK(b.fingerprint() == fp);
  }

  TEST_CASE("kept numbers and local references together: generated numbers follow the highest kept one") {
    TestDb db;
    add_agencies(db);
    CsvFile f;
    auto rec = [&](const std::string& ref, const std::string& agency, const std::string& on) {
      return f.row({{"case", ref}, {"event", "received"}, {"on", on}, {"agency", agency}, {"channel", "online"},
                    {"applicant_type", "person"}, {"applicant", ref}});
    };
    rec("local-1", "hx", "2024-01-02");
    rec("hx-2024-0007", "hx", "2024-01-03");    // kept
    rec("hx-2023-0002", "hx", "2024-01-04");    // wrong year: a local reference
    rec("lj-2024-00012", "lj", "2024-01-05");   // not as `receive` writes it: a local reference
    rec("hx-2024-12345", "hx", "2024-01-06");   // kept (more than 4 digits)
    rec("local-2", "hx", "2024-01-07");
    REQUIRE(db.run({"import", write_file("kept.csv", f.str())}, kToday).code == 0);
    auto no = [&](const std::string& applicant) {
      return db.scalar("select c.case_no from gk_case c join gk_case_personal p on p.case_id = c.id where p.applicant = '" + applicant + "'");
    };
    CHECK(no("hx-2024-0007") == "hx-2024-0007");
    CHECK(no("hx-2024-12345") == "hx-2024-12345");
    CHECK(no("local-1") == "hx-2024-12346");
    CHECK(no("hx-2023-0002") == "hx-2024-12347");
    CHECK(no("local-2") == "hx-2024-12348");
    CHECK(no("lj-2024-00012") == "lj-2024-0001");
    CHECK(db.ok({"receive", "--agency", "hx", "--received", "2024-02-01", "--channel", "online", "--applicant-type",
                 "person", "--applicant", "next"},
                kToday) == "hx-2024-12349");
  }

  TEST_CASE("events appended to existing cases; the importing user is the actor when the file has none") {
    TestDb db;
    add_agencies(db);
    std::string c1 = db.ok({"receive", "--agency", "hx", "--received", "2024-03-01", "--channel", "online",
                            "--applicant-type", "person", "--applicant", "one"},
                           kToday);
    std::string c2 = db.ok({"receive", "--agency", "lj", "--received", "2024-03-02", "--channel", "post",
                            "--applicant-type", "business", "--applicant", "two"},
                           kToday);
    db.ok({"event", c2, "reviewed", "--on", "2024-03-03"}, kToday);
    CsvFile f;
    f.row({{"case", c1}, {"event", "reviewed"}, {"on", "2024-03-04"}, {"agency", "hx"}, {"handler", "h"}});
    f.row({{"case", "N1"}, {"event", "received"}, {"on", "2024-03-05"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "new"}});
    f.row({{"case", c2}, {"event", "answered"}, {"on", "2024-03-20"}, {"outcome", "disclosed"}});
    f.row({{"case", c1}, {"event", "extended"}, {"on", "2024-03-25"}, {"approved_by", "boss"}});
    f.row({{"case", "N1"}, {"event", "answered"}, {"on", "2024-03-06"}, {"outcome", "other/other"}});
    auto r = db.run({"--actor", "bulk-clerk", "import", write_file("append.csv", f.str()), "--json"}, kToday);
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(j["cases"] == 1);
    CHECK(j["existing_cases"] == 2);
    CHECK(j["appended_events"] == 3);
    auto s1 = nlohmann::json::parse(db.ok({"show", c1, "--json"}, kToday));
    CHECK(s1["state"] == "under-review");
    REQUIRE(s1["events"].size() == 3);
    CHECK(s1["events"][1]["actor"] == "bulk-clerk");
    CHECK(s1["events"][1]["handler"] == "h");
    CHECK(s1["events"][2]["kind"] == "extended");
    // The same events through single commands give the same case.
    std::string twin = db.ok({"receive", "--agency", "hx", "--received", "2024-03-01", "--channel", "online",
                              "--applicant-type", "person", "--applicant", "one"},
                             kToday);
    db.ok({"event", twin, "reviewed", "--on", "2024-03-04", "--handler", "h"}, kToday);
    db.ok({"event", twin, "extended", "--on", "2024-03-25", "--approved-by", "boss"}, kToday);
    auto st = nlohmann::json::parse(db.ok({"show", twin, "--json"}, kToday));
    for (const char* k : {"state", "appeal_state", "due_on", "due_explained", "open"}) CHECK(s1[k] == st[k]);
    CHECK(s1["due_on"].is_string());
    auto s2 = nlohmann::json::parse(db.ok({"show", c2, "--json"}, kToday));
    CHECK(s2["state"] == "answered");
    CHECK(s2["events"].size() == 3);
    CHECK(db.ok({"verify"}).find("0 corrupt") != std::string::npos);
    CHECK(db.scalar("select c.case_no from gk_case c join gk_case_personal p on p.case_id = c.id where p.applicant = 'new'") == "hx-2024-0002");
    // A wrong agency on an existing case's row is a bad row.
    auto bad = db.run({"import", write_file("wrongagency.csv",
                                            "case,event,on,agency\n" + c1 + ",complaint-filed,2024-04-01,lj\n")},
                      kToday);
    CHECK(bad.code == 2);
    CHECK(has_line(bad.err, "row 2: ", "not the case's agency"));
  }

  TEST_CASE("a concurrent change between checking and writing is a conflict (exit 5), nothing written") {
    TestDb db;
    add_agencies(db);
    std::string c1 = db.ok({"receive", "--agency", "hx", "--received", "2024-03-01", "--channel", "online",
                            "--applicant-type", "person", "--applicant", "one"},
                           kToday);
    auto ctx = library_context(db);
    CsvFile f;
    f.row({{"case", "N1"}, {"event", "received"}, {"on", "2024-03-05"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "new"}, {"letter_ref", "LR-9"}});
    f.row({{"case", c1}, {"event", "reviewed"}, {"on", "2024-03-04"}});
    std::string fp_after_change;
    {
      std::istringstream in(f.str());
      auto opt = library_options();
      opt.before_write = [&] {
        db.ok({"event", c1, "withdrawn", "--on", "2024-03-03"}, kToday);
        fp_after_change = db.fingerprint();
      };
      try {
        app::import_csv(*ctx, in, opt);
        FAIL("the import should have met a conflict");
      } catch (const Conflict& e) {
        CHECK(e.kind() == ErrorKind::conflict);
        INFO(std::string(e.what()));
        CHECK(std::string(e.what()).find("changed") != std::string::npos);
      }
      CHECK(db.fingerprint() == fp_after_change);
    }
    {
      // A letter ref registered meanwhile: also a conflict.
      CsvFile g;
      g.row({{"case", "N2"}, {"event", "received"}, {"on", "2024-03-05"}, {"agency", "lj"}, {"channel", "online"},
             {"applicant_type", "person"}, {"applicant", "new"}, {"letter_ref", "LR-10"}});
      std::istringstream in(g.str());
      auto opt = library_options();
      opt.before_write = [&] {
        db.ok({"receive", "--agency", "lj", "--received", "2024-03-05", "--channel", "post", "--applicant-type",
               "person", "--applicant", "first", "--letter-ref", "LR-10"},
              kToday);
        fp_after_change = db.fingerprint();
      };
      CHECK_THROWS_AS(app::import_csv(*ctx, in, opt), Conflict);
      CHECK(db.fingerprint() == fp_after_change);
    }
    {
      // The case row rewritten meanwhile without a new event (as a calendar reload recomputing
      // due dates does): also a conflict, so that stale due dates are never written back.
      CsvFile g;
      g.row({{"case", c1}, {"event", "complaint-filed"}, {"on", "2024-03-06"}});
      std::istringstream in(g.str());
      auto opt = library_options();
      opt.before_write = [&] {
        db.scalar("update gk_case set updated_at = now() where case_no = '" + c1 + "'");
        fp_after_change = db.fingerprint();
      };
      CHECK_THROWS_AS(app::import_csv(*ctx, in, opt), Conflict);
      CHECK(db.fingerprint() == fp_after_change);
    }
    // Without interference an import goes through (the session is still usable).
    CsvFile h;
    h.row({{"case", "N1"}, {"event", "received"}, {"on", "2024-03-05"}, {"agency", "hx"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "new"}, {"letter_ref", "LR-9"}});
    h.row({{"case", c1}, {"event", "complaint-filed"}, {"on", "2024-03-06"}});
    std::istringstream in(h.str());
    auto stats = app::import_csv(*ctx, in, library_options());
    CHECK(stats.cases == 1);
    CHECK(stats.appended == 1);
    CHECK(db.scalar("select event_count from gk_case where case_no = '" + c1 + "'") == "3");
  }

  TEST_CASE("library: a stream that cannot seek is read once; problems reach the callback in row order") {
    TestDb db;
    add_agencies(db);
    // A streambuf over a string without seek support, like a pipe.
    struct PipeBuf : std::streambuf {
      explicit PipeBuf(std::string s) : data(std::move(s)) {
        setg(data.data(), data.data(), data.data() + data.size());
      }
      std::string data;
    };
    auto g = generate(50, "P");
    PipeBuf buf(g.csv);
    std::istream in(&buf);
    auto ctx = library_context(db);
    auto stats = app::import_csv(*ctx, in, library_options());
    CHECK(stats.cases == 50);
    CHECK(stats.events == g.events);

    PipeBuf bad("case,event,on\nX,reviewed,2024-01-01\nY,reviewed,bad\n");
    std::istream in2(&bad);
    std::vector<size_t> rows;
    auto opt = library_options();
    opt.on_problem = [&](const workflows::RowProblem& p) { rows.push_back(p.row); };
    CHECK_THROWS_AS(app::import_csv(*ctx, in2, opt), UsageError);
    CHECK(rows == std::vector<size_t>{2, 3});
  }

  TEST_CASE("kill -9 in the middle of the write leaves the database as it was") {
    TestDb db;
    add_agencies(db);
    db.ok({"receive", "--agency", "hx", "--received", "2024-01-05", "--channel", "online", "--applicant-type",
           "person", "--applicant", "before"},
          kToday);
    const std::string before = db.fingerprint();
    std::string file = write_file("big.csv", generate(60000, "K").csv);

    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int devnull = open("/dev/null", O_RDWR);
      dup2(devnull, 0);
      dup2(devnull, 1);
      dup2(devnull, 2);
      setenv("GONGKAI_TODAY", "2024-12-31", 1);
      std::string exe = GONGKAI_EXE, dbopt = "--db", conn = db.conninfo(), cmd = "import";
      char* argv[] = {exe.data(), dbopt.data(), conn.data(), cmd.data(), file.data(), nullptr};
      execv(exe.c_str(), argv);
      _exit(127);
    }
    pqxx::connection watch(db.conninfo());
    bool in_copy = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
    while (!in_copy && std::chrono::steady_clock::now() < deadline) {
      pqxx::nontransaction tx(watch);
      in_copy = tx.exec_params("select count(*) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() "
                               "and state = 'active' and query ilike '%gk_import_write%'",
                               db.name())[0][0]
                    .as<int>() > 0;
      int status = 0;
      if (!in_copy && waitpid(pid, &status, WNOHANG) == pid) FAIL("the import ended before its write was seen");
      if (!in_copy) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(in_copy);
    REQUIRE(kill(pid, SIGKILL) == 0);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    // The server notices the dead client and rolls its transaction back.
    for (int i = 0; i < 500; ++i) {
      pqxx::nontransaction tx(watch);
      if (tx.exec_params("select count(*) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
                         db.name())[0][0]
              .as<int>() == 0)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(db.fingerprint() == before);
    // Nothing is left locked: a receipt goes through and gets the next number.
    CHECK(db.ok({"receive", "--agency", "hx", "--received", "2024-01-06", "--channel", "online", "--applicant-type",
                 "person", "--applicant", "after"},
                kToday) == "hx-2024-0002");
  }

  TEST_CASE("rows of a case far apart, one case in memory: checked and written as with every case held") {
    // Every row names a case pushed out to the import's temporary table since its last row, so
    // every rule across rows goes through the database spill; the result must not depend on it.
    auto build = [](bool with_faults) {
      CsvFile f;
      const int n = 120;
      const Date base = Date::from_ymd(2024, 2, 1);
      const char* agencies[] = {"hx", "hx-fgw", "lj"};
      for (int i = 0; i < n; ++i)
        f.row({{"case", "F" + std::to_string(i)}, {"event", "received"}, {"on", d(base, i % 7)},
               {"agency", agencies[i % 3]}, {"channel", "online"}, {"applicant_type", "person"},
               {"applicant", "申请人 " + std::to_string(i)}, {"letter_ref", i % 2 ? "FL-" + std::to_string(i) : ""},
               {"subject", i % 5 ? "" : "预算 \"" + std::to_string(i) + "\""}});
      f.row({{"case", "hx-2024-0001"}, {"event", "reviewed"}, {"on", d(base, 10)}, {"handler", "h"}});
      for (int i = 0; i < n; ++i) f.row({{"case", "F" + std::to_string(i)}, {"event", "reviewed"}, {"on", d(base, 10)}});
      if (with_faults) {
        // Far from the rows they clash with.
        f.row({{"case", "F7"}, {"event", "received"}, {"on", d(base, 11)}, {"agency", "hx"}, {"channel", "post"},
               {"applicant_type", "person"}, {"applicant", "again"}});
        f.row({{"case", "G1"}, {"event", "received"}, {"on", d(base, 11)}, {"agency", "hx-fgw"}, {"channel", "post"},
               {"applicant_type", "person"}, {"applicant", "g"}, {"letter_ref", "FL-1"}});  // F1's
        f.row({{"case", "G2"}, {"event", "received"}, {"on", d(base, 11)}, {"agency", "hx"}, {"channel", "post"},
               {"applicant_type", "person"}, {"applicant", "g"}, {"letter_ref", "FL-1"}});  // other agency: fine
        f.row({{"case", "F5"}, {"event", "fee-paid"}, {"on", d(base, 12)}});
        f.row({{"case", "nobody"}, {"event", "reviewed"}, {"on", d(base, 12)}});
      }
      for (int i = 0; i < n; ++i)
        f.row({{"case", "F" + std::to_string(i)}, {"event", "answered"}, {"on", d(base, 20 + i % 5)},
               {"outcome", i % 4 ? "disclosed" : "unavailable/not-held"}});
      f.row({{"case", "hx-2024-0001"}, {"event", "answered"}, {"on", d(base, 30)}, {"outcome", "disclosed"}});
      if (with_faults) f.row({{"case", "nobody"}, {"event", "reviewed"}, {"on", d(base, 31)}});
      return f.str();
    };
    std::string exports[2];
    std::vector<std::string> problems[2];
    for (size_t live : {size_t{1}, size_t{4096}}) {
      const int k = live == 1 ? 0 : 1;
      TestDb db;
      add_agencies(db);
      db.ok({"receive", "--agency", "hx", "--received", "2024-01-05", "--channel", "online", "--applicant-type",
             "person", "--applicant", "existing"},
            kToday);
      // Corrected before the import (its receipt date too): rebuilt from its compact history after
      // a spill, it must be the same case.
      db.ok({"event", "hx-2024-0001", "corrected", "--on", "2024-01-20", "--field", "received", "--value",
             "2024-01-04", "--note", "收文日期"},
            kToday);
      db.ok({"event", "hx-2024-0001", "corrected", "--on", "2024-01-20", "--field", "subject", "--value", "预算",
             "--note", "补登"},
            kToday);
      auto ctx = library_context(db);
      auto opt = library_options();
      opt.live_cases = live;
      opt.on_problem = [&](const workflows::RowProblem& p) {
        problems[k].push_back(std::to_string(p.row) + ": " + p.message);
      };
      const std::string before = db.fingerprint();
      std::istringstream bad(build(true));
      CHECK_THROWS_AS(app::import_csv(*ctx, bad, opt), UsageError);
      CHECK(db.fingerprint() == before);
      std::istringstream good(build(false));
      auto stats = app::import_csv(*ctx, good, opt);
      CHECK(stats.cases == 120);
      CHECK(stats.existing_cases == 1);
      CHECK(stats.appended == 2);
      CHECK(stats.events == 120 * 3 + 2);
      CHECK(db.ok({"verify"}).find("0 corrupt") != std::string::npos);
      exports[k] = db.ok({"export"});
    }
    auto starts_with = [](const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; };
    REQUIRE(problems[0].size() == 6);
    CHECK(problems[0] == problems[1]);
    CHECK(starts_with(problems[0][0], "243: case 'F7' was already received at row 9"));
    CHECK(starts_with(problems[0][1], "244: case G1: letter ref 'FL-1' is already used at agency hx-fgw by row 3"));
    CHECK(starts_with(problems[0][2], "246: case F5 is under-review: fee-paid"));
    CHECK(starts_with(problems[0][3], "247: unknown case 'nobody'"));
    CHECK(starts_with(problems[0][4], "253: not checked: case F5 has a bad row before it (row 246)"));
    CHECK(starts_with(problems[0][5], "369: unknown case 'nobody'"));
    CHECK(!exports[0].empty());
    // The same but for the times they were recorded at and the salts of the personal data (two
    // imports, two moments, two draws): the last two columns.
    auto without_times = [](std::string csv) {
      std::string out;
      std::istringstream lines(csv);
      for (std::string line; std::getline(lines, line);) {
        line = line.substr(0, line.rfind(','));
        out += line.substr(0, line.rfind(',')) + "\n";
      }
      return out;
    };
    CHECK(without_times(exports[0]) == without_times(exports[1]));
    CHECK(exports[0].find("hx-fgw-2024-0001,received") != std::string::npos);
  }

  TEST_CASE("--encoding gbk: a GB18030 file imports with its Chinese names; a bad byte names its row; a BOM is fine") {
    TestDb db;
    db.ok({"agency", "add", "a", "--name", "某局", "--kind", "department"});
    CsvFile f;
    f.row({{"case", "L1"}, {"event", "received"}, {"on", "2024-03-01"}, {"agency", "a"}, {"channel", "post"},
           {"applicant_type", "person"}, {"applicant", "张三丰"}, {"subject", "请公开淮安市2024年财政预算，谢谢"}});
    f.row({{"case", "L2"}, {"event", "received"}, {"on", "2024-03-02"}, {"agency", "a"}, {"channel", "online"},
           {"applicant_type", "person"}, {"applicant", "欧阳娜娜"}, {"subject", "“三供一业”移交情况"}});
    const size_t third = f.row({{"case", "L1"}, {"event", "answered"}, {"on", "2024-03-10"}, {"outcome", "disclosed"},
                                {"note", "已答复"}});
    const std::string gbk = to_gb18030(f.str());
    REQUIRE(gbk != f.str());
    const std::string before = db.fingerprint();

    // Read as UTF-8 (the default) the GBK bytes are not text: refused, nothing written.
    auto r = db.run({"import", write_file("gbk.csv", gbk)}, kToday);
    CHECK(r.code == 2);
    CHECK(db.fingerprint() == before);

    // A byte GB18030 does not have, on the third row: one line naming the file and the row.
    std::string broken = gbk;
    broken.insert(broken.find(to_gb18030("已答复")), "\xFF");
    const std::string broken_path = write_file("broken-gbk.csv", broken);
    r = db.run({"import", broken_path, "--encoding", "gbk"}, kToday);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "error: " + broken_path + " row " + std::to_string(third) +
                       ": byte 0xFF is not valid GB18030 text\n");
    CHECK(db.fingerprint() == before);
    r = db.run({"import", broken_path, "--encoding", "big5"}, kToday);
    CHECK(r.code == 2);
    CHECK(has_line(r.err, "error: ", "encoding 'big5' is not one of utf-8, gbk, gb18030"));

    // Named right, it imports; the case shows the names and subject as they were typed.
    db.ok({"import", write_file("gbk.csv", gbk), "--encoding", "gbk"}, kToday);
    auto c1 = db.run({"show", "a-2024-0001", "--json"}).json();
    CHECK(c1["applicant"] == "张三丰");
    CHECK(c1["subject"] == "请公开淮安市2024年财政预算，谢谢");
    CHECK(c1["outcome"] == "disclosed");
    auto c2 = db.run({"show", "a-2024-0002", "--json"}).json();
    CHECK(c2["applicant"] == "欧阳娜娜");
    CHECK(c2["subject"] == "“三供一业”移交情况");
    // GB18030 and standard input too.
    TestDb other;
    other.ok({"agency", "add", "a", "--name", "某局", "--kind", "department"});
    r = other.run({"import", "-", "--encoding", "GB18030"}, kToday, gbk);
    CHECK(r.code == 0);
    CHECK(other.run({"show", "a-2024-0002", "--json"}).json()["applicant"] == "欧阳娜娜");

    // A UTF-8 file that starts with a byte order mark (Excel's "CSV UTF-8") imports as it is.
    TestDb third_db;
    third_db.ok({"agency", "add", "a", "--name", "某局", "--kind", "department"});
    third_db.ok({"import", write_file("bom.csv", "\xEF\xBB\xBF" + f.str())}, kToday);
    CHECK(third_db.run({"show", "a-2024-0001", "--json"}).json()["applicant"] == "张三丰");
  }
}
