// The per-process cache of replayed cases (app/case_cache.h), through app:: as the web server's
// workers use it and through `gongkai serve` over HTTP: a write from a cached case sends its number
// of events and the database refuses it when another process wrote meanwhile (then the case is read
// again: nothing written from a stale state); the rules are decided on the database's state; a
// member of another county gets "not found" whether or not another member's request left the case
// in the cache, and a supervisor never gets the unmasked copy; workers share it; calendar changes;
// a bounded size.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <thread>

#include "app/case_cache.h"
#include "app/cases.h"
#include "app/connect.h"
#include "db/pg_session.h"
#include "db/session.h"
#include "engine/errors.h"
#include "harness.h"
#include "web_support.h"

using namespace gongkai;
using gongkai::test::TestDb;
using json = nlohmann::json;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};
const std::string kPassword = "pass-word-1";  // the members' web password (WebOffice's)

// `show --json` as the case JSON a write returns: show adds the case's issued notices (a read of
// its own, kept off the write path), which the case built from the cache does not carry.
nlohmann::json shown_case(const TestDb& db, const std::string& case_no) {
  auto j = db.run({"show", case_no, "--json"}, kToday).json();
  REQUIRE(j.contains("notices"));
  j.erase("notices");
  return j;
}

// WebOffice (a county with a department, another county, four members) and a case of the
// department.
struct Office : gongkai::test::WebOffice {
  std::string case_no;

  Office() : WebOffice("cc") { case_no = receive(); }
  std::string receive(const std::string& received = "2024-09-02") const {
    return db.ok({"--actor", "clerk", "receive", "--agency", "hx-zj", "--received", received, "--channel", "post",
                  "--applicant-type", "person", "--applicant", "张三", "--contact", "13800000000", "--subject",
                  "征地补偿"},
                 kToday);
  }
  // Another process, which has no cache (the CLI as the administrator), records an event.
  void elsewhere(const std::string& c, std::vector<std::string> event) const {
    std::vector<std::string> args = {"--actor", "clerk2", "event", c};
    args.insert(args.end(), event.begin(), event.end());
    db.ok(args, kToday);
  }
  // The record and the case rows (not the sessions and the log that logging in writes).
  std::string record() const {
    return db.scalar("select md5(coalesce((select string_agg(e::text, '|' order by case_id, seq) from gk_event e), '')"
                     " || coalesce((select string_agg(c::text, '|' order by id) from gk_case c), ''))");
  }
  int events(const std::string& c) const {
    return std::stoi(db.scalar("select event_count from gk_case where case_no = '" + c + "'"));
  }
  std::string kinds(const std::string& c) const {
    return db.scalar("select string_agg(e.kind, ',' order by e.seq) from gk_event e join gk_case c on c.id = e.case_id"
                     " where c.case_no = '" + c + "'");
  }
  // Every stored row is what its history replays to, every chain intact.
  void verified() const {
    auto r = db.run({"verify"}, kToday);
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("0 corrupt") != std::string::npos);
  }
};

// A worker of the web server, as web/site.cpp makes them: a gongkai_web session, its calendar.
struct Worker {
  std::unique_ptr<db::Session> session;
  app::CalendarCache calendar;
  explicit Worker(const TestDb& db) : session(db::Session::open(db.conninfo() + " user=gongkai_web")) {}
  // A request's context, acting for `login`, with the process's cache (or none).
  std::unique_ptr<app::Context> as(const std::string& login, app::CaseCache* cache,
                                   const std::string& today = "2024-12-31") {
    app::ConnectOptions o;
    o.act_for = login;
    o.today = parse_date(today, "today");
    auto ctx = app::context_for(*session, calendar, o);
    ctx->use_case_cache(cache);
    return ctx;
  }
};

app::EventRequest event(const std::string& c, const std::string& kind, const std::string& on,
                        std::map<std::string, std::string> options = {}, std::optional<int> seen = std::nullopt) {
  return {c, kind, on, std::move(options), seen};
}

template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    FAIL("another error: " << std::string(e.what()));
    return "";
  }
  FAIL("no error");
  return "";
}

}  // namespace

TEST_SUITE("case-cache") {
  TEST_CASE("a cached case is written without reading it; another process's write is detected and read again") {
    Office o;
    Worker w(o.db);
    app::CaseCache cache;
    auto reg = w.as(o.registrar, &cache);

    // The case page (show) keeps the case; the form's post is then written from it.
    auto page = app::show(*reg, o.case_no);
    CHECK(cache.stats().size == 1);
    auto v = app::record_event(*reg, event(o.case_no, "reviewed", "2024-09-03", {{"handler", "李四"}}, 1));
    CHECK(cache.stats().hits == 1);
    CHECK(cache.stats().stale == 0);
    CHECK(v.c.history().size() == 2);
    CHECK(o.events(o.case_no) == 2);
    CHECK(cache.stats().size == 1);  // kept, as written

    // Another process (no cache) extends the time limit: the cache now says 2 events, the case has 3.
    o.elsewhere(o.case_no, {"extended", "--on", "2024-09-20", "--approved-by", "局长"});
    REQUIRE(o.events(o.case_no) == 3);

    // A form that saw 2 events: the cached write is refused by the count, the case read again,
    // and the member told it changed. Nothing written.
    auto stale_form = error_of<Conflict>(
        [&] { app::record_event(*reg, event(o.case_no, "answered", "2024-10-08", {{"outcome", "disclosed"}}, 2)); });
    CHECK(stale_form.find("changed meanwhile") != std::string::npos);
    CHECK(cache.stats().stale == 1);
    CHECK(o.events(o.case_no) == 3);

    // Without a count seen (the API, a script): written on the case as it is now, after the other
    // process's events, with the due date the extension gave.
    CHECK(cache.stats().size == 0);  // the refused entry was not put back
    app::show(*reg, o.case_no);      // cached again, with 3 events
    o.elsewhere(o.case_no, {"complaint-filed", "--on", "2024-09-21", "--note", "催办"});  // stale again
    const auto stale_before = cache.stats().stale;
    auto answered = app::record_event(*reg, event(o.case_no, "answered", "2024-10-08", {{"outcome", "disclosed"}}));
    CHECK(cache.stats().stale == stale_before + 1);
    CHECK(o.kinds(o.case_no) == "received,reviewed,extended,complaint-filed,answered");
    CHECK(answered.c.history().size() == 5);
    CHECK(answered.c.history()[2].kind == "extended");
    CHECK(answered.c.snapshot().final_due.has_value());
    CHECK(app::case_json(answered) == shown_case(o.db, o.case_no));
    o.verified();

    // And the next write is again from the cache, with no refusal.
    const auto s = cache.stats();
    app::record_event(*reg, event(o.case_no, "complaint-filed", "2024-10-09", {{"note", "复核"}}, 5));
    CHECK(cache.stats().hits == s.hits + 1);
    CHECK(cache.stats().stale == s.stale);
    CHECK(o.events(o.case_no) == 6);
    o.verified();
  }

  TEST_CASE("a stale cached state never decides: the rules are applied to the case as stored") {
    Office o;
    Worker w(o.db);
    app::CaseCache cache;
    auto reg = w.as(o.registrar, &cache);
    app::show(*reg, o.case_no);
    app::record_event(*reg, event(o.case_no, "reviewed", "2024-09-03"));  // cached: under review
    REQUIRE(cache.stats().hits == 1);

    // Another process answers it. The cached copy would still allow an extension.
    o.elsewhere(o.case_no, {"answered", "--on", "2024-09-10", "--outcome", "disclosed"});
    const std::string before = o.record();
    CHECK_THROWS_AS(app::record_event(*reg, event(o.case_no, "extended", "2024-09-11", {{"approved_by", "局长"}})),
                    RuleViolation);
    CHECK(o.record() == before);
    CHECK(cache.stats().stale == 1);

    // A date before the other process's event: refused as the stored case says, not the cached one.
    app::show(*reg, o.case_no);
    o.elsewhere(o.case_no, {"complaint-filed", "--on", "2024-10-01"});
    const std::string before2 = o.record();
    CHECK_THROWS_AS(app::record_event(*reg, event(o.case_no, "complaint-filed", "2024-09-20")), UsageError);
    CHECK(o.record() == before2);
    CHECK(cache.stats().stale == 2);
    o.verified();
  }

  TEST_CASE("scope: another county's member gets 'not found' for a cached case; a supervisor never the cached copy") {
    Office o;
    Worker w(o.db);
    app::CaseCache cache;
    {
      auto reg = w.as(o.registrar, &cache);
      app::show(*reg, o.case_no);
      app::record_event(*reg, event(o.case_no, "reviewed", "2024-09-03", {}, 1));
    }
    const std::string before = o.record();

    // The same requests from another county's registrar, once without a cache and once with the
    // case in the cache: the same answer, word for word, whatever the request would do to the
    // cached state (allowed, refused by the rules, a count seen right or wrong).
    const std::string unknown = "hx-zj-2024-9999";
    std::vector<app::EventRequest> attempts = {
        event(o.case_no, "complaint-filed", "2024-10-01"),
        event(o.case_no, "complaint-filed", "2024-10-01", {}, 2),
        event(o.case_no, "complaint-filed", "2024-10-01", {}, 7),
        event(o.case_no, "reviewed", "2024-09-01"),  // before the last event: refused by the cached state
        event(o.case_no, "reconsideration-decided", "2024-10-01", {{"result", "upheld"}}),  // not allowed now
    };
    Worker w2(o.db);
    for (const auto& a : attempts) {
      CAPTURE(a.kind);
      CAPTURE(a.on);
      auto plain = w2.as(o.other, nullptr);
      const std::string uncached = error_of<NotFound>([&] { app::record_event(*plain, a); });
      // The case back in the cache, as another member's request leaves it.
      app::show(*w.as(o.registrar, &cache), o.case_no);
      REQUIRE(cache.stats().size == 1);
      auto oth = w.as(o.other, &cache);
      const std::string cached = error_of<NotFound>([&] { app::record_event(*oth, a); });
      CHECK(cached == uncached);
      auto none = a;
      none.case_no = unknown;
      const std::string nonexistent = error_of<NotFound>([&] { app::record_event(*oth, none); });
      CHECK(std::regex_replace(cached, std::regex(o.case_no), unknown) == nonexistent);
      CHECK_THROWS_AS(app::show(*oth, o.case_no), NotFound);
    }
    CHECK(o.record() == before);
    // The refused writes went in one message with their role (SET LOCAL ROLE; gk_append): the role
    // ended with them; the worker's session is gongkai_web again, in no transaction.
    {
      pqxx::nontransaction tx(w.session->impl().conn);
      CHECK(std::string(tx.exec("select current_user")[0][0].c_str()) == "gongkai_web");
    }

    // The supervisor of the county: not permitted to write, and sees the case masked, though the
    // cache holds it unmasked; its masked read is never kept.
    app::show(*w.as(o.registrar, &cache), o.case_no);
    auto sup = w.as(o.supervisor, &cache);
    CHECK_THROWS_AS(app::record_event(*sup, event(o.case_no, "complaint-filed", "2024-10-01")), NotPermitted);
    auto masked = app::show(*sup, o.case_no);
    CHECK(masked.personal_masked);
    CHECK(masked.c.facts().applicant == "张*");
    const std::string second = o.receive("2024-09-05");
    const auto kept = cache.stats().kept;
    app::show(*sup, second);
    CHECK(cache.stats().kept == kept);
    CHECK(o.events(o.case_no) == 2);

    // The handler of the county writes from the cache and sees what it may see.
    auto han = w.as(o.handler, &cache);
    const auto hits = cache.stats().hits;
    auto v = app::record_event(*han, event(o.case_no, "answered", "2024-10-08", {{"outcome", "disclosed"}}, 2));
    CHECK(cache.stats().hits == hits + 1);
    CHECK_FALSE(v.personal_masked);
    CHECK(v.c.facts().applicant == "张三");
    CHECK(v.c.history().back().actor == o.handler);
    o.verified();
  }

  TEST_CASE("workers share one cache; an entry keeps the calendar it was replayed on") {
    Office o;
    app::CaseCache cache;
    auto first = std::make_unique<Worker>(o.db);
    app::show(*first->as(o.registrar, &cache), o.case_no);
    first.reset();  // its session and calendar gone: the entry refers to the calendar it keeps
    Worker second(o.db);
    auto v = app::record_event(*second.as(o.handler, &cache), event(o.case_no, "reviewed", "2024-09-03"));
    CHECK(cache.stats().hits == 1);
    CHECK(cache.stats().stale == 0);
    CHECK(app::case_json(v) == shown_case(o.db, o.case_no));
    o.verified();
  }

  TEST_CASE("a calendar loaded meanwhile: the cached replay is not used, the due date is the new calendar's") {
    Office o;
    const std::map<std::string, std::string> jan = {{"GONGKAI_TODAY", "2027-01-12"}};
    // Received Sun 2026-12-20: with 2027 not loaded, due Fri 2027-01-15, provisional.
    const std::string c = o.db.ok({"--actor", "clerk", "receive", "--agency", "hx", "--received", "2026-12-20",
                                   "--channel", "post", "--applicant-type", "person", "--applicant", "王五",
                                   "--subject", "规划"},
                                  jan);
    const std::string c2 = o.db.ok({"--actor", "clerk", "receive", "--agency", "hx", "--received", "2026-12-20",
                                    "--channel", "post", "--applicant-type", "person", "--applicant", "赵六",
                                    "--subject", "规划"},
                                   jan);
    Worker w(o.db);
    app::CaseCache cache;
    auto reg = w.as(o.registrar, &cache, "2027-01-12");  // has read the calendar before the load
    app::show(*reg, c);
    app::show(*reg, c2);
    CHECK(app::show(*reg, c).c.snapshot().due->due == Date::from_ymd(2027, 1, 15));

    // 2027 with New Year's Day off (made up: --force): the due date moves to Mon 01-18.
    const auto file = std::filesystem::temp_directory_path() / (gongkai::test::unique_name("cc", "cal") + ".txt");
    std::ofstream(file) << "2027 notice a test arrangement\n2027 off 2027-01-01 元旦\n";
    o.db.ok({"calendar", "load", file.string(), "--force"}, jan);
    std::filesystem::remove(file);

    // The context that read the old calendar: the database refuses the write (calendar version),
    // the calendar is read again and the case replayed on it.
    auto v = app::record_event(*reg, event(c, "reviewed", "2027-01-04"));
    CHECK(v.c.snapshot().due->due == Date::from_ymd(2027, 1, 18));
    CHECK_FALSE(v.c.snapshot().due->provisional);
    CHECK(cache.stats().stale == 1);
    // A new request's context (it reads the new version): the entry of the old one is not used.
    auto v2 = app::record_event(*w.as(o.registrar, &cache, "2027-01-12"), event(c2, "reviewed", "2027-01-04"));
    CHECK(v2.c.snapshot().due->due == Date::from_ymd(2027, 1, 18));
    CHECK(o.db.scalar("select string_agg(due_on::text, ',' order by case_no) from gk_case where case_no in ('" + c +
                      "', '" + c2 + "')") == "2027-01-18,2027-01-18");
    auto r = o.db.run({"verify"}, jan);
    INFO(r.out << r.err);
    CHECK(r.code == 0);
  }

  TEST_CASE("bounded: the least recently used case leaves first") {
    Office o;
    const std::string b = o.receive("2024-09-03"), c = o.receive("2024-09-04");
    Worker w(o.db);
    app::CaseCache cache(2);
    auto reg = w.as(o.registrar, &cache);
    app::show(*reg, o.case_no);
    app::show(*reg, b);
    app::record_event(*reg, event(o.case_no, "reviewed", "2024-09-05"));  // o.case_no used last
    app::show(*reg, c);                                                  // b leaves
    auto s = cache.stats();
    CHECK(s.size == 2);
    CHECK(s.evictions == 1);
    app::record_event(*reg, event(b, "reviewed", "2024-09-05"));
    CHECK(cache.stats().misses == s.misses + 1);
    app::record_event(*reg, event(c, "reviewed", "2024-09-05"));
    CHECK(cache.stats().hits == s.hits + 1);
    o.verified();
  }

  TEST_CASE("concurrent writers through one cache and another process: every event once, every row its replay") {
    Office o;
    std::vector<std::string> cases = {o.case_no, o.receive("2024-09-03"), o.receive("2024-09-04")};
    app::CaseCache cache(2);  // smaller than the cases: entries come and go
    constexpr int kThreads = 4, kEach = 25;
    std::vector<std::map<std::string, int>> written(kThreads);
    std::vector<int> conflicts(kThreads, 0);
    std::vector<std::string> errors(kThreads);
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        try {
          Worker w(o.db);
          std::mt19937 rng(static_cast<unsigned>(t));
          for (int i = 0; i < kEach; ++i) {
            const std::string& c = cases[rng() % cases.size()];
            auto ctx = w.as(t % 2 ? o.registrar : o.handler, &cache);
            if (i % 3 == 0) app::show(*ctx, c);
            try {
              app::record_event(*ctx, event(c, "complaint-filed", "2024-12-31", {{"note", std::to_string(t)}}));
              ++written[static_cast<size_t>(t)][c];
            } catch (const Conflict&) {
              ++conflicts[static_cast<size_t>(t)];  // raced twice: nothing written, the member told
            }
          }
        } catch (const std::exception& e) {
          errors[static_cast<size_t>(t)] = e.what();
        }
      });
    int elsewhere = 0;
    for (int i = 0; i < 6; ++i)  // another process writes meanwhile (refused when it races: exit 5; again)
      for (int attempt = 0; attempt < 20; ++attempt) {
        auto r = o.db.run({"--actor", "clerk2", "event", cases[static_cast<size_t>(i) % cases.size()],
                           "complaint-filed", "--on", "2024-12-31"},
                          kToday);
        INFO(r.err);
        REQUIRE((r.code == 0 || r.code == 5));
        if (r.code == 0) {
          ++elsewhere;
          break;
        }
      }
    for (auto& th : threads) th.join();
    for (const auto& e : errors) CHECK(e == "");
    int total = 0;
    for (const auto& c : cases) {
      int n = 0;
      for (const auto& m : written)
        if (auto it = m.find(c); it != m.end()) n += it->second;
      total += n;
      CAPTURE(c);
      const int other = std::stoi(o.db.scalar("select count(*) from gk_event e join gk_case k on k.id = e.case_id"
                                              " where k.case_no = '" + c + "' and e.actor = 'clerk2'"));
      CHECK(o.events(c) == 1 + n + other);
    }
    int refused = 0;
    for (int n : conflicts) refused += n;
    CHECK(total + refused == kThreads * kEach);
    CHECK(cache.stats().hits > 0);
    CHECK(elsewhere > 0);
    MESSAGE("written " << total << ", conflicts " << refused << ", cache hits " << cache.stats().hits << ", stale "
                       << cache.stats().stale << ", elsewhere " << elsewhere);
    o.verified();
  }
}

