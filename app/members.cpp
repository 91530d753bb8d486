#include "app/members.h"

#include <regex>

#include "app/password.h"
#include "app/permissions.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"
#include "workflows/vocabulary.h"

namespace gongkai::app {
namespace {

const std::vector<std::string_view> kRoles = {"registrar", "handler", "supervisor", "statistician", "admin"};

void check_login(const std::string& login) {
  static const std::regex re("^[a-z][a-z0-9_]{0,30}$");
  if (!std::regex_match(login, re))
    throw UsageError("login '" + workflows::printable(login) +
                     "' must be a lower-case letter, then up to 30 of a-z, 0-9 and _");
}

}  // namespace

void check_email(const std::string& email, const std::string& field) {
  // The same rule as the database's gk_email_ok (migration 018), checked here for a clear message.
  static const std::regex re(
      "^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  if (email.size() > 254 || !std::regex_match(email, re))
    throw UsageError(field + " '" + workflows::printable(email) + "' is not a plain address like name@example.org");
}

MemberAdded add_member(Context& ctx, const MemberRequest& r) {
  require(ctx.me(), Action::manage_members);
  check_login(r.login);
  workflows::check_text(r.name, "name", workflows::TextRule{workflows::kMaxNameChars, true, false});
  workflows::check_word(r.role, kRoles, "role");
  if (r.agencies.empty()) throw UsageError("a member needs at least one agency");
  if (r.email) check_email(*r.email);
  for (const auto& a : r.agencies) workflows::check_agency_code(a, "agency");
  std::optional<std::string> hash;
  if (r.password) {
    check_password(*r.password);
    hash = hash_password(*r.password);
  }
  db::MemberRecord m;
  m.login = r.login;
  m.name = r.name;
  m.role = r.role;
  m.agencies = r.agencies;
  m.db_login = r.db_login;
  m.email = r.email;
  return {r.login, db::add_member(ctx.db(), m, hash)};
}

std::vector<MemberRecord> list_members(Context& ctx) { return db::list_members(ctx.db()); }

nlohmann::json members_json(const std::vector<MemberRecord>& all) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& m : all)
    j.push_back({{"login", m.login}, {"name", m.name}, {"role", m.role}, {"agencies", m.agencies},
                 {"disabled", m.disabled}, {"db_login", m.db_login}, {"password_set", m.has_password},
                 {"created_at", m.created_at}, {"created_by", m.created_by},
                 {"email", m.email ? nlohmann::json(*m.email) : nlohmann::json(nullptr)}});
  return j;
}

bool disable_member(Context& ctx, const std::string& login) {
  require(ctx.me(), Action::manage_members);
  check_login(login);
  return db::disable_member(ctx.db(), login);
}

void set_password(Context& ctx, const std::string& login, const std::string& password) {
  check_login(login);
  if (login != ctx.me().login) require(ctx.me(), Action::manage_members);
  check_password(password);
  db::set_password(ctx.db(), login, hash_password(password));
}

void set_email(Context& ctx, const std::string& login, const std::optional<std::string>& email) {
  require(ctx.me(), Action::manage_members);
  check_login(login);
  if (email) check_email(*email);
  db::set_email(ctx.db(), login, email);
}

}  // namespace gongkai::app
