// The read path on the large database: the year-end tables and the overdue list through the
// application layer (app::make_report, app::overdue) and through the CLI, each beside plain SQL on
// the same indexes (bench/raw_*.sql); and `gongkai show` wall time, process start to exit, beside
// psql running the same one-round-trip query, and app::show in process. Every read is measured as
// the installation's administrator and as a supervisor member whose scope is the same agencies
// (row-level security: what the member's policies cost), the two alternating run by run. The
// world's today is the as-of date (the generated data's last day): the overdue list is what a
// supervisor reads that day; the same question asked later about that day, a past day, is another
// and slower query (app::overdue replays the cases open then) and is measured on its own.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <sstream>

#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "app/cases.h"
#include "app/connect.h"
#include "app/reports.h"
#include "app/supervision.h"
#include "engine/date.h"

namespace gongkai::bench {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
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

namespace {

// A context as the CLI makes one (app::connect: who acts, SET ROLE for the administrator);
// `today` fixed as GONGKAI_TODAY fixes it (else the real date).
std::unique_ptr<app::Context> open_ctx(const std::string& conninfo, std::optional<Date> today = std::nullopt) {
  app::ConnectOptions o;
  o.conninfo = conninfo;
  o.today = today;
  o.warn = [](const std::string&) {};  // the fixed today's warning: every context would repeat it
  return app::connect(o);
}

// GONGKAI_TODAY for the CLI processes this program starts, for as long as it lives.
class FixedToday {
 public:
  explicit FixedToday(const std::string& day) {
    if (const char* v = std::getenv("GONGKAI_TODAY")) saved_ = v;
    setenv("GONGKAI_TODAY", day.c_str(), 1);
  }
  ~FixedToday() {
    if (saved_) setenv("GONGKAI_TODAY", saved_->c_str(), 1);
    else unsetenv("GONGKAI_TODAY");
  }
  FixedToday(const FixedToday&) = delete;
  FixedToday& operator=(const FixedToday&) = delete;

