// write-doc: docs/performance.md from the JSON results of scripts/bench.sh, with the machine, the
// date, every figure beside its raw-PostgreSQL ceiling and the ratio, and the hand-written
// analysis (bench/performance-notes.md) appended.
#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
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
  if (j->contains("load_start")) {
    s += fmt::format(" (load average {} at the start, {} at the end", (*j)["load_start"].get<std::string>(),
                     (*j)["load_end"].get<std::string>());
    // The 1-minute load average above the number of cores: other work shared the machine.
    const double cores = static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN));
    double a = std::atof((*j)["load_start"].get<std::string>().c_str()),
           b = std::atof((*j)["load_end"].get<std::string>().c_str());
    if (std::max(a, b) > cores)
      s += fmt::format(": **the machine was busy** — other work (builds, tests) ran beside the benchmark on its {} cores",
                       static_cast<int>(cores));
    s += ")";
  }
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
       "year-end tables, `list --year` and the case list's pages: the cases of an agency subtree by receipt date"},
      {"gk_case_agency_closed",
       "year-end tables and `timeliness`: the closings of a year, and the cases carried in from earlier years"},
      {"gk_case_agency_closed_cover",
       "covering (final due date, how it closed): the same, and the on-time rates from the index alone "
       "(migration 012 replaced gk_case_agency_closed with it)"},
      {"gk_case_due",
       "partial (due_on not null, i.e. only cases awaiting a reply): the overdue list by due date; small"},
      {"gk_case_state", "partial (is_open): open cases by state (`list --state`); small"},
      {"gk_event_pkey",
       "one case's history in order (`load_case.sql`), and the append guard: a second writer of the same "
       "event number collides on it"},
      {"gk_event_kind_on", "appeals and complaints counted by the date they were filed (legacy table, section 四)"},
      {"gk_case_personal_pkey", "a case's applicant and contact, apart (migration 005): `show`, `list` of those who may see them"},
      {"gk_event_personal_pkey", "an event's personal part, apart (the receipt's): `show`, `export`, the hash chain"},
      {"gk_case_agency_due", "partial, covering: the overdue list of a subtree from the index alone"},
      {"gk_case_late_correction", "partial: the chase list of late correction notices"},
      {"gk_case_pause_lapses", "partial: the chase lists of lapsed pauses"},
      {"gk_case_closed_on",
       "section 三 of a year: the cases closed on or after its first day and those still open (a btree indexes NULL)"},
      {"gk_case_reconsideration_filed", "partial: reconsiderations counted by the year they were filed; small"},
      {"gk_case_litigation_filed", "partial: lawsuits counted by the year they were filed; small"},
      {"gk_case_subject_trgm", "`search`: a subject containing a text of three characters or more (trigrams, migration 015)"},
      {"gk_case_letter_ref_trgm", "`search`: a letter reference containing a text (trigrams)"},
      {"gk_case_case_no_trgm", "`search`: a case number containing a text (trigrams)"},
      {"gk_case_letter_ref_exact", "`search` of one or two characters: a whole letter reference"},
      {"gk_case_personal_applicant_trgm", "`search`: an applicant's name containing a text (trigrams)"},
      {"gk_case_personal_applicant", "`search` of one or two characters: a whole name (张三)"},
      {"gk_event_note_trgm", "partial (events with a note): `search` of the notes (trigrams)"},
  };
  return m;
}

