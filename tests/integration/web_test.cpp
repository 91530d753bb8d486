// `gongkai serve` through HTTP as browsers and scripts use it: every status of the API contract,
// login and sessions, CSRF and cross-site refusals, escaping, scopes, a disabled member locked out
// at once, login throttling, and a server that refuses to log in as the owner or a superuser.
#include <doctest/doctest.h>

#include "web_support.h"

using namespace gongkai::test;
using json = nlohmann::json;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

// WebOffice (a county with a department, another county, four members), and a case of the
// department whose subject would run as a script if a page did not escape it.
struct Office : WebOffice {
  std::string case_no;

  Office() : WebOffice("web") {
    case_no = db.ok({"--actor", "clerk", "receive", "--agency", "hx-zj", "--received", "2024-09-02", "--channel",
                     "post", "--applicant-type", "person", "--applicant", "张三", "--contact", "13800000000",
                     "--subject", "<script>alert('x')</script> 征地补偿"},
                    kToday);
  }
};

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

}  // namespace

TEST_SUITE("web") {
  TEST_CASE("the API: every status of the contract, the shapes of --json") {
    Office o;
    Server s(o.db, kToday);
    // 401: no token, a wrong password, an unknown login (the same answer).
    CHECK(s.request("GET", "/api/cases").status == 401);
    auto wrong = s.request("POST", "/api/session", json{{"login", o.registrar}, {"password", "nope-nope"}}.dump());
    auto unknown = s.request("POST", "/api/session", json{{"login", "nobody_here"}, {"password", "nope-nope"}}.dump());
    CHECK(wrong.status == 401);
    CHECK(unknown.status == 401);
    CHECK(wrong.json() == unknown.json());
    CHECK(s.request("POST", "/api/session", "not json").status == 400);

    const std::string reg = api_token(s, o.registrar, o.password), sup = api_token(s, o.supervisor, o.password),
                      oth = api_token(s, o.other, o.password);
    // 200: a case as `show --json` prints it (the registrar sees what the administrator sees).
    auto shown = s.request("GET", "/api/cases/" + o.case_no, "", bearer(reg));
    REQUIRE(shown.status == 200);
    CHECK(shown.json() == o.db.run({"show", o.case_no, "--json"}, kToday).json());
    // The supervisor sees it masked.
    CHECK(s.request("GET", "/api/cases/" + o.case_no, "", bearer(sup)).json()["applicant"] == "张*");
    // 404: another county's case, and a case that does not exist, alike.
    auto theirs = s.request("GET", "/api/cases/" + o.case_no, "", bearer(oth));
    auto none = s.request("GET", "/api/cases/hx-zj-2024-9999", "", bearer(oth));
    CHECK(theirs.status == 404);
    CHECK(none.status == 404);
    CHECK(theirs.json()["error"].get<std::string>().find(o.case_no) != std::string::npos);
    // 201: a new case.
    json letter = {{"agency", "hx"}, {"received", "2024-10-08"}, {"channel", "online"}, {"applicant_type", "business"},
                   {"applicant", "某公司"}, {"subject", "预算"}};
    auto created = s.request("POST", "/api/cases", letter.dump(), bearer(reg));
    INFO(created.body);
    REQUIRE(created.status == 201);
    const std::string fresh = created.json()["case"];
    CHECK(fresh == "hx-2024-0001");
    CHECK(created.json()["events"][0]["actor"] == o.registrar);
    // 400: invalid input, named.
    letter["received"] = "2024-02-30";
    auto bad = s.request("POST", "/api/cases", letter.dump(), bearer(reg));
    CHECK(bad.status == 400);
    CHECK(bad.json()["error"].get<std::string>().find("2024-02-30") != std::string::npos);
    // 403: a supervisor writes no case.
    CHECK(s.request("POST", "/api/cases/" + fresh + "/events", json{{"kind", "reviewed"}, {"on", "2024-10-09"}}.dump(),
                    bearer(sup))
              .status == 403);
    // 200: an event, the case back.
    auto ev = s.request("POST", "/api/cases/" + fresh + "/events",
                        json{{"kind", "answered"}, {"on", "2024-10-09"}, {"outcome", "disclosed"}}.dump(), bearer(reg));
    REQUIRE(ev.status == 200);
    CHECK(ev.json()["state"] == "answered");
    // 422: refused by the rules.
    auto twice = s.request("POST", "/api/cases/" + fresh + "/events",
                           json{{"kind", "answered"}, {"on", "2024-10-10"}, {"outcome", "disclosed"}}.dump(), bearer(reg));
    CHECK(twice.status == 422);
    // 409: the case changed since it was looked at.
    auto stale = s.request("POST", "/api/cases/" + fresh + "/events",
                           json{{"kind", "complaint-filed"}, {"on", "2024-10-10"}, {"seen_events", 1}}.dump(), bearer(reg));
    CHECK(stale.status == 409);
    // The lists, as the CLI prints them for the same scope.
    auto list = s.request("GET", "/api/cases?agency=hx", "", bearer(reg));
    CHECK(list.json() == o.db.run({"list", "--agency", "hx", "--json"}, kToday).json());
    CHECK(s.request("GET", "/api/overdue?as_of=2024-12-31", "", bearer(sup)).json() ==
          o.db.run({"overdue", "--as-of", "2024-12-31", "--agency", "hx", "--json"}, kToday).json());
    CHECK(s.request("GET", "/api/report?year=2024&agency=hx", "", bearer(sup)).json() ==
          o.db.run({"report", "--year", "2024", "--agency", "hx", "--format", "json"}, kToday).json());
    CHECK(s.request("GET", "/api/report?year=2024&agency=hx", "", bearer(oth)).status == 404);
    // The sum with the installations below, and their state, as the CLI gives them.
    // (No sources: the sum is the supervisor's own scope, hx and everything under it.)
    auto summed = s.request("GET", "/api/report?year=2024&federation=1", "", bearer(sup)).json();
    auto own = o.db.run({"report", "--year", "2024", "--agency", "hx", "--format", "json"}, kToday).json();
    CHECK(summed["applications"] == own["applications"]);
    CHECK(summed["appeals"] == own["appeals"]);
    CHECK(summed["sources"] == json::array());
    CHECK(summed["missing"] == json::array());
    CHECK(s.request("GET", "/api/federation", "", bearer(sup)).json() == o.db.run({"federation", "list", "--json"}).json());
    CHECK(s.stop() == 0);  // SIGTERM stops it cleanly
  }

  TEST_CASE("pages: login, CSRF, cross-site forms refused, text shown as text, a disabled member locked out") {
    Office o;
    Server s(o.db, kToday);
    auto anonymous = s.request("GET", "/cases/" + o.case_no);
    CHECK(anonymous.status == 303);
    CHECK(anonymous.header("location").rfind("/login", 0) == 0);
    CHECK(browser_login(s, o.registrar, "wrong-password").empty());
    auto refused = s.request("POST", "/login", form_encode({{"login", o.registrar}, {"password", "wrong-password"}}),
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(refused.status == 401);
    const std::string cookie = browser_login(s, o.registrar, o.password);
    REQUIRE(!cookie.empty());
    auto set = s.request("POST", "/login", form_encode({{"login", o.registrar}, {"password", o.password}}),
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(set.header("set-cookie").find("HttpOnly") != std::string::npos);
    CHECK(set.header("set-cookie").find("SameSite=Strict") != std::string::npos);

    auto page = s.request("GET", "/cases/" + o.case_no, "", {{"Cookie", cookie}});
    REQUIRE(page.status == 200);
    CHECK(page.body.find("<script>alert") == std::string::npos);
    CHECK(page.body.find("&lt;script&gt;alert") != std::string::npos);
    CHECK(page.header("content-security-policy").find("default-src 'self'") != std::string::npos);
    const std::string csrf = csrf_of(page.body);
    REQUIRE(!csrf.empty());
    const std::string before = o.db.fingerprint();
    const std::map<std::string, std::string> form = {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}};
    const std::string reviewed = form_encode({{"kind", "reviewed"}, {"on", "2024-09-03"}, {"seen", "1"}});
    // Without its CSRF token, or from another site: 403, nothing written.
    CHECK(s.request("POST", "/cases/" + o.case_no + "/events", reviewed, form).status == 403);
    auto cross = form;
    cross["Origin"] = "http://evil.example";
    CHECK(s.request("POST", "/cases/" + o.case_no + "/events", reviewed + "&csrf=" + csrf, cross).status == 403);
    CHECK(o.db.fingerprint() == before);
    // With it: recorded, and back to the case.
    auto ok = s.request("POST", "/cases/" + o.case_no + "/events", reviewed + "&csrf=" + csrf, form);
    CHECK(ok.status == 303);
    CHECK(o.db.scalar("select event_count from gk_case where case_no = '" + o.case_no + "'") == "2");
    // The same form again (stale: the case has 2 events now): 409, nothing written.
    CHECK(s.request("POST", "/cases/" + o.case_no + "/events", reviewed + "&csrf=" + csrf, form).status == 409);

    // Another county's registrar: not found, by page and by guessing the number.
    const std::string theirs = browser_login(s, o.other, o.password);
    CHECK(s.request("GET", "/cases/" + o.case_no, "", {{"Cookie", theirs}}).status == 404);
    CHECK(s.request("GET", "/cases?q=" + o.case_no, "", {{"Cookie", theirs}}).body.find(o.case_no + "<") ==
          std::string::npos);

    // Disabled: locked out at once, on its very next request.
    o.db.ok({"user", "disable", o.registrar});
    auto after = s.request("GET", "/cases/" + o.case_no, "", {{"Cookie", cookie}});
    CHECK(after.status == 303);
    CHECK(after.header("location").rfind("/login", 0) == 0);
    CHECK(browser_login(s, o.registrar, o.password).empty());

    // Logout ends the session.
    const std::string sup = browser_login(s, o.supervisor, o.password);
    auto home = s.request("GET", "/", "", {{"Cookie", sup}});
    REQUIRE(home.status == 200);
    CHECK(s.request("POST", "/logout", "csrf=" + csrf_of(home.body),
                    {{"Cookie", sup}, {"Content-Type", "application/x-www-form-urlencoded"}})
              .status == 303);
    CHECK(s.request("GET", "/", "", {{"Cookie", sup}}).status == 303);
  }

  TEST_CASE("login throttling: after five failures a login is refused for a while, even with its password") {
    Office o;
    Server s(o.db, kToday);
    for (int i = 0; i < 5; ++i) CHECK(browser_login(s, o.handler, "wrong-" + std::to_string(i)).empty());
    auto r = s.request("POST", "/login", form_encode({{"login", o.handler}, {"password", o.password}}),
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(r.status == 429);
  }

  // Behind nginx every request comes from the proxy: throttling must count each client, which
  // only a proxy the server was told to trust may name; from anyone else the header is ignored.
  TEST_CASE("login throttling behind a trusted proxy counts each client; X-Forwarded-For from others is ignored") {
    Office o;
    auto login_from = [&](const Server& s, const std::string& who, const std::string& password,
                          const std::string& forwarded_for) {
      return s.request("POST", "/login", form_encode({{"login", who}, {"password", password}}),
                       {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Forwarded-For", forwarded_for}});
    };
    {
      Server s(o.db, kToday, {"--trusted-proxy", "127.0.0.1"});
      // Five failures from one client (spoofing an address before the proxy's own does not help).
      for (int i = 0; i < 5; ++i)
        CHECK(login_from(s, o.handler, "wrong-" + std::to_string(i), "192.0.2.77, 10.0.0." + std::to_string(i + 1))
                  .status == 401);
      // That login is locked out from everywhere; another member from another client is not, but
      // from a client with five failures it is.
      CHECK(login_from(s, o.handler, o.password, "10.9.9.9").status == 429);
      CHECK(login_from(s, o.registrar, o.password, "10.0.0.1").status == 303);
      for (int i = 0; i < 5; ++i) CHECK(login_from(s, o.other, "wrong", "10.0.0.50").status == 401);
      CHECK(login_from(s, o.supervisor, o.password, "10.0.0.50").status == 429);
      CHECK(login_from(s, o.supervisor, o.password, "10.0.0.51").status == 303);
      // The proxy says HTTPS: the session cookie is a __Host- one, Secure.
      auto r = s.request("POST", "/login", form_encode({{"login", o.registrar}, {"password", o.password}}),
                         {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Forwarded-For", "10.0.0.60"},
                          {"X-Forwarded-Proto", "https"}});
      CHECK(r.status == 303);
      CHECK(r.header("set-cookie").rfind("__Host-gk_session=", 0) == 0);
      CHECK(r.header("set-cookie").find("; Secure") != std::string::npos);
      CHECK(r.header("strict-transport-security") == "max-age=31536000");
    }
    {
      // Without --trusted-proxy the header is anybody's claim: the count stays the peer's.
      Server s(o.db, kToday);
      auto r = s.request("POST", "/login", form_encode({{"login", o.supervisor}, {"password", o.password}}),
                         {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Forwarded-Proto", "https"}});
      CHECK(r.status == 303);
      CHECK(r.header("set-cookie").rfind("gk_session=", 0) == 0);
      CHECK(r.header("strict-transport-security").empty());
      for (int i = 0; i < 5; ++i)
        CHECK(login_from(s, o.other, "wrong", "10.1.0." + std::to_string(i + 1)).status == 401);
      CHECK(login_from(s, o.registrar, o.password, "10.1.1.1").status == 429);
    }
    auto bad = run_gongkai({"--db", o.db.conninfo() + " user=gongkai_web", "serve", "--listen", "127.0.0.1:0",
                            "--trusted-proxy", "nginx.local"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("trusted proxy 'nginx.local' is not an IP address") != std::string::npos);
  }

  TEST_CASE("the server refuses to log in as a superuser or the installation's administrator") {
    TestDb db;
    auto r = run_gongkai({"--db", db.conninfo(), "serve", "--listen", "127.0.0.1:0"});
    CHECK(r.code == 6);
    CHECK(r.err.find("superuser") != std::string::npos);
  }
}