 private:
  std::optional<std::string> saved_;
};

// One read: its result's size and a fingerprint, so that the administrator's and the supervisor's
// results can be compared (the supervisor of the same agencies must read the same).
struct Read {
  size_t rows = 0;
  size_t fingerprint = 0;
};

}  // namespace

int cmd_reads(const std::string& conninfo, const std::string& sup_subtree, const std::string& sup_all, int year,
              const std::string& agency, const std::string& as_of, int runs, const std::string& gongkai_exe,
              int cli_runs, int raw_runs, int past_runs, const std::string& out) {
  // Today is the as-of day, in process and for the CLI (GONGKAI_TODAY, allowed up to the real date).
  const Date today = parse_date(as_of, "as-of date");
  const FixedToday fixed_today(as_of);
  pqxx::connection raw(conninfo);
  const std::string all_ids = subtree_ids(raw, ""), sub_ids = subtree_ids(raw, agency);
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  const std::string pfirst = std::to_string(year - 1) + "-01-01", plast = std::to_string(year - 1) + "-12-31";

  struct Item {
    std::string key, label;
    std::function<Read(app::Context&)> library;
    std::function<size_t()> raw;
    std::vector<std::string> cli;  // after `gongkai --db CONNINFO`
    std::string supervisor;        // the supervisor's conninfo
    bool overdue = false;
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
  auto report = [year](std::string scope, std::string tmpl) {
    return [year, scope, tmpl](app::Context& ctx) {
      app::ReportRequest r;
      r.year = year;
      r.agency = scope;
      r.template_name = tmpl;
      auto rep = app::make_report(ctx, r);
      size_t rows = 0;
      std::string cells;
      for (const auto& t : rep.tables)
        for (const auto& row : t.rows) {
          ++rows;
          cells += row.key;
          for (long long v : row.cells) cells += "," + std::to_string(v);
          cells += ";";
        }
      return Read{rows, std::hash<std::string>{}(cells)};
    };
  };
  auto overdue = [as_of](std::string scope) {
    return [as_of, scope](app::Context& ctx) {
      app::OverdueRequest r;
      r.as_of = as_of;
      r.agency = scope;
      auto l = app::overdue(ctx, r);
      std::string key;
      for (const auto& row : l.rows) key += row.case_no + row.agency + std::to_string(row.working_days_left);
      return Read{l.rows.size(), std::hash<std::string>{}(key)};
    };
  };
  const std::string y = std::to_string(year);
  std::vector<Item> items = {
      {"national_all", "national table, all agencies", report("", "national"), national_raw(all_ids),
       {"report", "--year", y}, sup_all},
      {"national_subtree", "national table, one agency subtree (" + agency + ")", report(agency, "national"),
       national_raw(sub_ids), {"report", "--year", y, "--agency", agency}, sup_subtree},
      {"legacy_all", "legacy table with cumulative column, all agencies", report("", "legacy"),
       [&] { return raw_rows("raw_legacy.sql", {first, last, all_ids}); },
       {"report", "--year", y, "--template", "legacy"}, sup_all},
      {"legacy_subtree", "legacy table with cumulative column, one agency subtree (" + agency + ")",
       report(agency, "legacy"), [&] { return raw_rows("raw_legacy.sql", {first, last, sub_ids}); },
       {"report", "--year", y, "--template", "legacy", "--agency", agency}, sup_subtree},
      {"overdue_all", "overdue list, all agencies", overdue(""),
       [&] { return raw_rows("raw_overdue.sql", {as_of, all_ids}); }, {"overdue", "--as-of", as_of}, sup_all, true},
      {"overdue_subtree", "overdue list, one agency subtree (" + agency + ")", overdue(agency),
       [&] { return raw_rows("raw_overdue.sql", {as_of, sub_ids}); },
       {"overdue", "--as-of", as_of, "--agency", agency}, sup_subtree, true},
  };

  // Long-lived contexts, one per identity (a service): reused across the items.
  std::map<std::string, std::unique_ptr<app::Context>> kept;
  auto kept_ctx = [&](const std::string& who) -> app::Context& {
    auto& c = kept[who];
    if (!c) {
      c = open_ctx(who, today);
      c->calendar();
    }
    return *c;
  };
  auto cli_argv = [&](const std::string& who, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {gongkai_exe, "--db", who};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  };

  nlohmann::json j = {{"year", year},         {"agency", agency}, {"as_of", as_of},
                      {"runs", runs},         {"cli_runs", cli_runs}, {"raw_runs", raw_runs},
                      {"today", as_of},       {"items", nlohmann::json::array()}};
  for (auto& it : items) {
    // Per identity: fresh contexts (a new connection per run, not timed, as every CLI process
    // has: each statement planned for its parameters) and the long-lived one, alternating
    // administrator and supervisor run by run (the order swapped every other run), so that both
    // meet the same moments of a shared machine.
    const std::vector<std::string> who = {conninfo, it.supervisor};
    std::vector<double> fresh[2], session[2], cli[2];
    double fresh_first[2] = {0, 0}, session_first[2] = {0, 0};
    Read result[2], session_result[2];
    for (int i = 0; i <= runs; ++i) {
      for (int k = 0; k < 2; ++k) {
        const int w = (i % 2 == 0) ? k : 1 - k;
        auto ctx = open_ctx(who[w], today);
        if (it.overdue) ctx->calendar();  // read once per process, as `show` measures it
        auto t0 = Clock::now();
        result[w] = it.library(*ctx);
        double ms = ms_since(t0);
        if (i == 0) fresh_first[w] = ms;  // the first run warms the cache; not in the median
        else fresh[w].push_back(ms);
      }
      for (int k = 0; k < 2; ++k) {
        const int w = (i % 2 == 0) ? k : 1 - k;
        auto& ctx = kept_ctx(who[w]);
        auto t0 = Clock::now();
        session_result[w] = it.library(ctx);
        double ms = ms_since(t0);
        if (i == 0) session_first[w] = ms;
        else session[w].push_back(ms);
      }
    }
    try {
      for (int i = 0; i < cli_runs; ++i)
        for (int k = 0; k < 2; ++k) {
          const int w = (i % 2 == 0) ? k : 1 - k;
          cli[w].push_back(time_exec(cli_argv(who[w], it.cli)));
        }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: CLI run failed: %s\n", it.key.c_str(), e.what());
    }
    std::vector<double> rw;
    size_t raw_n = 0;
    double raw_first = 0;
    for (int i = 0; raw_runs > 0 && i <= raw_runs; ++i) {
      auto t0 = Clock::now();
      raw_n = it.raw();
      double ms = ms_since(t0);
      if (i == 0) raw_first = ms;
      else rw.push_back(ms);
    }
    const bool same = result[0].rows == result[1].rows && result[0].fingerprint == result[1].fingerprint &&
                      session_result[0].fingerprint == result[0].fingerprint &&
                      session_result[1].fingerprint == result[1].fingerprint;
    nlohmann::json r = {{"key", it.key},
                        {"label", it.label},
                        {"library_ms", stats(fresh[0])},
                        {"library_first_ms", fresh_first[0]},
                        {"session_ms", stats(session[0])},
                        {"session_first_ms", session_first[0]},
                        {"sup_library_ms", stats(fresh[1])},
                        {"sup_library_first_ms", fresh_first[1]},
                        {"sup_session_ms", stats(session[1])},
                        {"sup_session_first_ms", session_first[1]},
                        {"raw_ms", stats(rw)},
                        {"raw_first_ms", raw_first},
                        {"rows", result[0].rows},
                        {"sup_rows", result[1].rows},
                        {"same_result", same},
                        {"raw_rows", raw_n}};
    if (!cli[0].empty()) r["cli_ms"] = stats(cli[0]);
    if (!cli[1].empty()) r["sup_cli_ms"] = stats(cli[1]);
    auto pct = [](double a, double b) { return b > 0 ? (a / b - 1) * 100 : 0.0; };
    std::fprintf(stderr,
                 "%-58s admin %7.1f ms, supervisor %7.1f ms (%+.0f %%); long-lived %6.1f / %6.1f ms (%+.0f %%); "
                 "CLI %6.1f / %6.1f ms (%+.0f %%); raw %8.1f ms; %zu rows%s\n",
                 it.label.c_str(), median(fresh[0]), median(fresh[1]), pct(median(fresh[1]), median(fresh[0])),
                 median(session[0]), median(session[1]), pct(median(session[1]), median(session[0])), median(cli[0]),
                 median(cli[1]), pct(median(cli[1]), median(cli[0])), median(rw), result[0].rows,
                 same ? "" : "  (THE SUPERVISOR READ SOMETHING ELSE)");
    j["items"].push_back(r);
  }

  // The same overdue question asked today (the real date) about the as-of day, now in the past:
  // the cases open that day replayed up to it (app::due_on_past_day, db/sql/open_on.sql).
  // One run is enough to say what it costs; a new context each, as a CLI process has.
  if (past_runs > 0) {
    nlohmann::json past = nlohmann::json::array();
    for (const auto& [scope, sup] : {std::pair{std::string(), sup_all}, std::pair{agency, sup_subtree}}) {
      std::vector<double> adm, sp;
      size_t rows = 0, sup_rows = 0;
      for (int i = 0; i < past_runs; ++i)
        for (int w = 0; w < 2; ++w) {
          auto ctx = open_ctx(w == 0 ? conninfo : sup);  // the real today
          ctx->calendar();
          app::OverdueRequest r;
          r.as_of = as_of;
          r.agency = scope;
          auto t0 = Clock::now();
          auto l = app::overdue(*ctx, r);
          (w == 0 ? adm : sp).push_back(ms_since(t0));
          (w == 0 ? rows : sup_rows) = l.rows.size();
        }
      std::string label = scope.empty() ? "overdue list as of a past day, all agencies"
                                        : "overdue list as of a past day, one agency subtree (" + scope + ")";
      std::fprintf(stderr, "%-58s admin %9.1f ms, supervisor %9.1f ms; %zu rows\n", label.c_str(), median(adm),
                   median(sp), rows);
      past.push_back({{"key", scope.empty() ? "overdue_past_all" : "overdue_past_subtree"},
                      {"label", label},
                      {"library_ms", stats(adm)},
                      {"sup_library_ms", stats(sp)},
                      {"rows", rows},
                      {"sup_rows", sup_rows},
                      {"today", gongkai::today().str()}});
    }
    j["past_day"] = past;
  }
  write_result(out, j);
  return 0;
}

int cmd_show(const std::string& conninfo, const std::string& sup, const std::string& agency,
             const std::string& gongkai_exe, const std::string& psql_exe, const std::string& load_sql_path, int cases,
             int session_runs, const std::string& out) {
  // A deterministic random sample of the cases of the agency's subtree (the supervisor's scope).
  std::vector<std::string> sample;
  {
    pqxx::connection c(conninfo);
    const std::string sub = subtree_ids(c, agency);
    pqxx::nontransaction tx(c);
    long max_id = tx.exec("select max(id) from gk_case")[0][0].as<long>();
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<long> pick(1, max_id);
    while (static_cast<int>(sample.size()) < cases) {
      std::string ids;
      for (int i = 0; i < cases * 20; ++i) ids += (i ? "," : "") + std::to_string(pick(rng));
      for (const auto& row : tx.exec_params("select case_no from gk_case where id = any($1::bigint[])"
                                            " and agency_id = any($2::int[]) order by id",
                                            "{" + ids + "}", sub))
        if (static_cast<int>(sample.size()) < cases) sample.push_back(row[0].c_str());
    }
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

  // Process start to exit: the administrator's and the supervisor's `show`, alternating.
  std::vector<double> show, show_json, sup_show, psql, help;
  time_exec({gongkai_exe, "--db", conninfo, "show", sample[0]});  // warm-up
  time_exec({gongkai_exe, "--db", sup, "show", sample[0]});
  for (size_t i = 0; i < sample.size(); ++i) {
    const auto& no = sample[i];
    if (i % 2 == 0) {
      show.push_back(time_exec({gongkai_exe, "--db", conninfo, "show", no}));
      sup_show.push_back(time_exec({gongkai_exe, "--db", sup, "show", no}));
    } else {
      sup_show.push_back(time_exec({gongkai_exe, "--db", sup, "show", no}));
      show.push_back(time_exec({gongkai_exe, "--db", conninfo, "show", no}));
    }
    show_json.push_back(time_exec({gongkai_exe, "--db", conninfo, "--json", "show", no}));
    psql.push_back(time_exec({psql_exe, "-X", "-q", "-A", "-t", "-d", conninfo, "-c", psql_query(no)}));
    help.push_back(time_exec({gongkai_exe, "--help"}));
  }
  // In-process breakdown of the same steps (a fresh connection each time, as a new process has),
  // for each identity: app::connect (connect, who am I, SET ROLE), the calendar, app::show (the
  // case's history in one round trip, replayed and compared with its stored row).
  struct Steps {
    std::vector<double> connect, calendar, show;
  } steps[2];
  const std::string who[2] = {conninfo, sup};
  for (size_t i = 0; i < sample.size(); ++i)
    for (int k = 0; k < 2; ++k) {
      const int w = (i % 2 == 0) ? k : 1 - k;
      auto t0 = Clock::now();
      auto ctx = open_ctx(who[w]);
      auto t1 = Clock::now();
      ctx->calendar();
      auto t2 = Clock::now();
      auto v = app::show(*ctx, sample[i]);
      auto t3 = Clock::now();
      using ms = std::chrono::duration<double, std::milli>;
      steps[w].connect.push_back(ms(t1 - t0).count());
      steps[w].calendar.push_back(ms(t2 - t1).count());
      steps[w].show.push_back(ms(t3 - t2).count());
      if (v.personal_masked != (w == 1))
        throw std::runtime_error("show " + sample[i] + ": personal data masked for the wrong reader");
    }
  // A long-lived context per identity (a service): app::show again and again, alternating.
  std::vector<double> kept[2];
  {
    std::unique_ptr<app::Context> ctx[2] = {open_ctx(conninfo), open_ctx(sup)};
    for (auto& c : ctx) {
      c->calendar();
      for (int i = 0; i < 10; ++i) app::show(*c, sample[static_cast<size_t>(i) % sample.size()]);  // warm
    }
    for (int r = 0; r < session_runs; ++r)
      for (size_t i = 0; i < sample.size(); ++i)
        for (int k = 0; k < 2; ++k) {
          const int w = (i % 2 == 0) ? k : 1 - k;
          auto t0 = Clock::now();
          app::show(*ctx[w], sample[i]);
          kept[w].push_back(ms_since(t0));
        }
  }
  auto breakdown = [&](const Steps& s) {
    return nlohmann::json{{"connect", stats(s.connect)}, {"calendar", stats(s.calendar)}, {"show", stats(s.show)}};
  };
  nlohmann::json j = {{"cases", sample.size()},
                      {"agency", agency},
                      {"show_ms", stats(show)},
                      {"show_json_ms", stats(show_json)},
                      {"sup_show_ms", stats(sup_show)},
                      {"psql_ms", stats(psql)},
                      {"help_ms", stats(help)},
                      {"breakdown_ms", breakdown(steps[0])},
                      {"sup_breakdown_ms", breakdown(steps[1])},
                      {"session_ms", stats(kept[0])},
                      {"sup_session_ms", stats(kept[1])}};
  std::fprintf(stderr,
               "show: admin %.1f ms (p95 %.1f), supervisor %.1f ms (p95 %.1f), json %.1f; psql same query %.1f ms; "
               "gongkai --help %.1f ms; in process admin/supervisor: connect %.2f/%.2f, calendar %.2f/%.2f, "
               "app::show %.2f/%.2f ms; long-lived app::show %.2f/%.2f ms\n",
               median(show), percentile(show, 95), median(sup_show), percentile(sup_show, 95), median(show_json),
               median(psql), median(help), median(steps[0].connect), median(steps[1].connect),
               median(steps[0].calendar), median(steps[1].calendar), median(steps[0].show), median(steps[1].show),
               median(kept[0]), median(kept[1]));
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
