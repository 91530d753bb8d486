// Installations under one another (issue 13, docs/performance.md section 9): a city installation
// subscribing to the sign-offs of N simulated county installations, each a gongkai database of
// its own in one PostgreSQL cluster (wal_level = logical, which scripts/bench.sh starts for this
// part alone). Everything a user would do goes through the real `gongkai` executable: init,
// installation set, agency add, import of a generated CSV, federation allow at each source;
// federation add at the city; then, at each size N (the sources added incrementally):
//
//  - the lag from a sign-off to the city's table: each source runs `report sign-off` in turn and
//    the city's gk_signoff is polled until the new version is there; then all N sources at once.
//    Beside the polled times, the server's own clocks: received_at (the city's column default,
//    clock_timestamp() when the apply worker inserts) − signed_at (now() of the sign-off's
//    statement at the source), and − the source transaction's commit time
//    (track_commit_timestamp);
//  - `report --year Y --federation` at the city, text and JSON, beside the raw ceiling: the
//    statement gongkai reads the latest sign-offs with (db/sql/federation_latest.sql) through
//    psql (process start to exit) and through pgbench (the server's latency, one connection);
//  - `federation list`, text and JSON, beside psql running db/sql/federation_sources.sql;
//  - at a source, `report sign-off` beside `report` of the national and the legacy table;
//  - the replication processes (walsenders at the sources, apply workers at the city): their
//    memory (Pss) and the CPU they use while nothing is signed off.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>
#include <thread>

#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "bench/case_generator.h"

