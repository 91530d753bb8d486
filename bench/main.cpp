// gongkai_bench: one subcommand per benchmark step; scripts/bench.sh runs them in order and then
// `write-doc` turns the JSON results into docs/performance.md.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "bench/bench_main.h"

#ifndef GK_SOURCE_DIR
#define GK_SOURCE_DIR "."
#endif

int main(int argc, char** argv) {
  using namespace gongkai::bench;
  CLI::App app{"gongkai benchmarks (run by scripts/bench.sh)"};
  app.require_subcommand(1);
  std::string db, out = "-", agency, script, exe, psql = "psql", pgbench = "pgbench", file, from, to, dir,
                  start = "2016-11-01", end = "2026-10-31", as_of = "2026-10-31", notes,
                  load_sql = std::string(GK_SOURCE_DIR) + "/db/sql/load_case.sql";
  std::string sup, sup_all;
  int cases = 20000, threads = 1, runs = 10, cli_runs = 5, raw_runs = -1, session_runs = 3, year = 2025;
  long gen_cases = 100000;
  double seconds = 20;
  int rc = 0;

  auto* prep = app.add_subcommand("prepare-transitions", "an agency with N fresh cases, and bench_step");
  prep->add_option("--db", db)->required();
  prep->add_option("--agency", agency)->required();
  prep->add_option("--cases", cases);
  bool receive_each = false;
  prep->add_flag("--receive", receive_each, "one app::receive each instead of one import (slower; any database)");
  prep->callback([&] { rc = cmd_prepare_transitions(db, agency, cases, receive_each); });

  auto* tr = app.add_subcommand("transitions", "events/s through app::record_event (load, replay, check, apply, gk_append)");
  tr->add_option("--db", db)->required();
  tr->add_option("--agency", agency)->required();
  tr->add_option("--cases", cases);
  tr->add_option("--threads", threads);
  tr->add_option("--seconds", seconds);
  tr->add_option("--out", out);
  bool cached = false;
  tr->add_flag("--cached", cached, "experiment: replay each case once before the clock starts, then apply + append only");
  tr->callback([&] { rc = cmd_transitions(db, agency, cases, threads, seconds, cached, out); });

  auto* pb = app.add_subcommand("pgbench", "the raw ceiling for transitions: pgbench with a script");
  pb->add_option("--pgbench", pgbench);
  pb->add_option("--db", db)->required();
  pb->add_option("--script", script)->required();
  pb->add_option("--agency", agency)->required();
  pb->add_option("--cases", cases);
  pb->add_option("--clients", threads);
  pb->add_option("--seconds", seconds);
  pb->add_option("--out", out);
  pb->callback([&] { rc = cmd_pgbench(pgbench, db, script, agency, cases, threads, seconds, out); });

  auto* cc = app.add_subcommand("chain-cost", "EXPLAIN ANALYZE inside one append: the chain trigger, gk_append");
  cc->add_option("--db", db)->required();
  cc->add_option("--agency", agency)->required();
  cc->add_option("--cases", cases);
  cc->add_option("--out", out);
  cc->callback([&] { rc = cmd_chain_cost(db, agency, cases, out); });

  auto* gen = app.add_subcommand("gen-import", "write an import CSV of N cases");
  gen->add_option("--db", db, "a database with bench/agencies.sql loaded")->required();
  gen->add_option("--cases", gen_cases);
  gen->add_option("--start", start);
  gen->add_option("--end", end);
  gen->add_option("--file", file)->required();
  gen->callback([&] { rc = cmd_gen_import(db, gen_cases, start, end, file); });

  auto* imp = app.add_subcommand("import", "app::import_csv on a file: rows/s and peak RSS");
  imp->add_option("--db", db)->required();
  imp->add_option("--file", file)->required();
  imp->add_option("--out", out);
  imp->callback([&] { rc = cmd_import(db, file, out); });

  auto* cp = app.add_subcommand("copy-ceiling", "COPY the rows an import wrote into an empty database");
  cp->add_option("--from", from)->required();
  cp->add_option("--to", to)->required();
  cp->add_option("--dir", dir)->required();
  cp->add_option("--out", out);
  cp->callback([&] { rc = cmd_copy_ceiling(from, to, dir, out); });

  auto* rd = app.add_subcommand("reads", "year-end tables and the overdue list: library, CLI, raw SQL; "
                                          "as the administrator and as supervisors");
  rd->add_option("--db", db, "as the administrator")->required();
  rd->add_option("--sup-subtree", sup, "as a supervisor of --agency")->required();
  rd->add_option("--sup-all", sup_all, "as a supervisor of every agency (a member of the root)")->required();
  rd->add_option("--raw-runs", raw_runs, "raw SQL runs (default: --runs)");
  rd->add_option("--year", year);
  rd->add_option("--agency", agency)->required();
  rd->add_option("--as-of", as_of);
  rd->add_option("--runs", runs);
  rd->add_option("--cli-runs", cli_runs);
  rd->add_option("--gongkai", exe)->required();
  int past_runs = 1, limit = 50;
  rd->add_option("--past-runs", past_runs, "runs of the overdue list asked today about the as-of day (0: none)");
  rd->add_option("--out", out);
  rd->callback([&] {
    rc = cmd_reads(db, sup, sup_all, year, agency, as_of, runs, exe, cli_runs, raw_runs < 0 ? runs : raw_runs,
                   past_runs, out);
  });

  auto* se = app.add_subcommand("search", "gongkai search: app::search_cases, the CLI, raw SQL; texts of each kind; "
                                           "as the administrator and as supervisors");
  se->add_option("--db", db, "as the administrator")->required();
  se->add_option("--sup-subtree", sup, "as a supervisor of --agency (its own scope)")->required();
  se->add_option("--sup-all", sup_all, "as a supervisor of every agency (a member of the root)")->required();
  se->add_option("--agency", agency, "the subtree supervisor's agency: the letter reference and number are its")
      ->required();
  se->add_option("--runs", runs);
  se->add_option("--cli-runs", cli_runs);
  se->add_option("--raw-runs", raw_runs, "raw SQL runs (default: --runs)");
  se->add_option("--limit", limit, "at most this many cases (gongkai search's default: 50)");
  se->add_option("--gongkai", exe)->required();
  se->add_option("--out", out);
  se->callback([&] {
    rc = cmd_search(db, sup, sup_all, agency, runs, exe, cli_runs, raw_runs < 0 ? runs : raw_runs, limit, out);
  });

  auto* stx = app.add_subcommand("search-texts", "search's texts, one a line: key, text, pattern, raw file, its argument");
  stx->add_option("--db", db)->required();
  stx->add_option("--agency", agency)->required();
  stx->callback([&] { rc = cmd_search_texts(db, agency); });

  auto* sh = app.add_subcommand("show", "gongkai show wall time, process start to exit; app::show in process; "
                                         "as the administrator and as a supervisor");
  sh->add_option("--db", db, "as the administrator")->required();
  sh->add_option("--sup", sup, "as a supervisor of --agency")->required();
  sh->add_option("--agency", agency, "the cases are drawn from its subtree")->required();
  sh->add_option("--session-runs", session_runs, "passes over the sample on long-lived contexts");
  sh->add_option("--gongkai", exe)->required();
  sh->add_option("--psql", psql);
  sh->add_option("--load-sql", load_sql);
  sh->add_option("--cases", cases);
  sh->add_option("--out", out);
  sh->callback([&] { rc = cmd_show(db, sup, agency, exe, psql, load_sql, cases, session_runs, out); });

  auto* due = app.add_subcommand("due-table", "bench_due: the state machine's due dates for gen_bigdb.sql");
  due->add_option("--db", db)->required();
  due->add_option("--start", start);
  due->add_option("--end", end);
  due->callback([&] { rc = cmd_due_table(db, start, end); });

  auto* ck = app.add_subcommand("check-sample", "app::show on a sample of cases (replay = stored row), their chains");
  ck->add_option("--db", db)->required();
  ck->add_option("--cases", cases);
  ck->callback([&] { rc = cmd_check_sample(db, cases); });

  auto* st = app.add_subcommand("settings", "the server's version and settings");
  st->add_option("--db", db)->required();
  st->add_option("--out", out);
  st->callback([&] { rc = cmd_settings(db, out); });

  auto* sz = app.add_subcommand("sizes", "row counts and table and index sizes");
  sz->add_option("--db", db)->required();
  sz->add_option("--out", out);
  sz->callback([&] { rc = cmd_sizes(db, out); });

  // The web server under load (bench/web_load.cpp).
  std::string web_db, password = "bench-web-password", log = "web-server.log", event_agencies;
  int sessions = 50, event_sessions = 8, workers = 4;
  double warmup = 30, think_ms = 500;
  long cache = -1;
  auto* ws = app.add_subcommand("web-setup", "the members the web runs log in as (with a web password)");
  ws->add_option("--db", db, "as the administrator")->required();
  ws->add_option("--event-agencies", event_agencies, "comma-separated: the event runs' agencies (prepare-transitions)");
  ws->add_option("--event-sessions", event_sessions, "event-run members (registrars of the event agencies)");
  ws->add_option("--sessions", sessions, "mixed-run members (registrars, handlers, supervisors of the counties)");
  ws->add_option("--password", password);
  ws->callback([&] { rc = cmd_web_setup(db, event_agencies, event_sessions, sessions, password); });

  auto* we = app.add_subcommand("web-events", "events/s through gongkai serve (form posts), its cache of replayed cases");
  we->add_option("--gongkai", exe)->required();
  we->add_option("--web-db", web_db, "the server's login (gongkai_web)")->required();
  we->add_option("--db", db, "as the superuser: the script's steps, the counts")->required();
  we->add_option("--agency", agency, "prepared with prepare-transitions")->required();
  we->add_option("--cases", cases);
  we->add_option("--sessions", event_sessions);
  we->add_option("--workers", workers, "the server's workers = database connections");
  we->add_option("--seconds", seconds);
  we->add_option("--cache", cache, "GONGKAI_CASE_CACHE for the server (default: its own)");
  we->add_option("--password", password);
  we->add_option("--log", log, "the server's log");
  we->add_option("--out", out);
  we->callback([&] {
    rc = cmd_web_events(exe, web_db, db, agency, cases, event_sessions, workers, seconds, cache, password, log, out);
  });

  auto* wm = app.add_subcommand("web-mixed", "sessions mixing page views and events: latency per page, server memory");
  wm->add_option("--gongkai", exe)->required();
  wm->add_option("--web-db", web_db, "the server's login (gongkai_web)")->required();
  wm->add_option("--db", db, "as the superuser: a sample of each county's cases")->required();
  wm->add_option("--sessions", sessions);
  wm->add_option("--workers", workers);
  wm->add_option("--seconds", seconds);
  wm->add_option("--warmup", warmup, "seconds at the start not in the latencies");
  wm->add_option("--think-ms", think_ms, "mean think time between a session's requests (uniform 0 … 2×)");
  wm->add_option("--cache", cache, "GONGKAI_CASE_CACHE for the server (default: its own)");
  wm->add_option("--password", password);
  wm->add_option("--log", log, "the server's log");
  wm->add_option("--out", out);
  wm->callback([&] {
    rc = cmd_web_mixed(exe, web_db, db, sessions, workers, seconds, warmup, think_ms, cache, password, log, out);
  });

  // Installations under one another (bench/federation.cpp).
  FederationOptions fo;
  fo.latest_sql = std::string(GK_SOURCE_DIR) + "/db/sql/federation_latest.sql";
  fo.sources_sql = std::string(GK_SOURCE_DIR) + "/db/sql/federation_sources.sql";
  auto* fe = app.add_subcommand("federation", "a city and N sources in one cluster (wal_level = logical): the lag from "
                                               "sign-off to the city's table, report --federation, federation list");
  fe->add_option("--base", fo.base, "libpq keywords of the cluster's superuser, without dbname")->required();
  fe->add_option("--gongkai", fo.gongkai)->required();
  fe->add_option("--psql", fo.psql);
  fe->add_option("--pgbench", fo.pgbench);
  fe->add_option("--dir", fo.dir, "a directory for the generated CSV files, scripts and logs")->required();
  fe->add_option("--latest-sql", fo.latest_sql);
  fe->add_option("--sources-sql", fo.sources_sql);
  fe->add_option("--sizes", fo.sizes, "numbers of sources measured, comma-separated (added incrementally)");
  fe->add_option("--cases", fo.cases, "cases per installation (received from the year's start to the next January's end)");
  fe->add_option("--year", fo.year);
  fe->add_option("--runs", fo.runs, "runs of each timed command");
  fe->add_option("--poll-ms", fo.poll_ms, "the pause between two looks at the city's table");
  fe->add_option("--idle-seconds", fo.idle_seconds, "how long the replication processes' idle CPU is measured");
  fe->add_option("--pgbench-seconds", fo.pgbench_seconds);
  fe->add_option("--out", fo.out);
  fe->callback([&] { rc = cmd_federation(fo); });

  auto* wd = app.add_subcommand("write-doc", "docs/performance.md from the results");
  wd->add_option("--results", dir)->required();
  wd->add_option("--notes", notes);
  wd->add_option("--out", out)->required();
  wd->callback([&] { rc = cmd_write_doc(dir, notes, out); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gongkai_bench: %s\n", e.what());
    return 1;
  }
  return rc;
}
