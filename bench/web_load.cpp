// The web server under load: `gongkai serve` started by this program (logged in as gongkai_web),
// driven over HTTP by sessions of members logged in with their passwords, as browsers drive it:
// cookies, each form with its CSRF token, the pages' own links.
//
// web-setup: the members the sessions log in as — for the event runs, registrars of the event
//   agencies (prepared by prepare-transitions); for the mixed run, registrars, handlers and
//   supervisors of the 30 counties.
// web-events: events through the server at W workers (W database connections): S sessions, each
//   owning its cases of one prepared agency (case k belongs to session (k-1) mod S, as the
//   transition threads own theirs), first open the case page of each of their cases (not timed: a
//   clerk opens a case before recording on it, and the server keeps its replay), then post the
//   next step of the transition script (bench_step, what the pgbench ceiling writes) to a random
//   one of them, as the case page's form does (with the count of events seen), for T seconds.
// web-mixed: S sessions of the counties' members mixing page views and events for T seconds, with
//   a think time between requests: registrars and handlers open the home page, the case list, a
//   case of their county and, every other time, record a step the case page offers; supervisors
//   the home page, the supervisor's page, the case list, a case and the reports page. Latency per
//   page (p50, p99) and the server's resident memory every second.
//
// Each run starts its own server and stops it at the end; its log (info) says what its cache of
// replayed cases did (app/case_cache.h).
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "app/connect.h"
#include "app/members.h"
#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "engine/errors.h"
#include "tests/support/serve_process.h"
#include "tests/support/web_form.h"

namespace gongkai::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// ---------------------------------------------------------------------------------------------
// The server process.

