// write-doc: docs/performance.md from the JSON results of scripts/bench.sh, with the machine, the
// date, every figure beside its raw-PostgreSQL ceiling and the ratio, and the hand-written
// analysis (bench/performance-notes.md) appended.
#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "bench/bench_common.h"
#include "bench/bench_main.h"

namespace gongkai::bench {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

std::optional<json> load(const fs::path& p) {
  std::ifstream f(p);
  if (!f) return std::nullopt;
  try {
    return json::parse(f);
  } catch (...) {
    return std::nullopt;
  }
}
std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// 12345.6 → "12,346"
std::string num(double v) {
  long long n = std::llround(v);
  std::string s = std::to_string(std::llabs(n)), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (n < 0 ? "-" : "") + out;
}
std::string ms(double v) { return v < 10 ? fmt::format("{:.1f} ms", v) : fmt::format("{:.0f} ms", v); }
std::string pct(double r) { return fmt::format("{:.0f} %", r * 100); }
// A time ratio far above 100 % reads better as a factor ("890×").
std::string times_or_pct(double r) { return r >= 10 ? fmt::format("{:.0f}×", r) : pct(r); }
std::string mib(double kib) { return fmt::format("{:.0f} MiB", kib / 1024); }
std::string gib(double bytes) {
  if (bytes >= 1e9) return fmt::format("{:.2f} GB", bytes / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.0f} MB", bytes / 1e6);
  return fmt::format("{:.0f} kB", bytes / 1e3);
}
double med(std::vector<double> v) { return median(std::move(v)); }

std::string first_line_with(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.find(key) != std::string::npos) return line;
  return "";
}

struct Machine {
  std::string cpu, kernel;
  long cores = 0;
  double mem_gib = 0;
};
Machine machine() {
  Machine m;
  m.cores = sysconf(_SC_NPROCESSORS_ONLN);
  std::string cpuinfo = slurp("/proc/cpuinfo");
  std::smatch mm;
  if (std::regex_search(cpuinfo, mm, std::regex(R"(model name\s*:\s*([^\n]+))"))) m.cpu = mm[1].str();
  std::string meminfo = slurp("/proc/meminfo");
  if (std::regex_search(meminfo, mm, std::regex(R"(MemTotal:\s*(\d+) kB)"))) m.mem_gib = std::stod(mm[1].str()) / 1048576.0;
  utsname u{};
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
  return m;
}

std::string stamp_text(const fs::path& dir, const std::string& part) {
  auto j = load(dir / (part + ".stamp"));
  if (!j) return "not run";
  std::string s = (*j)["date"].get<std::string>();
  if (j->contains("load_start"))
    s += fmt::format(" (load average {} at the start, {} at the end)", (*j)["load_start"].get<std::string>(),
                     (*j)["load_end"].get<std::string>());
  return s;
}

// Why each index exists (keyed by name; the definitions and sizes come from the database).
const std::map<std::string, std::string>& index_reasons() {
  static const std::map<std::string, std::string> m = {
      {"gk_agency_pkey", "agency by id (every join from a case)"},
      {"gk_agency_code_key", "agency by code (`--agency`), and codes unique"},
      {"gk_agency_parent", "the subtree of an agency (`with recursive scope` in every report and list)"},
      {"gk_case_counter_pkey", "the per-agency-per-year counter that numbers a new case"},
      {"gk_case_pkey", "case by id: the events' foreign key, and the join from an event to its case"},
      {"gk_case_case_no_key", "case by number: every single-case command (`load_case.sql`, `append_event.sql`)"},
      {"gk_case_letter_ref", "partial unique (letter_ref not null): a letter registered twice at one agency is refused"},
      {"gk_case_agency_received",
       "year-end tables and `list --year`: the cases of an agency subtree by receipt date"},
      {"gk_case_agency_closed",
       "year-end tables and `timeliness`: the closings of a year, and the cases carried in from earlier years"},
      {"gk_case_due",
       "partial (due_on not null, i.e. only cases awaiting a reply): the overdue list by due date; small"},
      {"gk_case_state", "partial (is_open): open cases by state (`list --state`); small"},
      {"gk_event_pkey",
       "one case's history in order (`load_case.sql`), and the append guard: a second writer of the same "
       "event number collides on it"},
      {"gk_event_kind_on", "appeals and complaints counted by the date they were filed (legacy table, section 四)"},
      {"gk_case_closed_on",
       "section 三 of a year: the cases closed on or after its first day and those still open (a btree indexes NULL)"},
      {"gk_case_reconsideration_filed", "partial: reconsiderations counted by the year they were filed; small"},
      {"gk_case_litigation_filed", "partial: lawsuits counted by the year they were filed; small"},
  };
  return m;
}

