#include "app/connect.h"

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

#include "db/calendar_store.h"
#include "db/embedded_cluster.h"
#include "db/federation_store.h"
#include "workflows/shipped_calendar.h"

namespace gongkai::app {
namespace {

std::string os_user() {
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

void warn(const ConnectOptions& o, const std::string& what) {
  if (o.warn) o.warn(what);
}

struct Opened {
  std::unique_ptr<db::Session> session;
  bool embedded = false;
};

// Migrates (as the logged-in role) and loads the shipped calendar's missing years (as the
// administrator: the session acts as gongkai_admin afterwards).
InitResult migrate_and_load(db::Session& s);

// The embedded default, as its superuser: started, created and migrated as needed, with its
// everyday login made.
std::unique_ptr<db::Session> embedded_superuser(const db::EmbeddedCluster& cluster, bool migrate) {
  auto s = db::Session::open(db::embedded_conninfo(cluster));
  if (migrate || s->schema_version() < s->latest_version()) migrate_and_load(*s);
  s->make_embedded_role();
  return s;
}

// A named database as given; the embedded default as gongkai_local, its everyday login (the
// superuser only makes or migrates it first when needed).
Opened open_session(const std::string& conninfo) {
  if (!conninfo.empty()) return {db::Session::open(conninfo), false};
  auto cluster = db::locate_embedded(db::default_home());
  db::ensure_embedded_running(cluster);
  std::unique_ptr<db::Session> s;
  try {
    s = db::Session::open(db::embedded_user_conninfo(cluster));
  } catch (const InternalError&) {
    embedded_superuser(cluster, false);  // a fresh cluster: no role yet
    s = db::Session::open(db::embedded_user_conninfo(cluster));
  }
  if (s->schema_version() < s->latest_version()) {
    embedded_superuser(cluster, true);  // a newer gongkai: the embedded default keeps up by itself
    s = db::Session::open(db::embedded_user_conninfo(cluster));
  }
  return {std::move(s), true};
}

InitResult migrate_and_load(db::Session& s) {
  InitResult r;
  r.schema_version = s.migrate();
  s.act_as_admin();
  r.calendar_years_loaded = db::store_arrangements(s, workflows::shipped_arrangements(), true);
  return r;
}

Date real_today() { return today(); }

}  // namespace

namespace {

// Who acts on session `s` and what today is (a member as itself; a non-member that may be the
// administrator as gongkai_admin), and the calendar version in force.
struct Acting {
  Member me;
  Date today;
  std::string actor;
  long long calendar_version = 0;
};

Acting resolve(db::Session& s, const ConnectOptions& o) {
  s.act_for(o.act_for ? *o.act_for : std::string());  // a borrowed session may have acted for another
  if (o.identity && (!o.act_for || o.identity->login != *o.act_for))
    throw InternalError("a context's identity is not the member it acts for");
  const db::Identity id = o.identity ? *o.identity : s.whoami();
  Acting a;
  a.calendar_version = id.calendar_version;
  a.me.training = id.training;
  if (id.member) {
    if (id.disabled) throw NotPermitted("member " + id.login + " is disabled");
    a.me.login = id.login;
    a.me.name = id.name;
    a.me.role = id.role;
    a.me.agencies = id.agencies;
    if (o.actor_named)
      throw NotPermitted("a member acts as itself (" + id.login + "): naming the actor is the installation "
                         "administrator's, for bulk and test use");
    if (o.actor && *o.actor != id.login)
      throw NotPermitted("a member acts as itself: " + id.login + " may not record events as '" + *o.actor + "'");
    a.actor = id.login;
  } else if ((id.admin || id.may_become_admin) && !o.act_for) {
    if (!id.admin) s.act_as_admin();
    a.me.login = "gongkai_admin";
    a.me.name = "the installation's administrator";
    a.me.role = "admin";
    a.me.installation_admin = true;
    a.actor = o.actor && !o.actor->empty() ? *o.actor : os_user();
  } else {
    throw NotPermitted("database role " + id.login +
                       " is not a member of this gongkai database (an admin adds members with 'gongkai user add')");
  }

  a.today = real_today();
  if (o.today) {
    if (id.training) {
      a.today = *o.today;
    } else if (*o.today > a.today) {
      throw UsageError(fmt::format("GONGKAI_TODAY={} is after today ({}): only a training database "
                                   "('gongkai init --training') takes a date in the future",
                                   o.today->str(), a.today.str()));
    } else {
      warn(o, fmt::format("GONGKAI_TODAY={} fixes today's date (today is {}); this is not a training database",
                          o.today->str(), a.today.str()));
      a.today = *o.today;
    }
  }
  return a;
}

}  // namespace

std::unique_ptr<Context> context_for(std::unique_ptr<db::Session> s, const ConnectOptions& o) {
  Acting a = resolve(*s, o);
  return std::make_unique<Context>(std::move(s), std::move(a.me), a.today, std::move(a.actor));
}

std::unique_ptr<Context> context_for(db::Session& s, CalendarCache& cache, const ConnectOptions& o) {
  Acting a = resolve(s, o);
  if (cache.version != a.calendar_version) cache.calendar.reset();  // read again on first use
  return std::make_unique<Context>(s, cache, std::move(a.me), a.today, std::move(a.actor));
}

std::unique_ptr<Context> connect(const ConnectOptions& o) {
  Opened opened;
  try {
    opened = open_session(o.conninfo);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    if (auto err = db::database_error(e, nullptr)) throw_error(*err);
    throw;
  }
  db::Session& s = *opened.session;
  try {
    int version = s.schema_version();
    // The embedded default is ready to use from its first command and keeps up with upgrades
    // (open_session); a database named with --db is migrated only by its administrator's `gongkai init`.
    if (version < s.latest_version()) {
      if (version == 0) throw InternalError("the database has no gongkai schema: run 'gongkai init' first");
      else
        throw InternalError(fmt::format("the database's gongkai schema (version {}) is older than this gongkai's "
                                        "(version {}): run 'gongkai init' to migrate it",
                                        version, s.latest_version()));
    }
    return context_for(std::move(opened.session), o);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    if (auto err = db::database_error(e, &s)) throw_error(*err);
    throw;
  }
}

std::unique_ptr<db::Session> open_superuser_session(const ConnectOptions& o) {
  std::unique_ptr<db::Session> s;
  if (o.conninfo.empty()) {
    auto cluster = db::locate_embedded(db::default_home());
    db::ensure_embedded_running(cluster);
    s = db::Session::open(db::embedded_conninfo(cluster));
    if (s->schema_version() < s->latest_version()) s = embedded_superuser(cluster, true);
  } else {
    s = db::Session::open(o.conninfo);
    if (!db::is_superuser(*s))
      throw NotPermitted("this needs a PostgreSQL superuser's login (PostgreSQL 15 lets only superusers make "
                         "subscriptions and replication logins): give --db with one, e.g. user=postgres");
  }
  const int version = s->schema_version();
  if (version != s->latest_version())
    throw RuleViolation(fmt::format("the database is at schema version {}, this gongkai's is {}: run gongkai init",
                                    version, s->latest_version()));
  return s;
}

InitResult initialise(const ConnectOptions& o, std::optional<bool> training) {
  Opened opened;
  if (o.conninfo.empty()) {
    auto cluster = db::locate_embedded(db::default_home());
    db::ensure_embedded_running(cluster);
    opened = {db::Session::open(db::embedded_conninfo(cluster)), true};
  } else {
    opened = {db::Session::open(o.conninfo), false};
  }
  db::Session& s = *opened.session;
  try {
    InitResult r = migrate_and_load(s);
    if (opened.embedded) s.make_embedded_role();
    ConnectOptions as_admin = o;
    as_admin.today.reset();  // init writes no dated events; a fixed today is for what follows
    auto ctx = context_for(std::move(opened.session), as_admin);
    if (training) db::set_training(ctx->db(), *training);
    r.training = training ? *training : ctx->me().training;
    return r;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    if (auto err = db::database_error(e, &s)) throw_error(*err);
    throw;
  }
}

std::unique_ptr<db::Session> open_server_session(const ConnectOptions& o) {
  std::unique_ptr<db::Session> s;
  try {
    if (o.conninfo.empty()) {
      open_session("");  // the embedded default: running, created, migrated
      s = db::Session::open(db::embedded_web_conninfo(db::locate_embedded(db::default_home())));
    } else {
      s = db::Session::open(o.conninfo);
    }
    int version = s->schema_version();
    if (version != s->latest_version())
      throw InternalError(fmt::format("the database's gongkai schema is version {}, this gongkai's {}: run 'gongkai "
                                      "init' as its administrator first",
                                      version, s->latest_version()));
    auto p = s->login_privileges();
    std::string why = p.superuser       ? "a superuser"
                      : p.owner         ? "a member of gongkai_owner (the tables' owner)"
                      : p.admin         ? "able to act as the installation's administrator (gongkai_admin)"
                      : p.owns_database ? "the database's owner"
                      : p.member        ? "a member's own role"
                                        : "";
    if (!why.empty())
      throw NotPermitted("a server must not log in as " + p.login + ", which is " + why +
                         ": it acts only as members, as gongkai_web (--db \"… user=gongkai_web\")");
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    if (auto err = db::database_error(e, s.get())) throw_error(*err);
    throw;
  }
  return s;
}

Error as_error(const std::exception& e, Context* ctx) {
  if (auto* err = dynamic_cast<const Error*>(&e)) return *err;
  if (auto err = db::database_error(e, ctx ? &ctx->db() : nullptr)) return *err;
  return Error(ErrorKind::internal, e.what());
}

namespace {
EmbeddedStatus status_of(const db::EmbeddedCluster& c) {
  EmbeddedStatus s;
  s.home = c.home;
  s.data_dir = c.data_dir;
  s.socket_dir = c.socket_dir;
  s.conninfo = db::embedded_user_conninfo(c);
  s.running = db::embedded_running(c);
  s.exists = db::embedded_exists(c);
  return s;
}
}  // namespace

EmbeddedStatus embedded_status() { return status_of(db::locate_embedded(db::default_home())); }

EmbeddedStatus embedded_start() {
  ConnectOptions o;
  connect(o);  // starts it, and gives a fresh cluster its schema at once
  return embedded_status();
}

EmbeddedStatus embedded_stop() {
  auto c = db::locate_embedded(db::default_home());
  db::stop_embedded(c);
  return status_of(c);
}

EmbeddedStatus embedded_destroy() {
  auto c = db::locate_embedded(db::default_home());
  db::destroy_embedded(c);
  return status_of(c);
}

EmbeddedStatus embedded_backup(const std::filesystem::path& file) {
  auto c = db::locate_embedded(db::default_home());
  if (!db::embedded_exists(c))
    throw UsageError("there is no embedded database in " + c.data_dir.string() + ": nothing to back up");
  ConnectOptions o;
  connect(o);  // running, and its schema this gongkai's: a backup that restores as it is
  db::backup_embedded(c, file);
  return status_of(c);
}

EmbeddedStatus embedded_restore(const std::filesystem::path& file) {
  auto c = db::locate_embedded(db::default_home());
  db::restore_embedded(c, file);
  ConnectOptions o;
  connect(o);  // a backup of an older gongkai gets this one's schema at once
  return status_of(c);
}

}  // namespace gongkai::app
