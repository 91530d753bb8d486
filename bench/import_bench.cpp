// Import: a generated CSV of N cases (the same mix as bench/gen_bigdb.sql), app::import_csv on it
// (as the installation's administrator) into an empty database, and the raw ceiling: a plain COPY
// of the very rows the import wrote — case rows, their personal parts, events with their hashes —
// (dumped from the imported database) into another empty database with the same schema.
#include <libpq-fe.h>
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>
#include <pqxx/pqxx>
#include <random>

#include "app/bulk.h"
#include "app/connect.h"
#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "engine/date.h"

namespace gongkai::bench {

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

namespace {

// One generated case: the same decisions, thresholds and day offsets as bench/gen_bigdb.sql
// (keep the two in step).
struct GenEvent {
  GenEvent(const char* k, Date d, const char* o = nullptr, std::string v = {})
      : kind(k), on(d), key(o), value(std::move(v)) {}
  const char* kind;
  Date on;
  const char* key;
  std::string value;
};

const char* pick_channel(double u) {
  return u < .55 ? "online" : u < .80 ? "post" : u < .92 ? "in-person" : u < .97 ? "email" : u < .98 ? "fax" : "other";
}
const char* pick_type(double u) {
  return u < .85 ? "person" : u < .93 ? "business" : u < .94 ? "research" : u < .95 ? "nonprofit" : u < .99 ? "legal" : "other-org";
}
const char* pick_outcome(double u, int regime) {
  static const std::pair<double, const char*> table[] = {
      {.40, "disclosed"},
      {.52, "partially-disclosed"},
      {.53, "withheld/state-secret"},
      {.54, "withheld/prohibited-by-law"},
      {.545, "withheld/security-stability"},
      {.56, "withheld/third-party-rights"},
      {.57, "withheld/internal-affairs"},
      {.585, "withheld/process-information"},
      {.595, "withheld/enforcement-file"},
      {.60, "withheld/administrative-inquiry"},
      {.78, "unavailable/not-held"},
      {.81, "unavailable/needs-creation"},
      {.82, "unavailable/still-unclear"},
      {.86, "not-processed/petition-complaint"},
      {.89, "not-processed/duplicate"},
      {.90, "not-processed/publication"},
      {.91, "not-processed/vexatious"},
      {.92, "not-processed/confirmation"},
      {.97, "other/other"},
  };
  for (const auto& [lim, code] : table)
    if (u < lim) return code;
  if (regime == 2019) return "other/other";
  return u < .98 ? "already-public" : u < .99 ? "not-this-agency" : "not-government-information";
}
const char* pick_result(double u) { return u < .70 ? "upheld" : u < .85 ? "corrected" : "other"; }
const char* const kSubjects[] = {"征收补偿方案", "行政许可档案", "城市规划图", "环境影响评价", "财政预算执行", "招投标文件",
                                 "学校招生政策", "拆迁安置协议"};

struct Generator {
  Date start, end;
  const std::vector<std::string>& slots;  // 10 000 agency codes, weighted (bench_slot)
  std::mt19937_64 rng{20240501};
  std::uniform_real_distribution<double> uni{0.0, 1.0};
  double u() { return uni(rng); }

  void one(long i, std::vector<GenEvent>& ev, std::string& agency, std::string& channel, std::string& type,
           std::string& applicant, std::string& subject, std::string& letter_ref, Date& rec) {
    ev.clear();
    const int days = end - start + 1;
    rec = start + static_cast<int>(std::floor(days * std::sqrt(u())));
    agency = slots[static_cast<size_t>(std::floor(u() * 10000))];
    channel = pick_channel(u());
    type = pick_type(u());
    applicant = "申请人" + std::to_string(i % 200000);
    subject = kSubjects[static_cast<size_t>(u() * 8)];
    letter_ref = u() < 0.10 ? "LR-" + std::to_string(i) : "";
    const int regime = rec < Date::from_ymd(2019, 5, 15) ? 2008 : 2019;
    const int age = end - rec;
    const int lat = 2 + static_cast<int>(std::floor(38 * std::pow(u(), 1.8)));
    bool corr = u() < 0.15 && age >= 10;
    const double r_stuck = u(), r_tp = u(), r_ext = u(), r_wd = u(), r_out = u(), r_ap = u(), r_ap2 = u(),
                 r_ap3 = u(), r_res = u(), r_lit = u(), r_lit2 = u(), r_res2 = u(), r_cmp = u();
    Date base = rec + (corr ? 6 : 0);
    Date close_on = base + 1 + lat;
    const bool open = (r_stuck < 0.01 && age > 60) || close_on > end;
    bool tp = false, ext = false, rev = true;
    if (open) {
      if (rec + 7 > end) corr = false, base = rec;
      rev = base + 1 <= end;
    } else {
      tp = r_tp < 0.03 && lat >= 12;
      ext = r_ext < 0.12 && lat >= 12;
    }
    const Date rev_on = base + 1;
    ev.push_back({"received", rec});
    if (corr) {
      ev.push_back({"correction-requested", rec + 2});
      ev.push_back({"correction-received", rec + 6});
    }
    if (rev) ev.push_back({"reviewed", rev_on, "handler", "经办人" + std::to_string(i % 37)});
    if (tp) {
      ev.push_back({"third-party-consulted", rev_on + 2});
      ev.push_back({"third-party-replied", rev_on + 7});
    }
    if (ext) ev.push_back({"extended", rev_on + 9, "approved_by", "分管领导"});
    if (!open) {
      if (r_wd < 0.03) {
        ev.push_back({"withdrawn", close_on});
      } else {
        const char* outcome = pick_outcome(r_out, regime);
        ev.push_back({"answered", close_on, "outcome", outcome});
        bool recon = false;
        if (r_ap < 0.045) {
          Date rf = close_on + 10 + static_cast<int>(std::floor(r_ap2 * 40));
          if (rf <= end) {
            recon = true;
            ev.push_back({"reconsideration-filed", rf});
            Date rd = rf + 60;
            if (r_ap3 < 0.85 && rd <= end) {
              ev.push_back({"reconsideration-decided", rd, "result", pick_result(r_res)});
              Date lf = rd + 15;
              if (r_lit < 0.2 && lf <= end) {
                ev.push_back({"litigation-filed", lf});
                if (r_lit2 < 0.7 && lf + 90 <= end) ev.push_back({"litigation-decided", lf + 90, "result", pick_result(r_res2)});
              }
            }
          }
        }
        Date lf = close_on + 20;
        bool withheld = std::string_view(outcome).rfind("withheld/", 0) == 0;
        if (!recon && r_lit < 0.012 && lf <= end && !(withheld && lf >= Date::from_ymd(2024, 1, 1))) {
          ev.push_back({"litigation-filed", lf});
          if (r_lit2 < 0.7 && lf + 90 <= end) ev.push_back({"litigation-decided", lf + 90, "result", pick_result(r_res2)});
        }
      }
    }
    if (r_cmp < 0.02 && ev.back().on + 3 <= end) ev.push_back({"complaint-filed", ev.back().on + 3, "note", "办理超期"});
  }
};

std::vector<std::string> agency_slots(const std::string& conninfo) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  std::vector<std::string> out;
  for (const auto& row : tx.exec("select a.code from bench_slot s join gk_agency a on a.id = s.agency_id order by s.slot"))
    out.push_back(row[0].c_str());
  if (out.size() != 10000) throw std::runtime_error("bench_slot must have 10000 rows (run bench/agencies.sql)");
  return out;
}

// libpq COPY helpers for the ceiling.
PGconn* connect(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(std::string("connect: ") + PQerrorMessage(c));
  return c;
}
void exec_ok(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  auto st = PQresultStatus(r);
  std::string err = PQresultErrorMessage(r);
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(std::string(sql) + ": " + err);
}
size_t copy_out(PGconn* c, const std::string& sql, const std::string& path) {
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_OUT) throw std::runtime_error(sql + ": " + PQerrorMessage(c));
  PQclear(r);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  size_t lines = 0;
  char* buf = nullptr;
  int n;
  while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
    std::fwrite(buf, 1, static_cast<size_t>(n), f);
    ++lines;
    PQfreemem(buf);
  }
  std::fclose(f);
  r = PQgetResult(c);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + PQerrorMessage(c));
  PQclear(r);
  return lines;
}
void copy_in(PGconn* c, const std::string& sql, const std::string& path) {
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) throw std::runtime_error(sql + ": " + PQerrorMessage(c));
  PQclear(r);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot read " + path);
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0)
    if (PQputCopyData(c, buf.data(), static_cast<int>(n)) != 1) throw std::runtime_error(PQerrorMessage(c));
  std::fclose(f);
  if (PQputCopyEnd(c, nullptr) != 1) throw std::runtime_error(PQerrorMessage(c));
  r = PQgetResult(c);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) throw std::runtime_error(sql + ": " + PQerrorMessage(c));
  PQclear(r);
}

// The columns the import writes (gk_import_write, migration 005), table by table in COPY order.
const char* kCaseCols =
    "id, case_no, agency_id, regime, received_on, channel, applicant_type, applicant_masked, subject, letter_ref, "
    "contact_masked, "
    "state, appeal_state, is_open, due_on, due_provisional, final_due_on, outcome, answered_on, closed_on, "
    "closed_kind, correction_notice_on, late_correction_notice, pause_kind, pause_lapses_on, "
    "reconsideration_filed_on, reconsideration_result, reconsideration_decided_on, litigation_filed_on, "
    "litigation_direct, litigation_result, litigation_decided_on, last_event_on, event_count";
const char* kCasePersonalCols = "case_id, agency_id, applicant, contact";
const char* kEventCols = "case_id, seq, kind, occurred_on, actor, recorded_at, details, personal_masked, hash";
const char* kEventPersonalCols = "case_id, seq, agency_id, data";
struct CopiedTable {
  const char* table;
  const char* cols;
  const char* order;
};
const CopiedTable kCopied[] = {{"gk_case", kCaseCols, "id"},
                               {"gk_case_personal", kCasePersonalCols, "case_id"},
                               {"gk_event", kEventCols, nullptr},
                               {"gk_event_personal", kEventPersonalCols, nullptr}};

}  // namespace

int cmd_gen_import(const std::string& conninfo, long cases, const std::string& start, const std::string& end,
                   const std::string& path) {
  auto slots = agency_slots(conninfo);
  Generator g{parse_date(start), parse_date(end), slots};
  std::ofstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + path);
  f << "case,event,on,agency,channel,applicant_type,applicant,subject,letter_ref,outcome,result,amount,approved_by,"
       "handler,note\n";
  std::vector<GenEvent> ev;
  std::string agency, channel, type, applicant, subject, letter_ref;
  Date rec;
  size_t rows = 0;
  std::string line;
  for (long i = 1; i <= cases; ++i) {
    g.one(i, ev, agency, channel, type, applicant, subject, letter_ref, rec);
    std::string ref = "R" + std::to_string(i);
    for (const auto& e : ev) {
      line.clear();
      line += ref;
      line += ',';
      line += e.kind;
      line += ',';
      line += e.on.str();
      line += ',';
      if (std::string_view(e.kind) == "received") {
        line += agency + ',' + channel + ',' + type + ',' + applicant + ',' + subject + ',' + letter_ref + ",,,,,,\n";
      } else {
        line += ",,,,,";  // agency … letter_ref empty
        std::string_view k = e.key ? e.key : "";
        for (const char* col : {"outcome", "result", "amount", "approved_by", "handler", "note"}) {
          line += ',';
          if (k == col) line += e.value;
        }
        line += '\n';
      }
      f << line;
      ++rows;
    }
  }
  f.close();
  std::fprintf(stderr, "wrote %ld cases, %zu rows to %s\n", cases, rows, path.c_str());
  return 0;
}

int cmd_import(const std::string& conninfo, const std::string& path, const std::string& out) {
  auto t0 = Clock::now();
  app::ConnectOptions o;
  o.conninfo = conninfo;
  o.actor = "import";
  auto ctx = app::connect(o);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  app::ImportRequest req;
  req.source = path;
  auto stats = app::import_csv(*ctx, in, req);
  double wall = seconds_since(t0);
  nlohmann::json j = {{"rows", stats.rows},
                      {"cases", stats.cases},
                      {"events", stats.events},
                      {"check_seconds", stats.check_seconds},
                      {"write_seconds", stats.write_seconds},
                      {"seconds", wall},
                      {"rate", static_cast<double>(stats.rows) / wall},
                      {"peak_rss_kib", peak_rss_kib()}};
  std::fprintf(stderr, "import: %zu rows (%zu cases) in %.1f s (check %.1f, write %.1f) = %.0f rows/s, peak RSS %.0f MiB\n",
               stats.rows, stats.cases, wall, stats.check_seconds, stats.write_seconds,
               j["rate"].get<double>(), static_cast<double>(peak_rss_kib()) / 1024);
  write_result(out, j);
  return 0;
}

int cmd_copy_ceiling(const std::string& from, const std::string& to, const std::string& dir, const std::string& out) {
  std::vector<std::string> files;
  size_t case_rows = 0, event_rows = 0, rows = 0;
  {
    PGconn* c = connect(from);
    for (const auto& t : kCopied) {
      files.push_back(dir + "/" + t.table + ".copy");
      std::string sql = t.order ? std::string("copy (select ") + t.cols + " from " + t.table + " order by " + t.order +
                                      ") to stdout"
                                : std::string("copy ") + t.table + " (" + t.cols + ") to stdout";
      size_t n = copy_out(c, sql, files.back());
      rows += n;
      if (std::string_view(t.table) == "gk_case") case_rows = n;
      if (std::string_view(t.table) == "gk_event") event_rows = n;
    }
    PQfinish(c);
  }
  PGconn* c = connect(to);
  auto t0 = Clock::now();
  exec_ok(c, "begin");
  for (size_t i = 0; i < std::size(kCopied); ++i)
    copy_in(c, std::string("copy ") + kCopied[i].table + " (" + kCopied[i].cols + ") from stdin", files[i]);
  exec_ok(c, "commit");
  double wall = seconds_since(t0);
  PQfinish(c);
  for (const auto& f : files) std::remove(f.c_str());
  nlohmann::json j = {{"case_rows", case_rows}, {"event_rows", event_rows}, {"rows", rows}, {"seconds", wall},
                      {"rate", static_cast<double>(event_rows) / wall}};
  std::fprintf(stderr, "COPY: %zu case rows + %zu event rows (%zu rows in all) in %.1f s = %.0f event rows/s\n",
               case_rows, event_rows, rows, wall, j["rate"].get<double>());
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench
