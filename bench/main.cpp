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
  int cases = 20000, threads = 1, runs = 10, cli_runs = 5, year = 2025;
  long gen_cases = 100000;
  double seconds = 20;
  int rc = 0;

  auto* prep = app.add_subcommand("prepare-transitions", "an agency with N fresh cases, and bench_step");
  prep->add_option("--db", db)->required();
  prep->add_option("--agency", agency)->required();
  prep->add_option("--cases", cases);
  prep->callback([&] { rc = cmd_prepare_transitions(db, agency, cases); });

  auto* tr = app.add_subcommand("transitions", "events/s through load + replay + apply + append");
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

  auto* gen = app.add_subcommand("gen-import", "write an import CSV of N cases");
  gen->add_option("--db", db, "a database with bench/agencies.sql loaded")->required();
  gen->add_option("--cases", gen_cases);
  gen->add_option("--start", start);
  gen->add_option("--end", end);
  gen->add_option("--file", file)->required();
  gen->callback([&] { rc = cmd_gen_import(db, gen_cases, start, end, file); });

  auto* imp = app.add_subcommand("import", "db::import_csv on a file: rows/s and peak RSS");
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

  auto* rd = app.add_subcommand("reads", "year-end tables and the overdue list: library, CLI, raw SQL");
  rd->add_option("--db", db)->required();
  rd->add_option("--year", year);
  rd->add_option("--agency", agency)->required();
  rd->add_option("--as-of", as_of);
  rd->add_option("--runs", runs);
  rd->add_option("--cli-runs", cli_runs);
  rd->add_option("--gongkai", exe)->required();
  rd->add_option("--out", out);
  rd->callback([&] { rc = cmd_reads(db, year, agency, as_of, runs, exe, cli_runs, out); });

  auto* sh = app.add_subcommand("show", "gongkai show wall time, process start to exit");
  sh->add_option("--db", db)->required();
  sh->add_option("--gongkai", exe)->required();
  sh->add_option("--psql", psql);
  sh->add_option("--load-sql", load_sql);
  sh->add_option("--cases", cases);
  sh->add_option("--out", out);
  sh->callback([&] { rc = cmd_show(db, exe, psql, load_sql, cases, out); });

  auto* ck = app.add_subcommand("check-sample", "replay a sample of cases and compare with their rows");
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
