// The read path on the large database: the year-end tables and the overdue list through the
// library (db::count_national, db::count_legacy, db::cases_due_before) and through the CLI, each
// beside plain SQL on the same indexes (bench/raw_*.sql); and `gongkai show` wall time, process
// start to exit, beside psql running the same one-round-trip query.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <pqxx/pqxx>
#include <random>
#include <sstream>

#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "db/calendar_store.h"
#include "db/case_store.h"
#include "db/report_store.h"
#include "db/supervision_store.h"
#include "workflows/disclosure_case.h"

namespace gongkai::bench {
namespace {

// Runs argv with stdout and stderr to /dev/null; returns the wall time in ms, or throws when the
// program fails.
double time_exec(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  double ms = ms_since(t0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string cmd;
    for (const auto& a : argv) cmd += a + " ";
    throw std::runtime_error("failed (status " + std::to_string(status) + "): " + cmd);
  }
  return ms;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

nlohmann::json stats(const std::vector<double>& v) {
  return {{"median", median(v)}, {"p95", percentile(v, 95)}, {"min", percentile(v, 0)}, {"n", v.size()}};
}

std::string subtree_ids(pqxx::connection& c, const std::string& agency) {
  pqxx::nontransaction tx(c);
  auto r = tx.exec_params(
      "with recursive s as (select id from gk_agency where $1::text is null or code = $1"
      " union select a.id from gk_agency a join s on a.parent_id = s.id)"
      " select '{' || string_agg(id::text, ',') || '}' from s",
      agency.empty() ? nullptr : agency.c_str());
  return r[0][0].c_str();
}

}  // namespace

int cmd_reads(const std::string& conninfo, int year, const std::string& agency, const std::string& as_of, int runs,
              const std::string& gongkai_exe, int cli_runs, const std::string& out) {
  auto s = db::Session::open(conninfo);
  pqxx::connection raw(conninfo);
  const std::string all_ids = subtree_ids(raw, ""), sub_ids = subtree_ids(raw, agency);
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  const std::string pfirst = std::to_string(year - 1) + "-01-01", plast = std::to_string(year - 1) + "-12-31";
  const Date as_of_date = parse_date(as_of);

  struct Item {
    std::string key, label;
    std::function<size_t(db::Session&)> library;  // returns a row count (groups or list rows)
    std::function<size_t()> raw;
    std::vector<std::string> cli;
  };
  auto raw_rows = [&](const char* file, std::vector<std::string> params) {
    pqxx::nontransaction tx(raw);
    pqxx::result r;
    if (params.size() == 2) r = tx.exec_params(bench_sql(file), params[0], params[1]);
    else r = tx.exec_params(bench_sql(file), params[0], params[1], params[2]);
    return r.size();
  };
  auto national_raw = [&](const std::string& ids) {
    return [&, ids] {
      return raw_rows("raw_national.sql", {first, last, ids}) + raw_rows("raw_national.sql", {pfirst, plast, ids}) +
             raw_rows("raw_appeals.sql", {first, last, ids});
    };
  };
  const std::string y = std::to_string(year);
  std::vector<Item> items = {
      {"national_all", "national table, all agencies",
       [&](db::Session& s) { return db::count_national(s, "", year).applications.size(); }, national_raw(all_ids),
       {gongkai_exe, "--db", conninfo, "report", "--year", y}},
      {"national_subtree", "national table, one agency subtree (" + agency + ")",
       [&](db::Session& s) { return db::count_national(s, agency, year).applications.size(); }, national_raw(sub_ids),
       {gongkai_exe, "--db", conninfo, "report", "--year", y, "--agency", agency}},
      {"legacy_all", "legacy table with cumulative column, all agencies",
       [&](db::Session& s) { return db::count_legacy(s, "", year).cases.size(); },
       [&] { return raw_rows("raw_legacy.sql", {first, last, all_ids}); },
       {gongkai_exe, "--db", conninfo, "report", "--year", y, "--template", "legacy"}},
      {"legacy_subtree", "legacy table with cumulative column, one agency subtree (" + agency + ")",
       [&](db::Session& s) { return db::count_legacy(s, agency, year).cases.size(); },
       [&] { return raw_rows("raw_legacy.sql", {first, last, sub_ids}); },
       {gongkai_exe, "--db", conninfo, "report", "--year", y, "--template", "legacy", "--agency", agency}},
      {"overdue_all", "overdue list, all agencies",
       [&](db::Session& s) { return db::cases_due_before(s, "", as_of_date).size(); },
       [&] { return raw_rows("raw_overdue.sql", {as_of, all_ids}); },
       {gongkai_exe, "--db", conninfo, "overdue", "--as-of", as_of}},
      {"overdue_subtree", "overdue list, one agency subtree (" + agency + ")",
       [&](db::Session& s) { return db::cases_due_before(s, agency, as_of_date).size(); },
       [&] { return raw_rows("raw_overdue.sql", {as_of, sub_ids}); },
       {gongkai_exe, "--db", conninfo, "overdue", "--as-of", as_of, "--agency", agency}},
  };


  nlohmann::json j = {{"year", year}, {"agency", agency}, {"as_of", as_of}, {"runs", runs}, {"items", nlohmann::json::array()}};
  for (auto& it : items) {
    double fresh_ms = 0;
    auto measure = [&](const std::function<size_t()>& f, size_t& rows, double& first_ms, bool own_clock = false) {
      std::vector<double> v;
      for (int i = 0; i <= runs; ++i) {
        auto t0 = Clock::now();
        rows = f();
        double ms = own_clock ? fresh_ms : ms_since(t0);
        if (i == 0) first_ms = ms;  // the first run warms the cache; not in the median
        else v.push_back(ms);
      }
      return v;
    };
    size_t lib_rows = 0, raw_n = 0, session_rows = 0;
    double lib_first = 0, raw_first = 0, session_first = 0;
    // A new session per run (connecting is not timed): what each CLI process's database work
    // costs — every statement prepared and planned for its parameters (a custom plan).
    auto lib = measure(
        [&] {
          auto fresh = db::Session::open(conninfo);
          auto t0 = Clock::now();
          size_t n = it.library(*fresh);
          fresh_ms = ms_since(t0);
          return n;
        },
        lib_rows, lib_first, true);
    // One long-lived session (a service): from the sixth execution on, PostgreSQL may switch a
    // prepared statement to a generic plan, made without the parameters' values.
    auto session = measure([&] { return it.library(*s); }, session_rows, session_first);
    auto rw = measure(it.raw, raw_n, raw_first);
    std::vector<double> cli;
    try {
      for (int i = 0; i < cli_runs; ++i) cli.push_back(time_exec(it.cli));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: CLI run failed: %s\n", it.key.c_str(), e.what());
    }
    nlohmann::json r = {{"key", it.key},       {"label", it.label},     {"library_ms", stats(lib)},
                        {"library_first_ms", lib_first}, {"raw_ms", stats(rw)}, {"raw_first_ms", raw_first},
                        {"rows", lib_rows},    {"raw_rows", raw_n}, {"session_ms", stats(session)}};
    if (!cli.empty()) r["cli_ms"] = stats(cli);
    std::fprintf(stderr, "%-60s library %8.1f ms (long-lived session %8.1f)   raw %8.1f ms   cli %8.1f ms   (%zu rows)\n",
                 it.label.c_str(), median(lib), median(session), median(rw), cli.empty() ? 0.0 : median(cli), lib_rows);
    j["items"].push_back(r);
  }
  write_result(out, j);
  return 0;
}

int cmd_show(const std::string& conninfo, const std::string& gongkai_exe, const std::string& psql_exe,
             const std::string& load_sql_path, int cases, const std::string& out) {
  // A deterministic random sample of existing case numbers.
  std::vector<std::string> sample;
  {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    long max_id = tx.exec("select max(id) from gk_case")[0][0].as<long>();
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<long> pick(1, max_id);
    std::string ids;
    for (int i = 0; i < cases * 2; ++i) {
      if (i) ids += ',';
      ids += std::to_string(pick(rng));
    }
    for (const auto& row : tx.exec("select case_no from gk_case where id = any('{" + ids + "}'::bigint[]) limit " +
                                   std::to_string(cases)))
      sample.push_back(row[0].c_str());
  }
  std::string load_sql = read_file(load_sql_path);
  // psql runs the library's query text with the case number in place of $1 (comments removed).
  std::string body;
  {
    std::istringstream in(load_sql);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("--", 0) != 0) body += line + "\n";
  }
  auto psql_query = [&](const std::string& no) {
    std::string q = body;
    auto p = q.find("$1");
    if (p == std::string::npos) throw std::runtime_error("no $1 in " + load_sql_path);
    q.replace(p, 2, "'" + no + "'");
    return q;
  };

  std::vector<double> show, show_json, psql, help;
  time_exec({gongkai_exe, "--db", conninfo, "show", sample[0]});  // warm-up
  for (const auto& no : sample) {
    show.push_back(time_exec({gongkai_exe, "--db", conninfo, "show", no}));
    show_json.push_back(time_exec({gongkai_exe, "--db", conninfo, "--json", "show", no}));
    psql.push_back(time_exec({psql_exe, "-X", "-q", "-A", "-t", "-d", conninfo, "-c", psql_query(no)}));
    help.push_back(time_exec({gongkai_exe, "--help"}));
  }
  // In-process breakdown of the same steps (a fresh connection each time, as a new process has).
  std::vector<double> connect, calendar, load, replay;
  for (const auto& no : sample) {
    auto t0 = Clock::now();
    auto s = db::Session::open(conninfo);
    auto t1 = Clock::now();
    WorkingCalendar cal = db::load_calendar(*s).calendar;
    auto t2 = Clock::now();
    auto stored = db::load_case_or_throw(*s, no);
    auto t3 = Clock::now();
    auto c = workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, cal);
    auto t4 = Clock::now();
    using ms = std::chrono::duration<double, std::milli>;
    connect.push_back(ms(t1 - t0).count());
    calendar.push_back(ms(t2 - t1).count());
    load.push_back(ms(t3 - t2).count());
    replay.push_back(ms(t4 - t3).count());
  }
  nlohmann::json j = {{"cases", sample.size()},
                      {"show_ms", stats(show)},
                      {"show_json_ms", stats(show_json)},
                      {"psql_ms", stats(psql)},
                      {"help_ms", stats(help)},
                      {"breakdown_ms",
                       {{"connect", stats(connect)}, {"calendar", stats(calendar)}, {"load_case", stats(load)},
                        {"replay", stats(replay)}}}};
  std::fprintf(stderr,
               "show: median %.1f ms, p95 %.1f ms (json %.1f); psql same query %.1f ms; gongkai --help %.1f ms; "
               "connect %.2f, calendar %.2f, load %.2f, replay %.3f ms\n",
               median(show), percentile(show, 95), median(show_json), median(psql), median(help), median(connect),
               median(calendar), median(load), median(replay));
  write_result(out, j);
  return 0;
}