class ServerProcess {
 public:
  // gongkai --log-level info --db CONNINFO serve --listen 127.0.0.1:0 --workers W, its stderr in
  // `log`; `cache` >= 0 sets GONGKAI_CASE_CACHE (the cache's capacity, in cases; 0 = none).
  ServerProcess(const std::string& exe, const std::string& conninfo, int workers, long cache, std::string log_path)
      : process_({.exe = exe,
                  .args = {"--log-level", "info", "--db", conninfo, "serve", "--listen", "127.0.0.1:0", "--workers",
                           std::to_string(workers)},
                  .env = cache >= 0 ? std::map<std::string, std::string>{{"GONGKAI_CASE_CACHE", std::to_string(cache)}}
                                    : std::map<std::string, std::string>{},
                  .log_path = std::move(log_path),
                  .wait = std::chrono::seconds(120)}) {}
  int port() const { return process_.port(); }
  pid_t pid() const { return process_.pid(); }
  // SIGTERM and wait; its log.
  std::string stop() {
    process_.stop(SIGTERM);
    return process_.log();
  }
  // The resident set (VmRSS) now, in KiB; 0 when it cannot be read.
  long rss_kib() const {
    std::ifstream f("/proc/" + std::to_string(pid()) + "/status");
    std::string line;
    while (std::getline(f, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
  }

 private:
  test::ServeProcess process_;
};

// What the server's case cache did, from the line it logs when it stops.
nlohmann::json cache_figures(const std::string& log) {
  std::smatch m;
  if (!std::regex_search(log, m,
                         std::regex(R"(case cache: (\d+) hits, (\d+) misses, (\d+) stale \(read again\), (\d+) kept, (\d+) evicted; (\d+) cases held \(capacity (\d+)\))")))
    return nullptr;
  return {{"hits", std::stol(m[1])},    {"misses", std::stol(m[2])},  {"stale", std::stol(m[3])},
          {"kept", std::stol(m[4])},    {"evicted", std::stol(m[5])}, {"held", std::stol(m[6])},
          {"capacity", std::stol(m[7])}};
}

// Samples the server's resident set every second, in the background.
class RssSampler {
 public:
  explicit RssSampler(const ServerProcess& s) : server_(s), t0_(Clock::now()) {
    thread_ = std::thread([this] {
      std::unique_lock lk(m_);
      while (!stop_) {
        samples_.push_back({seconds_since(t0_), server_.rss_kib()});
        cv_.wait_for(lk, std::chrono::seconds(1), [&] { return stop_; });
      }
    });
  }
  ~RssSampler() { finish(); }
  // Restarts the clock (the samples before are kept with negative times).
  void mark_start() {
    std::lock_guard lk(m_);
    const double shift = seconds_since(t0_);
    for (auto& s : samples_) s.first -= shift;
    t0_ = Clock::now();
  }
  std::vector<std::pair<double, long>> finish() {
    {
      std::lock_guard lk(m_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return samples_;
  }

 private:
  const ServerProcess& server_;
  Clock::time_point t0_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::vector<std::pair<double, long>> samples_;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// A browser's session: one keep-alive connection, its cookie and CSRF token.

struct Reply {
  int status = 0;
  std::string body, location;
};

class Browser {
 public:
  explicit Browser(int port) : port_(port), stream_(ioc_) {}

  Reply get(const std::string& target) { return send(http::verb::get, target, ""); }
  Reply post_form(const std::string& target, std::vector<std::pair<std::string, std::string>> fields,
                  bool with_csrf = true) {
    if (with_csrf) fields.emplace_back("csrf", csrf_);
    return send(http::verb::post, target, test::form_body(fields));
  }

  void login(const std::string& login, const std::string& password) {
    auto r = post_form("/login", {{"login", login}, {"password", password}}, false);
    if (r.status != 303 || cookie_.empty())
      throw std::runtime_error("login of " + login + " refused (" + std::to_string(r.status) + ")");
    auto home = get("/");
    if (home.status != 200) throw std::runtime_error("home page after login: " + std::to_string(home.status));
    csrf_ = test::csrf_of(home.body);
    if (csrf_.empty()) throw std::runtime_error("no CSRF token on the home page");
  }

 private:
  void connect() {
    tcp::endpoint at(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_));
    stream_.connect(at);
    stream_.socket().set_option(tcp::no_delay(true));
    open_ = true;
  }
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    buffer_.clear();
    open_ = false;
  }
  Reply send(http::verb verb, const std::string& target, const std::string& body) {
    for (int attempt = 0;; ++attempt) {
      bool sent = false;
      try {
        if (!open_) connect();
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
        req.keep_alive(true);
        if (!cookie_.empty()) req.set(http::field::cookie, cookie_);
        if (verb == http::verb::post) req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = body;
        req.prepare_payload();
        http::write(stream_, req);
        sent = true;
        http::response_parser<http::string_body> p;
        p.body_limit(256 << 20);
        http::read(stream_, buffer_, p);
        auto& res = p.get();
        Reply r;
        r.status = static_cast<int>(res.result_int());
        r.body = std::move(res.body());
        if (auto it = res.find(http::field::location); it != res.end()) r.location = std::string(it->value());
        if (auto it = res.find(http::field::set_cookie); it != res.end()) {
          std::string c(it->value());
          c = c.substr(0, c.find(';'));
          if (c.rfind("gk_session=", 0) == 0 && c.size() > 11) cookie_ = c;
        }
        if (!res.keep_alive()) close();
        return r;
      } catch (const boost::system::system_error& e) {
        close();
        // A kept-alive connection the server closed meanwhile: once more, unless a write may
        // have reached it.
        if (attempt > 0 || (sent && verb != http::verb::get)) throw;
      }
    }
  }

  int port_;
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool open_ = false;
  std::string cookie_, csrf_;
};

std::string two(int i) { return (i < 10 ? "0" : "") + std::to_string(i); }
std::string case_no(const std::string& agency, int k) {
  std::string n = std::to_string(k);
  if (n.size() < 4) n.insert(0, 4 - n.size(), '0');
  return agency + "-2025-" + n;
}
std::string event_member(int i) { return "wbe" + two(i + 1); }
std::string mixed_member(int i) { return "wbm" + two(i + 1); }
// The mixed run's sessions: 4 registrars, 3 handlers and 3 supervisors in every 10.
std::string mixed_role(int i) {
  const int r = i % 10;
  return r < 4 ? "registrar" : r < 7 ? "handler" : "supervisor";
}
std::string mixed_county(int i) { return "g" + two(i % 30 + 1); }

nlohmann::json latency_stats(const std::vector<double>& ms) {
  double sum = 0;
  for (double v : ms) sum += v;
  return {{"n", ms.size()},
          {"p50_ms", percentile(ms, 50)},
          {"p90_ms", percentile(ms, 90)},
          {"p99_ms", percentile(ms, 99)},
          {"max_ms", percentile(ms, 100)},
          {"mean_ms", ms.empty() ? 0.0 : sum / static_cast<double>(ms.size())}};
}

nlohmann::json rss_json(const std::vector<std::pair<double, long>>& samples) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& [t, kib] : samples) a.push_back({std::round(t * 10) / 10, kib});
  return a;
}

// A process's CPU time (user + system, all its threads) from /proc/PID/stat, in seconds.
double process_cpu_seconds(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream in(text.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; in >> field; ++i) {  // fields after the command: state is field 3
    if (i == 14) utime = std::stod(field);
    if (i == 15) {
      stime = std::stod(field);
      break;
    }
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The server's database connections (its workers' backends).
std::vector<pid_t> web_backends(const std::string& conninfo) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  std::vector<pid_t> out;
  for (const auto& row : tx.exec("select pid from pg_stat_activity where usename = 'gongkai_web' and datname = "
                                 "current_database()"))
    out.push_back(row[0].as<int>());
  return out;
}

// The client's own CPU time (this process), in seconds.
double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

// Starts the threads together and measures from that moment.
class StartLine {
 public:
  explicit StartLine(int n) : n_(n) {}
  void arrive_and_wait() {
    std::unique_lock lk(m_);
    if (++ready_ == n_) {
      start_ = Clock::now();
      go_ = true;
      cv_.notify_all();
    }
    cv_.wait(lk, [&] { return go_; });
  }
  // A thread that failed before the start: counted, so that the others are not kept waiting.
  void give_up() { arrive_and_wait_nonblocking(); }
  // Waits for the start (every thread ready or given up).
  void wait() {
    std::unique_lock lk(m_);
    cv_.wait(lk, [&] { return go_; });
  }
  Clock::time_point start() const { return start_; }  // after wait() or arrive_and_wait()

