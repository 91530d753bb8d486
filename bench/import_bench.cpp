// Import: a generated CSV of N cases (the same mix as bench/gen_bigdb.sql), app::import_csv on it
// (as the installation's administrator) into an empty database, and the raw ceiling: a plain COPY
// of the very rows the import wrote — case rows, their personal parts, events with their hashes —
// (dumped from the imported database) into another empty database with the same schema.
#include <libpq-fe.h>
#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>
#include <pqxx/pqxx>

#include "app/bulk.h"
#include "app/connect.h"
#include "bench/bench_common.h"
#include "bench/bench_main.h"
#include "bench/case_generator.h"
#include "engine/date.h"

namespace gongkai::bench {

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

namespace {

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
  const size_t rows = write_import_csv(f, g, cases);
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