// ---------------------------------------------------------------------------------------------
// Through the server.

namespace {

// `gongkai serve` with two workers and its log at level info, to read what the cache did when it
// stops; logging in as the Office's members.
class LoggedServer {
 public:
  explicit LoggedServer(const TestDb& db) : server_(db, kToday, {"--workers", "2", "--log-level", "info"}) {}
  // SIGTERM; its log.
  std::string stop() {
    server_.stop();
    return server_.log();
  }
  gongkai::test::HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                                    const std::map<std::string, std::string>& headers = {}) const {
    return server_.request(method, target, body, headers);
  }
  std::string token(const std::string& login) const { return gongkai::test::api_token(server_, login, kPassword); }
  std::string cookie(const std::string& login) const {
    const std::string c = gongkai::test::browser_login(server_, login, kPassword);
    REQUIRE(!c.empty());
    return c;
  }

 private:
  gongkai::test::Server server_;
};

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

// What the server's cache did, from the line it logs when it stops.
struct CacheLine {
  int hits = -1, misses = -1, stale = -1;
};
CacheLine cache_line(const std::string& log) {
  std::smatch m;
  CacheLine c;
  if (std::regex_search(log, m, std::regex(R"(case cache: (\d+) hits, (\d+) misses, (\d+) stale)"))) {
    c.hits = std::stoi(m[1]);
    c.misses = std::stoi(m[2]);
    c.stale = std::stoi(m[3]);
  }
  return c;
}

}  // namespace

TEST_SUITE("case-cache") {
  TEST_CASE("through the server: writes from its cache; another process's write detected; nothing written wrongly") {
    Office o;
    LoggedServer s(o.db);
    const std::string reg = s.token(o.registrar);
    const std::string path = "/api/cases/" + o.case_no;
    REQUIRE(s.request("GET", path, "", bearer(reg)).status == 200);
    auto r = s.request("POST", path + "/events", json{{"kind", "reviewed"}, {"on", "2024-09-03"}, {"seen_events", 1}}.dump(),
                       bearer(reg));
    INFO(r.body);
    REQUIRE(r.status == 200);

    // Another process extends it: the form that saw 2 events is told, nothing written.
    o.elsewhere(o.case_no, {"extended", "--on", "2024-09-20", "--approved-by", "局长"});
    const std::string before = o.record();
    auto stale = s.request("POST", path + "/events",
                           json{{"kind", "answered"}, {"on", "2024-10-08"}, {"outcome", "disclosed"}, {"seen_events", 2}}.dump(),
                           bearer(reg));
    CHECK(stale.status == 409);
    CHECK(o.record() == before);
    // Without a count: written after the other process's event.
    auto answered = s.request("POST", path + "/events",
                              json{{"kind", "answered"}, {"on", "2024-10-08"}, {"outcome", "disclosed"}}.dump(), bearer(reg));
    INFO(answered.body);
    REQUIRE(answered.status == 200);
    CHECK(o.kinds(o.case_no) == "received,reviewed,extended,answered");
    CHECK(answered.json() == shown_case(o.db, o.case_no));

    // The browser's form: the case page, then another process writes, then the post → 409.
    const std::string second = o.receive("2024-09-04");
    const std::string cookie = s.cookie(o.registrar);
    auto page = s.request("GET", "/cases/" + second, "", {{"Cookie", cookie}});
    REQUIRE(page.status == 200);
    const std::string csrf = gongkai::test::csrf_of(page.body);
    REQUIRE(!csrf.empty());
    auto form = [&](std::map<std::string, std::string> fields) {
      fields["csrf"] = csrf;
      return s.request("POST", "/cases/" + second + "/events", gongkai::test::form_encode(fields),
                       {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    };
    CHECK(form({{"kind", "reviewed"}, {"on", "2024-09-05"}, {"seen", "1"}}).status == 303);  // kept: 2 events
    o.elsewhere(second, {"answered", "--on", "2024-09-10", "--outcome", "disclosed"});
    const std::string before2 = o.record();
    // The cached state (under review) allows an extension; the stored one (answered) does not.
    auto refused = s.request("POST", "/api/cases/" + second + "/events",
                             json{{"kind", "extended"}, {"on", "2024-09-11"}, {"approved_by", "局长"}}.dump(), bearer(reg));
    CHECK(refused.status == 422);
    CHECK(o.record() == before2);
    // The page again (3 events), another process writes, the form that saw 3 is told: 409.
    REQUIRE(s.request("GET", "/cases/" + second, "", {{"Cookie", cookie}}).status == 200);
    o.elsewhere(second, {"complaint-filed", "--on", "2024-09-12"});
    const std::string before3 = o.record();
    CHECK(form({{"kind", "complaint-filed"}, {"on", "2024-09-13"}, {"seen", "3"}}).status == 409);
    CHECK(o.record() == before3);
    o.verified();

    const auto c = cache_line(s.stop());
    INFO("the server's log has no cache line, or other figures");
    CHECK(c.hits >= 3);
    CHECK(c.stale >= 3);
  }

  TEST_CASE("through the server: another county gets 'not found' for a case the server has cached") {
    Office o;
    const std::string path = "/api/cases/" + o.case_no;
    const json attempt = {{"kind", "complaint-filed"}, {"on", "2024-10-01"}};
    // The answers with nothing cached (a server that never saw the case).
    gongkai::test::HttpResult fresh_api, fresh_get;
    {
      LoggedServer s(o.db);
      const std::string oth = s.token(o.other);
      fresh_api = s.request("POST", path + "/events", attempt.dump(), bearer(oth));
      fresh_get = s.request("GET", path, "", bearer(oth));
      CHECK(cache_line(s.stop()).hits <= 0);
    }
    CHECK(fresh_api.status == 404);
    LoggedServer s(o.db);
    const std::string reg = s.token(o.registrar), oth = s.token(o.other), sup = s.token(o.supervisor);
    REQUIRE(s.request("GET", path, "", bearer(reg)).status == 200);  // now cached
    REQUIRE(s.request("POST", path + "/events", json{{"kind", "reviewed"}, {"on", "2024-09-03"}}.dump(), bearer(reg)).status ==
            200);  // written from the cache, and kept
    const std::string before = o.record();

    auto api = s.request("POST", path + "/events", attempt.dump(), bearer(oth));
    CHECK(api.status == 404);
    CHECK(api.body == fresh_api.body);
    auto seen = s.request("POST", path + "/events", json{{"kind", "complaint-filed"}, {"on", "2024-10-01"}, {"seen_events", 2}}.dump(),
                          bearer(oth));
    CHECK(seen.status == 404);
    CHECK(seen.body == fresh_api.body);
    auto get = s.request("GET", path, "", bearer(oth));
    CHECK(get.status == 404);
    CHECK(get.body == fresh_get.body);
    // The browser's form, with its own session's CSRF token: the 404 page.
    REQUIRE(s.request("GET", path, "", bearer(reg)).status == 200);  // cached again
    const std::string cookie = s.cookie(o.other);
    const std::string csrf = gongkai::test::csrf_of(s.request("GET", "/cases/new", "", {{"Cookie", cookie}}).body);
    REQUIRE(!csrf.empty());
    auto form = s.request("POST", "/cases/" + o.case_no + "/events",
                          gongkai::test::form_encode({{"kind", "complaint-filed"}, {"on", "2024-10-01"}, {"seen", "2"},
                                                      {"csrf", csrf}}),
                          {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(form.status == 404);
    CHECK(form.body.find("张三") == std::string::npos);
    // The county's supervisor: masked, though the server holds the case unmasked.
    REQUIRE(s.request("GET", path, "", bearer(reg)).status == 200);
    auto masked = s.request("GET", path, "", bearer(sup));
    CHECK(masked.json()["applicant"] == "张*");
    CHECK(s.request("POST", path + "/events", attempt.dump(), bearer(sup)).status == 403);
    CHECK(o.record() == before);

    const auto c = cache_line(s.stop());
    CHECK(c.hits >= 1);  // the registrar's write came from the cache
  }
}
