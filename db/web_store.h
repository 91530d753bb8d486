// What the web server asks the database before it knows who is asking (migration 006): a member's
// password hash, and its sessions. Only the role gongkai_web, acting for nobody, may ask.
#pragma once
#include <optional>
#include <string>

#include "db/session.h"

namespace gongkai::db {

struct PasswordRecord {
  std::string hash;  // "" when no password is set
  bool disabled = false;
};
// nullopt for an unknown login.
std::optional<PasswordRecord> web_password(Session& s, const std::string& login);
// Replaces the hash if it is still `old_hash` (a rehash with today's parameters).
void web_rehash(Session& s, const std::string& login, const std::string& old_hash, const std::string& new_hash);

// `token_hash`: SHA-256 of the session's token (32 bytes); the token itself is never stored.
void web_session_open(Session& s, const std::string& token_hash, const std::string& login, const std::string& kind,
                      const std::string& client);
// Who the session's member is, as the member itself would be told (Session::whoami), or nullopt
// (unknown, ended, idle or too old, member disabled). One round trip (migration 010).
std::optional<Identity> web_session_identity(Session& s, const std::string& token_hash, int idle_seconds,
                                             int max_seconds);
void web_session_end(Session& s, const std::string& token_hash);

}  // namespace gongkai::db