void transitions(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  o << "## 1. Transitions per second\n\n";
  o << "Measured " << stamp_text(dir, "transitions") << ".\n\n";
  o << "**gongkai** is the library path of `gongkai event`, per event: `db::load_case` (the case's "
       "history, one round trip), `DisclosureCase::replay` through a fresh Boost.Statechart machine and the "
       "stored-row check, `DisclosureCase::apply`, `db::append_event` (one statement, one durable commit), on a "
       "long-lived connection per thread. Each thread owns its cases and applies the next step of a fixed script "
       "(reviewed, extended, answered, reconsideration filed and decided, then complaints) to a random one of them, "
       "so histories grow from 1 to about 8 events during a run.\n\n";
  o << "**Raw PostgreSQL** is `pgbench -M prepared` running `bench/append_ceiling.pgbench`: the same "
       "insert + update in one statement and one transaction (the shape of `db/sql/append_event.sql`), on the same "
       "tables, indexes and trigger, writing the same values at the same step (read from a 7-row table), with the same "
       "durability; no read round trip, no replay, no state machine. One client per connection, each owning its cases "
       "as the threads do.\n\n";
  // Rounds whose pgbench commit latency shows the disk in its slow state are listed but left out
  // of the headline: with a flush costing several milliseconds every path is flush-bound and the
  // ratio says nothing about gongkai.
  const double slow_ms = 1.0;
  std::map<int, std::vector<double>> gk, pg, ratio, gk_all, pg_all, ratio_all;
  std::map<int, json> last_gk;
  int slow_rounds = 0;
  o << "| connections | round | gongkai events/s | pgbench tps | ratio | pgbench latency |\n|---|---|---|---|---|---|\n";
  for (int c : {1, 2}) {
    for (int r = 1; r < 100; ++r) {
      auto a = load(dir / fmt::format("tx_gk_c{}_r{}.json", c, r));
      auto b = load(dir / fmt::format("tx_pg_c{}_r{}.json", c, r));
      if (!a || !b) break;
      double ga = (*a)["rate"], pb = (*b)["rate"], lat = (*b)["latency_ms"];
      // Slow when pgbench's commit (per client: 2 clients share each flush) or gongkai's append took
      // over a millisecond.
      bool slow = lat / c > slow_ms || (*a)["phase_us"]["append"].get<double>() / 1000 / c > slow_ms;
      gk_all[c].push_back(ga);
      pg_all[c].push_back(pb);
      ratio_all[c].push_back(ga / pb);
      if (!slow) {
        gk[c].push_back(ga);
        pg[c].push_back(pb);
        ratio[c].push_back(ga / pb);
        last_gk[c] = *a;
      } else {
        ++slow_rounds;
      }
      o << fmt::format("| {} | {} | {} | {} | {} | {:.3f} ms{} |\n", c, r, num(ga), num(pb), pct(ga / pb), lat,
                       slow ? " (slow disk: not in the median)" : "");
    }
    if (gk[c].empty()) {  // every round slow: use them all rather than nothing
      gk[c] = gk_all[c];
      pg[c] = pg_all[c];
      ratio[c] = ratio_all[c];
    }
    if (!gk[c].empty())
      o << fmt::format("| **{}** | **median** | **{}** | **{}** | **{}** | |\n", c, num(med(gk[c])), num(med(pg[c])),
                       pct(med(ratio[c])));
  }
  o << "\n";
  o << "The ratio of a round compares two runs made one after the other; the median row gives the medians of the "
       "rates and of the rounds' ratios.";
  if (slow_rounds)
    o << fmt::format(" {} run pair(s) met the shared disk in its slow state (a commit over {:.0f} ms per "
                     "client on either side, against ≈ 0.33 ms normally); they are listed but not in the medians: when every commit "
                     "waits milliseconds for the disk, both sides are flush-bound and the ratio says nothing about "
                     "gongkai.",
                     slow_rounds, slow_ms);
  o << "\n\n";
  for (int c : {1, 2}) {
    if (gk[c].empty()) continue;
    double g = med(gk[c]), p = med(pg[c]), r = med(ratio[c]);
    summary.push_back(fmt::format("| transitions/s, {} connection{} | {}/s | {}/s (pgbench, same insert + update) | {} | ≥ 90 % | {} |",
                                  c, c == 1 ? "" : "s", num(g), num(p), pct(r), r >= 0.9 ? "met" : fmt::format("**missed** by {:.0f} points", (0.9 - r) * 100)));
  }
  if (!last_gk.empty()) {
    o << "Where a gongkai event's time goes (means over the last round; each thread's own clock, so with 2 "
         "connections the phases overlap between threads):\n\n";
    o << "| connections | load_case | replay + check | apply | append_event (commit) | latency p50 | p95 | p99 | client CPU |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
    for (auto& [c, j] : last_gk) {
      auto& ph = j["phase_us"];
      auto& l = j["latency_us"];
      std::string cpu = j.contains("client_cpu_us") ? fmt::format("{:.0f} µs", j["client_cpu_us"].get<double>()) : "—";
      o << fmt::format("| {} | {:.0f} µs | {:.0f} µs | {:.0f} µs | {:.0f} µs | {:.0f} µs | {:.0f} µs | {:.0f} µs | {} |\n", c,
                       ph["load"].get<double>(), ph["replay"].get<double>(), ph["apply"].get<double>(),
                       ph["append"].get<double>(), l["p50"].get<double>(), l["p95"].get<double>(), l["p99"].get<double>(), cpu);
    }
    o << "\n";
  }
  std::vector<std::string> cached;
  for (int c : {1, 2})
    if (auto j = load(dir / fmt::format("tx_gkcached_c{}.json", c))) {
      std::string ratio = pg.count(c) && !pg[c].empty() ? ", " + pct((*j)["rate"].get<double>() / med(pg[c])) + " of the pgbench median" : "";
      if ((*j)["phase_us"]["append"].get<double>() / 1000 / c > slow_ms) ratio += " (slow disk during this run)";
      cached.push_back(fmt::format("{}/s at {} connection{}{}", num((*j)["rate"]), c, c == 1 ? "" : "s", ratio));
    }
  if (!cached.empty()) {
    o << "Experiment (not what `gongkai event` does): the same library path with each thread's cases loaded and "
         "replayed once before the clock starts and kept in memory, so that an event is `apply` + `append_event` "
         "only (`gongkai_bench transitions --cached`): ";
    for (size_t i = 0; i < cached.size(); ++i) o << (i ? ", " : "") << cached[i];
    o << ".\n\n";
  }
  std::vector<std::string> ctx;
  for (int c : {1, 2})
    if (auto j = load(dir / fmt::format("tx_pgtx_c{}.json", c)))
      ctx.push_back(fmt::format("{} tps at {} connection{}", num((*j)["rate"]), c, c == 1 ? "" : "s"));
  if (!ctx.empty()) {
    o << "For context, the same insert + update written the usual way, `BEGIN; SELECT; INSERT; UPDATE; COMMIT` "
         "(`bench/append_ceiling_tx.pgbench`, five round trips, one commit): ";
    for (size_t i = 0; i < ctx.size(); ++i) o << (i ? ", " : "") << ctx[i];
    o << ".\n\n";
  }
}