void transitions(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  o << "## 1. Transitions per second\n\n";
  o << "Measured " << stamp_text(dir, "transitions") << ".\n\n";
  o << "**gongkai** is `app::record_event` — what `gongkai event` runs — as the installation's administrator, per "
       "event: the case's history read (`gk_case_history`, one round trip), replayed through a fresh Boost.Statechart "
       "machine and compared with the stored row column for column, the event checked and applied, then written by "
       "`gk_append` (migration 005: the SECURITY DEFINER writer — who calls, the case in scope, the calendar version, "
       "the date checks, the guarded case-row update and the event insert, which the database hash-chains in trigger "
       "`gk_event_chain`; one statement, one durable commit), on a long-lived connection and `app::Context` per "
       "thread. Each thread owns its cases and applies the next step of a fixed script (reviewed, extended, answered, "
       "reconsideration filed and decided, then complaints) to a random one of them, so histories grow from 1 to about "
       "8 events during a run.\n\n";
  o << "**Raw PostgreSQL** is `pgbench -M prepared` running `bench/append_ceiling.pgbench` as the superuser: the "
       "insert + update at the heart of `gk_append` in one statement and one transaction, on the same tables, indexes "
       "and triggers (the hash chain's and the counts' included), writing the same values at the same step (read from "
       "a 7-row table), with the same durability; no read round trip, no replay, no state machine, no writer "
       "function's checks, no row-level security. **gk_append** is pgbench calling the writer function itself "
       "(`bench/append_function.pgbench`, acting as `gongkai_admin`) with the same values: one round trip, what the "
       "function adds to the raw statement. One client per connection, each owning its cases as the threads do; the "
       "three runs of a round follow each other, their order rotating from round to round.\n\n";
  // Rounds whose pgbench commit latency shows the disk in its slow state are listed but left out
  // of the headline: with a flush costing several milliseconds every path is flush-bound and the
  // ratio says nothing about gongkai.
  const double slow_ms = 1.0;
  std::map<int, std::vector<double>> gk, pg, fn, ratio, fn_ratio, gk_all, pg_all, fn_all, ratio_all, fn_ratio_all;
  std::map<int, json> last_gk;
  int slow_rounds = 0;
  o << "| connections | round | gongkai events/s | pgbench tps (raw) | gongkai ÷ raw | gk_append tps | gk_append ÷ raw "
       "| pgbench latency |\n|---|---|---|---|---|---|---|---|\n";
  for (int c : {1, 2}) {
    for (int r = 1; r < 100; ++r) {
      auto a = load(dir / fmt::format("tx_gk_c{}_r{}.json", c, r));
      auto b = load(dir / fmt::format("tx_pg_c{}_r{}.json", c, r));
      auto f = load(dir / fmt::format("tx_fn_c{}_r{}.json", c, r));
      if (!a || !b) break;
      double ga = (*a)["rate"], pb = (*b)["rate"], lat = (*b)["latency_ms"];
      double fb = f ? (*f)["rate"].get<double>() : 0;
      // Slow when pgbench's commit (per client: 2 clients share each flush) took over a millisecond.
      bool slow = lat / c > slow_ms;
      gk_all[c].push_back(ga);
      pg_all[c].push_back(pb);
      ratio_all[c].push_back(ga / pb);
      if (f) {
        fn_all[c].push_back(fb);
        fn_ratio_all[c].push_back(fb / pb);
      }
      if (!slow) {
        gk[c].push_back(ga);
        pg[c].push_back(pb);
        ratio[c].push_back(ga / pb);
        if (f) {
          fn[c].push_back(fb);
          fn_ratio[c].push_back(fb / pb);
        }
        last_gk[c] = *a;
      } else {
        ++slow_rounds;
      }
      o << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {:.3f} ms{} |\n", c, r, num(ga), num(pb), pct(ga / pb),
                       f ? num(fb) : "—", f ? pct(fb / pb) : "—", lat, slow ? " (slow disk: not in the median)" : "");
    }
    if (gk[c].empty()) {  // every round slow: use them all rather than nothing
      gk[c] = gk_all[c];
      pg[c] = pg_all[c];
      ratio[c] = ratio_all[c];
      fn[c] = fn_all[c];
      fn_ratio[c] = fn_ratio_all[c];
      if (auto a = load(dir / fmt::format("tx_gk_c{}_r1.json", c))) last_gk[c] = *a;
    }
    if (!gk[c].empty())
      o << fmt::format("| **{}** | **median** | **{}** | **{}** | **{}** | **{}** | **{}** | |\n", c, num(med(gk[c])),
                       num(med(pg[c])), pct(med(ratio[c])), fn[c].empty() ? "—" : num(med(fn[c])),
                       fn_ratio[c].empty() ? "—" : pct(med(fn_ratio[c])));
  }
  o << "\n";
  o << "The ratio of a round compares runs made one after the other; the median row gives the medians of the "
       "rates and of the rounds' ratios.";
  if (slow_rounds)
    o << fmt::format(" {} round(s) met the shared disk in its slow state (pgbench's commit over {:.0f} ms per "
                     "client, against ≈ 0.33 ms normally); they are listed but not in the medians: when every commit "
                     "waits milliseconds for the disk, every side is flush-bound and the ratio says nothing about "
                     "gongkai.",
                     slow_rounds, slow_ms);
  o << "\n\n";
  for (int c : {1, 2}) {
    if (gk[c].empty()) continue;
    double g = med(gk[c]), p = med(pg[c]), r = med(ratio[c]);
    summary.push_back(fmt::format("| transitions/s, {} connection{} | {}/s | {}/s (pgbench, same insert + update) | {} | ≥ 90 % | {} |",
                                  c, c == 1 ? "" : "s", num(g), num(p), pct(r), r >= 0.9 ? "met" : fmt::format("**missed** by {:.0f} points", (0.9 - r) * 100)));
    if (!fn[c].empty())
      summary.push_back(fmt::format("| the writer function `gk_append` alone (pgbench), {} connection{} | {}/s | {}/s | {} | — (the write path's cost) | |",
                                    c, c == 1 ? "" : "s", num(med(fn[c])), num(p), pct(med(fn_ratio[c]))));
  }
  if (!last_gk.empty()) {
    o << "Latency of one `app::record_event` (each thread's own clock; the last round in the medians) and the "
         "benchmark process's CPU time per event (user + system):\n\n";
    o << "| connections | latency p50 | p95 | p99 | client CPU |\n|---|---|---|---|---|\n";
    for (auto& [c, j] : last_gk) {
      auto& l = j["latency_us"];
      std::string cpu = j.contains("client_cpu_us") ? fmt::format("{:.0f} µs", j["client_cpu_us"].get<double>()) : "—";
      o << fmt::format("| {} | {:.0f} µs | {:.0f} µs | {:.0f} µs | {} |\n", c, l["p50"].get<double>(),
                       l["p95"].get<double>(), l["p99"].get<double>(), cpu);
    }
    o << "\n";
  }
  std::vector<std::string> cached;
  for (int c : {1, 2})
    if (auto j = load(dir / fmt::format("tx_gkcached_c{}.json", c))) {
      std::string ratio = pg.count(c) && !pg[c].empty() ? ", " + pct((*j)["rate"].get<double>() / med(pg[c])) + " of the pgbench median" : "";
      if ((*j)["phase_us"]["append"].get<double>() / 1000 / c > 2 * slow_ms) ratio += " (slow disk during this run)";
      cached.push_back(fmt::format("{}/s at {} connection{}{} (append {:.0f} µs)", num((*j)["rate"]), c,
                                   c == 1 ? "" : "s", ratio, (*j)["phase_us"]["append"].get<double>()));
    }
  if (!cached.empty()) {
    o << "Experiment (not what `gongkai event` does): each thread's cases loaded and replayed once before the clock "
         "starts and kept in memory, so that an event is `DisclosureCase::apply` + `db::append_event` (the same "
         "`gk_append` call) only (`gongkai_bench transitions --cached`): ";
    for (size_t i = 0; i < cached.size(); ++i) o << (i ? ", " : "") << cached[i];
    o << ".\n\n";
  }
  std::vector<std::string> ctx;
  for (int c : {1, 2})
    if (auto j = load(dir / fmt::format("tx_pgtx_c{}.json", c)))
      ctx.push_back(fmt::format("{} tps at {} connection{}", num((*j)["rate"]), c, c == 1 ? "" : "s"));
  if (!ctx.empty()) {
    o << "For context, the raw insert + update written the usual way, `BEGIN; SELECT; INSERT; UPDATE; COMMIT` "
         "(`bench/append_ceiling_tx.pgbench`, five round trips, one commit): ";
    for (size_t i = 0; i < ctx.size(); ++i) o << (i ? ", " : "") << ctx[i];
    o << ".\n\n";
  }
  if (auto j = load(dir / "tx_chain.json")) {
    o << fmt::format("What the database does inside one append (`EXPLAIN (ANALYZE)` of {} raw inserts of an event and "
                     "{} calls of `gk_append`, rolled back; medians): the hash-chain trigger `gk_event_chain` {:.3f} ms "
                     "per event, the whole raw insert {:.3f} ms; one `gk_append` call {:.3f} ms of server time.\n\n",
                     (*j)["n"].get<int>(), (*j)["n"].get<int>(), (*j)["chain_trigger_ms"].get<double>(),
                     (*j)["insert_ms"].get<double>(), (*j)["append_ms"].get<double>());
    if (j->contains("functions") && !(*j)["functions"].empty()) {
      o << fmt::format("The functions inside {} `gk_append` calls as the administrator (`track_functions = all`, one "
                       "transaction, rolled back; the events a step of the script above, on fresh cases), per call of "
                       "`gk_append`:\n\n| function | calls | total per append | own time per append |\n|---|---|---|---|\n",
                       (*j)["n"].get<int>());
      const double n = (*j)["n"].get<int>();
      for (auto& f : (*j)["functions"])
        o << fmt::format("| `{}` | {} | {:.3f} ms | {:.3f} ms |\n", f["function"].get<std::string>(),
                         num(f["calls"]), f["total_ms"].get<double>() / n, f["self_ms"].get<double>() / n);
      o << "\n";
    }
  }
}

void import(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  o << "## 2. Import\n\n";
  o << "Measured " << stamp_text(dir, "import") << ".\n\n";
  o << "**gongkai** is `app::import_csv` (what `gongkai import` runs, as the installation's administrator) on a "
       "generated CSV (`gongkai_bench gen-import`: the same mix as the read-path database, rows grouped by case as "
       "`export` writes them) into an empty database with the schema, the calendar and the 501 agencies: every row "
       "read and checked through the state machine (the cases not in use wait in a temporary table of the same "
       "transaction), then written by `gk_import_write` (migration 005) with `insert … select` from it — case rows, "
       "their personal parts apart, the events hash-chained set-based (`gk_chain`) — in one transaction. "
       "**Raw PostgreSQL** is a plain `COPY` of exactly the rows that import wrote (`gk_case`, `gk_case_personal`, "
       "`gk_event` with its hashes, `gk_event_personal`, dumped from it as pre-formatted COPY text) into another such "
       "empty database, in one transaction, as the superuser. Rows are CSV rows (= events). Peak memory is the "
       "importing process's maximum resident set.\n\n";
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
    o << fmt::format("On a generated database at schema version 5 (`bench/gen_bigdb.sql`, server-side SQL, {:.0f} min "
                     "to generate, check and vacuum): {} cases and {} events over 10 years (2016-11-01 … 2026-10-31) in "
                     "{} agencies (a province, its 30 county governments, each with 9 departments and 6–7 townships); "
                     "every case's history replays to its stored row, every event hash-chained, the applicants' names "
                     "apart with masked copies beside; {} on disk.\n\n",
                     (*big)["seconds"].get<double>() / 60, num(rows["gk_case"]), num(rows["gk_event"]),
                     num(rows["gk_agency"]), gib((*sizes)["database_bytes"]));
  }
  auto j = load(dir / "reads.json");
  if (!j) {
    o << "Not run yet.\n\n";
    return;
  }
  o << "**gongkai** is the application-layer operation the command calls (`app::make_report`, `app::overdue`), as "
       "the installation's administrator (the CLI's database owner, acting as `gongkai_admin`): *new session* opens a "
       "context for each run (connecting and reading the calendar not timed) as every CLI process does, so each "
       "statement is planned for its parameters; *long-lived session* calls it again and again on one context, as a "
       "service would, where PostgreSQL switches a prepared statement to a generic plan after five executions. Each "
       "is the median of " << (*j)["runs"].get<int>()
    << " runs after one discarded warm-up run (whose time is given as *first*). **CLI** is the whole command, "
       "process start to exit (`gongkai report …`, `gongkai overdue …`, output to /dev/null), median of "
    << (*j).value("cli_runs", 5)
    << ". The report statements read the counts the database keeps ahead (`gk_tally_*`, migration 004). "
       "**Raw PostgreSQL** is plain SQL counting the same figures from the cases at report time, on the same indexes "
       "(`bench/raw_*.sql`: received-in-year and carried-in cases through the two (agency, date) indexes, appeals "
       "through the events index; overdue through the due-date indexes), as the superuser (no row-level security), "
       "timed the same way. The year is "
    << (*j)["year"].get<int>() << ", the subtree " << (*j)["agency"].get<std::string>()
    << " (a county government and its 16 agencies), the as-of date " << (*j)["as_of"].get<std::string>()
    << (j->contains("today") ? ", which is also today (the contexts' `today`, `GONGKAI_TODAY` for the CLI): the "
                               "overdue list is the one a supervisor reads that day"
                             : "")
    << ". Section 5 gives the same reads as supervisors.\n\n";
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
  if (j->contains("past_day")) {
    o << "**A past day.** The same overdue list asked later about that day — `gongkai overdue --as-of "
      << (*j)["as_of"].get<std::string>() << "` on " << (*j)["past_day"][0]["today"].get<std::string>()
      << ", the real date — is another query: the list a supervisor would have read that morning, so every case "
         "open that day is read and replayed up to it (`app::due_on_past_day`, `db/sql/open_on.sql`), not today's "
         "open cases measured against an old date. One run each, a new context:\n\n"
         "| query | administrator | supervisor | rows |\n|---|---|---|---|\n";
    for (auto& p : (*j)["past_day"])
      o << fmt::format("| {} | {} | {} | {} |\n", p["label"].get<std::string>(), ms(p["library_ms"]["median"]),
                       ms(p["sup_library_ms"]["median"]), num(p["rows"]));
    o << "\n";
  }
}

// Row-level security: every read as a supervisor member against the same as the administrator.
void rls(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  o << "## 5. Row-level security: a supervisor against the administrator\n\n";
  auto j = load(dir / "reads.json");
  auto sh = load(dir / "show.json");
  if ((!j || !(*j)["items"][0].contains("sup_library_ms")) && (!sh || !sh->contains("sup_show_ms"))) {
    o << "Not run yet.\n\n";
    return;
  }
  o << "Every table holding case data, figures and counts has forced row-level security (migration 005), checked "
       "the way migration 007 writes it. The policy of a table with an agency column is `(select current_user in "
       "('gongkai_owner', 'gongkai_admin')) or agency_id in (select unnest((select gk_my_agencies())))` (the count "
       "tables: `scope_id`); `gk_event`'s looks its case up (`exists (select 1 from gk_case c where c.id = "
       "gk_event.case_id)`, itself under `gk_case`'s policy); the personal tables' adds `gk_may_see_personal()`. The "
       "administrator passes on the first clause, evaluated once per statement; a member on the second: "
       "`gk_my_agencies()` reads the member's kept scope (`gk_member_scope`, one row: its agencies and everything "
       "under them, refreshed by triggers when the tree or its agencies change) once per statement and table, and "
       "each row read is one probe of a hash table. The same reads as in sections 3 and 4, each as a "
       "**supervisor** member (a PostgreSQL role of its own, logging in as itself: `gongkai user add … --role "
       "supervisor --db-login`) whose scope is the agencies read — `sup_g01`, a member of county g01 (17 agencies), "
       "for the county's reads; `sup_p`, a member of the province p (all 501 agencies), for all agencies — and as "
       "the **administrator**, alternating run by run (the order swapped every other run) in the same run of the "
       "program, so that both meet the same moments of the shared machine. The results are compared: the supervisor "
       "of the same agencies must read the same figures and rows. Overhead = supervisor ÷ administrator − 1, of the "
       "medians.\n\n";
  auto over = [](double sup, double adm) { return adm > 0 ? sup / adm - 1 : 0.0; };
  auto op = [](double r) { return fmt::format("{:+.0f} %", r * 100); };
  if (j && (*j)["items"][0].contains("sup_library_ms")) {
    o << "| read | administrator, new session | supervisor, new session | overhead | administrator, long-lived | "
         "supervisor, long-lived | overhead | CLI, administrator | CLI, supervisor | overhead | raw SQL (no RLS) | same result |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (auto& it : (*j)["items"]) {
      double a = it["library_ms"]["median"], s = it["sup_library_ms"]["median"];
      double la = it["session_ms"]["median"], ls = it["sup_session_ms"]["median"];
      std::string ca = it.contains("cli_ms") ? ms(it["cli_ms"]["median"]) : "—";
      std::string cs = it.contains("sup_cli_ms") ? ms(it["sup_cli_ms"]["median"]) : "—";
      std::string co = it.contains("cli_ms") && it.contains("sup_cli_ms")
                           ? op(over(it["sup_cli_ms"]["median"], it["cli_ms"]["median"]))
                           : "—";
      bool same = it.value("same_result", false);
      std::string who = it["key"].get<std::string>().find("_all") != std::string::npos ? "sup_p" : "sup_g01";
      o << fmt::format("| {} (as {}) | {} | {} | **{}** | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                       it["label"].get<std::string>(), who, ms(a), ms(s), op(over(s, a)), ms(la), ms(ls),
                       op(over(ls, la)), ca, cs, co, ms(it["raw_ms"]["median"]), same ? "yes" : "**no**");
      double r = over(s, a);
      summary.push_back(fmt::format("| row-level security: {} | {} as {} | {} as the administrator (raw SQL {}) | {} | ≤ +10 % | {} |",
                                    it["label"].get<std::string>(), ms(s), who, ms(a), ms(it["raw_ms"]["median"]),
                                    op(r), r <= 0.10 ? "met" : fmt::format("**missed** by {:.0f} points", (r - 0.10) * 100)));
    }
    o << "\n";
  }
  if (sh && sh->contains("sup_show_ms")) {
    auto& b = (*sh)["breakdown_ms"];
    auto& sb = (*sh)["sup_breakdown_ms"];
    o << fmt::format("`show` of {} random cases of {}'s subtree, as the administrator and as `sup_g01` (who sees them "
                     "with the applicant masked), alternating case by case:\n\n",
                     (*sh)["cases"].get<int>(), sh->value("agency", std::string("g01")));
    o << "| step | administrator | supervisor | overhead |\n|---|---|---|---|\n";
    auto row = [&](const std::string& label, double a, double s) {
      o << fmt::format("| {} | {} | {} | {} |\n", label, ms(a), ms(s), op(over(s, a)));
    };
    row("`gongkai show CASE`, process start to exit (median)", (*sh)["show_ms"]["median"], (*sh)["sup_show_ms"]["median"]);
    row("the same, p95", (*sh)["show_ms"]["p95"], (*sh)["sup_show_ms"]["p95"]);
    row("in process: `app::connect` (connect, who am I, SET ROLE)", b["connect"]["median"], sb["connect"]["median"]);
    row("in process: the calendar", b["calendar"]["median"], sb["calendar"]["median"]);
    row("in process: `app::show` on that fresh connection (history read, replay, row check)", b["show"]["median"],
        sb["show"]["median"]);
    if (sh->contains("session_ms"))
      row("`app::show` on a long-lived context", (*sh)["session_ms"]["median"], (*sh)["sup_session_ms"]["median"]);
    o << fmt::format("| raw: `psql -c '<load_case.sql>'` as the superuser (no RLS) | {} | | |\n\n",
                     ms((*sh)["psql_ms"]["median"]));
    double a = (*sh)["show_ms"]["median"], s = (*sh)["sup_show_ms"]["median"];
    summary.push_back(fmt::format("| row-level security: `gongkai show`, process start to exit | {} as sup_g01 | {} as the administrator (psql {}) | {} | ≤ +10 % | {} |",
                                  ms(s), ms(a), ms((*sh)["psql_ms"]["median"]), op(over(s, a)),
                                  over(s, a) <= 0.10 ? "met" : fmt::format("**missed** by {:.0f} points", (over(s, a) - 0.10) * 100)));
  }
  o << "What remains of the overhead. Before migration 007 the same reads cost a supervisor +4 % to +369 % "
       "(the scope recomputed from three tables at every statement and table, SQL functions planned again at every "
       "call, a linear search of a 501-entry array for every row, the tops of a member's scope found by scanning "
       "every agency). What is left is mostly fixed, not per row: in a *new session* (what each CLI process is), "
       "the first call of the scope functions compiles them and loads the member tables' catalogue entries — about "
       "1.5–2 ms once per process (`EXPLAIN ANALYZE` below: the first `gk_my_agencies()` InitPlan), which the "
       "administrator never pays, and which is most of the difference on a report that takes 7–9 ms; in a "
       "*long-lived session* (the web server) about 1 ms per report (the scope read and hashed once per table a "
       "statement reads). Per row it is one hash probe (the overdue lists). What a supervisor waits for — the "
       "command from start to exit — is the CLI column.\n\n";
  // EXPLAIN ANALYZE of the library's statements, as each identity.
  std::vector<std::pair<std::string, std::string>> plans;
  if (fs::exists(dir / "plans"))
    for (const auto& e : fs::directory_iterator(dir / "plans")) plans.push_back({e.path().stem().string(), slurp(e.path())});
  std::sort(plans.begin(), plans.end());
  if (!plans.empty()) {
    o << "`EXPLAIN (ANALYZE, BUFFERS)` of the library's statements (`db/sql/*.sql`, prepared, first execution, so "
         "with a custom plan as the CLI gets), each as the superuser (no row-level security), as the administrator "
         "(`set role gongkai_admin`) and as the supervisor (`set role sup_…`):\n\n"
         "| statement, scope, as | execution | planning | plan's top node |\n|---|---|---|---|\n";
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
                   "/dev/null, once for each of {} random cases of {}'s subtree in the read-path database (Unix-socket "
                   "connection), as the administrator. **Raw PostgreSQL** is `psql -X -c` running the same "
                   "one-round-trip query (`db/sql/load_case.sql`) for the same case as the superuser: a process "
                   "start, a connection, the query.\n\n",
                   (*j)["cases"].get<int>(), j->value("agency", std::string("g01")));
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
  if (b.contains("show"))
    o << fmt::format("`app::connect` {}, read the calendar {}, `app::show` (history read, replay, row check) {}.\n\n",
                     ms(b["connect"]["median"]), ms(b["calendar"]["median"]), ms(b["show"]["median"]));
  double g = (*j)["show_ms"]["median"], p = (*j)["psql_ms"]["median"];
  summary.push_back(fmt::format("| `gongkai show`, process start to exit | {} (p95 {}) | {} (psql, same query) | {} | < 30 ms | {} |",
                                ms(g), ms((*j)["show_ms"]["p95"]), ms(p), pct(p / g),
                                g < 30 ? "met" : fmt::format("**missed**: {:.1f}× the target", g / 30)));
}

