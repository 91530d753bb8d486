// Members: the people who use an installation, each a PostgreSQL role with a role in the office
// and a scope of agencies (migration 005). Every write is a gongkai function in the database that
// checks the caller may make it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::db {

struct MemberRecord {
  std::string login, name, role;
  std::vector<std::string> agencies;  // as listed (the scope is each and everything under it)
  bool db_login = false;              // the role may log in to the database
  bool disabled = false;
  bool has_password = false;          // a web password is set
  std::optional<std::string> email;   // where its reminders go (migration 018); none when unset or not the caller's to see
  std::string created_at, created_by;
};

// Adds a member and its role. Returns true when a role of that name (a member of another gongkai
// database on this server) was taken over. UsageError for a bad or taken login, an unknown role;
// NotFound for an agency outside the caller's scope; NotPermitted unless an admin.
bool add_member(Session& s, const MemberRecord& m, const std::optional<std::string>& password_hash);
// The members the caller may see: itself; for an admin, those it manages.
std::vector<MemberRecord> list_members(Session& s);
// False when already disabled. NotFound for a member outside the caller's management.
bool disable_member(Session& s, const std::string& login);
void set_password(Session& s, const std::string& login, const std::string& password_hash);
// Sets (none: clears) a member's e-mail address. NotFound for a member outside the caller's
// management (a member's own too, unless it is an admin); UsageError for an address the database
// refuses.
void set_email(Session& s, const std::string& login, const std::optional<std::string>& email);

}  // namespace gongkai::db
