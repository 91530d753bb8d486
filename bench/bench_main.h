// The subcommands of gongkai_bench (bench/main.cpp parses the options).
#pragma once
#include <string>

namespace gongkai::bench {

int cmd_prepare_transitions(const std::string& conninfo, const std::string& agency, int cases,
                            bool receive_each = false);
int cmd_transitions(const std::string& conninfo, const std::string& agency, int cases, int threads,
                    double seconds, bool cached, const std::string& out);
int cmd_pgbench(const std::string& pgbench_exe, const std::string& conninfo, const std::string& script,
                const std::string& agency, int cases, int clients, double seconds, const std::string& out);

int cmd_chain_cost(const std::string& conninfo, const std::string& agency, int n, const std::string& out);

int cmd_gen_import(const std::string& conninfo, long cases, const std::string& start, const std::string& end,
                   const std::string& path);
int cmd_import(const std::string& conninfo, const std::string& path, const std::string& out);
int cmd_copy_ceiling(const std::string& from, const std::string& to, const std::string& dir, const std::string& out);

int cmd_reads(const std::string& conninfo, const std::string& sup_subtree, const std::string& sup_all, int year,
              const std::string& agency, const std::string& as_of, int runs, const std::string& gongkai_exe,
              int cli_runs, int raw_runs, int past_runs, const std::string& out);
int cmd_search(const std::string& conninfo, const std::string& sup_subtree, const std::string& sup_all,
               const std::string& agency, int runs, const std::string& gongkai_exe, int cli_runs, int raw_runs,
               int limit, const std::string& out);
int cmd_search_texts(const std::string& conninfo, const std::string& agency);
int cmd_show(const std::string& conninfo, const std::string& sup, const std::string& agency,
             const std::string& gongkai_exe, const std::string& psql_exe, const std::string& load_sql_path, int cases,
             int session_runs, const std::string& out);
int cmd_due_table(const std::string& conninfo, const std::string& start, const std::string& end);
int cmd_check_sample(const std::string& conninfo, int cases);
int cmd_settings(const std::string& conninfo, const std::string& out);
int cmd_sizes(const std::string& conninfo, const std::string& out);

int cmd_web_setup(const std::string& conninfo, const std::string& event_agencies, int event_sessions,
                  int mixed_sessions, const std::string& password);
int cmd_web_events(const std::string& gongkai_exe, const std::string& web_conninfo, const std::string& conninfo,
                   const std::string& agency, int cases, int sessions, int workers, double seconds, long cache,
                   const std::string& password, const std::string& log, const std::string& out);
int cmd_web_mixed(const std::string& gongkai_exe, const std::string& web_conninfo, const std::string& conninfo,
                  int sessions, int workers, double seconds, double warmup, double think_ms, long cache,
                  const std::string& password, const std::string& log, const std::string& out);

// Installations under one another (bench/federation.cpp): a city and N sources in one cluster.
struct FederationOptions {
  std::string base;  // libpq keywords of the cluster's superuser, without dbname
  std::string gongkai, psql = "psql", pgbench = "pgbench", dir, latest_sql, sources_sql, sizes = "10,30", out = "-";
  int year = 2025, runs = 10, cases = 2500;
  double poll_ms = 1, idle_seconds = 10, pgbench_seconds = 5;
};
int cmd_federation(const FederationOptions& o);

int cmd_write_doc(const std::string& results_dir, const std::string& notes, const std::string& out);

}  // namespace gongkai::bench
