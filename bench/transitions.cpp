// Transitions per second through the library path, and the data the pgbench ceiling works on.
//
// prepare-transitions: an agency with N fresh cases (received 2025-03-03, through the library:
//   db::insert_case, with asynchronous commit since this is setup), and the table bench_step that
//   tells the pgbench script what the library writes at each step of the same event script.
// transitions: T threads, each with its own connection and its own cases (case k belongs to thread
//   (k-1) mod T). Per event, exactly what `gongkai event` does: db::load_case (one round trip),
//   DisclosureCase::replay, the stored-row check, DisclosureCase::apply, db::append_event (one
//   statement, committed durably). Every event picks one of the thread's cases at random and applies
//   the next step of the script to it.
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <sys/resource.h>
#include <thread>
#include <unordered_map>

#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "db/calendar_store.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "workflows/disclosure_case.h"

namespace gongkai::bench {
namespace {

const Date kReceived = Date::from_ymd(2025, 3, 3);  // a Monday

// The event script every benchmark case follows: step s is its event number s (1 = receipt).
// Past the last step, complaint-filed again (allowed in any state; it changes only the record).
struct Step {
  const char* kind;
  int day;  // days after receipt
  const char* key;
  const char* value;
};
const std::vector<Step>& script() {
  static const std::vector<Step> steps = {
      {"received", 0, nullptr, nullptr},
      {"reviewed", 1, "handler", "clerk"},
      {"extended", 17, "approved_by", "director"},
      {"answered", 43, "outcome", "partially-disclosed"},
      {"reconsideration-filed", 68, nullptr, nullptr},
      {"reconsideration-decided", 120, "result", "upheld"},
      {"complaint-filed", 134, "note", "slow"},
  };
  return steps;
}
int last_step() { return static_cast<int>(script().size()); }  // 7: the repeating step

EventRecord step_event(int seq, const std::string& actor) {
  const Step& st = script()[static_cast<size_t>(std::min(seq, last_step()) - 1)];
  EventRecord e;
  e.kind = st.kind;
  e.on = kReceived + st.day;
  e.actor = actor;
  if (st.key) e.details[st.key] = st.value;
  return e;
}

workflows::CaseFacts facts_for(const std::string& agency, int k) {
  workflows::CaseFacts f;
  f.agency = agency;
  f.regime = 2019;
  f.received_on = kReceived;
  f.channel = "online";
  f.applicant_type = "person";
  f.applicant = "申请人" + std::to_string(k);
  f.subject = "征收补偿方案";
  return f;
}

std::string case_no(const std::string& agency, int k) {
  std::string n = std::to_string(k);
  if (n.size() < 4) n.insert(0, 4 - n.size(), '0');
  return agency + "-2025-" + n;
}

std::string lit(pqxx::work& tx, const std::optional<Date>& d) { return d ? tx.quote(d->str()) : "null"; }
std::string lit(pqxx::work& tx, const std::string& s) { return s.empty() ? "null" : tx.quote(s); }
std::string lit(pqxx::work& tx, const std::optional<std::string>& s) { return s ? tx.quote(*s) : "null"; }
std::string lit(bool b) { return b ? "true" : "false"; }

// bench_step: per event number, the event and the case row the library writes after it.
void write_step_table(const std::string& conninfo, const WorkingCalendar& cal) {
  workflows::DisclosureCase c(facts_for("x", 0), cal, "bench");
  pqxx::connection conn(conninfo);
  pqxx::work tx(conn);
  tx.exec(
      "create table if not exists bench_step (seq int primary key, kind text not null, occurred_on date not null,"
      " details jsonb not null, state text, appeal_state text, is_open boolean, due_on date, due_provisional boolean,"
      " final_due_on date, outcome text, answered_on date, closed_on date, closed_kind text,"
      " correction_notice_on date, late_correction_notice boolean, pause_kind text, pause_lapses_on date,"
      " reconsideration_filed_on date, reconsideration_result text, reconsideration_decided_on date,"
      " litigation_filed_on date, litigation_direct boolean, litigation_result text, litigation_decided_on date,"
      " last_event_on date)");
  tx.exec("truncate bench_step");
  for (int seq = 2; seq <= last_step(); ++seq) {
    c.apply(step_event(seq, "bench"), Date::from_ymd(2999, 12, 31));
    const auto& e = c.history().back();
    auto s = c.snapshot();
    std::string sql = "insert into bench_step values (" + std::to_string(seq) + ", " + tx.quote(e.kind) + ", " +
                      tx.quote(e.on.str()) + ", " + tx.quote(e.details.dump()) + ", " + tx.quote(s.state) + ", " +
                      tx.quote(s.appeal_state) + ", " + lit(s.is_open) + ", " +
                      lit(tx, s.due ? std::optional<Date>(s.due->due) : std::nullopt) + ", " +
                      lit(s.due && s.due->provisional) + ", " +
                      lit(tx, s.final_due ? std::optional<Date>(s.final_due->due) : std::nullopt) + ", " +
                      lit(tx, s.outcome) + ", " + lit(tx, s.answered_on) + ", " + lit(tx, s.closed_on) + ", " +
                      lit(tx, s.closed_kind) + ", " + lit(tx, s.correction_notice_on) + ", " +
                      lit(s.late_correction_notice) + ", " + lit(tx, s.pause_kind) + ", " +
                      lit(tx, s.pause_lapses_on) + ", " + lit(tx, s.reconsideration_filed_on) + ", " +
                      lit(tx, s.reconsideration_result) + ", " + lit(tx, s.reconsideration_decided_on) + ", " +
                      lit(tx, s.litigation_filed_on) + ", " +
                      (s.litigation_direct ? lit(*s.litigation_direct) : std::string("null")) + ", " +
                      lit(tx, s.litigation_result) + ", " + lit(tx, s.litigation_decided_on) + ", " +
                      tx.quote(s.last_event_on.str()) + ")";
    tx.exec(sql);
  }
  tx.commit();
}

}  // namespace

int cmd_prepare_transitions(const std::string& conninfo, const std::string& agency, int cases) {
  // Setup, not measured: asynchronous commit for these inserts only (libpq reads PGOPTIONS).
  const char* old = std::getenv("PGOPTIONS");
  std::string saved = old ? old : "";
  setenv("PGOPTIONS", "-c synchronous_commit=off", 1);
  auto s = db::Session::open(conninfo);
  if (old) setenv("PGOPTIONS", saved.c_str(), 1);
  else unsetenv("PGOPTIONS");
  s->act_as_admin();

  auto loaded = db::load_calendar(*s);
  const WorkingCalendar& cal = loaded.calendar;
  db::add_agency(*s, {0, agency, "基准测试 " + agency, "government", ""});
  auto t0 = Clock::now();
  for (int k = 1; k <= cases; ++k) {
    workflows::DisclosureCase c(facts_for(agency, k), cal, "bench");
    std::string no = db::insert_case(*s, c, loaded.version).case_no;
    if (no != case_no(agency, k)) throw std::runtime_error("unexpected case number " + no + " (agency not fresh?)");
  }
  write_step_table(conninfo, cal);
  std::fprintf(stderr, "prepared %d cases in agency %s in %.1f s\n", cases, agency.c_str(), seconds_since(t0));
  return 0;
}

int cmd_transitions(const std::string& conninfo, const std::string& agency, int cases, int threads,
                    double seconds, bool cached, const std::string& out) {
  struct PerThread {
    size_t events = 0;
    double load = 0, replay = 0, apply = 0, append = 0;  // seconds
    std::vector<float> latency_us;
    std::string error;
  };
  std::vector<PerThread> res(static_cast<size_t>(threads));
  std::mutex m;
  std::condition_variable cv;
  int ready = 0;
  bool go = false;
  Clock::time_point start;

  auto worker = [&](int t) {
    PerThread& r = res[static_cast<size_t>(t)];
    try {
      auto s = db::Session::open(conninfo);
      s->act_as_admin();
      auto loaded = db::load_calendar(*s);  // once per connection, as once per CLI process
      const WorkingCalendar& cal = loaded.calendar;
      std::vector<std::string> owned;
      for (int k = t + 1; k <= cases; k += threads) owned.push_back(case_no(agency, k));
      std::mt19937_64 rng(0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(t));
      std::uniform_int_distribution<size_t> pick(0, owned.size() - 1);
      const Date today = gongkai::today();
      r.latency_us.reserve(200000);
      // --cached (an experiment, not what `gongkai event` does): every owned case is loaded and
      // replayed once before the clock starts and kept; each event is then apply + append only.
      // Safe here because a thread's cases are its own (a stale copy would meet the append guard).
      std::unordered_map<std::string, workflows::DisclosureCase> cache;
      if (cached)
        for (const auto& no : owned) {
          auto stored = db::load_case_or_throw(*s, no);
          cache.emplace(no, workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, cal));
        }
      {
        std::unique_lock lk(m);
        ++ready;
        cv.notify_all();
        cv.wait(lk, [&] { return go; });
      }
      const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
      for (;;) {
        auto t0 = Clock::now();
        if (t0 >= deadline) break;
        const std::string& no = owned[pick(rng)];
        if (cached) {
          auto& c = cache.at(no);
          auto t2 = Clock::now();
          c.apply(step_event(static_cast<int>(c.history().size()) + 1, "bench"), today);
          auto t3 = Clock::now();
          db::append_event(*s, c, loaded.version);
          auto t4 = Clock::now();
          using us = std::chrono::duration<double>;
          r.apply += us(t3 - t2).count();
          r.append += us(t4 - t3).count();
          r.latency_us.push_back(static_cast<float>(us(t4 - t0).count() * 1e6));
          ++r.events;
          continue;
        }
        auto stored = db::load_case_or_throw(*s, no);
        auto t1 = Clock::now();
        auto c = workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, cal);
        auto snap = c.snapshot();
        if (snap.state != stored.row["state"] || snap.appeal_state != stored.row["appeal_state"] ||
            snap.event_count != stored.row["event_count"])
          throw std::runtime_error("case " + no + " does not replay to its stored row");
        auto t2 = Clock::now();
        c.apply(step_event(stored.row["event_count"].get<int>() + 1, "bench"), today);
        auto t3 = Clock::now();
        db::append_event(*s, c, loaded.version);
        auto t4 = Clock::now();
        using us = std::chrono::duration<double>;
        r.load += us(t1 - t0).count();
        r.replay += us(t2 - t1).count();
        r.apply += us(t3 - t2).count();
        r.append += us(t4 - t3).count();
        r.latency_us.push_back(static_cast<float>(us(t4 - t0).count() * 1e6));
        ++r.events;
      }
    } catch (const std::exception& e) {
      r.error = e.what();
      std::unique_lock lk(m);
      if (!go) {
        ++ready;
        cv.notify_all();
      }
    }
  };

  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  {
    std::unique_lock lk(m);
    cv.wait(lk, [&] { return ready == threads; });
    start = Clock::now();
    go = true;
    cv.notify_all();
  }
  rusage ru0{}, ru1{};
  getrusage(RUSAGE_SELF, &ru0);  // after the threads' setup; their connect and calendar are small
  for (auto& th : pool) th.join();
  double wall = seconds_since(start);
  getrusage(RUSAGE_SELF, &ru1);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  double cpu = secs(ru1.ru_utime) - secs(ru0.ru_utime) + secs(ru1.ru_stime) - secs(ru0.ru_stime);

  nlohmann::json j;
  size_t events = 0;
  double load = 0, replay = 0, apply = 0, append = 0;
  std::vector<double> lat;
  for (auto& r : res) {
    if (!r.error.empty()) throw std::runtime_error("transitions: " + r.error);
    events += r.events;
    load += r.load;
    replay += r.replay;
    apply += r.apply;
    append += r.append;
    for (float v : r.latency_us) lat.push_back(v);
  }
  auto per = [&](double total) { return events ? total / static_cast<double>(events) * 1e6 : 0.0; };
  j["threads"] = threads;
  j["cached"] = cached;
  j["cases"] = cases;
  j["seconds"] = wall;
  j["events"] = events;
  j["rate"] = static_cast<double>(events) / wall;
  j["latency_us"] = {{"p50", percentile(lat, 50)}, {"p95", percentile(lat, 95)}, {"p99", percentile(lat, 99)}};
  j["client_cpu_us"] = events ? cpu / static_cast<double>(events) * 1e6 : 0.0;  // this process, per event
  j["phase_us"] = {{"load", per(load)}, {"replay", per(replay)}, {"apply", per(apply)}, {"append", per(append)}};
  std::fprintf(stderr, "library path, %d connection(s): %zu events in %.1f s = %.0f/s (load %.0f, replay %.0f, apply %.0f, append %.0f µs)\n",
               threads, events, wall, j["rate"].get<double>(), per(load), per(replay), per(apply), per(append));
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench
