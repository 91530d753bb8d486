#include "db/member_store.h"

#include <nlohmann/json.hpp>

#include "db/pg_session.h"

namespace gongkai::db {

bool add_member(Session& s, const MemberRecord& m, const std::optional<std::string>& password_hash) {
  nlohmann::json agencies = m.agencies;
  return translated([&] {
    Work tx(s.impl());
    auto r = tx->exec_params(
        "select gk_member_add($1, $2, $3, array(select jsonb_array_elements_text($4::jsonb)), $5, $6)", m.login,
        m.name, m.role, agencies.dump(), m.db_login, nullable(password_hash));
    // In the same transaction: a member is never left half-added without the address asked for.
    if (m.email) tx->exec_params("select gk_member_set_email($1, $2)", m.login, *m.email);
    tx.commit();
    return r[0][0].as<bool>();
  });
}

std::vector<MemberRecord> list_members(Session& s) {
  Statement tx(s.impl());
  auto r = tx->exec(
      "select m.login, m.name, m.role, m.db_login, m.disabled, m.password_set_at is not null as has_password,"
      " to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') as created_at, m.created_by,"
      " coalesce((select json_agg(a.code order by a.code) from gk_member_agency ma"
      "           join gk_agency a on a.id = ma.agency_id where ma.login = m.login), '[]')::text as agencies,"
      " e.email from gk_member m left join gk_member_emails() e on e.login = m.login order by m.login");
  std::vector<MemberRecord> out;
  for (const auto& row : r) {
    MemberRecord m;
    m.login = row["login"].c_str();
    m.name = row["name"].c_str();
    m.role = row["role"].c_str();
    m.db_login = row["db_login"].as<bool>();
    m.disabled = row["disabled"].as<bool>();
    m.has_password = row["has_password"].as<bool>();
    m.created_at = row["created_at"].c_str();
    m.created_by = row["created_by"].c_str();
    for (const auto& a : nlohmann::json::parse(row["agencies"].c_str())) m.agencies.push_back(a.get<std::string>());
    if (!row["email"].is_null()) m.email = row["email"].c_str();
    out.push_back(std::move(m));
  }
  return out;
}

bool disable_member(Session& s, const std::string& login) {
  return translated([&] {
    Work tx(s.impl());
    bool changed = tx->exec_params("select gk_member_disable($1)", login)[0][0].as<bool>();
    tx.commit();
    return changed;
  });
}

void set_password(Session& s, const std::string& login, const std::string& password_hash) {
  translated([&] {
    Work tx(s.impl());
    tx->exec_params("select gk_member_set_password($1, $2)", login, password_hash);
    tx.commit();
  });
}

void set_email(Session& s, const std::string& login, const std::optional<std::string>& email) {
  translated([&] {
    Work tx(s.impl());
    tx->exec_params("select gk_member_set_email($1, $2)", login, nullable(email));
    tx.commit();
  });
}

}  // namespace gongkai::db
