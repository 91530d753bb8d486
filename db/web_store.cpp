#include "db/web_store.h"

#include "db/pg_session.h"

namespace gongkai::db {
namespace {
// bytea as a parameter: PostgreSQL's hex form.
std::string bytea(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\\x";
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}
}  // namespace

std::optional<PasswordRecord> web_password(Session& s, const std::string& login) {
  return translated([&]() -> std::optional<PasswordRecord> {
    Statement tx(s.impl());
    auto r = tx->exec_params("select coalesce(password_hash, ''), disabled from gk_web_password($1)", login);
    if (r.empty()) return std::nullopt;
    return PasswordRecord{r[0][0].c_str(), r[0][1].as<bool>()};
  });
}

void web_rehash(Session& s, const std::string& login, const std::string& old_hash, const std::string& new_hash) {
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_web_rehash($1, $2, $3)", login, old_hash, new_hash);
    tx.commit();
  });
}

void web_session_open(Session& s, const std::string& token_hash, const std::string& login, const std::string& kind,
                      const std::string& client) {
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_web_session_open($1::bytea, $2, $3, $4)", bytea(token_hash), login, kind, client);
    tx.commit();
  });
}

std::optional<Identity> web_session_identity(Session& s, const std::string& token_hash, int idle_seconds,
                                             int max_seconds) {
  return translated([&]() -> std::optional<Identity> {
    Statement tx(s.impl());  // as gongkai_web itself: one statement, no transaction around it
    auto r = tx->exec_params(std::string("select ") + kIdentityColumns +
                                 ", false as may_become_admin from gk_web_session_whoami($1::bytea, "
                                 "make_interval(secs => $2), make_interval(secs => $3)) w",
                             bytea(token_hash), idle_seconds, max_seconds);
    tx.commit();
    if (r.empty()) return std::nullopt;
    return identity_of(r[0]);
  });
}

void web_session_end(Session& s, const std::string& token_hash) {
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_web_session_end($1::bytea)", bytea(token_hash));
    tx.commit();
  });
}

}  // namespace gongkai::db