int cmd_settings(const std::string& conninfo, const std::string& out) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  nlohmann::json j;
  j["server_version"] = tx.exec("show server_version")[0][0].c_str();
  for (const auto& row : tx.exec(
           "select name, current_setting(name) from pg_settings where name in ('fsync', "
           "'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'wal_level', 'shared_buffers', "
           "'work_mem', 'maintenance_work_mem', 'max_wal_size', 'checkpoint_timeout', 'effective_cache_size', "
           "'max_parallel_workers_per_gather', 'random_page_cost', 'jit', 'commit_delay', 'autovacuum') order by name"))
    j["settings"][row[0].c_str()] = row[1].c_str();
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench

namespace gongkai::bench {

// Replays a random sample of the generated cases through the library and compares the snapshot
// with the stored row: the generator (bench/gen_bigdb.sql) must write what the state machine would.
int cmd_check_sample(const std::string& conninfo, int cases) {
  auto s = db::Session::open(conninfo);
  WorkingCalendar cal = db::load_calendar(*s).calendar;
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  long max_id = tx.exec("select max(id) from gk_case")[0][0].as<long>();
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<long> pick(1, max_id);
  int bad = 0, checked = 0;
  auto d = [](const std::optional<Date>& x) { return x ? x->str() : std::string(); };
  for (int i = 0; i < cases; ++i) {
    auto r = tx.exec_params(
        "select case_no, coalesce(outcome, ''), coalesce(closed_on::text, ''), coalesce(closed_kind, ''),"
        " coalesce(reconsideration_filed_on::text, ''), coalesce(reconsideration_decided_on::text, ''),"
        " coalesce(reconsideration_result, ''), coalesce(litigation_filed_on::text, ''),"
        " coalesce(litigation_decided_on::text, ''), coalesce(litigation_result, ''),"
        " coalesce(litigation_direct::text, ''), is_open::text, last_event_on::text"
        " from gk_case where id = $1",
        pick(rng));
    if (r.empty()) continue;
    std::string no = r[0][0].c_str();
    auto stored = db::load_case_or_throw(*s, no);
    auto cs = workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, cal);
    auto sn = cs.snapshot();
    std::vector<std::pair<std::string, std::string>> want = {
        {sn.outcome.value_or(""), r[0][1].c_str()},
        {d(sn.closed_on), r[0][2].c_str()},
        {sn.closed_kind, r[0][3].c_str()},
        {d(sn.reconsideration_filed_on), r[0][4].c_str()},
        {d(sn.reconsideration_decided_on), r[0][5].c_str()},
        {sn.reconsideration_result, r[0][6].c_str()},
        {d(sn.litigation_filed_on), r[0][7].c_str()},
        {d(sn.litigation_decided_on), r[0][8].c_str()},
        {sn.litigation_result, r[0][9].c_str()},
        {sn.litigation_direct ? (*sn.litigation_direct ? "true" : "false") : "", r[0][10].c_str()},
        {sn.is_open ? "true" : "false", r[0][11].c_str()},
        {sn.last_event_on.str(), r[0][12].c_str()},
        {sn.state, stored.row["state"].get<std::string>()},
        {sn.appeal_state, stored.row["appeal_state"].get<std::string>()},
        {std::to_string(sn.event_count), stored.row["event_count"].dump()},
    };
    ++checked;
    for (size_t k = 0; k < want.size(); ++k)
      if (want[k].first != want[k].second) {
        if (++bad <= 10)
          std::fprintf(stderr, "%s: field %zu: replay says '%s', row says '%s'\n", no.c_str(), k, want[k].first.c_str(),
                       want[k].second.c_str());
        break;
      }
  }
  std::fprintf(stderr, "check-sample: %d of %d cases differ from their replay\n", bad, checked);
  return bad ? 1 : 0;
}

}  // namespace gongkai::bench