void migration(std::ostream& o, const fs::path& dir) {
  auto j = load(dir / "migration.json");
  if (!j) return;
  o << "## 6. Migrating an existing database to version 5\n\n";
  o << "Measured " << stamp_text(dir, "migration") << ".\n\n";
  o << fmt::format("A database of {} cases and {} events made at schema version 4 (migrations 001–004 and the shipped "
                   "calendar, filled by the version-4 generator, `git show 362cc7c:bench/gen_bigdb.sql`, {:.0f} min), "
                   "then `gongkai init` of this build: migration 005 in one transaction — the applicants' names moved "
                   "to `gk_case_personal` / `gk_event_personal` with masked copies beside, every event rewritten with "
                   "its hash (`gk_chain` over the cases' histories), row-level security and the writer functions — and "
                   "the hand-over of every object to `gongkai_owner`. **`gongkai init`: {:.1f} min** ({} on disk before, "
                   "{} after, before any vacuum).\n\n",
                   num((*j)["cases"]), num((*j)["events"]), (*j)["generate_seconds"].get<double>() / 60,
                   (*j)["init_seconds"].get<double>() / 60, gib((*j)["bytes_before"]), gib((*j)["bytes_after"]));
}

// The web server under load (bench/web_load.cpp): events through `gongkai serve` beside pgbench's
// ceiling of the same insert + update, then sessions mixing page views and events.
void web(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  auto mixed = load(dir / "web_mixed.json");
  auto first_ev = load(dir / "web_ev_c1_r1.json");
  if (!mixed && !first_ev) return;
  o << "## 7. The web server under load\n\n";
  o << "Measured " << stamp_text(dir, "web") << ".\n\n";
  auto big = load(dir / "big.json");
  o << "`gongkai serve` (this build) on a copy of the read-path database"
    << (big ? " (" + num((*big)["cases"]) + " cases)" : std::string()) << ", started by `gongkai_bench` for each run and "
    << "stopped after it, logged in as `gongkai_web` over the server's Unix socket, each worker with its own database "
       "connection. The sessions are members logged in with their passwords over HTTP on keep-alive connections, as "
       "browsers are: the session cookie, each form with its CSRF token, the pages' own forms. The server keeps one "
       "cache of replayed cases for all its workers (`app/case_cache.h`): a case page keeps the case's replay (for a "
       "member who may see its personal data), and an event posted on a cached case is the state machine's check and "
       "one statement, `gk_append`, which rewrites the case only if it still has the number of events the cache "
       "assumed (else nothing is written and the case is read and replayed again).\n\n";

  // Events through the server beside the pgbench ceiling.
  std::map<int, std::vector<double>> gk, pg, ratio, fn, fn_ratio;
  std::map<int, json> last;
  std::string rows;
  for (int c : {1, 2})
    for (int r = 1; r < 100; ++r) {
      auto a = load(dir / fmt::format("web_ev_c{}_r{}.json", c, r));
      auto b = load(dir / fmt::format("web_pg_c{}_r{}.json", c, r));
      auto f = load(dir / fmt::format("web_fn_c{}_r{}.json", c, r));
      if (!a || !b) break;
      const double ga = (*a)["rate"], pb = (*b)["rate"];
      gk[c].push_back(ga);
      pg[c].push_back(pb);
      ratio[c].push_back(ga / pb);
      if (f) {
        fn[c].push_back((*f)["rate"].get<double>());
        fn_ratio[c].push_back((*f)["rate"].get<double>() / pb);
      }
      last[c] = *a;
      const auto& l = (*a)["latency"];
      std::string cache = "—";
      if ((*a)["cache"].is_object())
        cache = fmt::format("{} / {} / {}", num((*a)["cache"]["hits"]), num((*a)["cache"]["misses"]),
                            num((*a)["cache"]["stale"]));
      rows += fmt::format("| {} | {} | {} | {} | {} | {} | {:.1f} ms | {:.1f} ms | {:.3f} ms | {:.0f} / {:.0f} µs | {} |\n", c,
                          r, num(ga), num(pb), pct(ga / pb), f ? num((*f)["rate"]) + " (" + pct((*f)["rate"].get<double>() / pb) + ")" : "—",
                          l["p50_ms"].get<double>(), l["p99_ms"].get<double>(), (*b)["latency_ms"].get<double>(),
                          a->value("server_cpu_us", 0.0), a->value("backend_cpu_us", 0.0), cache);
    }
  if (!gk.empty()) {
    const json& e = last.begin()->second;
    o << "### Events through the server\n\n";
    o << fmt::format(
        "**gongkai**: {} sessions (registrars of the cases' agency) post the case page's form, `POST /cases/CASE/events` "
        "with the CSRF token and the number of events the page showed, each the next step of the transition script of "
        "section 1 on a random one of its own {} fresh cases (a case belongs to one session), to a server with 1 or 2 "
        "workers (= database connections). Each session first opened the page of each of its cases (not timed), as a "
        "clerk opens a case before recording on it, so that the server holds their replays. Per request the server "
        "checks the session's token and learns who its member is (`gk_web_session_whoami`, one round trip, which is "
        "also the check that the worker's connection is alive), then `app::record_event` from the cache: the "
        "event checked and applied on the cached replay, written by `gk_append` (one round trip, one durable commit), "
        "the case's replay kept again; the answer is the redirect to the case page (303), which the sessions do not "
        "follow. After each run the database's event count of the agency is compared with the events the server "
        "answered.\n\n",
        e["sessions"].get<int>(), num(e["cases"].get<double>() / e["sessions"].get<double>()));
    o << "**Raw PostgreSQL**: `pgbench -M prepared` running `bench/append_ceiling.pgbench` as in section 1 (the insert "
         "+ update at the heart of `gk_append` as one statement, as the superuser), 1 or 2 clients, on another agency "
         "with as many fresh cases of the same database, writing the same steps. **`gk_append` alone** is pgbench "
         "calling the writer function itself as the administrator (`bench/append_function.pgbench`, a third agency): "
         "what the writer's checks add to the raw statement, before any web server. The three runs of a round follow "
         "each other, their order rotating from round to round. CPU per event: the server process's and its workers' "
         "database backends' CPU time (/proc) over the run, divided by the events.\n\n";
    o << "| connections | round | server events/s | pgbench tps (raw) | server ÷ raw | `gk_append` alone, tps (÷ raw) | "
         "server latency p50 | p99 | pgbench latency | CPU per event: server / its database backends | cache hits / "
         "misses / stale |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
    o << rows;
    for (int c : {1, 2})
      if (!gk[c].empty())
        o << fmt::format("| **{}** | **median** | **{}** | **{}** | **{}** | {} | | | | | |\n", c, num(med(gk[c])),
                         num(med(pg[c])), pct(med(ratio[c])),
                         fn[c].empty() ? "—" : "**" + num(med(fn[c])) + " (" + pct(med(fn_ratio[c])) + ")**");
    o << "\nThe latencies are those a session saw, including its wait for a worker behind the other sessions' "
         "requests. ";
    std::vector<std::string> cpu;
    for (auto& [c, j] : last)
      if (j.contains("client_cpu_us"))
        cpu.push_back(fmt::format("{:.0f} µs at {} connection{}", j["client_cpu_us"].get<double>(), c, c == 1 ? "" : "s"));
    if (!cpu.empty()) {
      o << "The load generator's own CPU time per event (it shares the machine's cores with the server and PostgreSQL): ";
      for (size_t i = 0; i < cpu.size(); ++i) o << (i ? ", " : "") << cpu[i];
      o << ".";
    }
    o << "\n\n";
    for (int c : {1, 2}) {
      if (gk[c].empty()) continue;
      const double r = med(ratio[c]);
      summary.push_back(fmt::format(
          "| events through `gongkai serve` (form posts, cache of replayed cases), {} connection{} | {}/s | {}/s "
          "(pgbench, same insert + update) | {} | ≥ 90 % | {} |",
          c, c == 1 ? "" : "s", num(med(gk[c])), num(med(pg[c])), pct(r),
          r >= 0.9 ? "met" : fmt::format("**missed** by {:.0f} points", (0.9 - r) * 100)));
    }
  }

  if (!mixed) return;
  const json& m = *mixed;
  const double secs = m["seconds"];
  o << fmt::format("### {} sessions mixing page views and events\n\n", m["sessions"].get<int>());
  o << fmt::format(
      "{} registrars, {} handlers and {} supervisors, each of one county (its government, departments and townships: "
      "about a thirtieth of the cases), logged in at once and working for {} against a server with {} "
      "workers, with a think time between requests drawn from 0 to {:.1f} s (a clerk reads a page before the next "
      "click). Registrars and handlers go round the home page (how many replies are overdue and due within 5 working "
      "days, and the 20 most urgent), the case list (its first page of 50; every third time the open cases), a case "
      "of their county drawn from a sample "
      "of about 300 per county, and every other time record on it a step its page offers (the form's first outcome for "
      "an answer; dated today); supervisors the home page, the supervisor's page (overdue and due soon counted by "
      "agency and the first 100 of them, the "
      "chase lists, the year's on-time rates), the case list, a case and, every third time, the reports page (the "
      "national table of 2025 for their county). The first {:.0f} s are left out of the latencies. **No raw ceiling**: "
      "a page is several statements and its rendering; the events' ceiling is measured above.\n\n",
      m["roles"]["registrar"].get<int>(), m["roles"]["handler"].get<int>(), m["roles"]["supervisor"].get<int>(),
      secs >= 120 ? fmt::format("{:.0f} minutes", secs / 60) : fmt::format("{:.0f} seconds", secs),
      m["workers"].get<int>(), m["think_ms"].get<double>() * 2 / 1000, m["warmup_seconds"].get<double>());
  const bool has_alone = m.contains("alone") && m["alone"].is_object() && m["alone"].contains("home");
  if (has_alone)
    o << fmt::format("Before the sessions start, each page alone (one request at a time, nothing else in the server; "
                     "median of 5): as a registrar of {} and a supervisor of {}.\n\n",
                     m["alone"].value("registrar_county", std::string("g01")),
                     m["alone"].value("supervisor_county", std::string("g08")));
  o << "| page | alone | requests | p50 | p90 | p99 | max | answers |\n|---|---|---|---|---|---|---|---|\n";
  for (const char* p : {"home", "case list", "case page", "event", "supervisor page", "reports page"}) {
    if (!m["pages"].contains(p)) continue;
    const auto& x = m["pages"][p];
    std::string answers;
    for (auto& [code, n] : x["statuses"].items()) answers += (answers.empty() ? "" : ", ") + num(n) + " × " + code;
    std::string by_itself = "—";
    if (has_alone && m["alone"].contains(p)) by_itself = ms(m["alone"][p]["p50_ms"]);
    else if (std::string(p) == "event") by_itself = "(above)";
    o << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", p, by_itself, num(x["n"]), ms(x["p50_ms"]),
                     ms(x["p90_ms"]), ms(x["p99_ms"]), ms(x["max_ms"]), answers);
    summary.push_back(fmt::format("| web page under {} sessions: {} | p50 {}, p99 {}{} | — (no raw ceiling) | | — | |",
                                  m["sessions"].get<int>(), p, ms(x["p50_ms"]), ms(x["p99_ms"]),
                                  by_itself == "—" || by_itself == "(above)" ? "" : " (alone " + by_itself + ")"));
  }
  o << fmt::format("\n{} requests ({:.1f}/s), {} events recorded ({:.1f}/s), {} refused as changed meanwhile (409: "
                   "another session of the county recorded on the same case first); the load generator used {:.1f} s "
                   "of CPU.\n\n",
                   num(m["requests"]), m["request_rate"].get<double>(), num(m["events"]), m["event_rate"].get<double>(),
                   num(m["conflicts"]), m["client_cpu_seconds"].get<double>());
  // The server's memory: every second; the minute marks here.
  std::vector<std::pair<double, double>> rss;  // seconds, KiB
  for (auto& s : m["rss_kib"])
    if (s[0].get<double>() >= 0) rss.push_back({s[0].get<double>(), s[1].get<double>()});
  if (rss.size() >= 10) {
    auto at = [&](double t) {
      for (auto& [ts, k] : rss)
        if (ts >= t) return k;
      return rss.back().second;
    };
    auto mean_between = [&](double a, double b) {
      double sum = 0;
      int n = 0;
      for (auto& [ts, k] : rss)
        if (ts >= a && ts <= b) sum += k, ++n;
      return n ? sum / n : 0.0;
    };
    // Least squares over the second half: MiB per minute.
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (auto& [ts, k] : rss)
      if (ts >= secs / 2) {
        sx += ts, sy += k, sxx += ts * ts, sxy += ts * k;
        ++n;
      }
    const double slope = n > 2 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60 / 1024 : 0;  // MiB/min
    const double middle = mean_between(secs * 0.45, secs * 0.55), end = mean_between(secs * 0.9, secs);
    const double growth = middle > 0 ? end / middle - 1 : 0;
    double peak = 0;
    for (auto& [ts, k] : rss) peak = std::max(peak, k);
    const int step = secs >= 240 ? 60 : std::max(1, static_cast<int>(secs / 10));
    o << fmt::format("The server's resident memory (`VmRSS` of /proc/PID/status, sampled every second; at the marks, in "
                     "MiB, from the moment every session had logged in):\n\n| {} |",
                     step == 60 ? "minute" : "second");
    std::string sep = "|---|", vals = "| MiB |";
    for (int t = 0; t <= static_cast<int>(secs); t += step) {
      o << " " << (step == 60 ? t / 60 : t) << " |";
      sep += "---|";
      vals += fmt::format(" {:.0f} |", at(t) / 1024);
    }
    o << "\n" << sep << "\n" << vals << "\n\n";
    std::string cache;
    if (m["cache"].is_object()) {
      const auto& c = m["cache"];
      cache = fmt::format(" Its cache of replayed cases held {} cases at the end (capacity {}{}): {} hits, {} misses, "
                          "{} stale (another session wrote first: read again), {} kept, {} evicted.",
                          num(c["held"]), num(c["capacity"]),
                          m["cache_capacity_set"].get<long>() >= 0 ? ", set with GONGKAI_CASE_CACHE for this run; the default is 10,000" : "",
                          num(c["hits"]), num(c["misses"]), num(c["stale"]), num(c["kept"]), num(c["evicted"]));
    }
    o << fmt::format("Peak {}; the mean of the last tenth of the run is {:+.1f} % from that of its middle tenth; over the "
                     "second half the least-squares slope is {:+.2f} MiB a minute.{}\n\n",
                     mib(peak), growth * 100, slope, cache);
    const bool flat = growth <= 0.05;
    summary.push_back(fmt::format(
        "| server memory over a {} run, {} sessions | {} → {} (peak {}) | — | {:+.1f} % (middle → end) | flat "
        "(≤ +5 %) | {} |",
        secs >= 120 ? fmt::format("{:.0f}-minute", secs / 60) : fmt::format("{:.0f}-second", secs), m["sessions"].get<int>(), mib(at(0)), mib(rss.back().second), mib(peak), growth * 100,
        flat ? "met" : "**missed**"));
  }
}

