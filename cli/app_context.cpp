#include "cli/app_context.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "db/calendar_store.h"
#include "db/embedded_cluster.h"
#include "engine/errors.h"
#include "workflows/shipped_calendar.h"

namespace gongkai::cli {

db::Session& AppContext::session() {
  if (!session_) {
    std::string conninfo = db;
    if (conninfo.empty())
      if (const char* env = std::getenv("GONGKAI_DB"); env && *env) conninfo = env;
    bool embedded = false;
    if (conninfo.empty()) {
      auto cluster = db::locate_embedded(db::default_home());
      auto started = db::ensure_embedded_running(cluster);
      conninfo = started.conninfo;
      embedded = true;
    }
    session_ = db::Session::open(conninfo);
    // The embedded default is ready to use from its first command, and keeps up with upgrades.
    // A database named with --db is the administrator's: it is migrated only by `gongkai init`,
    // and a missing schema shows up as an undefined table that cli/main.cpp explains.
    if (embedded && session_->schema_version() < session_->latest_version()) initialise();
  }
  return *session_;
}

int AppContext::initialise() {
  int version = session_->migrate();
  calendar_years_added_ = db::store_arrangements(*session_, workflows::shipped_arrangements(), true);
  calendar_.reset();
  return version;
}

const WorkingCalendar& AppContext::calendar() {
  if (!calendar_) calendar_ = std::make_unique<WorkingCalendar>(db::load_calendar(session()));
  return *calendar_;
}

std::string AppContext::resolved_actor() const {
  if (!actor.empty()) return actor;
  if (const char* env = std::getenv("GONGKAI_ACTOR"); env && *env) return env;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

void AppContext::print_json(const nlohmann::json& j) const { std::cout << j.dump(2) << "\n"; }

}  // namespace gongkai::cli
