// Transitions per second through the application layer, and the data the pgbench ceilings work on.
//
// prepare-transitions: an agency with N fresh cases (received 2025-03-03, imported through
//   app::import_csv as the installation's administrator), and the table
//   bench_step that tells the pgbench scripts what the library writes at each step of the same
//   event script.
// transitions: T threads, each with its own connection and app::Context (as the administrator)
//   and its own cases (case k belongs to thread (k-1) mod T). Per event, exactly what `gongkai
//   event` does: app::record_event — the case's history read (one round trip), replayed and
//   compared with its stored row, the event checked and applied by the state machine, then
//   appended by gk_append (the SECURITY DEFINER writer: one statement, committed durably; the
//   database chains the event). Every event picks one of the thread's cases at random and applies
//   the next step of the script to it.
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <sys/resource.h>
#include <thread>
#include <unordered_map>

#include "app/agencies.h"
#include "app/bulk.h"
#include "app/cases.h"
#include "app/connect.h"
#include "bench/bench_common.h"
#include "bench/bench_main.h"
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

app::EventRequest step_request(const std::string& case_no, int seq) {
  const Step& st = script()[static_cast<size_t>(std::min(seq, last_step()) - 1)];
  app::EventRequest r;
  r.case_no = case_no;
  r.kind = st.kind;
  r.on = (kReceived + st.day).str();
  if (st.key) r.options[st.key] = st.value;
  return r;
}

