#include "app/web_auth.h"

#include <sodium.h>

#include "app/password.h"
#include "db/web_store.h"
#include "engine/errors.h"

namespace gongkai::app {
namespace {

std::string hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2, '0');
  sodium_bin2hex(out.data(), out.size() + 1, bytes, n);
  return out;
}

std::string sha256(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

void ensure_sodium() {
  if (sodium_init() < 0) throw InternalError("libsodium could not be initialised");
}

// A valid hash of nothing anyone types: an unknown login costs the same time as a wrong password.
const std::string& decoy_hash() {
  static const std::string h = hash_password("gongkai decoy: no member has this password");
  return h;
}

const char* kRefused = "wrong login or password (or the member is disabled, or has no password for the pages)";

}  // namespace

LoggedIn web_login(db::Session& web, const std::string& login, const std::string& password, const std::string& kind,
                   const std::string& client) {
  ensure_sodium();
  web.act_for("");
  auto record = login.empty() || login.size() > 31 ? std::nullopt : db::web_password(web, login);
  const bool usable = record && !record->disabled && !record->hash.empty();
  const bool matches = password_matches(usable ? record->hash : decoy_hash(), password);
  if (!usable || !matches) throw NotPermitted(kRefused);
  if (password_needs_rehash(record->hash)) db::web_rehash(web, login, record->hash, hash_password(password));
  unsigned char token[32];
  randombytes_buf(token, sizeof token);
  LoggedIn in{login, hex(token, sizeof token)};
  db::web_session_open(web, sha256(in.token), login, kind, client);
  return in;
}

std::optional<db::Identity> web_session_identity(db::Session& web, const std::string& token,
                                                 const WebSessionPolicy& policy) {
  ensure_sodium();
  if (token.size() != 64) return std::nullopt;
  web.act_for("");
  return db::web_session_identity(web, sha256(token), policy.idle_seconds, policy.max_seconds);
}

void web_logout(db::Session& web, const std::string& token) {
  ensure_sodium();
  if (token.size() != 64) return;
  web.act_for("");
  db::web_session_end(web, sha256(token));
}

std::string csrf_token(const std::string& session_token) {
  ensure_sodium();
  std::string d = sha256("gongkai csrf " + session_token);
  return hex(reinterpret_cast<const unsigned char*>(d.data()), 16);
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gongkai::app