void import(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  o << "## 2. Import\n\n";
  o << "Measured " << stamp_text(dir, "import") << ".\n\n";
  o << "**gongkai** is `db::import_csv` (what `gongkai import` runs) on a generated CSV (`gongkai_bench gen-import`: "
       "the same mix as the read-path database, rows grouped by case as `export` writes them) into an empty "
       "database with the schema, the calendar and the 500 agencies: every row read and checked through the "
       "state machine (the cases not in use wait in a temporary table of the same transaction), then written with "
       "`insert … select` from it, in one transaction. **Raw PostgreSQL** is a plain "
       "`COPY gk_case` + `COPY gk_event` of exactly the rows that import wrote (dumped from it as pre-formatted "
       "COPY text) into another such empty database, in one transaction. Rows are CSV rows (= events). Peak memory "
       "is the importing process's maximum resident set.\n\n";
  std::map<long, std::pair<json, json>> runs;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::smatch m;
    std::string name = e.path().filename().string();
    if (std::regex_match(name, m, std::regex(R"(import_(\d+)\.json)"))) {
      long n = std::stol(m[1].str());
      auto a = load(e.path());
      auto b = load(dir / fmt::format("copy_{}.json", n));
      if (a && b) runs[n] = {*a, *b};
    }
  }
  if (runs.empty()) {
    o << "Not run yet.\n\n";
    return;
  }
  o << "| cases | CSV rows | import (check + write) | import rows/s | COPY | COPY rows/s | ratio | import peak memory |\n"
       "|---|---|---|---|---|---|---|---|\n";
  for (auto& [n, p] : runs) {
    auto& [a, b] = p;
    o << fmt::format("| {} | {} | {:.1f} s ({:.1f} + {:.1f}) | {} | {:.1f} s | {} | {} | {} |\n", num(n),
                     num(a["rows"]), a["seconds"].get<double>(), a["check_seconds"].get<double>(),
                     a["write_seconds"].get<double>(), num(a["rate"]), b["seconds"].get<double>(), num(b["rate"]),
                     pct(a["rate"].get<double>() / b["rate"].get<double>()), mib(a["peak_rss_kib"]));
  }
  o << "\n";
  auto& [big_n, big] = *runs.rbegin();
  double r = big.first["rate"].get<double>() / big.second["rate"].get<double>();
  summary.push_back(fmt::format("| import rows/s, {} cases ({} rows) | {}/s | {}/s (COPY of the same rows) | {} | ≥ 50 % | {} |",
                                num(big_n), num(big.first["rows"]), num(big.first["rate"]), num(big.second["rate"]), pct(r),
                                r >= 0.5 ? "met" : fmt::format("**missed** by {:.0f} points", (0.5 - r) * 100)));
  if (runs.size() >= 2) {
    auto& small = runs.begin()->second.first;
    double a = small["peak_rss_kib"], b = big.first["peak_rss_kib"];
    summary.push_back(fmt::format("| import peak memory, {} → {} cases | {} → {} | — | ×{:.1f} | about the same | {} |",
                                  num(runs.begin()->first), num(big_n), mib(a), mib(b), b / a,
                                  b / a <= 1.5 ? "met" : "**missed**"));
  }
}

