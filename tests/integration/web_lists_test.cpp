// Long lists a page at a time: the case list's keyset pages (CLI, API, pages), the overdue list's
// pages (CLI, API, the supervisor's page) and its counts per agency (the supervisor's and the home
// page's glance) — each page chain read to its end must give exactly the whole list.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <regex>

#include "web_support.h"

using namespace gongkai::test;
using json = nlohmann::json;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

std::string unique(const std::string& role) {
  static std::atomic<int> n{0};
  return "wl" + std::to_string(getpid()) + "x" + std::to_string(n++) + role;
}

// A county government with two departments, 130 cases received over the year (most overdue by
// the last day of 2024, some due soon, some answered), and another county with a case.
struct BusyCounty {
  TestDb db;
  std::string supervisor = unique("sup"), other = unique("oth");
  const std::string password = "pass-word-1";
  std::string other_case;

  BusyCounty() {
    db.ok({"agency", "add", "hx", "--name", "某县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-a", "--name", "某县甲局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "hx-b", "--name", "某县乙局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "ot", "--name", "另一县人民政府", "--kind", "government"});
    const char* agencies[] = {"hx", "hx-a", "hx-b"};
    for (int i = 0; i < 130; ++i) {
      // Days from 2024-06-03 to 2024-12-27, several cases a day: receipt-date ties, broken by number.
      const int day = 3 + (i * 7) % 200;
      const int month = 6 + day / 31, dom = 1 + day % 28;
      char received[11];
      std::snprintf(received, sizeof received, "2024-%02d-%02d", month > 12 ? 12 : month, dom);
      auto no = db.ok({"--actor", "clerk", "receive", "--agency", agencies[i % 3], "--received", received, "--channel",
                       "post", "--applicant-type", "person", "--applicant", "申请人", "--subject", "信息"},
                      kToday);
      if (i % 10 == 0)
        db.ok({"--actor", "clerk", "event", no, "answered", "--on", received, "--outcome", "disclosed"}, kToday);
    }
    other_case = db.ok({"--actor", "clerk", "receive", "--agency", "ot", "--received", "2024-11-01", "--channel", "post",
                        "--applicant-type", "person", "--applicant", "李四", "--subject", "信息"},
                       kToday);
    for (const auto& [login, agency] : {std::pair{supervisor, "hx"}, std::pair{other, "ot"}}) {
      auto r = db.run({"user", "add", login, "--name", "成员", "--role", login == supervisor ? "supervisor" : "registrar",
                       "--agency", agency, "--password-stdin"},
                      {}, password + "\n");
      INFO(r.err);
      REQUIRE(r.code == 0);
    }
  }
};

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::vector<std::string> case_numbers(const json& list) {
  std::vector<std::string> out;
  for (const auto& c : list) out.push_back(c["case"]);
  return out;
}

// The case numbers a page's table links to, in order.
std::vector<std::string> linked_cases(const std::string& html) {
  static const std::regex link(R"re(<td><a href="/cases/([^"]+)">)re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

// The target of the page's link labelled `label` ("" when there is none), unescaped.
std::string link_labelled(const std::string& html, const std::string& label) {
  std::smatch m;
  if (!std::regex_search(html, m, std::regex("<a href=\"([^\"]+)\">" + label + "</a>"))) return "";
  return std::regex_replace(m[1].str(), std::regex("&amp;"), "&");
}

int number_after(const std::string& html, const std::string& before) {
  std::smatch m;
  REQUIRE(std::regex_search(html, m, std::regex(before + "(\\d+)")));
  return std::stoi(m[1]);
}

}  // namespace

TEST_SUITE("web-lists") {
  TEST_CASE("the case list a page at a time: CLI, API and the page give the whole list, once each") {
    BusyCounty c;
    const auto whole = case_numbers(c.db.run({"list", "--agency", "hx", "--json"}, kToday).json());
    REQUIRE(whole.size() == 130);

    // CLI pages of 17, each after the previous page's last.
    std::vector<std::string> paged;
    std::string after;
    for (int pages = 0; pages < 20; ++pages) {
      std::vector<std::string> args = {"list", "--agency", "hx", "--limit", "17", "--json"};
      if (!after.empty()) args.insert(args.end(), {"--after", after});
      auto page = case_numbers(c.db.run(args, kToday).json());
      CHECK(page.size() <= 17);
      paged.insert(paged.end(), page.begin(), page.end());
      if (page.size() < 17) break;
      after = page.back();
    }
    CHECK(paged == whole);
    // Filters hold across pages: the open cases, after the 5th open case.
    const auto open = case_numbers(c.db.run({"list", "--agency", "hx", "--state", "open", "--json"}, kToday).json());
    REQUIRE(open.size() == 117);
    auto rest = case_numbers(c.db.run({"list", "--agency", "hx", "--state", "open", "--after", open[4], "--json"}, kToday).json());
    CHECK(rest == std::vector<std::string>(open.begin() + 5, open.end()));
    // Bad pages are refused with exit 2.
    CHECK(c.db.run({"list", "--limit", "0"}, kToday).code == 2);
    CHECK(c.db.run({"list", "--limit", "10001"}, kToday).code == 2);
    CHECK(c.db.run({"list", "--after", "hx-a-2024-x\x01"}, kToday).code == 2);
    // A case that is not there has nothing after it (the reader cannot tell it from one it may not see).
    CHECK(c.db.run({"list", "--after", "hx-2031-0001", "--json"}, kToday).json() == json::array());

    Server s(c.db, kToday);
    // The API: the same chain; a case of another county gives nothing after it.
    const std::string tok = api_token(s, c.supervisor, c.password), oth = api_token(s, c.other, c.password);
    CHECK(case_numbers(s.request("GET", "/api/cases", "", bearer(tok)).json()) == whole);
    auto api_page = s.request("GET", "/api/cases?limit=40&after=" + whole[39], "", bearer(tok));
    REQUIRE(api_page.status == 200);
    CHECK(case_numbers(api_page.json()) == std::vector<std::string>(whole.begin() + 40, whole.begin() + 80));
    CHECK(s.request("GET", "/api/cases?after=" + whole[0], "", bearer(oth)).json() == json::array());
    CHECK(s.request("GET", "/api/cases?limit=0", "", bearer(tok)).status == 400);

    // The page: 50 a page, "下一页" to the end, "回到第一页" from the second on.
    const std::string cookie = browser_login(s, c.supervisor, c.password);
    REQUIRE(!cookie.empty());
    std::vector<std::string> browsed;
    std::string target = "/cases";
    int pages = 0;
    while (!target.empty() && pages < 10) {
      auto page = s.request("GET", target, "", {{"Cookie", cookie}});
      REQUIRE(page.status == 200);
      auto rows = linked_cases(page.body);
      CHECK(rows.size() <= 50);
      browsed.insert(browsed.end(), rows.begin(), rows.end());
      CHECK((pages == 0) == link_labelled(page.body, "回到第一页").empty());
      target = link_labelled(page.body, "下一页");
      ++pages;
    }
    CHECK(pages == 3);
    CHECK(browsed == whole);
    // A filter stays on the next page's link.
    auto open_page = s.request("GET", "/cases?state=open", "", {{"Cookie", cookie}});
    CHECK(link_labelled(open_page.body, "下一页").find("state=open") != std::string::npos);
    CHECK(linked_cases(open_page.body) == std::vector<std::string>(open.begin(), open.begin() + 50));
  }

  TEST_CASE("the overdue list counted per agency and shown a page at a time, as `gongkai overdue` lists it") {
    BusyCounty c;
    const auto whole = c.db.run({"overdue", "--agency", "hx", "--within", "5", "--json"}, kToday).json();
    const auto overdue_only = c.db.run({"overdue", "--agency", "hx", "--json"}, kToday).json();
    REQUIRE(whole.size() > 100);  // more than one page of the supervisor's
    REQUIRE(overdue_only.size() < whole.size());  // and some due soon

    // CLI and API pages.
    std::vector<std::string> paged;
    for (int offset = 0; offset < 200; offset += 30) {
      auto page = case_numbers(c.db.run({"overdue", "--agency", "hx", "--within", "5", "--limit", "30", "--offset",
                                         std::to_string(offset), "--json"},
                                        kToday)
                                   .json());
      paged.insert(paged.end(), page.begin(), page.end());
    }
    CHECK(paged == case_numbers(whole));
    // A page's text gives the whole list's counts, not the page's.
    const std::string page_text =
        c.db.ok({"overdue", "--agency", "hx", "--within", "5", "--limit", "30", "--offset", "30"}, kToday);
    CHECK(page_text.find("rows 31–60 of the whole list, which has " + std::to_string(overdue_only.size()) +
                         " overdue, " + std::to_string(whole.size() - overdue_only.size()) +
                         " due within 5 working days") != std::string::npos);
    Server s(c.db, kToday);
    const std::string tok = api_token(s, c.supervisor, c.password);
    auto api_page = s.request("GET", "/api/overdue?within=5&limit=10&offset=20", "", bearer(tok));
    REQUIRE(api_page.status == 200);
    CHECK(api_page.json() == json(std::vector<json>(whole.begin() + 20, whole.begin() + 30)));

    // The supervisor's page: the counts per agency and in all, and the list page by page.
    std::map<std::string, std::pair<int, int>> expected;  // agency name → overdue, soon
    const std::map<std::string, std::string> names = {{"hx", "某县人民政府"}, {"hx-a", "某县甲局"}, {"hx-b", "某县乙局"}};
    for (const auto& r : whole)
      (r["due_on"].get<std::string>() < "2024-12-31" ? expected[names.at(r["agency"])].first
                                                     : expected[names.at(r["agency"])].second)++;
    const std::string cookie = browser_login(s, c.supervisor, c.password);
    auto first = s.request("GET", "/supervise", "", {{"Cookie", cookie}});
    REQUIRE(first.status == 200);
    CHECK(number_after(first.body, "个工作日内到期（") == static_cast<int>(whole.size()));
    CHECK(number_after(first.body, "其中已逾期 ") == static_cast<int>(overdue_only.size()));
    for (const auto& [name, counts] : expected) {
      INFO(name);
      std::smatch m;
      REQUIRE(std::regex_search(first.body, m, std::regex(name + R"re(</td><td[^>]*>(\d+)</td><td>(\d+)</td>)re")));
      CHECK(std::stoi(m[1]) == counts.first);
      CHECK(std::stoi(m[2]) == counts.second);
    }
    std::vector<std::string> browsed;
    std::string target = "/supervise";
    for (int pages = 0; !target.empty() && pages < 5; ++pages) {
      auto page = pages == 0 ? first : s.request("GET", target, "", {{"Cookie", cookie}});
      REQUIRE(page.status == 200);
      // The list's rows (the chase lists below link cases in <li>, not in table cells).
      auto rows = linked_cases(page.body);
      CHECK(rows.size() <= 100);
      browsed.insert(browsed.end(), rows.begin(), rows.end());
      target = link_labelled(page.body, "下一页");
    }
    CHECK(browsed == case_numbers(whole));
    CHECK(s.request("GET", "/supervise?page=x", "", {{"Cookie", cookie}}).status == 400);

    // The home page: the counts, and the 20 most urgent.
    auto home = s.request("GET", "/", "", {{"Cookie", cookie}});
    REQUIRE(home.status == 200);
    // (After the member's own list, 我的待办, comes the scope's.)
    const size_t scope_at = home.body.find("已逾期或五个工作日内到期");
    REQUIRE(scope_at != std::string::npos);
    const std::string scope_part = home.body.substr(scope_at);
    CHECK(number_after(scope_part, "已逾期 ") == static_cast<int>(overdue_only.size()));
    CHECK(number_after(scope_part, "五个工作日内到期 ") == static_cast<int>(whole.size() - overdue_only.size()));
    const auto listed = case_numbers(whole);
    CHECK(linked_cases(scope_part) == std::vector<std::string>(listed.begin(), listed.begin() + 20));
  }
}
