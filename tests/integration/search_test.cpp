// gongkai search: a clerk finds a case by whatever part of it they remember — a Chinese substring
// of the subject or a note, the letter's reference in any case, a name — only within what they
// see, and a supervisor cannot find a case by an applicant's name the pages mask for them.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

#include "harness.h"
#include "security_support.h"
#include "web_support.h"

using gongkai::test::TestDb;
namespace sec = gongkai::test::security;
using Env = std::map<std::string, std::string>;

namespace {

const Env kToday = {{"GONGKAI_TODAY", "2025-01-10"}};

// A query value percent-encoded, every byte but letters and digits.
std::string pct(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(c);
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

std::string receive(const TestDb& db, const std::string& agency, const std::string& on, const std::string& applicant,
                    const std::string& subject, const std::string& letter_ref = "") {
  std::vector<std::string> args = {"receive", "--agency", agency, "--received", on, "--channel", "post",
                                   "--applicant-type", "person", "--applicant", applicant, "--subject", subject};
  if (!letter_ref.empty()) args.insert(args.end(), {"--letter-ref", letter_ref});
  return db.ok(args, kToday);
}

std::vector<std::string> found(const gongkai::test::RunResult& r) {
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::vector<std::string> out;
  for (const auto& c : r.json()) out.push_back(c["case"]);
  return out;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("substrings of subject, note and name; references in any case; short texts whole; scope and masking") {
    sec::Logins logins;  // first: the member roles are dropped after the database
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-zj", "--name", "花溪县住房和城乡建设局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "qz", "--name", "青州县人民政府", "--kind", "government"});
    std::string shed = receive(db, "hx-zj", "2024-09-02", "欧阳娜娜", "2023年棚户区改造补偿方案", "XF-0927");
    std::string road = receive(db, "hx", "2024-10-08", "张三", "城区道路改造立项批复");
    std::string fee = receive(db, "hx", "2024-11-04", "李四", "收费标准50%_折扣");
    std::string other = receive(db, "qz", "2024-09-03", "张三", "棚户区改造补偿方案");
    db.ok({"event", road, "reviewed", "--on", "2024-10-09", "--note", "申请人来电补充了路段起止点"}, kToday);

    auto search = [&](std::vector<std::string> args) {
      args.insert(args.begin(), "search");
      args.push_back("--json");
      return found(db.run(args, kToday));
    };
    // Chinese substrings, from the middle of the text; the latest received first.
    CHECK(search({"补偿方案"}) == std::vector<std::string>{other, shed});
    CHECK(search({"户区改造补"}) == std::vector<std::string>{other, shed});
    CHECK(search({"补偿方案", "--agency", "hx"}) == std::vector<std::string>{shed});
    CHECK(search({"路段起止"}) == std::vector<std::string>{road});  // a note in the history
    CHECK(search({"阳娜娜"}) == std::vector<std::string>{shed});     // part of a name
    CHECK(search({"xf-0927"}) == std::vector<std::string>{shed});   // a reference, in any case
    CHECK(search({"hx-zj-2024"}) == std::vector<std::string>{shed});
    // Two characters: a whole name (both counties' 张三), not a substring of anything.
    CHECK(search({"张三"}) == std::vector<std::string>{road, other});
    CHECK(search({"改造"}).empty());
    CHECK(search({"补偿方案", "--limit", "1"}) == std::vector<std::string>{other});
    // LIKE's own characters are text: "50%_" matches only the case that has them.
    CHECK(search({"50%_"}) == std::vector<std::string>{fee});
    CHECK(search({"不存在的文字"}).empty());
    // The JSON is the list's.
    auto one = db.run({"search", "阳娜娜", "--json"}, kToday).json();
    auto listed = db.run({"list", "--agency", "hx-zj", "--json"}, kToday).json();
    CHECK(one == listed);
    CHECK(db.ok({"search", "阳娜娜"}, kToday).find(shed) != std::string::npos);

    // Bad input: one line, the contract's codes, nothing written.
    std::string before = db.fingerprint();
    CHECK(db.run({"search", ""}, kToday).code == 2);
    CHECK(db.run({"search", "补偿", "--limit", "0"}, kToday).code == 2);
    CHECK(db.run({"search", "补偿方案", "--agency", "nope"}, kToday).code == 4);
    CHECK(db.run({"search", "a\x1b[2Jb"}, kToday).code == 2);
    CHECK(db.fingerprint() == before);

    // Members: a registrar of qz finds only qz's cases; a supervisor of hx finds hx's cases by
    // subject but not by the applicant's name, which is masked for them.
    auto member = [&](const std::string& role, const std::string& agency) {
      std::string login = logins.make(role.substr(0, 3));
      db.ok({"user", "add", login, "--name", "成员", "--role", role, "--agency", agency, "--db-login"}, kToday);
      return login;
    };
    std::string qz_clerk = member("registrar", "qz"), hx_super = member("supervisor", "hx");
    auto as = [&](const std::string& login, const std::string& text) {
      return found(gongkai::test::run_gongkai({"--db", db.conninfo() + " user=" + login, "search", text, "--json"},
                                              {{"GONGKAI_TODAY", "2025-01-10"}, {"GONGKAI_ACTOR", ""}}));
    };
    CHECK(as(qz_clerk, "补偿方案") == std::vector<std::string>{other});
    CHECK(as(qz_clerk, "张三") == std::vector<std::string>{other});
    CHECK(as(qz_clerk, "xf-0927").empty());
    CHECK(as(hx_super, "补偿方案") == std::vector<std::string>{shed});
    CHECK(as(hx_super, "阳娜娜").empty());
    CHECK(as(hx_super, "张三").empty());
    auto masked = gongkai::test::run_gongkai(
        {"--db", db.conninfo() + " user=" + hx_super, "search", "补偿方案", "--json"}, {{"GONGKAI_ACTOR", ""}});
    CHECK(masked.json()[0]["applicant"] == "欧*");
  }

  TEST_CASE("receive names likely repeat applications: the same applicant, a similar subject, the same agency, within a year") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "qz", "--name", "青州县人民政府", "--kind", "government"});
    const Env today = {{"GONGKAI_TODAY", "2026-03-01"}};
    auto rec = [&](const std::string& agency, const std::string& on, const std::string& who, const std::string& subject) {
      auto r = db.run({"receive", "--agency", agency, "--received", on, "--channel", "post", "--applicant-type",
                       "person", "--applicant", who, "--subject", subject, "--json"},
                      today);
      INFO(r.err);
      REQUIRE(r.code == 0);
      return r;
    };
    auto first = rec("hx", "2024-09-02", "张三", "2023年棚户区改造补偿方案");
    CHECK(first.json()["possible_repeats"].empty());
    CHECK(first.err.find("warning") == std::string::npos);
    std::string first_no = first.json()["case"];

    auto again = rec("hx", "2024-10-08", "张三", "棚户区改造补偿方案（2023年度）");
    CHECK(again.json()["possible_repeats"] == nlohmann::json::array({first_no}));
    CHECK(again.err.find("warning: possible repeat application: " + first_no + " (received 2024-09-02)") !=
          std::string::npos);
    CHECK(std::count(again.err.begin(), again.err.end(), '\n') == 1);
    // `show` names it too while the case is open, for whoever reads the name.
    const std::string again_no = again.json()["case"];
    CHECK(db.ok({"show", again_no}, today).find("Possible repeat applications") != std::string::npos);
    db.ok({"event", again_no, "answered", "--on", "2024-10-10", "--outcome", "not-processed/duplicate", "--note",
           "重复申请，原案件 " + first_no},
          today);
    CHECK(db.ok({"show", again_no}, today).find("Possible repeat applications") == std::string::npos);

    // Not a repeat: another subject, another applicant, another agency, more than a year later.
    CHECK(rec("hx", "2024-10-09", "张三", "城区道路改造立项批复").json()["possible_repeats"].empty());
    CHECK(rec("hx", "2024-10-09", "李四", "2023年棚户区改造补偿方案").json()["possible_repeats"].empty());
    CHECK(rec("qz", "2024-10-09", "张三", "2023年棚户区改造补偿方案").json()["possible_repeats"].empty());
    auto late = rec("hx", "2025-12-01", "张三", "2023年棚户区改造补偿方案");
    CHECK(late.json()["possible_repeats"].empty());
  }

  TEST_CASE("the pages: 全文查找 on the case list, and the intake names a likely repeat") {
    gongkai::test::WebOffice o("sr");
    const Env today = {{"GONGKAI_TODAY", "2024-12-31"}};
    std::string first = o.db.ok({"--actor", "clerk", "receive", "--agency", "hx-zj", "--received", "2024-09-02",
                                 "--channel", "post", "--applicant-type", "person", "--applicant", "欧阳娜娜",
                                 "--subject", "2023年棚户区改造补偿方案"},
                                today);
    gongkai::test::Server server(o.db, today);
    std::string cookie = gongkai::test::browser_login(server, o.registrar, o.password);
    auto found = server.request("GET", "/cases?search=" + pct("户区改造"), "",
                                {{"Cookie", cookie}});
    REQUIRE(found.status == 200);
    CHECK(found.body.find("/cases/" + first + "\"") != std::string::npos);
    auto none = server.request("GET", "/cases?search=" + pct("道路立项"), "",
                               {{"Cookie", cookie}});
    CHECK(none.body.find("/cases/" + first + "\"") == std::string::npos);
    // The supervisor finds it by subject, not by the name masked for them.
    std::string boss = gongkai::test::browser_login(server, o.supervisor, o.password);
    CHECK(server.request("GET", "/cases?search=" + pct("户区改造"), "", {{"Cookie", boss}})
              .body.find("/cases/" + first + "\"") != std::string::npos);
    CHECK(server.request("GET", "/cases?search=" + pct("阳娜娜"), "", {{"Cookie", boss}})
              .body.find("/cases/" + first + "\"") == std::string::npos);

    // The intake form: the same applicant on a similar subject → the new case's page names the first.
    auto intake = server.request("GET", "/cases/new", "", {{"Cookie", cookie}});
    std::smatch m;
    REQUIRE(std::regex_search(intake.body, m, std::regex(R"re(name="form_id" value="([0-9a-f]{32})")re")));
    auto posted = server.request(
        "POST", "/cases",
        gongkai::test::form_encode({{"csrf", gongkai::test::csrf_of(intake.body)}, {"form_id", m[1].str()},
                                    {"agency", "hx-zj"}, {"received", "2024-10-08"}, {"channel", "post"},
                                    {"applicant_type", "person"}, {"applicant", "欧阳娜娜"},
                                    {"subject", "棚户区改造补偿方案（2023年度）"}}),
        {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", server.url("")}});
    REQUIRE(posted.status == 303);
    const std::string location = posted.headers["location"];
    CHECK(location.find("repeats=" + first) != std::string::npos);
    auto page = server.request("GET", location, "", {{"Cookie", cookie}});
    CHECK(page.body.find("可能是重复申请") != std::string::npos);
    CHECK(page.body.find(first) != std::string::npos);
    // Still there when the clerk comes back to answer, until the case is answered.
    const std::string again = location.substr(0, location.find('?'));
    CHECK(server.request("GET", again, "", {{"Cookie", cookie}}).body.find("可能是重复申请") != std::string::npos);
  }
}