namespace gongkai::bench {
namespace {
using nlohmann::json;

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string tail(const std::string& path, size_t n = 1500) {
  std::string s;
  try {
    s = read_text(path);
  } catch (...) {
    return "";
  }
  return s.size() > n ? s.substr(s.size() - n) : s;
}

// A child process: stdout to `out`, stderr appended to `log`; the environment inherited. With a
// `gate` (a pipe), the child waits until every write end of it is closed before it starts the
// program, so that many can be started at the same moment.
pid_t spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& log,
            const int* gate = nullptr) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (gate) {
      close(gate[1]);
      char c;
      while (read(gate[0], &c, 1) > 0) {
      }
      close(gate[0]);
    }
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (o < 0 || e < 0) _exit(126);
    dup2(o, 1);
    dup2(e, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string cmd;
  for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + (a.find(' ') == std::string::npos ? a : "'" + a + "'");
  return cmd;
}

// Runs a set-up step; its stderr goes to `log`, shown when it fails. Returns its wall time in ms.
double run(const std::vector<std::string>& argv, const std::string& log, const std::string& out = "/dev/null") {
  auto t0 = Clock::now();
  pid_t pid = spawn(argv, out, log);
  int status = 0;
  waitpid(pid, &status, 0);
  double ms = ms_since(t0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("failed (status " + std::to_string(status) + "): " + command_line(argv) + "\n" +
                             tail(log));
  return ms;
}

// A statement's text for psql and pgbench: comment lines dropped, $1 as `param`.
std::string sql_body(const std::string& path, const std::string& param) {
  std::istringstream in(read_text(path));
  std::string line, body;
  while (std::getline(in, line))
    if (line.rfind("--", 0) != 0) body += line + "\n";
  for (auto p = body.find("$1"); p != std::string::npos; p = body.find("$1", p)) body.replace(p, 2, param);
  return body;
}

json stats_max(const std::vector<double>& v) {
  json j = stats(v);
  j["max"] = v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
  return j;
}

struct Source {
  int k = 0;
  std::string db, code, name, top, login;
  int version = 0;  // of its sign-offs of the year
};

struct Bench {
  std::string base, gk, psql, pgbench, dir, latest_sql, sources_sql;
  int year = 2025, runs = 10, cases = 2500, poll_us = 1000;
  double idle_seconds = 10, pgbench_seconds = 5;
  std::string log;

  std::string conn(const std::string& db) const { return base + " dbname=" + db; }
  std::vector<std::string> gk_at(const std::string& db, std::vector<std::string> args) const {
    std::vector<std::string> argv = {gk, "--db", conn(db)};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  std::string y() const { return std::to_string(year); }
};

// An installation's database, as its administrator makes it: the schema, its code, a government
// with two departments under it, a year's cases imported from a generated CSV.
json make_installation(const Bench& b, pqxx::connection& admin, const std::string& db, const std::string& code,
                       const std::string& name, const std::string& top, long cases, unsigned seed) {
  {
    pqxx::nontransaction tx(admin);
    tx.exec("drop database if exists " + tx.quote_name(db));
    tx.exec("create database " + tx.quote_name(db));
  }
  json t;
  t["init_ms"] = run(b.gk_at(db, {"init"}), b.log);
  run(b.gk_at(db, {"installation", "set", code, name}), b.log);
  run(b.gk_at(db, {"agency", "add", top, "--name", name + "人民政府", "--kind", "government"}), b.log);
  run(b.gk_at(db, {"agency", "add", top + "-fgw", "--name", name + "发展和改革局", "--kind", "department", "--parent", top}),
      b.log);
  run(b.gk_at(db, {"agency", "add", top + "-zrj", "--name", name + "自然资源局", "--kind", "department", "--parent", top}),
      b.log);
  // Three in five cases at the government, one in five at each department; received from the
  // year's first day to the end of the January after it (when the year's tables are signed off),
  // the generator's mix of histories: most answered, some withdrawn, appealed, still open.
  std::vector<std::string> slots;
  slots.reserve(10000);
  for (int i = 0; i < 10000; ++i) slots.push_back(i < 6000 ? top : i < 8000 ? top + "-fgw" : top + "-zrj");
  Generator g{Date::from_ymd(b.year, 1, 1), Date::from_ymd(b.year + 1, 1, 31), slots};
  g.rng.seed(seed);
  const std::string csv = b.dir + "/" + db + ".csv";
  size_t rows = 0;
  {
    std::ofstream f(csv, std::ios::binary);
    rows = write_import_csv(f, g, cases, top + "-");
  }
  t["import_ms"] = run(b.gk_at(db, {"import", csv}), b.log);
  std::remove(csv.c_str());
  t["rows"] = rows;
  return t;
}

// Seconds until every subscription of the city has its worker running and its table ready.
double wait_streaming(pqxx::connection& city, size_t n, double timeout = 300) {
  auto t0 = Clock::now();
  for (;;) {
    pqxx::nontransaction tx(city);
    auto r = tx.exec(
        "select count(*) from gk_source s join pg_subscription sub on sub.subname = s.subscription"
        " join pg_stat_subscription st on st.subid = sub.oid and st.relid is null"
        " where st.pid is not null and exists (select 1 from pg_subscription_rel r where r.srsubid = sub.oid)"
        " and not exists (select 1 from pg_subscription_rel r where r.srsubid = sub.oid and r.srsubstate <> 'r')");
    if (r[0][0].as<size_t>() >= n) return seconds_since(t0);
    if (seconds_since(t0) > timeout)
      throw std::runtime_error(fmt::format("only {} of {} subscriptions streaming after {:.0f} s", r[0][0].as<size_t>(),
                                           n, timeout));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// The replication processes: the walsenders (one per subscription, at the sources' side) and the
// city's apply workers.
std::vector<int> replication_pids(pqxx::connection& city) {
  pqxx::nontransaction tx(city);
  std::vector<int> pids;
  for (const auto& r : tx.exec("select pid from pg_stat_replication union all "
                               "select pid from pg_stat_subscription where pid is not null"))
    pids.push_back(r[0].as<int>());
  return pids;
}
// CPU seconds (user + system) of the processes.
double cpu_seconds(const std::vector<int>& pids) {
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  double total = 0;
  for (int pid : pids) {
    std::string s;
    try {
      s = read_text(fmt::format("/proc/{}/stat", pid));
    } catch (...) {
      continue;
    }
    auto p = s.rfind(')');
    std::istringstream in(s.substr(p + 2));
    std::string field;
    std::vector<std::string> f;
    while (in >> field) f.push_back(field);
    if (f.size() > 12) total += (std::stod(f[11]) + std::stod(f[12])) / hz;  // utime, stime
  }
  return total;
}
double pss_mib(const std::vector<int>& pids) {
  double kib = 0;
  for (int pid : pids) {
    std::string s;
    try {
      s = read_text(fmt::format("/proc/{}/smaps_rollup", pid));
    } catch (...) {
      continue;
    }
    std::smatch m;
    if (std::regex_search(s, m, std::regex(R"(\nPss:\s+(\d+) kB)"))) kib += std::stod(m[1].str());
  }
  return kib / 1024;
}

// What the servers' clocks say of each sign-off: the city's received_at − the source's signed_at,
// and − the commit time of the source's transaction.
void server_lags(const Bench& b, pqxx::connection& city, const std::vector<Source*>& sources,
                 std::vector<double>& minus_signed, std::vector<double>& minus_commit) {
  pqxx::nontransaction tx(city);
  for (const Source* s : sources) {
    auto r = tx.exec_params(
        "select extract(epoch from received_at)::float8, extract(epoch from signed_at)::float8 from gk_signoff"
        " where not own and installation = $1 and agency = $2 and year = $3 and version = $4",
        s->code, s->top, b.year, s->version);
    if (r.empty()) throw std::runtime_error("no sign-off of " + s->code + " at the city");
    const double received = r[0][0].as<double>(), signed_at = r[0][1].as<double>();
    minus_signed.push_back((received - signed_at) * 1e3);
    pqxx::connection src(b.conn(s->db));
    pqxx::nontransaction stx(src);
    auto c = stx.exec_params(
        "select extract(epoch from pg_xact_commit_timestamp(xmin))::float8 from gk_signoff"
        " where own and agency = $1 and year = $2 and version = $3",
        s->top, b.year, s->version);
    if (!c.empty() && !c[0][0].is_null()) minus_commit.push_back((received - c[0][0].as<double>()) * 1e3);
  }
}

// Each source in turn: `report sign-off`, then the city polled until the new version is there.
json one_at_a_time(const Bench& b, pqxx::connection& city, std::vector<Source>& all, size_t n) {
  city.prepare("seen",
               "select 1 from gk_signoff where not own and installation = $1 and agency = $2 and year = $3 and version = $4");
  std::vector<double> signoff, seen_after_exit, seen_after_start, minus_signed, minus_commit;
  std::vector<Source*> done;
  for (size_t i = 0; i < n; ++i) {
    Source& s = all[i];
    ++s.version;
    auto t0 = Clock::now();
    const double ms = time_exec(b.gk_at(s.db, {"report", "sign-off", "--year", b.y(), "--agency", s.top}));
    auto exit_at = Clock::now();
    for (;;) {
      bool found;
      {
        pqxx::nontransaction tx(city);
        found = !tx.exec_prepared("seen", s.code, s.top, b.year, s.version).empty();
      }
      if (found) break;
      if (seconds_since(exit_at) > 120) throw std::runtime_error("sign-off of " + s.code + " not at the city after 120 s");
      std::this_thread::sleep_for(std::chrono::microseconds(b.poll_us));
    }
    seen_after_exit.push_back(ms_since(exit_at));
    seen_after_start.push_back(ms_since(t0));
    signoff.push_back(ms);
    done.push_back(&s);
  }
  city.unprepare("seen");
  server_lags(b, city, done, minus_signed, minus_commit);
  return {{"signoff_ms", stats_max(signoff)},
          {"seen_after_exit_ms", stats_max(seen_after_exit)},
          {"seen_after_start_ms", stats_max(seen_after_start)},
          {"received_minus_signed_ms", stats_max(minus_signed)},
          {"received_minus_commit_ms", stats_max(minus_commit)}};
}

// Every source at once: N `report sign-off` processes started together; the city polled until it
// has them all. The processes are forked first, each waiting on a pipe, and let go at once (forking
// them one by one while the first already ran took seconds at 100 sources: the cores went to
// them); a thread waits for their exits as they come.
json all_at_once(const Bench& b, pqxx::connection& city, std::vector<Source>& all, size_t n) {
  const std::vector<int> pids = replication_pids(city);
  std::vector<pid_t> children(n);
  std::vector<double> exit_ms(n, -1), seen_ms(n, -1);
  std::vector<int> status(n, 0);
  std::map<std::string, size_t> by_code;
  std::map<pid_t, size_t> by_pid;
  int gate[2];
  if (pipe(gate) != 0) throw std::runtime_error("pipe failed");
  for (size_t i = 0; i < n; ++i) {
    Source& s = all[i];
    ++s.version;
    by_code[s.code] = i;
    children[i] = spawn(b.gk_at(s.db, {"report", "sign-off", "--year", b.y(), "--agency", s.top}), "/dev/null",
                        b.dir + "/signoff-" + s.db + ".log", gate);
    by_pid[children[i]] = i;
  }
  close(gate[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // every child at its gate
  std::atomic<size_t> exited{0}, failed{0};
  std::mutex m;
  const double cpu0 = cpu_seconds(pids);
  const auto t0 = Clock::now();
  close(gate[1]);  // go
  std::thread reaper([&] {
    while (exited.load() < n) {
      int st = 0;
      pid_t p = waitpid(-1, &st, 0);
      if (p < 0) break;
      const double at = ms_since(t0);
      auto it = by_pid.find(p);
      if (it == by_pid.end()) continue;
      {
        std::lock_guard<std::mutex> lock(m);
        exit_ms[it->second] = at;
        status[it->second] = st;
      }
      if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) ++failed;
      ++exited;
    }
  });
  size_t seen = 0;
  while (exited.load() < n || seen + failed.load() < n) {
    {
      pqxx::nontransaction tx(city);
      auto r = tx.exec_params(
          "select installation, max(version) from gk_signoff where not own and year = $1 group by installation", b.year);
      const double now = ms_since(t0);
      for (const auto& row : r) {
        auto it = by_code.find(row[0].c_str());
        if (it == by_code.end()) continue;
        const size_t i = it->second;
        if (seen_ms[i] < 0 && row[1].as<int>() >= all[i].version) {
          seen_ms[i] = now;
          ++seen;
        }
      }
    }
    if (seconds_since(t0) > 600) {
      reaper.detach();
      throw std::runtime_error("the sign-offs of all sources not at the city after 600 s");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(b.poll_us));
  }
  reaper.join();
  const double cpu = cpu_seconds(pids) - cpu0;
  std::vector<double> exits, seens, after_exit, minus_signed, minus_commit;
  std::vector<Source*> done;
  for (size_t i = 0; i < n; ++i) {
    if (!WIFEXITED(status[i]) || WEXITSTATUS(status[i]) != 0) {
      std::fprintf(stderr, "federation: sign-off of %s failed: %s\n", all[i].code.c_str(),
                   tail(b.dir + "/signoff-" + all[i].db + ".log").c_str());
      --all[i].version;
      continue;
    }
    exits.push_back(exit_ms[i]);
    seens.push_back(seen_ms[i]);
    after_exit.push_back(std::max(0.0, seen_ms[i] - exit_ms[i]));
    done.push_back(&all[i]);
  }
  server_lags(b, city, done, minus_signed, minus_commit);
  return {{"failed", failed.load()},
          {"exit_ms", stats_max(exits)},
          {"seen_ms", stats_max(seens)},
          {"seen_after_exit_ms", stats_max(after_exit)},
          {"received_minus_signed_ms", stats_max(minus_signed)},
          {"received_minus_commit_ms", stats_max(minus_commit)},
          {"replication_cpu_seconds", cpu}};
}

// The rows and bytes the latest sign-offs' statement returns.
json latest_size(const Bench& b, pqxx::connection& city) {
  pqxx::nontransaction tx(city);
  auto r = tx.exec(sql_body(b.latest_sql, std::to_string(b.year)));
  size_t bytes = 0;
  for (const auto& row : r)
    for (const auto& f : row) bytes += f.size();
  return {{"rows", r.size()}, {"bytes", bytes}};
}

// The national table's new applications of the year in the city's sum, against the cases
// received in the year in every database (the sum must be all of them).
json sum_check(const Bench& b, const std::vector<Source>& all, size_t n, const std::string& city_db,
               const std::string& report_json) {
  json r = json::parse(read_text(report_json));
  long counted = 0;
  auto count = [&](const std::string& db) {
    pqxx::connection c(b.conn(db));
    pqxx::nontransaction tx(c);
    return tx.exec_params("select count(*) from gk_case where received_on >= make_date($1, 1, 1)"
                          " and received_on < make_date($1 + 1, 1, 1)",
                          b.year)[0][0]
        .as<long>();
  };
  counted += count(city_db);
  for (size_t i = 0; i < n; ++i) counted += count(all[i].db);
  const long in_sum = r["applications"]["rows"]["new"]["total"].get<long>();
  return {{"sources_in_sum", r["sources"].size()},
          {"missing", r["missing"]},
          {"new_in_sum", in_sum},
          {"received_in_year", counted},
          {"same", in_sum == counted && r["sources"].size() == n}};
}

// What pgbench says of a statement, one connection for `seconds`.
json pgbench_latency(const Bench& b, const std::string& db, const std::string& script) {
  const std::string out = b.dir + "/pgbench.out";
  run({b.pgbench, "-n", "-M", "prepared", "-c", "1", "-T", std::to_string(static_cast<int>(b.pgbench_seconds)), "-f",
       script, b.conn(db)},
      b.log, out);
  const std::string text = read_text(out);
  std::smatch m;
  json j;
  if (std::regex_search(text, m, std::regex(R"(latency average = ([0-9.]+) ms)"))) j["latency_ms"] = std::stod(m[1].str());
  if (std::regex_search(text, m, std::regex(R"(tps = ([0-9.]+))"))) j["tps"] = std::stod(m[1].str());
  if (std::regex_search(text, m, std::regex(R"(number of transactions actually processed: (\d+))")))
    j["transactions"] = std::stol(m[1].str());
  return j;
}

}  // namespace

int cmd_federation(const FederationOptions& o) {
  Bench b;
  b.base = o.base;
  b.gk = o.gongkai;
  b.psql = o.psql;
  b.pgbench = o.pgbench;
  b.dir = o.dir;
  b.latest_sql = o.latest_sql;
  b.sources_sql = o.sources_sql;
  b.year = o.year;
  b.runs = o.runs;
  b.cases = o.cases;
  b.poll_us = static_cast<int>(o.poll_ms * 1000);
  b.idle_seconds = o.idle_seconds;
  b.pgbench_seconds = o.pgbench_seconds;
  b.log = o.dir + "/federation-setup.log";
  std::vector<size_t> sizes;
  {
    std::stringstream ss(o.sizes);
    std::string item;
    while (std::getline(ss, item, ',')) sizes.push_back(std::stoul(item));
  }
  std::sort(sizes.begin(), sizes.end());
  if (sizes.empty() || sizes.front() < 1) throw std::runtime_error("--sizes: a list of numbers of sources");
  const size_t nmax = sizes.back();
  if (nmax > 999) throw std::runtime_error("--sizes: at most 999 sources (their codes are 321001 … 321999)");

  json result = {{"year", b.year},           {"cases_per_source", b.cases}, {"runs", b.runs},
                 {"poll_ms", o.poll_ms},     {"sizes", json::array()},      {"idle_seconds", b.idle_seconds},
                 {"pgbench_seconds", b.pgbench_seconds}};
  pqxx::connection admin(b.conn("postgres"));
  {
    pqxx::nontransaction tx(admin);
    json settings;
    for (const char* s : {"server_version", "wal_level", "max_wal_senders", "max_replication_slots",
                          "max_logical_replication_workers", "max_worker_processes", "max_sync_workers_per_subscription",
                          "max_connections", "track_commit_timestamp", "synchronous_commit", "fsync", "shared_buffers"})
      settings[s] = tx.exec(std::string("select current_setting('") + s + "')")[0][0].c_str();
    result["settings"] = settings;
  }

  // The city, and every source (all before any subscription, so that no walsender reads their
  // loading's WAL).
  auto t_setup = Clock::now();
  const std::string city_db = "fed_city";
  std::fprintf(stderr, "federation: the city and %zu sources, %d cases each\n", nmax, b.cases);
  json city_setup = make_installation(b, admin, city_db, "320800", "模拟市", "shi", b.cases, 1000);
  std::vector<Source> all(nmax);
  std::vector<double> init_ms, import_ms, allow_ms, add_ms;
  for (size_t i = 0; i < nmax; ++i) {
    Source& s = all[i];
    s.k = static_cast<int>(i + 1);
    s.db = fmt::format("fed_s{:03}", s.k);
    s.code = std::to_string(321000 + s.k);
    s.name = fmt::format("模拟县{:03}", s.k);
    s.top = fmt::format("x{:03}", s.k);
    s.login = fmt::format("city_s{:03}", s.k);
    json t = make_installation(b, admin, s.db, s.code, s.name, s.top, b.cases, 1000 + s.k);
    init_ms.push_back(t["init_ms"]);
    import_ms.push_back(t["import_ms"]);
    allow_ms.push_back(run(b.gk_at(s.db, {"federation", "allow", s.login}), b.log));
    if (i == 0) result["rows_per_source"] = t["rows"];
  }
  result["setup"] = {{"seconds", seconds_since(t_setup)},
                     {"init_ms", stats(init_ms)},
                     {"import_ms", stats(import_ms)},
                     {"allow_ms", stats(allow_ms)}};
  std::fprintf(stderr, "federation: set up in %.0f s\n", seconds_since(t_setup));

  pqxx::connection city(b.conn(city_db));
  // psql and pgbench: the statements gongkai reads with, as the superuser.
  const std::string latest_q = sql_body(b.latest_sql, std::to_string(b.year));
  const std::string sources_q = sql_body(b.sources_sql, "");
  const std::string script = b.dir + "/federation_latest.pgbench";
  {
    std::ofstream f(script);
    f << "\\set year " << b.year << "\n" << sql_body(b.latest_sql, ":year") << ";\n";
  }
  size_t added = 0;
  for (size_t n : sizes) {
    std::fprintf(stderr, "federation: %zu sources\n", n);
    json z = {{"n", n}};
    for (; added < n; ++added) {
      const Source& s = all[added];
      add_ms.push_back(run(b.gk_at(city_db, {"federation", "add", fmt::format("s{:03}", s.k),
                                             b.conn(s.db) + " user=" + s.login}),
                           b.log));
    }
    z["add_ms"] = stats(add_ms);
    z["streaming_seconds"] = wait_streaming(city, n);

    z["one_at_a_time"] = one_at_a_time(b, city, all, n);
    std::fprintf(stderr, "  one at a time: sign-off %.0f ms, seen %.1f ms after its exit (max %.1f), received − signed %.1f ms\n",
                 z["one_at_a_time"]["signoff_ms"]["median"].get<double>(),
                 z["one_at_a_time"]["seen_after_exit_ms"]["median"].get<double>(),
                 z["one_at_a_time"]["seen_after_exit_ms"]["max"].get<double>(),
                 z["one_at_a_time"]["received_minus_signed_ms"]["median"].get<double>());
    std::this_thread::sleep_for(std::chrono::seconds(1));
    z["all_at_once"] = all_at_once(b, city, all, n);
    std::fprintf(stderr, "  all at once: all at the city %.0f ms after the start (last exit %.0f ms), received − signed median %.0f, max %.0f ms\n",
                 z["all_at_once"]["seen_ms"]["max"].get<double>(), z["all_at_once"]["exit_ms"]["max"].get<double>(),
                 z["all_at_once"]["received_minus_signed_ms"]["median"].get<double>(),
                 z["all_at_once"]["received_minus_signed_ms"]["max"].get<double>());

    // At a source: a sign-off beside the tables it signs (each a process, start to exit).
    {
      Source& s = all[0];
      std::vector<double> sign, national, legacy;
      for (int r = 0; r < b.runs; ++r) {
        national.push_back(time_exec(b.gk_at(s.db, {"report", "--year", b.y(), "--agency", s.top})));
        legacy.push_back(time_exec(b.gk_at(s.db, {"report", "--year", b.y(), "--agency", s.top, "--template", "legacy"})));
        sign.push_back(time_exec(b.gk_at(s.db, {"report", "sign-off", "--year", b.y(), "--agency", s.top})));
        ++s.version;
      }
      z["source"] = {{"signoff_ms", stats(sign)}, {"national_ms", stats(national)}, {"legacy_ms", stats(legacy)}};
      // The city has the last one before its reads are timed.
      for (auto t0 = Clock::now();; std::this_thread::sleep_for(std::chrono::milliseconds(5))) {
        pqxx::nontransaction tx(city);
        if (!tx.exec_params("select 1 from gk_signoff where not own and installation = $1 and year = $2 and version = $3",
                            s.code, b.year, s.version)
                 .empty())
          break;
        if (seconds_since(t0) > 120) throw std::runtime_error("the last sign-off of " + s.code + " did not arrive");
      }
    }

    // The city's reads, each kind in turn run by run.
    std::vector<double> text, js, own, list_text, list_json, psql_latest, psql_sources;
    // One run not timed, its JSON kept for the check of the sum.
    const std::string report_json = b.dir + "/federated.json";
    run(b.gk_at(city_db, {"report", "--year", b.y(), "--federation", "--format", "json"}), b.log, report_json);
    const std::string list_out = b.dir + "/federation-list.json";
    run(b.gk_at(city_db, {"--json", "federation", "list"}), b.log, list_out);
    for (int r = 0; r < b.runs; ++r) {
      text.push_back(time_exec(b.gk_at(city_db, {"report", "--year", b.y(), "--federation"})));
      js.push_back(time_exec(b.gk_at(city_db, {"report", "--year", b.y(), "--federation", "--format", "json"})));
      own.push_back(time_exec(b.gk_at(city_db, {"report", "--year", b.y()})));
      psql_latest.push_back(time_exec({b.psql, "-X", "-q", "-A", "-t", "-d", b.conn(city_db), "-c", latest_q}));
      list_text.push_back(time_exec(b.gk_at(city_db, {"federation", "list"})));
      list_json.push_back(time_exec(b.gk_at(city_db, {"--json", "federation", "list"})));
      psql_sources.push_back(time_exec({b.psql, "-X", "-q", "-A", "-t", "-d", b.conn(city_db), "-c", sources_q}));
    }
    z["report_text_ms"] = stats(text);
    z["report_json_ms"] = stats(js);
    z["report_own_ms"] = stats(own);
    z["psql_latest_ms"] = stats(psql_latest);
    z["pgbench_latest"] = pgbench_latency(b, city_db, script);
    z["latest"] = latest_size(b, city);
    {
      pqxx::nontransaction tx(city);
      std::string plan;
      for (const auto& row : tx.exec("explain (analyze, buffers) " + latest_q)) plan += std::string(row[0].c_str()) + "\n";
      z["latest_plan"] = plan;
    }
    z["list_text_ms"] = stats(list_text);
    z["list_json_ms"] = stats(list_json);
    z["psql_sources_ms"] = stats(psql_sources);
    z["sum_check"] = sum_check(b, all, n, city_db, report_json);
    {
      json list = json::parse(read_text(list_out));
      size_t ok = 0;
      for (const auto& s : list)
        if (s["ok"].get<bool>()) ++ok;
      z["list_ok"] = ok;
    }
    std::fprintf(stderr,
                 "  report --federation %.0f ms (json %.0f, own only %.0f); psql %.0f ms, pgbench %.2f ms; list %.0f ms; "
                 "sum %s (%ld new)\n",
                 median(text), median(js), median(own), median(psql_latest),
                 z["pgbench_latest"].value("latency_ms", 0.0), median(list_text),
                 z["sum_check"]["same"].get<bool>() ? "right" : "WRONG", z["sum_check"]["new_in_sum"].get<long>());

    // The replication processes while nothing happens.
    {
      const std::vector<int> pids = replication_pids(city);
      std::this_thread::sleep_for(std::chrono::seconds(1));
      const double c0 = cpu_seconds(pids);
      auto t0 = Clock::now();
      std::this_thread::sleep_for(std::chrono::duration<double>(b.idle_seconds));
      const double secs = seconds_since(t0);
      z["replication"] = {{"processes", pids.size()},
                          {"pss_mib", pss_mib(pids)},
                          {"idle_cpu_share", (cpu_seconds(pids) - c0) / secs}};
    }
    result["sizes"].push_back(z);
  }
  write_result(o.out, result);
  return 0;
}

}  // namespace gongkai::bench