// gongkai search on the read-path database (bench/search.cpp), and what upgrading it cost.
void search(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  auto j = load(dir / "search.json");
  std::vector<json> upgrades;
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().filename().string().rfind("big_migrate_", 0) == 0)
        if (auto u = load(e.path())) upgrades.push_back(*u);
  std::sort(upgrades.begin(), upgrades.end(), [](const json& a, const json& b) { return a["from"] < b["from"]; });
  if (!j && upgrades.empty()) return;
  o << "## 8. Search\n\n";
  for (auto& u : upgrades) {
    const double secs = u["seconds"];
    o << fmt::format("Upgrading the read-path database from schema version {} to {} ({}{}): **{}** in one "
                     "transaction, at load {}{}.\n\n",
                     u["from"].get<int>(), u["to"].get<int>(), u.value("what", std::string("`gongkai init`")),
                     u.contains("date") ? ", " + u["date"].get<std::string>() : std::string(),
                     secs >= 60 ? fmt::format("{:.1f} min", secs / 60) : fmt::format("{:.1f} s", secs),
                     u.value("load", std::string("?")),
                     secs >= 60 ? " — what an office with as many cases pays once (the migrations' transaction "
                                  "holds their locks until it commits)"
                                : "");
  }
  if (!j) return;
  o << "Measured " << stamp_text(dir, "search") << ".\n\n";
  const int limit = (*j)["limit"];
  o << fmt::format(
      "`gongkai search TEXT` on the read-path database, at most {} cases (the command's default), the latest "
      "received first. **gongkai** is `app::search_cases` on a long-lived context (median and p95 of {} runs after "
      "one discarded warm-up run), as the installation's **administrator**, as **sup_p** (a supervisor of every "
      "agency, who may not search by names: they are masked for supervisors) and as **sup_g01** (a supervisor of "
      "county g01's 17 agencies, searching all it sees), the three in turn run by run; **CLI** is `gongkai search "
      "TEXT --json`, process start to exit, median of {}. **Raw PostgreSQL** is the same five places searched by "
      "plain SQL as the superuser (`bench/raw_search.sql`, `bench/raw_search_short.sql`: no row-level security, "
      "no scope), median of {}; *same* says whether the administrator got exactly its cases. A search whose first "
      "run takes over a second reads whole tables: it is run once per reader (its time is that run's; the CLI once, "
      "as the administrator), and so is such a raw query.\n\n",
      limit, (*j)["runs"].get<int>(), (*j)["cli_runs"].get<int>(), (*j)["raw_runs"].get<int>());
  o << "| text | cases found (admin / sup_p / sup_g01) | administrator | sup_p | sup_g01 | CLI (admin / sup_p / "
       "sup_g01) | raw SQL (first) | same |\n|---|---|---|---|---|---|---|---|\n";
  auto t = [](const json& w) {
    return w["ms"]["n"].get<int>() == 1 ? fmt::format("{} (one run)", ms(w["ms"]["median"]))
                                        : fmt::format("{} (p95 {})", ms(w["ms"]["median"]), ms(w["ms"]["p95"]));
  };
  auto c = [](const json& w) { return w.contains("cli_ms") ? ms(w["cli_ms"]["median"]) : std::string("—"); };
  for (auto& it : (*j)["items"]) {
    auto &a = it["admin"], &p = it["sup_all"], &g = it["sup_subtree"];
    o << fmt::format("| {} | {} / {} / {} | {} | {} | {} | {} / {} / {} | {} ({}) | {} |\n",
                     it["label"].get<std::string>(), num(a["rows"]), num(p["rows"]), num(g["rows"]), t(a), t(p), t(g),
                     c(a), c(p), c(g), ms(it["raw_ms"]["median"]),
                     it.value("raw_slow", false) ? std::string("one run") : ms(it["raw_first_ms"]),
                     it["same_as_raw"].get<bool>() ? "yes" : "**no**");
    double worst = std::max({a["ms"]["median"].get<double>(), p["ms"]["median"].get<double>(),
                             g["ms"]["median"].get<double>()});
    double worst95 = std::max({a["ms"]["p95"].get<double>(), p["ms"]["p95"].get<double>(),
                               g["ms"]["p95"].get<double>()});
    double raw = it["raw_ms"]["median"];
    const bool once = a["ms"]["n"].get<int>() == 1;
    // A ratio under 1 % reads better as a fraction ("1/360").
    std::string ratio = raw / worst >= 0.01 ? times_or_pct(raw / worst) : fmt::format("1/{:.0f}", worst / raw);
    summary.push_back(fmt::format(
        "| search: {} | {} (the slowest of the three readers{}; CLI {}) | {} | {} | < 50 ms | {} |",
        it["label"].get<std::string>(), ms(worst), once ? ", one run" : "; p95 " + ms(worst95), c(a), ms(raw), ratio,
        worst < 50 ? "met" : fmt::format("**missed**: {:.0f}× the target", worst / 50)));
  }
  o << "\n";
  std::vector<std::pair<std::string, std::string>> plans;
  if (fs::exists(dir / "search-plans"))
    for (const auto& e : fs::directory_iterator(dir / "search-plans"))
      plans.push_back({e.path().stem().string(), slurp(e.path())});
  std::sort(plans.begin(), plans.end());
  if (!plans.empty()) {
    o << "<details><summary>The plans (EXPLAIN (ANALYZE, BUFFERS)): the raw SQL as the superuser for each text "
         "(`.raw`), gongkai's statement `db/sql/search_cases.sql` as the administrator (`.admin`)</summary>\n\n";
    for (auto& [name, text] : plans) o << "#### " << name << "\n\n```\n" << trim(text) << "\n```\n\n";
    o << "</details>\n\n";
  }
}

// Installations under one another (bench/federation.cpp): the lag from a county's sign-off to the
// city's table, the city's federated report and source list, a sign-off at a county, the
// replication processes, at each number of sources.
void federation(std::ostream& o, const fs::path& dir, std::vector<std::string>& summary) {
  auto j = load(dir / "federation.json");
  if (!j) return;
  const json& f = *j;
  const auto& sizes = f["sizes"];
  if (sizes.empty()) return;
  const int year = f["year"], runs = f["runs"];
  const auto& last = sizes.back();
  const size_t nmax = last["n"];
  o << "## 9. Installations under one another\n\n";
  o << "Measured " << stamp_text(dir, "federation") << ".\n\n";
  std::string size_list;
  for (size_t i = 0; i < sizes.size(); ++i)
    size_list += (i == 0 ? "" : i + 1 == sizes.size() ? " and " : ", ") + std::to_string(sizes[i]["n"].get<int>());
  const auto& st = f["settings"];
  const auto& sc = last["sum_check"];
  const double in_year = sc["received_in_year"].get<double>() / static_cast<double>(nmax + 1);
  o << fmt::format(
      "A city installation and up to {} county installations below it (issue 13: each county's database its own, "
      "the city subscribing to their sign-offs by logical replication), all in one PostgreSQL cluster that the script "
      "starts for this part alone and removes after it: the settings above, plus `wal_level=logical`, "
      "`max_wal_senders={}`, `max_replication_slots={}`, `max_logical_replication_workers={}`, "
      "`max_worker_processes={}`, `max_connections={}` and `track_commit_timestamp=on` (the sources' commit times, "
      "which the lag is measured from). Every step an office takes goes through the built `gongkai` executable, as "
      "the installation's administrator: at each installation `init`, `installation set` (the city 320800, the "
      "counties 321001 …), a government with two departments under it (`agency add`), `import` of a generated CSV "
      "of {} cases with the import benchmark's mix of histories (most answered, some withdrawn, appealed or still "
      "open; {} events; received from {}-01-01 to {}-01-31, ≈ {} of them in {}), and at each county `federation "
      "allow` of a login for the city — {:.0f} s for the city and {} counties (`init` {}, `import` {} each, "
      "medians). The city then `federation add`s the counties, the sizes {} one after the other: each size adds the "
      "sources up to it ({} an add, median) and waits until every subscription streams (PostgreSQL's launcher starts "
      "the missing apply workers at most once every `wal_retrieve_retry_interval`, 5 s).\n\n",
      nmax, st["max_wal_senders"].get<std::string>(), st["max_replication_slots"].get<std::string>(),
      st["max_logical_replication_workers"].get<std::string>(), st["max_worker_processes"].get<std::string>(),
      st["max_connections"].get<std::string>(), num(f["cases_per_source"]), num(f["rows_per_source"]), year,
      year + 1, num(in_year), year, f["setup"]["seconds"].get<double>(), nmax, ms(f["setup"]["init_ms"]["median"]),
      ms(f["setup"]["import_ms"]["median"]), size_list, ms(last["add_ms"]["median"]));

  // The lag.
  o << fmt::format(
      "**The lag from a sign-off to the city's table.** *One at a time*: each county in turn runs `gongkai report "
      "sign-off --year {} --agency …` (its government's national and legacy tables, a new version in `gk_signoff`); "
      "from the moment the process exits, `gongkai_bench` looks at the city's `gk_signoff` every {:.0f} ms until "
      "that version is there. *All at once*: the counties' sign-offs are started together, one process each (forked "
      "beforehand, each waiting on a pipe, and let go at the same moment), and the city is watched until it has them "
      "all; a process's exit is taken as it happens, but the look at the city waits for the cores like everything "
      "else then, so the column *after the process exited* is coarse there. Beside what is seen from outside, the servers' own clocks (one "
      "cluster, one clock): **received − signed** is the city's `received_at` (`clock_timestamp()` as its apply "
      "worker inserts the row) minus the county's `signed_at` (`now()` of the sign-off's statement, before its "
      "durable commit); **received − commit** is the same minus the commit time of the county's transaction: "
      "logical replication's own delay (the walsender decoding the commit and sending it, the city's apply worker "
      "inserting the row).\n\n",
      year, f["poll_ms"].get<double>());
  auto mm = [](const json& s) { return fmt::format("{} / {}", ms(s["median"]), ms(s["max"])); };
  o << "| sources | sign-offs | `report sign-off`, process: median (max) | at the city after the process exited: "
       "median / max | received − signed: median / max | received − commit: median / max | all at the city, from "
       "the start |\n|---|---|---|---|---|---|---|\n";
  for (const auto& z : sizes) {
    const auto& a = z["one_at_a_time"];
    const auto& b = z["all_at_once"];
    o << fmt::format("| {} | one at a time | {} ({}) | {} | {} | {} | — |\n", z["n"].get<int>(), ms(a["signoff_ms"]["median"]),
                     ms(a["signoff_ms"]["max"]), mm(a["seen_after_exit_ms"]), mm(a["received_minus_signed_ms"]),
                     mm(a["received_minus_commit_ms"]));
    o << fmt::format("| {} | all {} at once{} | {} ({}) | {} | {} | {} | **{}** |\n", z["n"].get<int>(), z["n"].get<int>(),
                     b["failed"].get<int>() ? fmt::format(" (**{} failed**)", b["failed"].get<int>()) : "",
                     ms(b["exit_ms"]["median"]), ms(b["exit_ms"]["max"]), mm(b["seen_after_exit_ms"]),
                     mm(b["received_minus_signed_ms"]), mm(b["received_minus_commit_ms"]), ms(b["seen_ms"]["max"]));
  }
  o << "\nAll at once, a process's time runs from the start of all of them (they share the machine's cores); *all "
       "at the city* is when the last sign-off had arrived.\n\n";

  // The city's reads.
  o << fmt::format(
      "**The city's reads**, process start to exit as the city's administrator, median of {} runs (each kind in "
      "turn, run by run): `gongkai report --year {} --federation` — the city's own agencies' national table plus the "
      "latest sign-off of every source (`db/sql/federation_latest.sql`), summed cell by cell — as text and `--format "
      "json`; the city's own `report --year {}` without `--federation`; `gongkai federation list` and `--json "
      "federation list`. **Raw PostgreSQL**: `psql -X -c` running the statement of `federation_latest.sql` "
      "(respectively `federation_sources.sql`) as the superuser, process start to exit, and the same statement's "
      "latency through `pgbench -M prepared` on one connection ({:.0f} s). *Rows / bytes* is what that statement "
      "returns. *Sum* checks the JSON report of the run: every source in it, nothing missing, and its new "
      "applications of the year equal to the cases received in the year in all the databases (city and "
      "counties).\n\n",
      runs, year, year, f["pgbench_seconds"].get<double>());
  o << "| sources | `report --federation` | `--format json` | own agencies only | psql (raw) | pgbench latency (raw) "
       "| psql ÷ gongkai | rows / bytes | `federation list` | `--json` | psql (raw) | sum |\n"
       "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& z : sizes) {
    const double g = z["report_text_ms"]["median"], p = z["psql_latest_ms"]["median"];
    const auto& s = z["sum_check"];
    const bool right = s["same"].get<bool>() && z["list_ok"].get<size_t>() == z["n"].get<size_t>();
    o << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} / {} | {} | {} | {} | {} |\n", z["n"].get<int>(), ms(g),
                     ms(z["report_json_ms"]["median"]), ms(z["report_own_ms"]["median"]), ms(p),
                     fmt::format("{:.2f} ms", z["pgbench_latest"].value("latency_ms", 0.0)), pct(p / g),
                     num(z["latest"]["rows"]), gib(z["latest"]["bytes"]), ms(z["list_text_ms"]["median"]),
                     ms(z["list_json_ms"]["median"]), ms(z["psql_sources_ms"]["median"]),
                     right ? fmt::format("right ({} new)", num(s["new_in_sum"]))
                           : fmt::format("**wrong**: {} in the sum, {} received; {} of {} sources listed ok",
                                         num(s["new_in_sum"]), num(s["received_in_year"]), z["list_ok"].get<int>(),
                                         z["n"].get<int>()));
  }
  o << "\n";
  if (last.contains("latest_plan"))
    o << fmt::format("<details><summary>The plan of `federation_latest.sql` at {} sources (EXPLAIN (ANALYZE, BUFFERS), "
                     "as the superuser, after the runs)</summary>\n\n```\n{}\n```\n\n</details>\n\n",
                     nmax, trim(last["latest_plan"].get<std::string>()));

  // A sign-off at a county.
  o << fmt::format(
      "**At a county**: `report sign-off` (both tables made as `report` makes them, and a version inserted, which "
      "the publication sends) beside `report` of each table, process start to exit: {} runs of each at county 001, "
      "alternating, after the rounds above; and the sign-offs of the *one at a time* round, each county once.\n\n",
      runs);
  o << "| sources | `report sign-off` (county 001) | `report sign-off` (each county once) | `report` (national) | "
       "`report --template legacy` | national + legacy |\n|---|---|---|---|---|---|\n";
  for (const auto& z : sizes) {
    const auto& s = z["source"];
    const double n = s["national_ms"]["median"], l = s["legacy_ms"]["median"];
    o << fmt::format("| {} | {} | {} | {} | {} | {} |\n", z["n"].get<int>(), ms(s["signoff_ms"]["median"]),
                     ms(z["one_at_a_time"]["signoff_ms"]["median"]), ms(n), ms(l), ms(n + l));
  }
  o << "\n";

  // The replication processes.
  o << fmt::format(
      "**The replication processes**: a walsender per source (at the counties' side) and an apply worker per source "
      "at the city; their memory (the sum of their proportional set sizes, `Pss` of /proc/PID/smaps_rollup, "
      "PostgreSQL's shared memory shared out among the processes that touch it) and their CPU time (user + system, "
      "/proc/PID/stat) over {:.0f} s with nothing signed off (the cluster's own background work, autovacuum visiting "
      "its databases, still writes WAL, which every walsender reads), and over the *all at once* round.\n\n",
      f["idle_seconds"].get<double>());
  o << "| sources | processes | memory (Pss) | CPU while idle | CPU of the *all at once* round |\n|---|---|---|---|---|\n";
  for (const auto& z : sizes) {
    const auto& r = z["replication"];
    o << fmt::format("| {} | {} | {:.0f} MiB | {:.1f} % of a core | {:.2f} s |\n", z["n"].get<int>(),
                     r["processes"].get<int>(), r["pss_mib"].get<double>(), r["idle_cpu_share"].get<double>() * 100,
                     z["all_at_once"]["replication_cpu_seconds"].get<double>());
  }
  o << "\n";
  o << "Every source here is a database of the same cluster, so the walsenders share one WAL: PostgreSQL wakes every "
       "walsender at each WAL flush, and each reads and decodes every commit of the cluster to find its own "
       "database's — with N sources, N times the work per sign-off that a county's own server (one walsender for "
       "the city) does. The city's side, its N apply workers and its reads, is what a real city has. What the "
       "figures mean, and why the sizes stop where they do: the notes at the end (*Installations under one "
       "another*).\n\n";

  auto lag_row = [&](const json& z) {
    const auto& a = z["one_at_a_time"]["received_minus_commit_ms"];
    const auto& b = z["all_at_once"]["received_minus_commit_ms"];
    summary.push_back(fmt::format(
        "| federation, {} sources: lag from a county's commit to the city's table | one at a time {} (max {}); all "
        "at once {} (max {}; all there {} after the start) | — | | — | |",
        z["n"].get<int>(), ms(a["median"]), ms(a["max"]), ms(b["median"]), ms(b["max"]),
        ms(z["all_at_once"]["seen_ms"]["max"])));
    const double g = z["report_text_ms"]["median"], p = z["psql_latest_ms"]["median"];
    summary.push_back(fmt::format(
        "| federation, {} sources: `report --year {} --federation`, process start to exit | {} (JSON {}) | {} (psql "
        "of federation_latest.sql; pgbench {:.2f} ms) | {} | — | |",
        z["n"].get<int>(), year, ms(g), ms(z["report_json_ms"]["median"]), ms(p),
        z["pgbench_latest"].value("latency_ms", 0.0), pct(p / g)));
  };
  lag_row(sizes.front());
  if (sizes.size() > 1) lag_row(last);
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
    if (table != "gk_agency" && table != "gk_case" && table != "gk_event" && table != "gk_case_counter" &&
        table != "gk_case_personal" && table != "gk_event_personal")
      continue;
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
  rls(body, dir, summary);
  migration(body, dir);
  web(body, dir, summary);
  search(body, dir, summary);
  federation(body, dir, summary);
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
       "scripts/bench.sh --only transitions     # one part (transitions, import, reads, show, "
       "search, migration, web, federation); the others keep their last results\n"
       "scripts/bench.sh --data /var/tmp/gk     # keep the server's data, reuse the 10 M-case database next time\n"
       "scripts/bench.sh --help                 # every option\n```\n";
  if (run) {
    o << fmt::format("\nThis run: parts `{}`, read-path database {} cases, imports of {} cases, transition runs of {} s × "
                     "{} round(s) on {} cases each",
                     (*run)["parts"].get<std::string>(), num((*run)["big_cases"]),
                     (*run)["import_cases"].get<std::string>(), (*run)["seconds"].get<double>(),
                     (*run)["rounds"].get<int>(), num((*run)["tx_cases"]));
    if (run->contains("web_seconds"))
      o << fmt::format(", web event runs of {} s × {} round(s) on {} cases each and a mixed run of {} sessions for {} s",
                       (*run)["web_event_seconds"].get<double>(), (*run)["web_rounds"].get<int>(),
                       num((*run)["web_cases"]), (*run)["web_sessions"].get<int>(), (*run)["web_seconds"].get<double>());
    if (run->contains("fed_sources"))
      o << fmt::format(", federation at {} sources of {} cases each", (*run)["fed_sources"].get<std::string>(),
                       num((*run)["fed_cases"]));
    o << ".\n";
  }

  std::ofstream f(out);
  if (!f) throw std::runtime_error("cannot write " + out);
  f << o.str();
  return 0;
}

}  // namespace gongkai::bench