void reads(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  auto big = load(dir / "big.json");
  auto sizes = load(dir / "sizes.json");
  o << "## 3. Year-end tables and the overdue list\n\n";
  o << "Measured " << stamp_text(dir, "reads") << ".\n\n";
  if (big && sizes) {
    auto& rows = (*sizes)["rows"];
    o << fmt::format("On a generated database (`bench/gen_bigdb.sql`, server-side SQL, {:.0f} min to generate and "
                     "vacuum): {} cases and {} events over 10 years (2016-11-01 … 2026-10-31) in {} agencies (30 county "
                     "governments, each with 9 departments and 6–7 townships); {} on disk.\n\n",
                     (*big)["seconds"].get<double>() / 60, num(rows["gk_case"]), num(rows["gk_event"]),
                     num(rows["gk_agency"]), gib((*sizes)["database_bytes"]));
  }
  auto j = load(dir / "reads.json");
  if (!j) {
    o << "Not run yet.\n\n";
    return;
  }
  o << "**gongkai** is the library function the command calls (`db::count_national`, `db::count_legacy`, "
       "`db::cases_due_before`): *new session* opens a connection for each run (not timed) as every CLI process "
       "does, so each statement is planned for its parameters; *long-lived session* calls it again and again on "
       "one connection, as a service would, where PostgreSQL switches a prepared statement to a generic plan after "
       "five executions. Each is the median of " << (*j)["runs"].get<int>()
    << " runs after one discarded warm-up run (whose time is given as *first*). **CLI** is the whole command, "
       "process start to exit (`gongkai report …`, `gongkai overdue …`, output to /dev/null), median of 5. "
       "The report statements read the counts the database keeps ahead (`gk_tally_*`, migration 004). "
       "**Raw PostgreSQL** is plain SQL counting the same figures from the cases at report time, on the same indexes "
       "(`bench/raw_*.sql`: received-in-year and carried-in cases through the two (agency, date) indexes, appeals "
       "through the events index; overdue through the due-date indexes), timed the same way. The year is "
    << (*j)["year"].get<int>() << ", the subtree " << (*j)["agency"].get<std::string>()
    << " (a county government and its 16 agencies), the as-of date " << (*j)["as_of"].get<std::string>() << ".\n\n";
  auto nojit = load(dir / "reads_nojit.json");
  auto nojit_ms = [&](const std::string& key) -> std::string {
    if (!nojit) return "—";
    for (auto& it : (*nojit)["items"])
      if (it["key"] == key) return ms(it["library_ms"]["median"]);
    return "—";
  };
  o << "| query | gongkai, new session (first) | gongkai, long-lived session | new session, jit=off | CLI | raw SQL (first) | ratio | target |\n"
       "|---|---|---|---|---|---|---|---|\n";
  for (auto& it : (*j)["items"]) {
    double lib = it["library_ms"]["median"], raw = it["raw_ms"]["median"];
    std::string key = it["key"];
    double target = key.rfind("overdue", 0) == 0 ? 50 : 100;
    std::string cli = it.contains("cli_ms") ? ms(it["cli_ms"]["median"]) : "—";
    std::string session = it.contains("session_ms") ? ms(it["session_ms"]["median"]) : "—";
    std::string extra = key.rfind("overdue", 0) == 0 ? fmt::format(" ({} rows)", num(it["rows"])) : "";
    o << fmt::format("| {}{} | {} ({}) | {} | {} | {} | {} ({}) | {} | < {:.0f} ms |\n", it["label"].get<std::string>(),
                     extra, ms(lib), ms(it["library_first_ms"]), session, nojit_ms(key), cli, ms(raw),
                     ms(it["raw_first_ms"]), times_or_pct(raw / lib), target);
    std::string verdict = lib < target ? "met" : fmt::format("**missed**: {:.1f}× the target", lib / target);
    // The reports' raw figure counts the cases at report time: many times slower, so as a factor.
    bool report = key.rfind("overdue", 0) != 0;
    summary.push_back(fmt::format("| {}{} | {} (CLI {}) | {}{} | {} | < {:.0f} ms | {} |", it["label"].get<std::string>(),
                                  extra, ms(lib), cli, ms(raw), report ? " (SQL counting the cases)" : "",
                                  times_or_pct(raw / lib), target, verdict));
  }
  o << "\n";
  // EXPLAIN ANALYZE of the library's statements.
  std::vector<std::pair<std::string, std::string>> plans;
  if (fs::exists(dir / "plans"))
    for (const auto& e : fs::directory_iterator(dir / "plans")) plans.push_back({e.path().stem().string(), slurp(e.path())});
  std::sort(plans.begin(), plans.end());
  if (!plans.empty()) {
    o << "`EXPLAIN (ANALYZE, BUFFERS)` of the library's statements (`db/sql/*.sql`, prepared, first execution, so "
         "with a custom plan as the CLI gets):\n\n| statement, scope | execution | planning | plan's top node |\n|---|---|---|---|\n";
    for (auto& [name, text] : plans) {
      std::smatch m;
      std::string exec_t = std::regex_search(text, m, std::regex(R"(Execution Time: ([0-9.]+) ms)")) ? m[1].str() + " ms" : "?";
      std::string plan_t = std::regex_search(text, m, std::regex(R"(Planning Time: ([0-9.]+) ms)")) ? m[1].str() + " ms" : "?";
      std::string top = first_line_with(text, "(actual");
      auto p = top.find_first_not_of(" ->");
      top = p == std::string::npos ? top : top.substr(p);
      p = top.find("  (cost");
      if (p != std::string::npos) top = top.substr(0, p);
      if (text.find("JIT:") != std::string::npos) top += " — JIT compiled";
      o << fmt::format("| {} | {} | {} | {} |\n", name, exec_t, plan_t, top);
    }
    o << "\n<details><summary>The plans</summary>\n\n";
    for (auto& [name, text] : plans) o << "#### " << name << "\n\n```\n" << trim(text) << "\n```\n\n";
    o << "</details>\n\n";
  }
}

