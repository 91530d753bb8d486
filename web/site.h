// The web site: who is asking (login, sessions, CSRF), which page or API call answers, and how a
// failure shows. Handlers call app/ only; a request runs on one worker's database session, acting
// for the request's member transaction by transaction.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/case_cache.h"
#include "app/connect.h"
#include "app/context.h"
#include "app/web_auth.h"
#include "web/http.h"

namespace gongkai::web {

// One worker's database session and what it keeps between requests.
struct Worker {
  std::unique_ptr<db::Session> db;  // null until connected (and after the database went away)
  app::CalendarCache calendar;
};

// What a page handler gets: the request, the member's context, and what its forms need.
struct Visit {
  const Request& req;
  app::Context& ctx;
  std::string csrf;  // the session's CSRF token, for every form
  bool api = false;
};

class Site {
 public:
  explicit Site(app::ConnectOptions db);

  // Refuses a database login that is a superuser, may be the administrator or the tables' owner, or
  // is a member: the server must act only as members (gongkai_web).
  void check_database_login();
  std::unique_ptr<Worker> new_worker();
  // Never throws: every failure is a page or a JSON error with its status.
  Response handle(Worker& w, const Request& r);

  static std::vector<std::pair<std::string, std::string>> security_headers(bool secure);

 private:
  Response dispatch(Worker& w, const Request& r);
  Response login_page(const Request& r, const std::string& error, int status);
  Response login(Worker& w, const Request& r);
  Response logout(Worker& w, const Request& r);
  Response api_session(Worker& w, const Request& r);
  // The member a request's session belongs to (cookie or bearer token), with the token, when the
  // session is valid.
  struct Visitor {
    db::Identity who;
    std::string token;
  };
  std::optional<Visitor> member_of(Worker& w, const Request& r);
  std::unique_ptr<app::Context> context(Worker& w, const db::Identity& who);
  // Too many failed logins from this address or for this login lately: refuse for a while.
  bool throttled(const Request& r, const std::string& login);
  void note_failure(const Request& r, const std::string& login);
  std::unique_ptr<db::Session> connect();
  // A new database session for the worker, and its calendar read afresh.
  void reconnect(Worker& w);

  app::ConnectOptions db_;
  std::string conninfo_;  // the web login's
  app::WebSessionPolicy policy_;
  app::CaseCache cases_;  // replayed cases, shared by the workers' requests (app/case_cache.h)
  std::mutex throttle_m_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failures_;
};

// The name of the session cookie: __Host- under TLS (bound to this host, Secure, path /).
std::string session_cookie_name(bool secure);

}  // namespace gongkai::web
