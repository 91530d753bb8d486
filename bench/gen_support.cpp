// The generated read-path database's helpers (scripts/bench.sh runs them around bench/gen_bigdb.sql):
//
// due-table: bench_due, the calendar-dependent columns of a case row (due dates in working days,
//   whether provisional, the late-correction flag) for every receipt date of the generated range
//   and every history shape the generator writes, computed by the state machine itself on the
//   database's calendar. gen_bigdb.sql joins it, so that every generated row is what replaying its
//   history gives, column for column (app::show and verify compare the whole row).
// check-sample: app::show on a random sample of the generated cases (each replayed and compared
//   with its stored row, column for column), and their hash chains, masked copies and personal
//   parts recomputed by the database's own functions.
#include <cstdio>
#include <pqxx/pqxx>
#include <random>

#include "app/cases.h"
#include "app/connect.h"
#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "workflows/case_row.h"
#include "workflows/disclosure_case.h"

namespace gongkai::bench {
namespace {

// The generator's regime rule (gen_bigdb.sql: before 2019-05-15 the 2008 Regulation).
int regime_for(Date received) { return received < Date::from_ymd(2019, 5, 15) ? 2008 : 2019; }

EventRecord ev(const char* kind, Date on, const char* key = nullptr, const char* value = nullptr) {
  EventRecord e;
  e.kind = kind;
  e.on = on;
  e.actor = "bench";
  if (key) e.details[key] = value;
  return e;
}

}  // namespace

int cmd_due_table(const std::string& conninfo, const std::string& start, const std::string& end) {
  app::ConnectOptions o;
  o.conninfo = conninfo;
  auto ctx = app::connect(o);
  const WorkingCalendar& cal = ctx->calendar();
  const Date first = parse_date(start), last = parse_date(end);
  const Date far = Date::from_ymd(2999, 12, 31);

  pqxx::connection c(conninfo);
  pqxx::work tx(c);
  tx.exec("drop table if exists bench_due");
  tx.exec(
      "create table bench_due (received_on date not null, regime smallint not null, corr boolean not null,"
      " rev boolean not null, tp boolean not null, ext boolean not null,"
      " closing smallint not null,"  // 0 open, 1 answered, 2 withdrawn
      " due_on date, due_provisional boolean not null, final_due_on date, late_correction_notice boolean not null,"
      " primary key (received_on, corr, rev, tp, ext, closing))");
  auto lit = [&](const std::optional<DueDate>& d) { return d ? tx.quote(d->due.str()) : std::string("null"); };
  auto b = [](bool x) { return x ? "true" : "false"; };
  std::string sql;
  size_t rows = 0;
  auto flush = [&] {
    if (sql.empty()) return;
    tx.exec("insert into bench_due values " + sql);
    sql.clear();
  };
  auto t0 = Clock::now();
  for (Date d = first; d <= last; d = d + 1) {
    const int regime = regime_for(d);
    // The shapes of gen_bigdb.sql: open cases (received or under review, after a correction or
    // not); closed ones (reviewed, maybe a correction, a third-party consultation and an
    // extension, then answered or withdrawn). The closing day does not move any due date.
    struct Shape {
      bool corr, rev, tp, ext;
      int closing;
    };
    std::vector<Shape> shapes;
    for (bool corr : {false, true})
      for (bool rev : {false, true}) shapes.push_back({corr, rev, false, false, 0});
    for (bool corr : {false, true})
      for (bool tp : {false, true})
        for (bool ext : {false, true})
          for (int closing : {1, 2}) shapes.push_back({corr, true, tp, ext, closing});
    for (const auto& s : shapes) {
      workflows::CaseFacts f;
      f.agency = "x";
      f.regime = regime;
      f.received_on = d;
      f.channel = "online";
      f.applicant_type = "person";
      f.applicant = "申请人";
      workflows::DisclosureCase cs(f, cal, "bench");
      const Date base = d + (s.corr ? 6 : 0);
      if (s.corr) {
        cs.apply(ev("correction-requested", d + 2), far);
        cs.apply(ev("correction-received", d + 6), far);
      }
      if (s.rev) cs.apply(ev("reviewed", base + 1, "handler", "经办人"), far);
      if (s.tp) {
        cs.apply(ev("third-party-consulted", base + 3), far);
        cs.apply(ev("third-party-replied", base + 8), far);
      }
      if (s.ext) cs.apply(ev("extended", base + 10, "approved_by", "分管领导"), far);
      if (s.closing == 1) cs.apply(ev("answered", base + 41, "outcome", "disclosed"), far);
      if (s.closing == 2) cs.apply(ev("withdrawn", base + 41), far);
      auto sn = cs.snapshot();
      if (!sql.empty()) sql += ',';
      sql += "(" + tx.quote(d.str()) + "," + std::to_string(regime) + "," + b(s.corr) + "," + b(s.rev) + "," +
             b(s.tp) + "," + b(s.ext) + "," + std::to_string(s.closing) + "," + lit(sn.due) + "," +
             b(sn.due && sn.due->provisional) + "," + lit(sn.final_due) + "," + b(sn.late_correction_notice) + ")";
      ++rows;
    }
    if (sql.size() > 200000) flush();
  }
  flush();
  tx.exec("analyze bench_due");
  tx.commit();
  std::fprintf(stderr, "due-table: %zu shapes × dates %s … %s in %.1f s\n", rows, start.c_str(), end.c_str(),
               seconds_since(t0));
  return 0;
}

// Replays a random sample of the generated cases through the application (app::show: the whole
// stored row compared with the replay), and checks their hash chains, masked copies and personal
// parts with the database's own functions: the generator must write what the writers would.
int cmd_check_sample(const std::string& conninfo, int cases) {
  app::ConnectOptions o;
  o.conninfo = conninfo;
  auto ctx = app::connect(o);
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  long max_id = tx.exec("select max(id) from gk_case")[0][0].as<long>();
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<long> pick(1, max_id);
  std::string ids;
  for (int i = 0; i < cases; ++i) ids += (i ? "," : "") + std::to_string(pick(rng));
  ids = "{" + ids + "}";
  int bad = 0, checked = 0;
  for (const auto& row : tx.exec_params("select case_no from gk_case where id = any($1::bigint[])", ids)) {
    ++checked;
    try {
      auto v = app::show(*ctx, row[0].c_str());
      if (v.personal_masked) throw std::runtime_error("masked for the administrator");
    } catch (const std::exception& e) {
      if (++bad <= 10) std::fprintf(stderr, "%s: %s\n", row[0].c_str(), e.what());
    }
  }
  // The chains, as verify recomputes them (gk_event_content, gk_chain), and the personal parts.
  auto r = tx.exec_params(
      "with e as ("
      " select e.case_id, e.seq, e.hash, e.personal_masked, p.data,"
      "  gk_chain(gk_chain_genesis(c.case_no), gk_event_content(e.seq, e.kind, e.occurred_on, e.actor,"
      "   e.recorded_at, e.details, p.data)) over (partition by e.case_id order by e.seq) as expected"
      " from gk_event e join gk_case c on c.id = e.case_id"
      " left join gk_event_personal p on p.case_id = e.case_id and p.seq = e.seq"
      " where e.case_id = any($1::bigint[]))"
      " select count(*) filter (where hash is distinct from expected),"
      "  count(*) filter (where personal_masked is distinct from gk_mask_personal(data)),"
      "  count(*) filter (where seq = 1 and data is null), count(*) from e",
      ids);
  long chain_bad = r[0][0].as<long>(), masked_bad = r[0][1].as<long>(), no_personal = r[0][2].as<long>(),
       events = r[0][3].as<long>();
  auto r2 = tx.exec_params(
      "select count(*) filter (where p.case_id is null or c.applicant_masked is distinct from gk_mask(p.applicant)"
      " or c.contact_masked is distinct from gk_mask(p.contact) or p.agency_id <> c.agency_id), count(*)"
      " from gk_case c left join gk_case_personal p on p.case_id = c.id where c.id = any($1::bigint[])",
      ids);
  long case_personal_bad = r2[0][0].as<long>();
  std::fprintf(stderr,
               "check-sample: %d of %d cases differ from their replay; %ld of %ld events off their chain, %ld with a "
               "wrong masked copy, %ld receipts without personal part; %ld case rows with a wrong personal part\n",
               bad, checked, chain_bad, events, masked_bad, no_personal, case_personal_bad);
  return bad || chain_bad || masked_bad || no_personal || case_personal_bad ? 1 : 0;
}

}  // namespace gongkai::bench
