// The pgbench ceiling (runs pgbench, reads its tps) and the database's sizes.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <pqxx/pqxx>
#include <regex>

#include "bench/bench_common.h"
#include "bench/bench_main.h"

namespace gongkai::bench {
namespace {

// Runs argv and returns its standard output (stderr passes through). Throws on failure.
std::string run_capture(const std::vector<std::string>& argv) {
  int fd[2];
  if (pipe(fd) != 0) throw std::runtime_error("pipe failed");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fd[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(argv[0] + " failed (status " + std::to_string(status) + "):\n" + out);
  return out;
}

double grab(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return 0;
  return std::stod(m[1].str());
}

}  // namespace

int cmd_pgbench(const std::string& pgbench_exe, const std::string& conninfo, const std::string& script,
                const std::string& agency, int cases, int clients, double seconds, const std::string& out) {
  const int per = cases / clients;
  std::vector<std::string> argv = {pgbench_exe, "-n", "-M", "prepared", "-c", std::to_string(clients), "-j",
                                   std::to_string(clients), "-T", std::to_string(static_cast<int>(seconds)), "-f", script,
                                   "-D", "prefix=" + agency + "-2025-", "-D", "per=" + std::to_string(per), "-D",
                                   "nclients=" + std::to_string(clients), conninfo};
  std::string text = run_capture(argv);
  nlohmann::json j = {{"clients", clients},
                      {"cases", cases},
                      {"seconds", seconds},
                      {"script", script.substr(script.find_last_of('/') + 1)},
                      {"transactions", grab(text, R"(number of transactions actually processed: (\d+))")},
                      {"failed", grab(text, R"(number of failed transactions: (\d+))")},
                      {"latency_ms", grab(text, R"(latency average = ([0-9.]+) ms)")},
                      {"rate", grab(text, R"(tps = ([0-9.]+))")}};
  std::fprintf(stderr, "pgbench %s, %d client(s): %.0f tps (latency %.3f ms)\n", j["script"].get<std::string>().c_str(),
               clients, j["rate"].get<double>(), j["latency_ms"].get<double>());
  if (j["rate"].get<double>() <= 0 || j["failed"].get<double>() > 0) throw std::runtime_error("pgbench:\n" + text);
  write_result(out, j);
  return 0;
}

// Inside one append: EXPLAIN (ANALYZE) of the raw insert of a case's next event (what the
// hash-chain trigger gk_event_chain costs of it) and of one gk_append call as the administrator
// (the server's whole time for the writer function), each in its own transaction, rolled back,
// on cases of `agency` prepared with bench_step. Medians over n cases.
int cmd_chain_cost(const std::string& conninfo, const std::string& agency, int n, const std::string& out) {
  pqxx::connection c(conninfo);
  std::vector<double> trigger, insert, append;
  for (int k = 1; k <= n; ++k) {
    std::string no = std::to_string(k);
    if (no.size() < 4) no.insert(0, 4 - no.size(), '0');
    no = agency + "-2025-" + no;
    {
      pqxx::work tx(c);
      auto r = tx.exec_params(
          "explain (analyze, format json) insert into gk_event (case_id, seq, kind, occurred_on, actor, details)"
          " select c.id, c.event_count + 1, s.kind, s.occurred_on, 'bench', s.details from gk_case c"
          " join bench_step s on s.seq = least(c.event_count + 1, 7) where c.case_no = $1",
          no);
      auto j = nlohmann::json::parse(r[0][0].c_str())[0];
      insert.push_back(j["Execution Time"].get<double>());
      for (const auto& t : j.value("Triggers", nlohmann::json::array()))
        if (t["Trigger Name"] == "gk_event_chain") trigger.push_back(t["Time"].get<double>());
      tx.abort();
    }
    {
      pqxx::work tx(c);
      tx.exec("set local role gongkai_admin");
      auto r = tx.exec_params(
          "explain (analyze, format json) select gk_append(c.case_no, c.event_count + 1, s.kind, s.occurred_on,"
          " 'bench', s.details, null, to_jsonb(s) - 'seq' - 'kind' - 'occurred_on' - 'details'"
          " || jsonb_build_object('event_count', c.event_count + 1), (select version from gk_calendar_state))"
          " from gk_case c join bench_step s on s.seq = least(c.event_count + 1, 7) where c.case_no = $1",
          no);
      append.push_back(nlohmann::json::parse(r[0][0].c_str())[0]["Execution Time"].get<double>());
      tx.abort();
    }
  }
  // Where gk_append's time goes, function by function (track_functions): n calls in one
  // transaction, rolled back.
  nlohmann::json functions = nlohmann::json::array();
  {
    pqxx::work tx(c);
    tx.exec("set local track_functions = 'all'");
    tx.exec("set local role gongkai_admin");
    for (int k = 1; k <= n; ++k) {
      std::string no = std::to_string(k);
      if (no.size() < 4) no.insert(0, 4 - no.size(), '0');
      tx.exec_params(
          "select gk_append(c.case_no, c.event_count + 1, s.kind, s.occurred_on, 'bench', s.details, null,"
          " to_jsonb(s) - 'seq' - 'kind' - 'occurred_on' - 'details'"
          " || jsonb_build_object('event_count', c.event_count + 1), (select version from gk_calendar_state))"
          " from gk_case c join bench_step s on s.seq = least(c.event_count + 1, 7) where c.case_no = $1",
          agency + "-2025-" + no);
    }
    tx.exec("reset role");
    for (const auto& row : tx.exec("select funcname, calls, total_time, self_time from pg_stat_xact_user_functions"
                                   " order by total_time desc"))
      functions.push_back({{"function", row[0].c_str()},
                           {"calls", row[1].as<long>()},
                           {"total_ms", row[2].as<double>()},
                           {"self_ms", row[3].as<double>()}});
    tx.abort();
  }
  nlohmann::json j = {{"n", n},
                      {"chain_trigger_ms", median(trigger)},
                      {"insert_ms", median(insert)},
                      {"append_ms", median(append)},
                      {"functions", functions}};
  std::fprintf(stderr, "inside one append (medians of %d): chain trigger %.3f ms of a raw insert's %.3f ms; gk_append %.3f ms\n",
               n, median(trigger), median(insert), median(append));
  write_result(out, j);
  return 0;
}

int cmd_sizes(const std::string& conninfo, const std::string& out) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  nlohmann::json j;
  j["database_bytes"] = tx.exec("select pg_database_size(current_database())")[0][0].as<long long>();
  for (const char* t : {"gk_agency", "gk_case", "gk_event", "gk_case_personal", "gk_event_personal"})
    j["rows"][t] = tx.exec(std::string("select count(*) from ") + t)[0][0].as<long long>();
  j["relations"] = nlohmann::json::array();
  for (const auto& row : tx.exec(
           "select c.relname, c.relkind, coalesce(i.indrelid::regclass::text, ''), pg_relation_size(c.oid),"
           " coalesce(pg_get_indexdef(c.oid), '') from pg_class c left join pg_index i on i.indexrelid = c.oid"
           " join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'"
           " where c.relkind in ('r', 'i') and (c.relname like 'gk\\_%' or i.indrelid::regclass::text like 'gk\\_%')"
           " order by coalesce(i.indrelid::regclass::text, c.relname), c.relkind desc, c.relname"))
    j["relations"].push_back({{"name", row[0].c_str()},
                              {"kind", std::string(row[1].c_str()) == "r" ? "table" : "index"},
                              {"table", row[2].c_str()},
                              {"bytes", row[3].as<long long>()},
                              {"definition", row[4].c_str()}});
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench
