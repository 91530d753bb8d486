#include "db/audit_store.h"

#include "db/pg_session.h"

namespace gongkai::db {

AuditScan audit_scan(Session& s, const std::function<void(StoredCase&&)>& on_case,
                     const std::function<void(const ChainHead&)>& on_head) {
  auto& impl = s.impl();
  Snapshot tx(impl);
  AuditScan out;
  tx->exec(query_text("audit_cases.sql"));
  std::optional<StoredCase> current;
  auto flush = [&] {
    if (!current) return;
    ++out.cases;
    on_case(std::move(*current));
    current.reset();
  };
  for (;;) {
    auto r = tx->exec("fetch forward 5000 from gk_audit");
    if (r.empty()) break;
    for (const auto& row : r) {
      if (!current || current->case_no != row["case_no"].c_str()) {
        flush();
        current.emplace();
        current->case_no = row["case_no"].c_str();
        current->agency = row["agency"].c_str();
        current->row = nlohmann::json::parse(row["row"].c_str());
        current->personal_masked = row["masked"].as<bool>();
      }
      current->events.push_back(event_from_row(row));
    }
  }
  flush();
  tx->exec("close gk_audit");
  std::string last;
  for (const auto& row : tx->exec("select case_no, seq, problem from gk_chain_breaks()")) {
    if (last == row[0].c_str()) continue;  // the first break of a case is the one to look at
    last = row[0].c_str();
    out.breaks.push_back({row[0].c_str(), row[1].as<int>(), row[2].c_str()});
  }
  for (const auto& row : tx->exec("select case_no, problem from gk_personal_breaks()"))
    out.personal.push_back({row[0].c_str(), row[1].c_str()});
  if (on_head) {
    tx->exec("declare gk_heads no scroll cursor for select case_no, events, head from gk_chain_heads order by case_no");
    for (;;) {
      auto r = tx->exec("fetch forward 10000 from gk_heads");
      if (r.empty()) break;
      for (const auto& row : r) on_head({row[0].c_str(), row[1].as<int>(), row[2].c_str()});
    }
    tx->exec("close gk_heads");
  }
  tx.commit();
  return out;
}

}  // namespace gongkai::db

namespace gongkai::db {

std::vector<HeadMismatch> compare_heads(Session& s, const std::function<bool(ChainHead&)>& next) {
  Work tx(s.impl());
  tx->exec("create temp table gk_kept_heads (case_no text not null, events integer not null, head text not null) "
          "on commit drop");
  {
    pqxx::stream_to out(*tx, "gk_kept_heads", std::vector<std::string>{"case_no", "events", "head"});
    ChainHead h;
    while (next(h)) out << std::make_tuple(h.case_no, h.events, h.head);
    out.complete();
  }
  std::vector<HeadMismatch> found;
  for (const auto& row : tx->exec(query_text("audit_compare_heads.sql")))
    found.push_back({row[0].c_str(), row[1].as<int>(), row[2].c_str()});
  tx.commit();
  return found;
}

std::vector<PaperBreak> paper_breaks(Session& s) {
  ReadOnly tx(s.impl());
  std::vector<PaperBreak> found;
  for (const auto& row : tx->exec(query_text("audit_paper.sql"))) found.push_back({row[0].c_str(), row[1].c_str()});
  tx.commit();
  return found;
}

}  // namespace gongkai::db