void show(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  o << "## 4. `gongkai show`\n\n";
  o << "Measured " << stamp_text(dir, "show") << ".\n\n";
  auto j = load(dir / "show.json");
  if (!j) {
    o << "Not run yet.\n\n";
    return;
  }
  o << fmt::format("Wall time from fork to exit of the built executable, `gongkai --db … show CASE` with stdout to "
                   "/dev/null, once for each of {} random cases of the read-path database (Unix-socket connection). "
                   "**Raw PostgreSQL** is `psql -X -c` running the same one-round-trip query (`db/sql/load_case.sql`) "
                   "for the same case: a process start, a connection, the query.\n\n",
                   (*j)["cases"].get<int>());
  o << "| run | median | p95 |\n|---|---|---|\n";
  auto row = [&](const char* label, const json& s) {
    o << fmt::format("| {} | {} | {} |\n", label, ms(s["median"]), ms(s["p95"]));
  };
  row("`gongkai show CASE`", (*j)["show_ms"]);
  row("`gongkai --json show CASE`", (*j)["show_json_ms"]);
  row("`psql -c '<load_case.sql>'` (raw)", (*j)["psql_ms"]);
  row("`gongkai --help` (process start and exit, no database)", (*j)["help_ms"]);
  auto& b = (*j)["breakdown_ms"];
  o << "\nThe same steps timed inside one process (medians): ";
  o << fmt::format("connect {}, read the calendar {}, load_case {}, replay {:.3f} ms.\n\n", ms(b["connect"]["median"]),
                   ms(b["calendar"]["median"]), ms(b["load_case"]["median"]), b["replay"]["median"].get<double>());
  double g = (*j)["show_ms"]["median"], p = (*j)["psql_ms"]["median"];
  summary.push_back(fmt::format("| `gongkai show`, process start to exit | {} (p95 {}) | {} (psql, same query) | {} | < 30 ms | {} |",
                                ms(g), ms((*j)["show_ms"]["p95"]), ms(p), pct(p / g),
                                g < 30 ? "met" : fmt::format("**missed**: {:.1f}× the target", g / 30)));
}

