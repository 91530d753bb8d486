// gongkai search (issue 12: < 50 ms on the 10 M-case database): app::search_cases in process on a
// long-lived context and `gongkai search TEXT --json` process start to exit, as the installation's
// administrator, as a supervisor of every agency (who may not search by names) and as a county's
// supervisor (its own scope), for texts of each kind, beside the same places searched by plain SQL
// as the superuser (bench/raw_search*.sql: no row-level security, no scope).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <pqxx/pqxx>

#include "app/cases.h"
#include "app/connect.h"
#include "bench/bench_common.h"
#include "bench/bench_main.h"

namespace gongkai::bench {
namespace {

// A context as the CLI makes one (app::connect: who acts, SET ROLE for the administrator).
std::unique_ptr<app::Context> open_search_ctx(const std::string& conninfo) {
  app::ConnectOptions o;
  o.conninfo = conninfo;
  return app::connect(o);
}

// A first run slower than this reads whole tables: once is enough to say so.
constexpr double kSlowMs = 1000;

struct SearchText {
  std::string key, label, text;
};

// The texts: what the generator writes (bench/gen_bigdb.sql) — eight subjects, one case in eight
// each; names 申请人0 … 申请人199999, 50 cases each; the note 办理超期 on the 2 % of cases with a
// complaint; letter references LR-<n> on 10 % — and a letter reference and a number of a case of
// `agency`'s subtree, so that its supervisor finds them too.
std::vector<SearchText> search_texts(pqxx::connection& c, const std::string& agency) {
  pqxx::nontransaction tx(c);
  auto r = tx.exec_params(
      "with recursive s as (select id from gk_agency where code = $1"
      " union select a.id from gk_agency a join s on a.parent_id = s.id)"
      " select c.letter_ref, substr(c.case_no, char_length(a.code) + 2) from gk_case c"
      " join gk_agency a on a.id = c.agency_id"
      " where c.agency_id in (select id from s) and c.letter_ref is not null"
      " and c.received_on between date '2025-03-01' and date '2025-03-31'"
      " order by c.received_on, c.case_no limit 1",
      agency);
  if (r.empty()) throw std::runtime_error("no case with a letter reference in " + agency + "'s subtree");
  std::string ref = r[0][0].c_str();
  const std::string number = r[0][1].c_str();
  // The reference as a clerk types it: matching ignores Latin letters' case.
  for (auto& ch : ref) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return {
      {"subject_common", "a subject's substring, one case in eight (征收补偿)", "征收补偿"},
      {"note", "a note's text, 2 % of cases (办理超期)", "办理超期"},
      {"name_part", "part of an applicant's name, 50 cases (申请人123456)", "申请人123456"},
      {"name_whole", "a two-character whole name (张三; the generated names are longer: none)", "张三"},
      {"letter_ref", "a letter reference, typed in lower case (" + ref + ")", ref},
      {"case_no_part", "a case number without its agency (" + number + ")", number},
      {"nothing", "a text found nowhere (不存在的文字)", "不存在的文字"},
  };
}

int char_count(const std::string& utf8) {  // UTF-8 lead bytes
  int n = 0;
  for (unsigned char ch : utf8) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string like_pattern(const std::string& text) {  // as db::search_cases makes it
  std::string p = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  return p + "%";
}

}  // namespace

int cmd_search_texts(const std::string& conninfo, const std::string& agency) {
  pqxx::connection c(conninfo);
  for (const auto& t : search_texts(c, agency)) {
    const bool short_text = char_count(t.text) < 3;
    std::printf("%s\t%s\t%s\t%s\t%s\n", t.key.c_str(), t.text.c_str(), like_pattern(t.text).c_str(),
                short_text ? "raw_search_short.sql" : "raw_search.sql",
                short_text ? t.text.c_str() : like_pattern(t.text).c_str());
  }
  return 0;
}

int cmd_search(const std::string& conninfo, const std::string& sup_subtree, const std::string& sup_all,
               const std::string& agency, int runs, const std::string& gongkai_exe, int cli_runs, int raw_runs,
               int limit, const std::string& out) {
  pqxx::connection raw(conninfo);
  auto texts = search_texts(raw, agency);

  struct Who {
    std::string key, conninfo;
  };
  const std::vector<Who> who = {{"admin", conninfo}, {"sup_all", sup_all}, {"sup_subtree", sup_subtree}};
  std::map<std::string, std::unique_ptr<app::Context>> ctx;  // long-lived, one per identity
  for (const auto& w : who) {
    ctx[w.key] = open_search_ctx(w.conninfo);
    ctx[w.key]->calendar();
  }

  nlohmann::json j = {{"runs", runs},   {"cli_runs", cli_runs}, {"raw_runs", raw_runs},
                      {"limit", limit}, {"agency", agency},     {"items", nlohmann::json::array()}};
  for (const auto& t : texts) {
    std::map<std::string, std::vector<double>> lib, cli;
    std::map<std::string, double> first;
    std::map<std::string, std::vector<std::string>> found;
    // A search that reads whole tables (seconds) is run once per reader: its first run is its
    // figure, and the CLI runs once, as the administrator. The others: a warm-up, then `runs`.
    bool slow = false;
    for (int i = 0; i <= runs && !(slow && i > 0); ++i) {
      for (size_t k = 0; k < who.size(); ++k) {  // the identities in turn, the first rotating
        const auto& w = who[(k + static_cast<size_t>(i)) % who.size()];
        app::SearchRequest r;
        r.text = t.text;
        r.limit = limit;
        auto t0 = Clock::now();
        auto rows = app::search_cases(*ctx[w.key], r);
        double ms = ms_since(t0);
        if (i == 0) first[w.key] = ms;  // warms the cache; not in the median
        else lib[w.key].push_back(ms);
        found[w.key].clear();
        for (const auto& row : rows) found[w.key].push_back(row.case_no);
      }
      if (i == 0)
        for (const auto& w : who) slow = slow || first[w.key] > kSlowMs;
    }
    if (slow)
      for (const auto& w : who) lib[w.key] = {first[w.key]};
    try {
      for (int i = 0; i < (slow ? std::min(cli_runs, 1) : cli_runs); ++i)
        for (size_t k = 0; k < (slow ? 1 : who.size()); ++k) {
          const auto& w = who[(k + static_cast<size_t>(i)) % who.size()];
          cli[w.key].push_back(time_exec({gongkai_exe, "--db", w.conninfo, "search", t.text, "--limit",
                                          std::to_string(limit), "--json"}));
        }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "search %s: CLI run failed: %s\n", t.key.c_str(), e.what());
    }
    // The ceiling: the same places by plain SQL as the superuser.
    std::vector<double> rw;
    double raw_first = 0;
    std::vector<std::string> raw_found;
    const bool short_text = char_count(t.text) < 3;
    bool raw_slow = false;
    for (int i = 0; raw_runs > 0 && i <= raw_runs && !(raw_slow && i > 0); ++i) {
      pqxx::nontransaction tx(raw);
      auto t0 = Clock::now();
      auto res = short_text ? tx.exec_params(bench_sql("raw_search_short.sql"), t.text, limit)
                            : tx.exec_params(bench_sql("raw_search.sql"), like_pattern(t.text), limit);
      double ms = ms_since(t0);
      if (i == 0) raw_first = ms, raw_slow = ms > kSlowMs;
      else rw.push_back(ms);
      if (raw_slow) rw = {raw_first};  // as above: once
      raw_found.clear();
      for (const auto& row : res) raw_found.push_back(row[0].c_str());
    }
    nlohmann::json r = {{"key", t.key}, {"label", t.label}, {"text", t.text}, {"short", short_text}, {"slow", slow}};
    for (const auto& w : who) {
      r[w.key] = {{"ms", stats(lib[w.key])}, {"first_ms", first[w.key]}, {"rows", found[w.key].size()}};
      if (!cli[w.key].empty()) r[w.key]["cli_ms"] = stats(cli[w.key]);
    }
    r["raw_ms"] = stats(rw);
    r["raw_slow"] = raw_slow;
    r["raw_first_ms"] = raw_first;
    r["raw_rows"] = raw_found.size();
    // The administrator sees every case and name: the same cases as the superuser, in the same order.
    r["same_as_raw"] = raw_runs <= 0 || found["admin"] == raw_found;
    std::fprintf(stderr,
                 "search %-14s admin %7.1f ms (p95 %7.1f, %2zu rows), sup_all %7.1f ms (%2zu), sup_subtree %7.1f ms "
                 "(%2zu); CLI %6.1f / %6.1f / %6.1f ms; raw %7.1f ms (%zu rows)%s\n",
                 t.key.c_str(), median(lib["admin"]), percentile(lib["admin"], 95), found["admin"].size(),
                 median(lib["sup_all"]), found["sup_all"].size(), median(lib["sup_subtree"]),
                 found["sup_subtree"].size(), median(cli["admin"]), median(cli["sup_all"]),
                 median(cli["sup_subtree"]), median(rw), raw_found.size(),
                 r["same_as_raw"].get<bool>() ? "" : "  (NOT THE RAW QUERY'S CASES)");
    j["items"].push_back(r);
  }
  write_result(out, j);
  return 0;
}

}  // namespace gongkai::bench
