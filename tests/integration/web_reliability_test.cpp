// `gongkai serve` when things go wrong, through HTTP and the real executable: sessions left idle
// expire; a server killed in the middle of many writes leaves each one done wholly or not at all;
// a database restart answers 503 meanwhile and is got over without restarting gongkai; requests
// too large are refused with 413 / 431 and the server stays up; slow clients are cut off and do
// not hold up the others; the server refuses to start with a login that could do more than act
// for members.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <thread>
#include <pqxx/pqxx>

#include "web_reliability_support.h"

using namespace gongkai::test;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};
const std::string kPassword = "pass-word-1";
const std::string kApplicant = "王小明";

std::string unique(const std::string& what) {
  static std::atomic<int> n{0};
  return "rel" + std::to_string(getpid()) + "x" + std::to_string(n++) + what;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// A county government with a registrar who has a password for the pages; cases received by the
// administrator's CLI.
struct Desk {
  TestDb db;
  std::string clerk = unique("reg");
  Desk() {
    db.ok({"agency", "add", "hx", "--name", "某县人民政府", "--kind", "government"});
    auto r = db.run({"user", "add", clerk, "--name", "成员", "--role", "registrar", "--agency", "hx", "--password-stdin"},
                    {}, kPassword + "\n");
    INFO(r.err);
    REQUIRE(r.code == 0);
  }
  std::string receive(const std::string& subject) const {
    return db.ok({"--actor", "clerk", "receive", "--agency", "hx", "--received", "2024-09-02", "--channel", "post",
                  "--applicant-type", "person", "--applicant", kApplicant, "--contact", "13800000000", "--subject",
                  subject},
                 kToday);
  }
  std::string serve_conninfo() const { return db.conninfo() + " user=gongkai_web"; }
};

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

std::string token_of(int port, const std::string& login) {
  auto t = http_call(port, "POST", "/api/session", json{{"login", login}, {"password", kPassword}}.dump(),
                     {{"Content-Type", "application/json"}});
  INFO(t.failure << " " << t.r.body);
  REQUIRE(t.r.status == 200);
  return t.r.json()["token"];
}

std::string cookie_of(int port, const std::string& login) {
  auto t = http_call(port, "POST", "/login", form_encode({{"login", login}, {"password", kPassword}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  REQUIRE(t.r.status == 303);
  const std::string set = t.r.header("set-cookie");
  const auto end = set.find(';');
  REQUIRE(set.rfind("gk_session=", 0) == 0);
  return set.substr(0, end);
}

std::string event_body(int seen_events) {
  return json{{"kind", "complaint-filed"}, {"on", "2024-12-01"}, {"seen_events", seen_events}}.dump();
}

// One line on stderr, "error: …".
bool one_error_line(const std::string& err) {
  return err.rfind("error: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

}  // namespace

TEST_SUITE("web-reliability") {
  TEST_CASE("an idle session ends: unused for 30 minutes, the pages ask for a login again and the API says 401") {
    Desk d;
    Server s(d.db, kToday);
    const std::string cookie = cookie_of(s.port(), d.clerk), token = token_of(s.port(), d.clerk);
    auto page = [&] { return s.request("GET", "/", "", {{"Cookie", cookie}}); };
    auto api = [&](const std::string& t) { return s.request("GET", "/api/cases", "", bearer(t)); };
    REQUIRE(page().status == 200);
    REQUIRE(api(token).status == 200);
    const std::string mine = "login = '" + d.clerk + "' and ended_at is null";
    // The clock: the database's. Each open session's last use is moved into the past, as if it
    // had not been used since.
    auto unused_for = [&](const std::string& interval) {
      CHECK(d.db.scalar("with u as (update gk_web_session set last_seen_at = now() - interval '" + interval +
                        "' where " + mine + " returning 1) select count(*) from u") == "2");
    };
    unused_for("29 minutes");
    CHECK(page().status == 200);
    CHECK(api(token).status == 200);
    // Used again, its idle time starts again.
    CHECK(d.db.scalar("select count(*) from gk_web_session where " + mine +
                      " and last_seen_at > now() - interval '1 minute'") == "2");

    unused_for("31 minutes");
    auto expired = page();
    CHECK(expired.status == 303);
    CHECK(expired.header("location").rfind("/login", 0) == 0);
    auto refused = api(token);
    CHECK(refused.status == 401);
    CHECK(refused.json()["error"].get<std::string>().find("not logged in") != std::string::npos);
    // Ended for good: a later use does not bring it back.
    CHECK(d.db.scalar("select count(*) from gk_web_session where login = '" + d.clerk + "' and ended_at is not null") ==
          "2");
    d.db.scalar("update gk_web_session set last_seen_at = now() where login = '" + d.clerk + "'");
    CHECK(page().status == 303);
    CHECK(api(token).status == 401);

    // However busy, a session ends 12 hours after its login.
    const std::string fresh = token_of(s.port(), d.clerk);
    CHECK(api(fresh).status == 200);
    CHECK(d.db.scalar("with u as (update gk_web_session set created_at = now() - interval '12 hours 1 minute', "
                      "last_seen_at = now() where " + mine + " returning 1) select count(*) from u") == "1");
    CHECK(api(fresh).status == 401);
    // Logging in again works.
    CHECK(api(token_of(s.port(), d.clerk)).status == 200);
  }

  TEST_CASE("killed in the middle of many writes: each request happened wholly or not at all") {
    Desk d;
    std::vector<std::string> cases;
    for (int i = 0; i < 6; ++i) cases.push_back(d.receive("kill test " + std::to_string(i)));
    auto server = std::make_unique<Launched>(
        std::vector<std::string>{"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0", "--workers", "4"}, kToday);
    const int port = server->port();
    const std::string token = token_of(port, d.clerk);

    // Six clients each record events on a case of their own, one after another (seen_events: a
    // request is never applied twice); two receive new cases. Each stops at its first request
    // without an answer.
    struct Tally {
      int answered = 0, unanswered = 0, unexpected = 0;
      std::string what;
    };
    const size_t receivers = 2;
    std::vector<Tally> tallies(cases.size() + receivers);
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (size_t i = 0; i < tallies.size(); ++i) {
      clients.emplace_back([&, i] {
        Tally& t = tallies[i];
        for (;;) {
          Timed c;
          int expected = 200;
          if (i < cases.size()) {
            c = http_call(port, "POST", "/api/cases/" + cases[i] + "/events", event_body(1 + t.answered), bearer(token),
                          20s);
          } else {
            expected = 201;
            json letter = {{"agency", "hx"}, {"received", "2024-10-08"}, {"channel", "online"},
                           {"applicant_type", "person"}, {"applicant", kApplicant},
                           {"subject", "kill-" + std::to_string(i) + "-" + std::to_string(t.answered)}};
            c = http_call(port, "POST", "/api/cases", letter.dump(), bearer(token), 20s);
          }
          if (c.r.status == expected) {
            ++t.answered;
            ++answered;
          } else if (c.r.status == 0) {
            ++t.unanswered;
            return;
          } else {
            ++t.unexpected;
            t.what = std::to_string(c.r.status) + " " + c.r.body;
            return;
          }
        }
      });
    }
    const auto give_up = Clock::now() + 30s;
    while (answered < 80 && Clock::now() < give_up) std::this_thread::sleep_for(5ms);
    CHECK(server->stop(SIGKILL) == 128 + SIGKILL);
    for (auto& c : clients) c.join();
    REQUIRE(answered >= 80);

    // What the database holds: every case replays to its stored row, every chain holds …
    auto verified = d.db.run({"verify", "--json"}, kToday);
    INFO(verified.out << verified.err);
    CHECK(verified.code == 0);
    CHECK(verified.json()["ok"] == true);
    const int received = std::stoi(d.db.scalar("select count(*) from gk_case where subject like 'kill-%'"));
    CHECK(verified.json()["cases"] == 6 + received);
    // … and each client's requests are there exactly: those answered, and perhaps the one cut off.
    int cut_off = 0;
    for (size_t i = 0; i < tallies.size(); ++i) {
      const Tally& t = tallies[i];
      INFO("client " << i << ": " << t.answered << " answered, " << t.unanswered << " unanswered, " << t.what);
      CHECK(t.unexpected == 0);
      CHECK(t.unanswered == 1);
      int stored = 0;
      if (i < cases.size()) {
        const std::string id = "(select id from gk_case where case_no = '" + cases[i] + "')";
        stored = std::stoi(d.db.scalar("select count(*) from gk_event where case_id = " + id)) - 1;
        CHECK(d.db.scalar("select event_count from gk_case where id = " + id) == std::to_string(stored + 1));
        CHECK(d.db.scalar("select max(seq) from gk_event where case_id = " + id) == std::to_string(stored + 1));
      } else {
        stored = std::stoi(
            d.db.scalar("select count(*) from gk_case where subject like 'kill-" + std::to_string(i) + "-%'"));
        CHECK(d.db.scalar("select count(*) from gk_case c where subject like 'kill-" + std::to_string(i) +
                          "-%' and event_count = 1 and (select count(*) from gk_event e where e.case_id = c.id) = 1 "
                          "and exists (select 1 from gk_case_personal p where p.case_id = c.id)") ==
              std::to_string(stored));
      }
      CHECK((stored == t.answered || stored == t.answered + 1));
      cut_off += stored - t.answered;
    }
    MESSAGE(answered.load() << " writes answered before SIGKILL; " << cut_off
                            << " more were done but their answers were lost");

    // A new server takes over where the killed one stopped: nothing is left locked or half-done.
    server = std::make_unique<Launched>(
        std::vector<std::string>{"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0"}, kToday);
    const std::string again = token_of(server->port(), d.clerk);
    for (const auto& c : cases) {
      const int events = std::stoi(d.db.scalar("select event_count from gk_case where case_no = '" + c + "'"));
      auto next = http_call(server->port(), "POST", "/api/cases/" + c + "/events", event_body(events), bearer(again));
      INFO(next.r.body);
      CHECK(next.r.status == 200);
    }
  }

  TEST_CASE("the database restarts under a running server: 503 meanwhile, then it carries on by itself") {
    OwnPostgres pg;
    {
      pqxx::connection c(pg.conninfo("postgres"));
      pqxx::nontransaction(c).exec("create database gk");
    }
    const std::string admin = pg.conninfo("gk");
    const std::string clerk = unique("reg");
    auto ok = [&](std::vector<std::string> args, const std::string& input = "") {
      args.insert(args.begin(), {"--db", admin});
      auto r = run_with_timeout(args, kToday, 60s, input);
      INFO(r.err);
      REQUIRE(r.code == 0);
      return trimmed(r.out);
    };
    ok({"init", "--training"});
    ok({"agency", "add", "hx", "--name", "某县人民政府", "--kind", "government"});
    ok({"user", "add", clerk, "--name", "成员", "--role", "registrar", "--agency", "hx", "--password-stdin"},
       kPassword + "\n");
    const std::string case_no = ok({"--actor", "clerk", "receive", "--agency", "hx", "--received", "2024-09-02",
                                    "--channel", "post", "--applicant-type", "person", "--applicant", kApplicant});
    // One worker, so that its one database session is the one the restart cuts.
    Launched server({"--db", pg.conninfo("gk", "gongkai_web"), "serve", "--listen", "127.0.0.1:0", "--workers", "1",
                     "--log-level", "info"},
                    kToday);
    const int port = server.port();
    const std::string token = token_of(port, clerk), cookie = cookie_of(port, clerk);
    auto show = [&] { return http_call(port, "GET", "/api/cases/" + case_no, "", bearer(token)); };
    auto record = [&](int seen) {
      return http_call(port, "POST", "/api/cases/" + case_no + "/events", event_body(seen), bearer(token));
    };
    REQUIRE(show().r.status == 200);

    // A restart while the server is idle: its session is gone, and its next request, a write,
    // is served on a new one.
    pg.stop();
    pg.start();
    auto first = record(1);
    INFO(first.r.body);
    CHECK(first.r.status == 200);
    // And a login (which has no session to check first) after another one.
    pg.stop();
    pg.start();
    CHECK(!cookie_of(port, clerk).empty());

    // An outage: every request is answered at once with 503 and a clear message, nothing is
    // written, and the server stays up.
    pg.stop();
    auto read = show();
    CHECK(read.r.status == 503);
    CHECK(read.seconds < 2);
    CHECK(read.r.header("retry-after") != "");
    CHECK(read.r.json()["error"].get<std::string>().find("the database could not be reached") != std::string::npos);
    auto write = record(2);
    CHECK(write.r.status == 503);
    CHECK(write.r.json()["error"].get<std::string>().find("数据库连接中断") != std::string::npos);
    auto page = http_call(port, "GET", "/cases/" + case_no, "", {{"Cookie", cookie}});
    CHECK(page.r.status == 503);
    CHECK(page.r.body.find("数据库连接中断") != std::string::npos);
    CHECK(page.r.header("content-type").find("text/html") != std::string::npos);
    // The health check asks the database: a load balancer hears the server cannot serve.
    CHECK(http_call(port, "GET", "/healthz").r.status == 503);
    CHECK(server.running());

    pg.start();
    const auto back = Clock::now();
    auto after = show();
    const double reconnect_ms = std::chrono::duration<double, std::milli>(Clock::now() - back).count();
    INFO(after.r.body);
    REQUIRE(after.r.status == 200);
    CHECK(after.r.json()["events"].size() == 2);  // the write refused with 503 did not happen
    MESSAGE("first answer after the database came back: " << reconnect_ms << " ms (a new session included)");
    CHECK(record(2).r.status == 200);
    CHECK(http_call(port, "GET", "/cases/" + case_no, "", {{"Cookie", cookie}}).r.status == 200);
    CHECK(http_call(port, "GET", "/healthz").r.status == 200);

    // What the server logged of all this names no password, token or applicant.
    const std::string log = server.log();
    CHECK(log.find("database") != std::string::npos);
    CHECK(log.find(kPassword) == std::string::npos);
    CHECK(log.find(token) == std::string::npos);
    CHECK(log.find(kApplicant) == std::string::npos);
    CHECK(server.stop(SIGTERM) == 0);
  }

  TEST_CASE("requests too large: 413 for a body, 431 for headers, 400 for what is not HTTP; the server stays up") {
    Desk d;
    Launched server({"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0", "--max-body", "1"}, kToday);
    const int port = server.port();
    const std::string token = token_of(port, d.clerk);
    const std::string before = d.db.fingerprint();
    const std::string write_head = "POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                                   "\r\nContent-Type: application/json\r\n";

    // A body declared larger than the limit: refused as soon as its headers are read.
    {
      RawConn c(port);
      REQUIRE(c.send(write_head + "Content-Length: " + std::to_string((1 << 20) + 1) + "\r\n\r\n{\"agency\":"));
      CHECK(c.response_status(3s) == 413);
      CHECK(c.received().find("larger than this server takes") != std::string::npos);
      CHECK(c.closed(3s));
    }
    // A chunked body that grows past it: refused when it does, the client still sending.
    {
      RawConn c(port);
      REQUIRE(c.send(write_head + "Transfer-Encoding: chunked\r\n\r\n"));
      const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";  // 64 KiB
      int status = 0;
      for (int i = 0; i < 40 && status == 0; ++i) {
        if (!c.send(chunk)) break;
        status = c.response_status(10ms);
      }
      if (status == 0) status = c.response_status(3s);
      CHECK(status == 413);
    }
    // Exactly the limit is taken (and found not to be JSON).
    auto at_limit = http_call(port, "POST", "/api/cases", std::string(1 << 20, 'x'), bearer(token));
    CHECK(at_limit.r.status == 400);
    CHECK(d.db.fingerprint() == before);

    // Headers: 16 KiB at most.
    auto big = http_call(port, "GET", "/healthz", "", {{"X-Filler", std::string(20000, 'a')}});
    CHECK(big.r.status == 431);
    CHECK(http_call(port, "GET", "/healthz", "", {{"X-Filler", std::string(12000, 'a')}}).r.status == 200);
    // Not HTTP at all.
    {
      RawConn c(port);
      REQUIRE(c.send("HELLO THERE\r\n\r\n"));
      CHECK(c.response_status(3s) == 400);
    }
    {
      RawConn c(port);
      REQUIRE(c.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n"));
      CHECK(c.response_status(3s) == 400);
    }

    // Still serving.
    CHECK(server.running());
    CHECK(http_call(port, "GET", "/api/cases", "", bearer(token)).r.status == 200);
    CHECK(d.db.fingerprint() == before);
  }

  TEST_CASE("an intake form sent again registers its letter once: twice in a row, four times at once, and by the API") {
    Desk d;
    Launched web({"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0"}, kToday);
    const int port = web.port();
    const std::string cookie = cookie_of(port, d.clerk), token = token_of(port, d.clerk);
    auto cases = [&] { return d.db.run({"list", "--json"}, kToday).json().size(); };
    // The intake page's form: its CSRF token and its own form number.
    auto intake = [&] {
      auto page = http_call(port, "GET", "/cases/new", "", {{"Cookie", cookie}});
      REQUIRE(page.r.status == 200);
      std::smatch m;
      REQUIRE(std::regex_search(page.r.body, m, std::regex(R"re(name="form_id" value="([0-9a-f]{32})")re")));
      return std::make_pair(csrf_of(page.r.body), m[1].str());
    };
    auto send = [&](const std::pair<std::string, std::string>& form, const std::string& subject) {
      return http_call(port, "POST", "/cases",
                       form_encode({{"csrf", form.first}, {"form_id", form.second}, {"agency", "hx"},
                                    {"received", "2024-12-02"}, {"channel", "post"}, {"applicant_type", "person"},
                                    {"applicant", kApplicant}, {"subject", subject}}),
                       {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
    };
    const size_t before = cases();
    // Twice in a row (a double click, the browser's resend): the same case.
    const auto form = intake();
    auto first = send(form, "一次登记"), again = send(form, "一次登记");
    REQUIRE(first.r.status == 303);
    CHECK(again.r.status == 303);
    CHECK(again.r.header("location") == first.r.header("location"));
    CHECK(cases() == before + 1);
    // Four at once: one case, every answer leads to it.
    const auto racing = intake();
    CHECK(racing.second != form.second);  // each page a new number
    std::vector<Timed> answers(4);
    std::vector<std::thread> senders;
    for (size_t i = 0; i < answers.size(); ++i) senders.emplace_back([&, i] { answers[i] = send(racing, "同时"); });
    for (auto& t : senders) t.join();
    for (const auto& a : answers) {
      INFO(a.failure << " " << a.r.status << " " << a.r.body);
      CHECK(a.r.status == 303);
      CHECK(a.r.header("location") == answers[0].r.header("location"));
    }
    CHECK(cases() == before + 2);
    // Another page's form is another letter.
    CHECK(send(intake(), "另一封").r.status == 303);
    CHECK(cases() == before + 3);
    // A form number of the wrong shape is refused (400, the form again), nothing written.
    CHECK(send({form.first, "not-hex"}, "坏").r.status == 400);
    CHECK(cases() == before + 3);
    // The API: the same form_id sent again gives the same case.
    const json letter = {{"agency", "hx"},          {"received", "2024-12-03"}, {"channel", "email"},
                         {"applicant_type", "person"}, {"applicant", kApplicant}, {"form_id", std::string(32, 'a')}};
    auto api1 = http_call(port, "POST", "/api/cases", letter.dump(), bearer(token));
    auto api2 = http_call(port, "POST", "/api/cases", letter.dump(), bearer(token));
    REQUIRE(api1.r.status == 201);
    CHECK(api2.r.status == 201);
    CHECK(api1.r.json()["case"] == api2.r.json()["case"]);
    CHECK(cases() == before + 4);
    CHECK(web.stop(SIGTERM) == 0);
  }

  TEST_CASE("more requests than the workers' queue takes are answered 503 at once; the rest are served") {
    Desk d;
    // One worker, one request waiting at most: of 8 logins at once (each an Argon2id hash, tens of
    // milliseconds), some must be turned away.
    Launched web({"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0", "--workers", "1", "--max-queue",
                  "1", "--log-level", "info"},
                 kToday);
    std::vector<std::thread> clients;
    std::vector<Timed> answers(8);
    for (size_t i = 0; i < answers.size(); ++i)
      clients.emplace_back([&, i] {
        answers[i] = http_call(web.port(), "POST", "/api/session",
                               json{{"login", d.clerk}, {"password", kPassword}}.dump(),
                               {{"Content-Type", "application/json"}});
      });
    for (auto& t : clients) t.join();
    int served = 0, busy = 0;
    for (const auto& a : answers) {
      INFO(a.failure << " " << a.r.status << " " << a.r.body);
      CHECK((a.r.status == 200 || a.r.status == 503));
      if (a.r.status == 200) ++served;
      if (a.r.status == 503) {
        ++busy;
        CHECK(a.r.header("retry-after") != "");
        CHECK(a.r.json()["error"].get<std::string>().find("the server is busy") != std::string::npos);
      }
    }
    // At least the first is served (the one waiting too, unless the rest came before the worker
    // took the first from the queue), and with one place to wait, some are turned away.
    CHECK(served >= 1);
    CHECK(busy >= 1);
    CHECK(served + busy == static_cast<int>(answers.size()));
    MESSAGE(served << " logins served, " << busy << " answered 503 (busy)");
    // The queue empties and the server serves again.
    CHECK(http_call(web.port(), "POST", "/api/session", json{{"login", d.clerk}, {"password", kPassword}}.dump(),
                    {{"Content-Type", "application/json"}})
              .r.status == 200);
    CHECK(web.log().find("busy:") != std::string::npos);
    CHECK(web.stop(SIGTERM) == 0);
  }

  TEST_CASE("slow clients are cut off after the header or body timeout and do not hold up the others") {
    Desk d;
    d.receive("slow clients");
    Launched server({"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0", "--workers", "2",
                     "--header-timeout", "2", "--body-timeout", "2", "--idle-timeout", "3"},
                    kToday);
    const int port = server.port();
    const std::string token = token_of(port, d.clerk);

    // Twenty misbehaving clients, each with its own connection.
    struct Slow {
      std::string kind;
      std::unique_ptr<RawConn> conn;
      std::string drip;  // sent a byte at a time, every 200 ms
      double closed_after = -1;
    };
    std::vector<Slow> slow;
    const auto started = Clock::now();
    for (int i = 0; i < 8; ++i)  // a request's headers, a byte at a time, never finished (slowloris)
      slow.push_back({"headers", std::make_unique<RawConn>(port), "X-Slow: " + std::string(200, 'a')});
    for (int i = 0; i < 4; ++i)  // a body promised and never sent
      slow.push_back({"stalled body", std::make_unique<RawConn>(port), ""});
    for (int i = 0; i < 4; ++i)  // a body a byte at a time
      slow.push_back({"dripping body", std::make_unique<RawConn>(port), std::string(2000, 'b')});
    for (int i = 0; i < 4; ++i)  // connected, saying nothing
      slow.push_back({"idle", std::make_unique<RawConn>(port), ""});
    for (auto& s : slow) {
      if (s.kind == "headers") REQUIRE(s.conn->send("GET /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
      if (s.kind == "stalled body" || s.kind == "dripping body")
        REQUIRE(s.conn->send("POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             "Content-Length: 2000\r\n\r\n{"));
    }

    // Meanwhile others are served as usual.
    std::atomic<bool> done{false};
    std::atomic<int> served{0}, failed{0};
    std::atomic<long> slowest_ms{0};
    std::thread others([&] {
      while (!done) {
        auto t = http_call(port, "GET", "/api/cases", "", bearer(token), 5s);
        if (t.r.status == 200) ++served;
        else ++failed;
        long ms = static_cast<long>(t.seconds * 1000);
        if (ms > slowest_ms) slowest_ms = ms;
        std::this_thread::sleep_for(50ms);
      }
    });

    size_t open = slow.size();
    while (open > 0 && Clock::now() - started < 8s) {
      for (auto& s : slow) {
        if (s.closed_after >= 0) continue;
        if (!s.drip.empty()) {
          s.conn->send(s.drip.substr(0, 1));
          s.drip.erase(0, 1);
        }
        if (s.conn->closed()) {
          s.closed_after = std::chrono::duration<double>(Clock::now() - started).count();
          --open;
        }
      }
      std::this_thread::sleep_for(200ms);
    }
    done = true;
    others.join();

    for (const auto& s : slow) {
      INFO(s.kind << " closed after " << s.closed_after << " s");
      CHECK(s.closed_after > 0);
      if (s.kind == "idle") {
        CHECK(s.closed_after >= 2.5);
        CHECK(s.closed_after < 4.5);
      } else {
        CHECK(s.closed_after >= 1.5);
        CHECK(s.closed_after < 3.5);
      }
      CHECK(s.conn->received().empty());  // cut off, not answered
    }
    MESSAGE(served.load() << " requests served meanwhile, the slowest in " << slowest_ms.load() << " ms");
    CHECK(failed == 0);
    CHECK(served >= 20);
    CHECK(slowest_ms < 1000);
    CHECK(server.running());
  }

  TEST_CASE("gongkai serve refuses to start as a superuser, the tables' owner, the database's owner, an "
            "administrator or a member: exit 6, one line") {
    Desk d;
    const std::string owner = unique("own"), dbowner = unique("dbo"), admin = unique("adm"), member = unique("mem");
    {
      pqxx::connection c(d.db.conninfo());
      pqxx::nontransaction tx(c);
      tx.exec("create role " + owner + " login in role gongkai_owner");
      tx.exec("create role " + dbowner + " login");
      tx.exec("alter database " + tx.quote_name(d.db.name()) + " owner to " + dbowner);
      tx.exec("create role " + admin + " login in role gongkai_admin");
    }
    d.db.ok({"user", "add", member, "--name", "成员", "--role", "handler", "--agency", "hx", "--db-login"});
    const std::string superuser = d.db.scalar("select current_user");
    const std::vector<std::pair<std::string, std::string>> logins = {
        {superuser, "a superuser"},
        {owner, "a member of gongkai_owner (the tables' owner)"},
        {dbowner, "the database's owner"},
        {admin, "able to act as the installation's administrator (gongkai_admin)"},
        {member, "a member's own role"},
    };
    for (const auto& [login, why] : logins) {
      auto r = run_with_timeout({"--db", d.db.conninfo() + " user=" + login, "serve", "--listen", "127.0.0.1:0"}, {},
                                20s);
      INFO(login << ": " << r.err);
      CHECK(r.code == 6);
      CHECK(one_error_line(r.err));
      CHECK(r.err.find("a server must not log in as " + login + ", which is " + why) != std::string::npos);
      CHECK(r.err.find("user=gongkai_web") != std::string::npos);  // what to do instead
      CHECK(r.err.find("listening") == std::string::npos);
      CHECK(r.out.empty());
    }
    // The web login itself starts (and stops on SIGTERM).
    Launched web({"--db", d.serve_conninfo(), "serve", "--listen", "127.0.0.1:0"});
    CHECK(http_call(web.port(), "GET", "/healthz").r.status == 200);
    CHECK(web.stop(SIGTERM) == 0);

    pqxx::connection c(d.db.conninfo());
    pqxx::nontransaction tx(c);
    tx.exec("alter database " + tx.quote_name(d.db.name()) + " owner to " + tx.quote_name(superuser));
    for (const auto& role : {owner, dbowner, admin}) tx.exec("drop role " + role);
  }
}
