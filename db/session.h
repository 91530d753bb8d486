// One connection to a gongkai database, who it acts as, and its schema migrations. libpqxx stays
// behind this header: callers outside db/ see only this class and the store functions.
#pragma once
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/errors.h"

namespace gongkai::db {

// Who the connection acts as, as the database says (gk_whoami).
struct Identity {
  std::string login;   // the role acting (gongkai_admin for the administrator)
  std::string name;    // a member's name
  std::string role;    // registrar | handler | supervisor | statistician | admin
  bool member = false;      // an enabled or disabled member
  bool admin = false;       // the installation's administrator
  bool disabled = false;
  std::vector<std::string> agencies;  // a member's listed agencies
  bool training = false;    // a training database (gk_setting training = on)
  long long calendar_version = 0;
  bool may_become_admin = false;  // the logged-in role may SET ROLE gongkai_admin
};

// The calendar changed between reading it and writing with it: read it again and retry.
struct CalendarChanged : Conflict {
  explicit CalendarChanged(const std::string& w) : Conflict(w) {}
};

class Session {
 public:
  static std::unique_ptr<Session> open(const std::string& conninfo);
  ~Session();

  int schema_version();  // 0 when the database has no gongkai schema yet
  // Makes the roles, applies the pending migrations and hands every object to gongkai_owner, in
  // one transaction; returns the version. Needs a superuser or a role with CREATEROLE.
  int migrate();
  int latest_version() const;

  // The embedded default's everyday login (db/sql/embedded_role.sql); needs a superuser.
  void make_embedded_role();

  // Who the logged-in role is (and, after act_as_admin, who it acts as).
  Identity whoami();
  // SET ROLE gongkai_admin for the rest of the session: the administrator never acts as the
  // owner or a superuser. NotPermitted when the logged-in role may not.
  void act_as_admin();
  // From now on acts for member `login` transaction by transaction (SET LOCAL ROLE in each, so
  // that nothing outlives a transaction); "" = as the role that logged in. For a long-lived server
  // logged in as gongkai_web, which is granted every member's role and nothing else.
  void act_for(const std::string& login);
  // The logged-in role (session_user).
  std::string login_role();
  // What the logged-in role could do beyond a member's: a server must have none of it.
  struct LoginPrivileges {
    std::string login;
    bool superuser = false, owner = false, admin = false, owns_database = false, member = false;
  };
  LoginPrivileges login_privileges();

  struct Impl;  // db/pg_session.h
  Impl& impl() { return *impl_; }

 private:
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The connection to the database was lost (the server restarted or went away): a new session may
// do what this one could not.
bool connection_lost(const std::exception& e);

// Makes the database a training one (GONGKAI_TODAY may fix any date) or not. NotPermitted unless
// the caller administers every agency.
void set_training(Session& s, bool on);

// A database failure as one of gongkai's errors with a one-line message: the schema missing or
// older than this gongkai, the server unreachable, a refusal by a gongkai function or by the
// database's privileges. nullopt when `e` is no database failure. `s` (may be null) helps explain
// a missing schema.
std::optional<Error> database_error(const std::exception& e, Session* s);

}  // namespace gongkai::db
