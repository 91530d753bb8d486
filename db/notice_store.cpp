#include "db/notice_store.h"

#include "db/pg_session.h"
#include "engine/errors.h"

namespace gongkai::db {
namespace {

StoredNotice notice_from_row(const pqxx::row& r) {
  StoredNotice n;
  n.id = r["id"].as<long long>();
  n.kind = r["kind"].c_str();
  n.step_seq = r["step_seq"].as<int>();
  n.number = r["number"].c_str();
  n.issued_on = parse_date(r["issued_on"].c_str(), "stored date");
  n.actor = r["actor"].c_str();
  n.template_version = r["template_version"].as<int>();
  n.sha256 = r["sha256"].c_str();
  n.recorded_at = r["recorded_at"].c_str();
  return n;
}

}  // namespace

int set_notice_setting(Session& s, const NoticeSetting& v) {
  return translated([&] {
    Statement tx(s.impl());
    auto r = tx->exec_params1("select gk_notice_setting_set($1, $2, $3, $4, $5)", v.agency, v.reconsideration_organ,
                              v.court, v.reconsideration_first, v.number_prefix);
    tx.commit();
    return r[0].as<int>();
  });
}

std::vector<NoticeSetting> notice_settings(Session& s, const std::string& agency) {
  auto& impl = s.impl();
  impl.prepare("notice_settings.sql");
  Statement tx(impl);
  std::vector<NoticeSetting> out;
  for (const auto& r : tx->exec_prepared("notice_settings.sql", agency.empty() ? nullptr : agency.c_str()))
    out.push_back({r["agency"].c_str(), r["version"].as<int>(), r["reconsideration_organ"].c_str(),
                   r["court"].c_str(), r["reconsideration_first"].as<bool>(), r["number_prefix"].c_str(),
                   r["set_at"].c_str(), r["set_by"].c_str()});
  return out;
}

int set_notice_template(Session& s, const std::string& agency, const std::string& kind, const std::string& body) {
  return translated([&] {
    Statement tx(s.impl());
    auto r = tx->exec_params1("select gk_notice_template_set($1, $2, $3)", agency, kind, body);
    tx.commit();
    return r[0].as<int>();
  });
}

std::optional<NoticeTemplate> notice_template(Session& s, const std::string& agency, const std::string& kind) {
  auto& impl = s.impl();
  impl.prepare("notice_template.sql");
  Statement tx(impl);
  auto r = tx->exec_prepared("notice_template.sql", agency, kind);
  if (r.empty()) return std::nullopt;
  return NoticeTemplate{r[0]["version"].as<int>(), r[0]["body"].c_str(), r[0]["set_at"].c_str(),
                        r[0]["set_by"].c_str()};
}

std::vector<StoredNotice> list_notices(Session& s, const std::string& case_no) {
  auto& impl = s.impl();
  impl.prepare("notice_list.sql");
  Statement tx(impl);
  std::vector<StoredNotice> out;
  for (const auto& r : tx->exec_prepared("notice_list.sql", case_no)) out.push_back(notice_from_row(r));
  return out;
}

std::optional<std::string> notice_document(Session& s, long long id) {
  auto& impl = s.impl();
  impl.prepare("notice_document.sql");
  Statement tx(impl);
  auto r = tx->exec_prepared("notice_document.sql", id);
  if (r.empty()) return std::nullopt;
  return std::string(r[0][0].c_str());
}

IssueResult issue_notice(Session& s, const std::string& case_no, const std::string& kind, int step_seq,
                         const std::string& actor, int template_version,
                         const std::function<std::string(const std::string& number)>& compose) {
  auto& impl = s.impl();
  return translated([&] {
    Work tx(impl);
    auto b = tx->exec_params1("select existing_id, seq_no, number from gk_notice_begin($1, $2, $3)", case_no, kind,
                              step_seq);
    if (!b["existing_id"].is_null()) {
      const long long id = b["existing_id"].as<long long>();
      auto r = tx->exec_params1(
          "select n.id, n.kind, n.step_seq, n.number, n.issued_on, n.actor, n.template_version, "
          "encode(n.sha256, 'hex') as sha256, n.recorded_at::text as recorded_at from gk_notice n where n.id = $1",
          id);
      IssueResult out{notice_from_row(r), true};
      auto d = tx->exec_params("select document from gk_notice_document where notice_id = $1", id);
      if (!d.empty()) out.notice.document = d[0][0].c_str();
      tx.commit();
      return out;
    }
    const int seq_no = b["seq_no"].as<int>();
    const std::string number = b["number"].c_str();
    const std::string document = compose(number);
    auto st = tx->exec_params1("select sha256, recorded_at::text as recorded_at from gk_notice_store($1, $2, $3, $4, $5, $6, $7)",
                               case_no, kind, step_seq, seq_no, actor.empty() ? nullptr : actor.c_str(),
                               template_version, document);
    auto r = tx->exec_params1(
        "select n.id, n.kind, n.step_seq, n.number, n.issued_on, n.actor, n.template_version, "
        "encode(n.sha256, 'hex') as sha256, n.recorded_at::text as recorded_at from gk_notice n "
        "join gk_case c on c.id = n.case_id where c.case_no = $1 and n.kind = $2 and n.step_seq = $3",
        case_no, kind, step_seq);
    tx.commit();
    IssueResult out{notice_from_row(r), false};
    out.notice.document = document;
    return out;
  });
}

}  // namespace gongkai::db