std::unique_ptr<app::Context> admin_context(const std::string& conninfo) {
  app::ConnectOptions o;
  o.conninfo = conninfo;
  o.actor = "bench";
  return app::connect(o);
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
  // bench/append_function.pgbench reads it as the installation's administrator.
  tx.exec("grant select on bench_step to gongkai_admin");
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

int cmd_prepare_transitions(const std::string& conninfo, const std::string& agency, int cases, bool receive_each) {
  // Setup, not measured: asynchronous commit for these receipts only (libpq reads PGOPTIONS).
  const char* old = std::getenv("PGOPTIONS");
  std::string saved = old ? old : "";
  setenv("PGOPTIONS", "-c synchronous_commit=off", 1);
  auto ctx = admin_context(conninfo);
  if (old) setenv("PGOPTIONS", saved.c_str(), 1);
  else unsetenv("PGOPTIONS");

  app::add_agency(*ctx, {0, agency, "基准测试 " + agency, "government", ""});
  auto t0 = Clock::now();
  if (receive_each) {
    // One app::receive each (numbered in order, agency-2025-0001 …): the same cases, slower, for
    // a database whose import path is not this build's (a kept database generated before
    // migration 005 took its last form).
    for (int k = 1; k <= cases; ++k) {
      const auto f = facts_for(agency, k);
      app::receive(*ctx, {agency, f.received_on.str(), f.channel, f.applicant_type, f.applicant, f.subject, "", "", "", ""});
    }
  }
  // The receipts as one import (app::import_csv: numbered in file order, agency-2025-0001 …),
  // much faster than one `receive` each; the cases are the same.
  if (!receive_each) {
    std::string csv = "case,event,on,agency,channel,applicant_type,applicant,subject,letter_ref,outcome,result,amount,"
                      "approved_by,handler,note\n";
    for (int k = 1; k <= cases; ++k) {
      const auto f = facts_for(agency, k);
      csv += "R" + std::to_string(k) + ",received," + f.received_on.str() + "," + agency + "," + f.channel + "," +
             f.applicant_type + "," + f.applicant + "," + f.subject + ",,,,,,,\n";
    }
    std::istringstream in(csv);
    app::ImportRequest req;
    req.source = "the prepared receipts";
    auto stats = app::import_csv(*ctx, in, req);
    if (stats.cases != static_cast<size_t>(cases)) throw std::runtime_error("prepare: import wrote a different number of cases");
  }
  {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    auto r = tx.exec_params("select count(*), count(*) filter (where c.case_no in ($2, $3)) from gk_case c"
                            " join gk_agency a on a.id = c.agency_id where a.code = $1",
                            agency, case_no(agency, 1), case_no(agency, cases));
    if (r[0][0].as<int>() != cases || r[0][1].as<int>() != (cases > 1 ? 2 : 1))
      throw std::runtime_error("prepare: unexpected case numbers in agency " + agency + " (agency not fresh?)");
  }
  write_step_table(conninfo, ctx->calendar());
  std::fprintf(stderr, "prepared %d cases in agency %s in %.1f s\n", cases, agency.c_str(), seconds_since(t0));
  return 0;
}

int cmd_transitions(const std::string& conninfo, const std::string& agency, int cases, int threads,
                    double seconds, bool cached, const std::string& out) {
  struct PerThread {
    size_t events = 0;
    double record = 0, apply = 0, append = 0;  // seconds
    std::vector<float> latency_us;
    std::string error;
  };
  std::vector<PerThread> res(static_cast<size_t>(threads));
  std::mutex m;
  std::condition_variable cv;
  int ready = 0;
  bool go = false;
  Clock::time_point start;

  // Each case's number of events now (every run prepares fresh cases, but a rerun may not).
  std::unordered_map<std::string, int> stored_count;
  {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    for (const auto& row : tx.exec_params("select c.case_no, c.event_count from gk_case c join gk_agency a"
                                          " on a.id = c.agency_id where a.code = $1",
                                          agency))
      stored_count[row[0].c_str()] = row[1].as<int>();
  }

  auto worker = [&](int t) {
    PerThread& r = res[static_cast<size_t>(t)];
    try {
      auto ctx = admin_context(conninfo);  // as `gongkai event` connects: the administrator
      ctx->calendar();                     // once per connection, as once per CLI process
      std::vector<std::string> owned;
      std::vector<int> count;
      for (int k = t + 1; k <= cases; k += threads) {
        owned.push_back(case_no(agency, k));
        count.push_back(stored_count.at(owned.back()));
      }
      std::mt19937_64 rng(0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(t));
      std::uniform_int_distribution<size_t> pick(0, owned.size() - 1);
      const Date today = gongkai::today();
      r.latency_us.reserve(200000);
      // --cached (an experiment, not what `gongkai event` does): every owned case is loaded and
      // replayed once before the clock starts and kept; each event is then apply + append only
      // (db::append_event, the same writer function app::record_event ends with). Safe here
      // because a thread's cases are its own (a stale copy would meet the append guard).
      std::unordered_map<std::string, workflows::DisclosureCase> cache;
      if (cached)
        for (const auto& no : owned) {
          auto stored = db::load_case_or_throw(ctx->db(), no);
          cache.emplace(no, workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency,
                                                              ctx->calendar()));
        }
      {
        std::unique_lock lk(m);
        ++ready;
        cv.notify_all();
        cv.wait(lk, [&] { return go; });
      }
      const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
      using secs = std::chrono::duration<double>;
      for (;;) {
        auto t0 = Clock::now();
        if (t0 >= deadline) break;
        const size_t i = pick(rng);
        const std::string& no = owned[i];
        if (cached) {
          auto& c = cache.at(no);
          c.apply(step_event(static_cast<int>(c.history().size()) + 1, "bench"), today);
          auto t1 = Clock::now();
          c.set_recorded_at(db::append_event(ctx->db(), c, ctx->calendar_version()));
          auto t2 = Clock::now();
          r.apply += secs(t1 - t0).count();
          r.append += secs(t2 - t1).count();
          r.latency_us.push_back(static_cast<float>(secs(t2 - t0).count() * 1e6));
          ++r.events;
          continue;
        }
        auto v = app::record_event(*ctx, step_request(no, count[i] + 1));
        auto t1 = Clock::now();
        if (v.c.snapshot().event_count != count[i] + 1)
          throw std::runtime_error("case " + no + " has an unexpected number of events");
        ++count[i];
        r.record += secs(t1 - t0).count();
        r.latency_us.push_back(static_cast<float>(secs(t1 - t0).count() * 1e6));
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
  double record = 0, apply = 0, append = 0;
  std::vector<double> lat;
  for (auto& r : res) {
    if (!r.error.empty()) throw std::runtime_error("transitions: " + r.error);
    events += r.events;
    record += r.record;
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
  if (cached) j["phase_us"] = {{"apply", per(apply)}, {"append", per(append)}};
  else j["phase_us"] = {{"record_event", per(record)}};
  std::fprintf(stderr, "%s, %d connection(s): %zu events in %.1f s = %.0f/s (latency p50 %.0f µs, client CPU %.0f µs)\n",
               cached ? "cached apply + append" : "app::record_event", threads, events, wall,
               j["rate"].get<double>(), percentile(lat, 50), j["client_cpu_us"].get<double>());
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench
