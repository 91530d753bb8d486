// The people who use an installation: members, each a PostgreSQL role with a role in the office
// and a scope of agencies. Members are disabled, never deleted (the history keeps its actors).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/member_store.h"

namespace gongkai::app {

struct MemberRequest {
  std::string login, name, role;
  std::vector<std::string> agencies;
  bool db_login = false;
  std::optional<std::string> password;  // the web password, hashed before it leaves
  std::optional<std::string> email;     // where its reminders go (docs/reminders.md)
};
struct MemberAdded {
  std::string login;
  bool role_taken_over = false;  // a role of that name (of another gongkai database) now serves here too
};
// Admins, within their scope. UsageError for a bad login, name, role or password.
MemberAdded add_member(Context& ctx, const MemberRequest& r);
using MemberRecord = db::MemberRecord;
std::vector<MemberRecord> list_members(Context& ctx);
nlohmann::json members_json(const std::vector<MemberRecord>& all);
// False when it was disabled already.
bool disable_member(Context& ctx, const std::string& login);
// A member may set its own; an admin those of the members it manages.
void set_password(Context& ctx, const std::string& login, const std::string& password);
// Admins, of the members they manage: sets a member's e-mail address, or clears it (none).
// UsageError for an address that is not a plain one (check_email).
void set_email(Context& ctx, const std::string& login, const std::optional<std::string>& email);
// A plain address: letters, digits and . _ % + - before the @ (at most 64), a domain of
// dot-separated labels of letters, digits and -, at most 254 in all — nothing that could name a
// second recipient or start a header in a mail. UsageError naming the field otherwise.
void check_email(const std::string& email, const std::string& field = "email");

}  // namespace gongkai::app
