// Opening a request context: connecting to the database (the one named, or the embedded default),
// finding out who is acting, and deciding what today is. Also `gongkai init` and the embedded
// default's management, which come before any context exists.
#pragma once
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "engine/errors.h"

namespace gongkai::app {

struct ConnectOptions {
  std::string conninfo;           // a libpq conninfo or URI; "" = the embedded default
  std::optional<std::string> actor;  // who the administrator says acts (else the OS user); a
                                     // member may only name itself
  bool actor_named = false;  // the actor was named on purpose (--actor): refused for members
  std::optional<Date> today;      // a fixed today (GONGKAI_TODAY): any date in a training
                                  // database, elsewhere only up to the real date, with a warning
  std::function<void(const std::string&)> warn;  // what the user should know (stderr)
  // A long-lived server's session (logged in as gongkai_web): act for this member, transaction
  // by transaction. Never the administrator.
  std::optional<std::string> act_for;
  // Who act_for is, as the database already said with the request's session check
  // (app::web_session_identity): not asked a second time.
  std::optional<db::Identity> identity;
};

// Connects and says who acts: an enabled member as itself; a role that is no member but may act
// as the installation's administrator (the database's owner, whoever ran `gongkai init`, the
// embedded default's OS user) as gongkai_admin — never as the tables' owner or a superuser.
// The embedded default is started, created and migrated as needed; a database named otherwise
// must be at this gongkai's schema version. NotPermitted for a role that is neither, or a
// disabled member, or a member naming another actor.
std::unique_ptr<Context> connect(const ConnectOptions& o);

// A context over a session the caller opened (tests, benchmarks): as connect() does after
// connecting.
std::unique_ptr<Context> context_for(std::unique_ptr<db::Session> s, const ConnectOptions& o);
// A context borrowing a session and its calendar cache (a server: one per request, acting for
// o.act_for). One round trip: who acts, and whether the calendar changed since it was read.
std::unique_ptr<Context> context_for(db::Session& s, CalendarCache& cache, const ConnectOptions& o);

struct InitResult {
  int schema_version = 0;
  std::vector<int> calendar_years_loaded;  // shipped years the database lacked
  bool training = false;
};
// `gongkai init`: makes gongkai's roles, creates or migrates the schema (as the connecting role,
// which needs CREATEROLE or to be a superuser), then as the administrator loads the shipped
// calendar's missing years; `training` (when given) makes it a training database or not.
InitResult initialise(const ConnectOptions& o, std::optional<bool> training);

// A long-lived server's session: the embedded default (started, created and migrated as needed)
// as gongkai_web, or the database named, whose schema must be this gongkai's. NotPermitted for a
// login that is a superuser, the tables' owner, may be the administrator, owns the database or is
// a member: a server acts only as members, per transaction (ConnectOptions::act_for).
std::unique_ptr<db::Session> open_server_session(const ConnectOptions& o);

// A PostgreSQL superuser's session, for what PostgreSQL 15 leaves to superusers (a subscription,
// a replication login: `federation add`, `federation allow`): the embedded default's own
// superuser, or the database named when its login is one (NotPermitted otherwise). Its schema
// must be this gongkai's.
std::unique_ptr<db::Session> open_superuser_session(const ConnectOptions& o);

// Any exception as gongkai's error with a one-line message (database failures explained: the
// schema missing, the server unreachable …). `ctx` may be null.
Error as_error(const std::exception& e, Context* ctx);

// The embedded default database (db status|start|stop|destroy|backup|restore).
struct EmbeddedStatus {
  std::filesystem::path home, data_dir, socket_dir;
  std::string conninfo;
  bool running = false;
  bool exists = false;
};
EmbeddedStatus embedded_status();
EmbeddedStatus embedded_start();  // creates (first time), starts, and gives it its schema
EmbeddedStatus embedded_stop();
// Stops the server and deletes the cluster and everything gongkai keeps under the home.
EmbeddedStatus embedded_destroy();
// A consistent copy of the whole embedded cluster in `file` (a gzipped tar), taken while it serves.
EmbeddedStatus embedded_backup(const std::filesystem::path& file);
// The embedded database of a fresh home made from such a copy, started and migrated. Conflict when
// the home has a database already.
EmbeddedStatus embedded_restore(const std::filesystem::path& file);

}  // namespace gongkai::app