void indexes(std::ostream& o, const fs::path& dir) {
  o << "## The schema's indexes, and why\n\n";
  auto sizes = load(dir / "sizes.json");
  if (!sizes) {
    o << "(sizes appear once the read-path database has been generated)\n\n";
    return;
  }
  o << "Sizes on the read-path database. Every index costs each write: a transition rewrites its case row, and "
       "when it changes an indexed column (closed_on, due_on, state …) the update cannot be HOT and every index "
       "of gk_case gets a new entry.\n\n";
  o << "| table / index | size | definition | why |\n|---|---|---|---|\n";
  for (auto& r : (*sizes)["relations"]) {
    std::string name = r["name"];
    std::string table = r["kind"] == "table" ? name : r["table"].get<std::string>();
    if (table != "gk_agency" && table != "gk_case" && table != "gk_event" && table != "gk_case_counter") continue;
    if (r["kind"] == "table") {
      o << fmt::format("| **{}** | {} | table | |\n", name, gib(r["bytes"]));
      continue;
    }
    std::string def = r["definition"];
    auto p = def.find(" USING ");
    if (p != std::string::npos) def = def.substr(p + 7);
    auto it = index_reasons().find(name);
    o << fmt::format("| {} | {} | `{}` | {} |\n", name, gib(r["bytes"]), def,
                     it == index_reasons().end() ? "" : it->second);
  }
  o << "\n";
}

}  // namespace

int cmd_write_doc(const std::string& results_dir, const std::string& notes, const std::string& out) {
  fs::path dir(results_dir);
  std::ostringstream body;
  std::vector<std::string> summary;
  transitions(body, dir, summary);
  import(body, dir, summary);
  reads(body, dir, summary);
  show(body, dir, summary);
  indexes(body, dir);

  auto settings = load(dir / "settings.json");
  auto run = load(dir / "run.json");
  Machine m = machine();
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));

  std::ostringstream o;
  o << "# Performance\n\n";
  o << "<!-- Generated by scripts/bench.sh (tables: bench/doc.cpp; analysis: bench/performance-notes.md). "
       "Rerun the script rather than editing this file. -->\n\n";
  o << "Written " << date << " by `scripts/bench.sh`";
  if (run && (*run)["quick"].get<int>() == 1)
    o << " — **a `--quick` run with reduced sizes: these are not the reference figures**";
  o << ". Every figure is measured in the same run as its raw-PostgreSQL ceiling, on the same server.\n\n";
  o << "## Summary\n\n";
  o << "Ratio = gongkai's throughput as a share of the raw ceiling's; for times, raw time ÷ gongkai time "
       "(100 % = as fast as plain PostgreSQL).\n\n";
  o << "| figure | gongkai | raw PostgreSQL | ratio | target | |\n|---|---|---|---|---|---|\n";
  for (auto& s : summary) o << s << "\n";
  o << "\n## Machine and server\n\n";
  o << fmt::format("- {} cores ({}), {:.1f} GiB memory, {}\n", m.cores, m.cpu, m.mem_gib, m.kernel);
  if (settings) o << "- PostgreSQL " << (*settings)["server_version"].get<std::string>() << "\n";
  std::string fsync = slurp(dir / "fsync.txt");
  std::smatch fm;
  if (std::regex_search(fsync, fm, std::regex(R"(fdatasync\s+([0-9.]+) ops/sec)")))
    o << fmt::format("- the disk's flush rate, which bounds one connection's durable commits: `pg_test_fsync` (one 8 kB "
                     "write + fdatasync) measured {}/s just before the transition runs; on this shared VM it varies "
                     "a lot over a day (the pgbench latency column below shows the commit time of each run)\n",
                     num(std::stod(fm[1].str())));
  o << "- one throwaway server started by the script for both gongkai and the ceilings, reached over its Unix socket; "
       "settings (everything else is PostgreSQL's default):";
  if (settings) {
    for (auto& [k, v] : (*settings)["settings"].items()) o << " `" << k << "=" << v.get<std::string>() << "`";
  }
  o << "\n- the machine is shared: other work may run beside the benchmark, which is why each part records the load "
       "average and the transition runs alternate gongkai and pgbench over several rounds\n\n";
  o << body.str();
  if (!notes.empty() && fs::exists(notes)) o << trim(slurp(notes)) << "\n\n";
  o << "## Running it\n\n";
  o << "```\nscripts/bench.sh                        # everything, full size (about 45 minutes)\n"
       "scripts/bench.sh --quick                # reduced sizes, a few minutes\n"
       "scripts/bench.sh --only transitions     # one part (transitions, import, reads, show); the others keep "
       "their last results\n"
       "scripts/bench.sh --data /var/tmp/gk     # keep the server's data, reuse the 10 M-case database next time\n"
       "scripts/bench.sh --help                 # every option\n```\n";
  if (run)
    o << fmt::format("\nThis run: parts `{}`, read-path database {} cases, imports of {} cases, transition runs of {} s × "
                     "{} round(s) on {} cases each.\n",
                     (*run)["parts"].get<std::string>(), num((*run)["big_cases"]),
                     (*run)["import_cases"].get<std::string>(), (*run)["seconds"].get<double>(),
                     (*run)["rounds"].get<int>(), num((*run)["tx_cases"]));

  std::ofstream f(out);
  if (!f) throw std::runtime_error("cannot write " + out);
  f << o.str();
  return 0;
}

}  // namespace gongkai::bench
