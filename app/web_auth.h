// Logging in to the web pages and the API: a member's password checked against its libsodium hash
// (Argon2id; rehashed when today's parameters are stronger), sessions as random 256-bit tokens of
// which only the SHA-256 is kept, checked on every request; a CSRF token derived from the session's.
// These run on the web server's own session (gongkai_web, acting for nobody).
#pragma once
#include <optional>
#include <string>

#include "db/session.h"

namespace gongkai::app {

struct WebSessionPolicy {
  int idle_seconds = 30 * 60;      // a session unused this long ends
  int max_seconds = 12 * 60 * 60;  // and any after this long
};

struct LoggedIn {
  std::string login;
  std::string token;  // 64 hex digits: the cookie's or the bearer token's value
};

// kind: "browser" or "api"; client: the address, for the member's record. NotPermitted with the
// same message for an unknown login, a wrong password, a member without a password and a disabled
// one (and the same time spent: a login's existence does not show).
LoggedIn web_login(db::Session& web, const std::string& login, const std::string& password, const std::string& kind,
                   const std::string& client);
// Who the token's session's member is (as ConnectOptions::identity takes it), if the session is
// still valid. One round trip.
std::optional<db::Identity> web_session_identity(db::Session& web, const std::string& token,
                                                 const WebSessionPolicy& policy);
void web_logout(db::Session& web, const std::string& token);
// The CSRF token of a session's forms: derived from the session's token, so nothing more to keep,
// and it does not reveal the session's token.
std::string csrf_token(const std::string& session_token);
// Compares two secrets in time independent of where they differ.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace gongkai::app