 private:
  void arrive_and_wait_nonblocking() {
    std::unique_lock lk(m_);
    if (go_) return;
    if (++ready_ == n_) {
      start_ = Clock::now();
      go_ = true;
      cv_.notify_all();
    }
  }
  int n_, ready_ = 0;
  bool go_ = false;
  std::mutex m_;
  std::condition_variable cv_;
  Clock::time_point start_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------

int cmd_web_setup(const std::string& conninfo, const std::string& event_agencies, int event_sessions,
                  int mixed_sessions, const std::string& password) {
  app::ConnectOptions o;
  o.conninfo = conninfo;
  o.actor = "bench";
  auto ctx = app::connect(o);
  auto add = [&](const std::string& login, const std::string& role, std::vector<std::string> agencies) {
    try {
      app::add_member(*ctx, {login, "基准测试 " + login, role, std::move(agencies), false, password});
    } catch (const UsageError& e) {
      if (std::string(e.what()).find("exists already") == std::string::npos) throw;
    }
  };
  auto t0 = Clock::now();
  std::vector<std::string> agencies;
  std::stringstream ss(event_agencies);
  for (std::string a; std::getline(ss, a, ',');)
    if (!a.empty()) agencies.push_back(a);
  if (!agencies.empty())
    for (int i = 0; i < event_sessions; ++i) add(event_member(i), "registrar", agencies);
  for (int i = 0; i < mixed_sessions; ++i) add(mixed_member(i), mixed_role(i), {mixed_county(i)});
  std::fprintf(stderr, "web-setup: %d event and %d mixed-run members in %.1f s\n",
               agencies.empty() ? 0 : event_sessions, mixed_sessions, seconds_since(t0));
  return 0;
}

int cmd_web_events(const std::string& gongkai_exe, const std::string& web_conninfo, const std::string& conninfo,
                   const std::string& agency, int cases, int sessions, int workers, double seconds, long cache,
                   const std::string& password, const std::string& log, const std::string& out) {
  // The script's steps as bench_step holds them (what pgbench writes at each step).
  struct Step {
    std::string kind, on;
    std::vector<std::pair<std::string, std::string>> options;
  };
  std::map<int, Step> steps;
  std::unordered_map<std::string, int> stored;
  long before = 0;
  {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    for (const auto& row : tx.exec("select seq, kind, occurred_on::text, details::text from bench_step order by seq")) {
      Step s{row[1].c_str(), row[2].c_str(), {}};
      const auto details = nlohmann::json::parse(row[3].c_str());
      for (auto& [k, v] : details.items())
        s.options.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
      steps[row[0].as<int>()] = s;
    }
    for (const auto& row : tx.exec_params("select c.case_no, c.event_count from gk_case c join gk_agency a"
                                          " on a.id = c.agency_id where a.code = $1",
                                          agency)) {
      stored[row[0].c_str()] = row[1].as<int>();
      before += row[1].as<int>();
    }
  }
  if (steps.empty() || static_cast<int>(stored.size()) != cases)
    throw std::runtime_error("web-events: agency " + agency + " is not prepared (prepare-transitions)");
  const int last_step = steps.rbegin()->first;

  ServerProcess server(gongkai_exe, web_conninfo, workers, cache, log);
  RssSampler rss(server);
  struct PerSession {
    size_t events = 0;
    std::vector<double> latency_ms;
    std::string error;
  };
  std::vector<PerSession> res(static_cast<size_t>(sessions));
  StartLine line(sessions);
  const auto t_setup = Clock::now();
  std::atomic<long> warm_gets{0};
  auto session = [&](int s) {
    PerSession& r = res[static_cast<size_t>(s)];
    bool started = false;
    try {
      Browser b(server.port());
      b.login(event_member(s), password);
      std::vector<std::string> owned;
      std::vector<int> count;
      for (int k = s + 1; k <= cases; k += sessions) {
        owned.push_back(case_no(agency, k));
        count.push_back(stored.at(owned.back()));
      }
      // The case pages first (not timed): the server keeps each case's replay.
      for (const auto& no : owned) {
        auto page = b.get("/cases/" + no);
        if (page.status != 200) throw std::runtime_error("GET /cases/" + no + ": " + std::to_string(page.status));
        ++warm_gets;
      }
      std::mt19937_64 rng(0x5eed + static_cast<uint64_t>(s));
      std::uniform_int_distribution<size_t> pick(0, owned.size() - 1);
      r.latency_ms.reserve(100000);
      line.arrive_and_wait();
      started = true;
      const auto deadline =
          line.start() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
      for (;;) {
        auto t0 = Clock::now();
        if (t0 >= deadline) break;
        const size_t i = pick(rng);
        const Step& st = steps.at(std::min(count[i] + 1, last_step));
        std::vector<std::pair<std::string, std::string>> fields = {
            {"kind", st.kind}, {"on", st.on}, {"seen", std::to_string(count[i])}};
        for (const auto& o : st.options) fields.push_back(o);
        auto reply = b.post_form("/cases/" + owned[i] + "/events", fields);
        if (reply.status != 303)
          throw std::runtime_error("POST /cases/" + owned[i] + "/events (" + st.kind + "): " +
                                   std::to_string(reply.status) + " " + reply.body.substr(0, 300));
        r.latency_ms.push_back(ms_since(t0));
        ++count[i];
        ++r.events;
      }
    } catch (const std::exception& e) {
      r.error = e.what();
      if (!started) line.give_up();
    }
  };
  std::vector<std::thread> pool;
  for (int s = 0; s < sessions; ++s) pool.emplace_back(session, s);
  line.wait();  // the clock starts when every session is ready
  const double cpu0 = cpu_seconds(), server0 = process_cpu_seconds(server.pid());
  const auto backends = web_backends(conninfo);
  double backends0 = 0;
  for (pid_t b : backends) backends0 += process_cpu_seconds(b);
  for (auto& th : pool) th.join();
  const double wall = seconds_since(line.start());
  const double client_cpu = cpu_seconds() - cpu0, server_cpu = process_cpu_seconds(server.pid()) - server0;
  double backends_cpu = -backends0;
  for (pid_t b : backends) backends_cpu += process_cpu_seconds(b);
  const double setup_s = std::chrono::duration<double>(line.start() - t_setup).count();
  auto samples = rss.finish();
  const std::string server_log = server.stop();

  size_t events = 0;
  std::vector<double> lat;
  for (auto& r : res) {
    if (!r.error.empty()) throw std::runtime_error("web-events: " + r.error);
    events += r.events;
    lat.insert(lat.end(), r.latency_ms.begin(), r.latency_ms.end());
  }
  // Every event the server answered is in the database, once.
  long after = 0;
  {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    after = tx.exec_params("select coalesce(sum(c.event_count), 0) from gk_case c join gk_agency a on a.id = c.agency_id"
                           " where a.code = $1",
                           agency)[0][0]
                .as<long>();
  }
  if (after - before != static_cast<long>(events))
    throw std::runtime_error("web-events: the server answered " + std::to_string(events) + " events, the database has " +
                             std::to_string(after - before) + " more");
  long rss_max = 0;
  for (const auto& s : samples) rss_max = std::max(rss_max, s.second);
  nlohmann::json j = {{"workers", workers},
                      {"sessions", sessions},
                      {"cases", cases},
                      {"agency", agency},
                      {"seconds", wall},
                      {"setup_seconds", setup_s},
                      {"warm_gets", warm_gets.load()},
                      {"events", events},
                      {"rate", static_cast<double>(events) / wall},
                      {"latency", latency_stats(lat)},
                      {"cache", cache_figures(server_log)},
                      {"client_cpu_us", events ? client_cpu / static_cast<double>(events) * 1e6 : 0.0},
                      {"server_cpu_us", events ? server_cpu / static_cast<double>(events) * 1e6 : 0.0},
                      {"backend_cpu_us", events ? backends_cpu / static_cast<double>(events) * 1e6 : 0.0},
                      {"backends", backends.size()},
                      {"rss_max_kib", rss_max}};
  std::fprintf(stderr, "web events, %d worker(s), %d sessions: %zu events in %.1f s = %.0f/s (p50 %.1f ms, p99 %.1f ms); "
               "CPU per event: server %.0f µs, its database backends %.0f µs, client %.0f µs%s\n",
               workers, sessions, events, wall, j["rate"].get<double>(), percentile(lat, 50), percentile(lat, 99),
               j["server_cpu_us"].get<double>(), j["backend_cpu_us"].get<double>(), j["client_cpu_us"].get<double>(),
               j["cache"].is_null() ? "" : (", cache " + j["cache"].dump()).c_str());
  write_result(out, j);
  return 0;
}

int cmd_web_mixed(const std::string& gongkai_exe, const std::string& web_conninfo, const std::string& conninfo,
                  int sessions, int workers, double seconds, double warmup, double think_ms, long cache,
                  const std::string& password, const std::string& log, const std::string& out) {
  // A sample of each county's cases (the cases its members open), from a sample of the table's
  // pages: about 300 per county.
  std::map<std::string, std::vector<std::string>> sample;
  {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    const double total = tx.exec("select reltuples from pg_class where relname = 'gk_case'")[0][0].as<double>();
    const double pct = std::min(100.0, std::max(0.01, 300.0 * 30 * 3 / std::max(total, 1.0) * 100));
    for (const auto& row : tx.exec("select c.case_no, split_part(a.code, '-', 1) from gk_case c tablesample system (" +
                                   std::to_string(pct) + ") repeatable (7) join gk_agency a on a.id = c.agency_id"
                                   " where a.code ~ '^g[0-9]{2}(-|$)' order by c.id")) {
      auto& v = sample[row[1].c_str()];
      if (v.size() < 300) v.push_back(row[0].c_str());
    }
  }
  for (int i = 0; i < sessions; ++i)
    if (sample[mixed_county(i)].empty()) throw std::runtime_error("web-mixed: no cases sampled in " + mixed_county(i));

  ServerProcess server(gongkai_exe, web_conninfo, workers, cache, log);
  RssSampler rss(server);
  // What an event form may carry: the options of the steps the bench records (others not chosen).
  const std::map<std::string, std::vector<std::pair<std::string, std::string>>> recordable = {
      {"reviewed", {{"handler", "基准"}}},
      {"extended", {{"approved_by", "局长"}}},
      {"answered", {{"outcome", "disclosed"}}},
      {"complaint-filed", {{"note", "基准"}}},
      {"reconsideration-filed", {}},
      {"reconsideration-decided", {{"result", "upheld"}}},
      {"litigation-filed", {}},
  };
  const std::vector<std::string> pages = {"home", "case list", "case page", "event", "supervisor page", "reports page"};
  struct PerSession {
    std::map<std::string, std::vector<double>> ms;          // after the warm-up
    std::map<std::string, std::map<int, long>> statuses;    // every request
    size_t events = 0, conflicts = 0;
    std::string error;
  };
  // Each page alone first: one session at a time, no other request in the server (a registrar of
  // the first county, the largest; a supervisor of the eighth), 5 requests of each page.
  nlohmann::json alone = nlohmann::json::object();
  {
    std::map<std::string, std::vector<double>> ms;
    auto timed = [&](Browser& b, const std::string& page, const std::string& target) {
      auto t0 = Clock::now();
      auto reply = b.get(target);
      if (reply.status != 200) throw std::runtime_error("alone: GET " + target + ": " + std::to_string(reply.status));
      ms[page].push_back(ms_since(t0));
    };
    Browser reg(server.port()), sup(server.port());
    reg.login(mixed_member(0), password);
    sup.login(mixed_member(7), password);
    const auto& cases = sample.at(mixed_county(0));
    for (int i = 0; i < 5; ++i) {
      timed(reg, "home", "/");
      timed(reg, "case list", "/cases");
      timed(reg, "case page", "/cases/" + cases[static_cast<size_t>(i * 37) % cases.size()]);
      timed(sup, "supervisor page", "/supervise");
      timed(sup, "reports page", "/reports?year=2025");
    }
    for (auto& [p, v] : ms) alone[p] = latency_stats(v);
    alone["registrar_county"] = mixed_county(0);
    alone["supervisor_county"] = mixed_county(7);
  }
  std::vector<PerSession> res(static_cast<size_t>(sessions));
  StartLine line(sessions);
  const std::string today = gongkai::today().str();
  auto session = [&](int s) {
    PerSession& r = res[static_cast<size_t>(s)];
    bool started = false;
    try {
      Browser b(server.port());
      b.login(mixed_member(s), password);
      const std::string role = mixed_role(s);
      const auto& cases = sample.at(mixed_county(s));
      std::mt19937_64 rng(0xfeed + static_cast<uint64_t>(s));
      std::uniform_real_distribution<double> unit(0, 1);
      line.arrive_and_wait();
      started = true;
      const auto t_start = line.start();
      const auto deadline = t_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
      const auto measured_from =
          t_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup));
      auto think = [&] {
        if (think_ms > 0)
          std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(unit(rng) * 2 * think_ms));
      };
      // One request: timed, its status counted; false once the run is over.
      auto request = [&](const std::string& page, auto&& send) -> std::optional<Reply> {
        const auto t0 = Clock::now();
        if (t0 >= deadline) return std::nullopt;
        Reply reply = send();
        const double ms = ms_since(t0);
        ++r.statuses[page][reply.status];
        if (t0 >= measured_from) r.ms[page].push_back(ms);
        think();
        return reply;
      };
      auto get = [&](const std::string& page, const std::string& target) {
        return request(page, [&] { return b.get(target); });
      };
      for (long visit = 0;; ++visit) {
        if (!get("home", "/")) break;
        if (role == "supervisor" && !get("supervisor page", "/supervise")) break;
        if (!get("case list", visit % 3 == 2 ? "/cases?state=open" : "/cases")) break;
        const std::string& no = cases[static_cast<size_t>(rng() % cases.size())];
        auto page = get("case page", "/cases/" + no);
        if (!page) break;
        if (role == "supervisor") {
          if (visit % 3 == 0 && !get("reports page", "/reports?year=2025")) break;
          continue;
        }
        if (page->status != 200 || visit % 2 == 1) continue;
        // A step the page offers (one of its forms), with the count of events it shows and, for an
        // answer, the first outcome its list offers.
        std::vector<std::vector<std::pair<std::string, std::string>>> offered;
        static const std::regex kind_re(R"re(name="kind" value="([a-z-]+)")re"), seen_re(R"re(name="seen" value="(\d+)")re"),
            outcome_re(R"re(name="outcome"[^>]*><option value="([a-z0-9-]+)")re");
        const std::string& html = page->body;
        for (size_t at = html.find("<form class=\"event\""); at != std::string::npos;) {
          const size_t next = html.find("<form class=\"event\"", at + 1);
          const std::string form = html.substr(at, next == std::string::npos ? std::string::npos : next - at);
          at = next;
          std::smatch k, n;
          if (!std::regex_search(form, k, kind_re) || !std::regex_search(form, n, seen_re)) continue;
          auto it = recordable.find(k[1]);
          if (it == recordable.end()) continue;
          std::vector<std::pair<std::string, std::string>> fields = {{"kind", k[1]}, {"on", today}, {"seen", n[1]}};
          for (const auto& o : it->second) fields.push_back(o);
          if (k[1] == "answered") {
            std::smatch out;
            if (!std::regex_search(form, out, outcome_re)) continue;
            fields.back() = {"outcome", out[1]};
          }
          offered.push_back(std::move(fields));
        }
        if (offered.empty()) continue;
        const auto& fields = offered[static_cast<size_t>(rng() % offered.size())];
        auto posted = request("event", [&] { return b.post_form("/cases/" + no + "/events", fields); });
        if (!posted) break;
        if (posted->status == 303) ++r.events;
        else if (posted->status == 409) ++r.conflicts;  // another session of the county wrote first
      }
    } catch (const std::exception& e) {
      r.error = e.what();
      if (!started) line.give_up();
    }
  };
  std::vector<std::thread> pool;
  for (int s = 0; s < sessions; ++s) pool.emplace_back(session, s);
  // The sampler's clock from the start line (samples before it, the logins, are kept with negative
  // times).
  line.wait();
  rss.mark_start();
  const double cpu0 = cpu_seconds();
  for (auto& th : pool) th.join();
  const double wall = seconds_since(line.start());
  const double client_cpu = cpu_seconds() - cpu0;
  auto samples = rss.finish();
  const std::string server_log = server.stop();

  std::map<std::string, std::vector<double>> ms;
  std::map<std::string, std::map<int, long>> statuses;
  size_t events = 0, conflicts = 0, requests = 0;
  std::vector<std::string> errors;
  for (auto& r : res) {
    if (!r.error.empty()) errors.push_back(r.error);
    for (auto& [p, v] : r.ms) ms[p].insert(ms[p].end(), v.begin(), v.end());
    for (auto& [p, m] : r.statuses)
      for (auto& [st, n] : m) {
        statuses[p][st] += n;
        requests += static_cast<size_t>(n);
      }
    events += r.events;
    conflicts += r.conflicts;
  }
  if (errors.size() > static_cast<size_t>(sessions) / 10)
    throw std::runtime_error("web-mixed: " + std::to_string(errors.size()) + " sessions failed; the first: " + errors[0]);
  nlohmann::json per_page = nlohmann::json::object();
  for (const auto& p : pages) {
    if (!statuses.count(p)) continue;
    nlohmann::json st = nlohmann::json::object();
    for (auto& [code, n] : statuses[p]) st[std::to_string(code)] = n;
    per_page[p] = latency_stats(ms[p]);
    per_page[p]["statuses"] = st;
  }
  long rss_max = 0;
  for (const auto& s : samples) rss_max = std::max(rss_max, s.second);
  nlohmann::json j = {{"workers", workers},
                      {"sessions", sessions},
                      {"roles", {{"registrar", 0}, {"handler", 0}, {"supervisor", 0}}},
                      {"seconds", wall},
                      {"warmup_seconds", warmup},
                      {"think_ms", think_ms},
                      {"requests", requests},
                      {"request_rate", static_cast<double>(requests) / wall},
                      {"events", events},
                      {"event_rate", static_cast<double>(events) / wall},
                      {"conflicts", conflicts},
                      {"session_errors", errors},
                      {"pages", per_page},
                      {"alone", alone},
                      {"client_cpu_seconds", client_cpu},
                      {"cache", cache_figures(server_log)},
                      {"cache_capacity_set", cache},
                      {"rss_kib", rss_json(samples)},
                      {"rss_max_kib", rss_max}};
  for (int i = 0; i < sessions; ++i) j["roles"][mixed_role(i)] = j["roles"][mixed_role(i)].get<int>() + 1;
  std::fprintf(stderr, "web mixed, %d sessions, %d workers, %.0f s: %zu requests (%.1f/s), %zu events (%.1f/s), %zu conflicts\n",
               sessions, workers, wall, requests, static_cast<double>(requests) / wall, events,
               static_cast<double>(events) / wall, conflicts);
  for (const auto& p : pages)
    if (per_page.contains(p))
      std::fprintf(stderr, "  %-16s n %6zu  p50 %7.1f ms  p99 %7.1f ms\n", p.c_str(), ms[p].size(),
                   per_page[p]["p50_ms"].get<double>(), per_page[p]["p99_ms"].get<double>());
  if (!samples.empty())
    std::fprintf(stderr, "  server RSS: %ld KiB at the start, %ld KiB at the end, max %ld KiB%s\n", samples.front().second,
                 samples.back().second, rss_max, j["cache"].is_null() ? "" : (", cache " + j["cache"].dump()).c_str());
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench
