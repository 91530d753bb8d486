// The request context every operation gets: the database session, who is acting, the working-day
// calendar and today's date. A front end makes one per command (the CLI) or per request (a
// server), through app::connect (app/connect.h).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "db/session.h"
#include "engine/calendar.h"
#include "engine/date.h"

namespace gongkai::app {

class CaseCache;  // app/case_cache.h

// Who is acting, as the database knows them.
struct Member {
  std::string login;  // the database role that acts
  std::string name;
  std::string role;   // registrar | handler | supervisor | statistician | admin
  std::vector<std::string> agencies;  // as listed; the scope is each of them and everything under it
  bool installation_admin = false;    // the installation's administrator, not a member
  bool training = false;              // the database is a training one (GONGKAI_TODAY honoured)

  // Registrars, handlers and admins see applicants' names and contacts; others see them masked.
  bool sees_personal_data() const {
    return installation_admin || role == "registrar" || role == "handler" || role == "admin";
  }
};

// The working-day calendar as read from the database, with the version it is of. A long-lived
// process keeps one per connection and shares it between the requests it serves there.
struct CalendarCache {
  std::shared_ptr<const WorkingCalendar> calendar;  // null until read
  long long version = 0;
};

class Context {
 public:
  // Owns its session (the CLI: one context per command).
  Context(std::unique_ptr<db::Session> session, Member me, Date today, std::string actor);
  // Borrows a session and a calendar cache that outlive it (a server: one context per request).
  Context(db::Session& session, CalendarCache& cache, Member me, Date today, std::string actor);
  ~Context();

  db::Session& db() { return *session_; }
  const Member& me() const { return me_; }
  Date today() const { return today_; }
  // What events record as their actor: the member; for the administrator, the name it gave.
  const std::string& actor() const { return actor_; }

  // The calendar as the database holds it, read on first use. `calendar_version` is the version
  // it was read at; writers send it, and the database refuses a write computed on an older one.
  const WorkingCalendar& calendar();
  long long calendar_version();
  // Reads the calendar again if the database's is newer (or with `force`). True when it was read.
  bool refresh_calendar(bool force = false);
  // The calendar as a shared object (what a cached replay, which refers to it, keeps alive).
  std::shared_ptr<const WorkingCalendar> calendar_shared();

  // A long-lived process's cache of replayed cases (app/case_cache.h), which record_event uses;
  // null (the CLI, one process per command): every event reads its case from the database.
  void use_case_cache(CaseCache* cache) { case_cache_ = cache; }
  CaseCache* case_cache() const { return case_cache_; }

 private:
  void load_calendar();

  std::unique_ptr<db::Session> owned_;
  db::Session* session_;
  CalendarCache own_cache_;
  CalendarCache* cache_;
  Member me_;
  Date today_;
  std::string actor_;
  CaseCache* case_cache_ = nullptr;
};

}  // namespace gongkai::app
