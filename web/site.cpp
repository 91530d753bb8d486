#include "web/site.h"

#include <spdlog/spdlog.h>

#include "web/api.h"
#include "web/pages.h"
#include "web/status.h"
#include "web/view.h"

namespace gongkai::web {
namespace {

constexpr size_t kMaxFailures = 5;                        // failed logins …
constexpr auto kFailureWindow = std::chrono::minutes(15);  // … in this long: refused until they age out

std::string bearer_token(const Request& r) {
  const std::string auth = r.header("authorization");
  if (auth.rfind("Bearer ", 0) != 0) return "";
  return auth.substr(7);
}

// A state-changing request from another site (a form on a page elsewhere posting here) is refused,
// whatever it carries: the browser says where it comes from.
bool cross_site(const Request& r) {
  const std::string site = r.header("sec-fetch-site");
  if (site == "cross-site") return true;
  const std::string origin = r.header("origin");
  if (origin.empty() || origin == "null") return !origin.empty();
  auto scheme_end = origin.find("://");
  std::string host = scheme_end == std::string::npos ? origin : origin.substr(scheme_end + 3);
  return host != r.header("host");
}

bool safe_method(const Request& r) { return r.method == "GET" || r.method == "HEAD"; }

}  // namespace

std::string session_cookie_name(bool secure) { return secure ? "__Host-gk_session" : "gk_session"; }

Site::Site(app::ConnectOptions db) : db_(std::move(db)) {}

std::unique_ptr<db::Session> Site::connect() { return app::open_server_session(db_); }

void Site::check_database_login() { connect(); }

void Site::reconnect(Worker& w) {
  w.db.reset();  // it may fail to connect: then the worker has none, and the next request tries again
  w.db = connect();
  w.calendar = {};
}

std::unique_ptr<Worker> Site::new_worker() {
  auto w = std::make_unique<Worker>();
  w->db = connect();
  return w;
}

std::vector<std::pair<std::string, std::string>> Site::security_headers(bool secure) {
  std::vector<std::pair<std::string, std::string>> h = {
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  };
  if (secure) h.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return h;
}

Response Site::handle(Worker& w, const Request& r) {
  for (int attempt = 0;; ++attempt) {
    try {
      if (!w.db) reconnect(w);
      return dispatch(w, r);
    } catch (const std::exception& e) {
      Error err = app::as_error(e, nullptr);
      // The database went away (a restart): connect again and, for a read, try once more. A write
      // may or may not have happened: say so rather than do it twice.
      const bool lost = db::connection_lost(e) || !w.db;  // lost, or it could not connect again
      if (lost) w.db.reset();
      if (lost && attempt == 0 && safe_method(r)) continue;
      if (err.kind() == ErrorKind::internal) spdlog::error("{} {}: {}", r.method, r.path, err.what());
      const int status = lost ? 503 : status_of(err.kind());
      std::string message = lost ? "数据库连接中断，请稍后重试（the database could not be reached; try again）" : err.what();
      if (r.is_api()) return Response::json(status, {{"error", message}});
      return error_page(status, message);
    }
  }
}

Response Site::dispatch(Worker& w, const Request& r) {
  if (r.path == "/static/style.css") return static_file("style.css", "text/css; charset=utf-8");
  if (r.path == "/healthz") {
    // Up means able to serve: the worker's database session answers (else 503, as any request).
    w.db->login_role();
    return Response::text(200, "ok\n");
  }
  if (r.path == "/api/session" && r.method == "POST") return api_session(w, r);
  if (r.path == "/login") {
    if (r.method == "POST") return login(w, r);
    return login_page(r, "", 200);
  }

  auto who = member_of(w, r);
  if (!who) {
    if (r.is_api()) return Response::json(401, {{"error", "not logged in: POST /api/session, then Authorization: Bearer TOKEN"}});
    return Response::redirect("/login?next=" + url_encode(r.target));
  }
  const std::string& token = who->token;
  if (!r.is_api() && !safe_method(r)) {
    // Every form carries the session's CSRF token, and no form may come from another site.
    if (cross_site(r)) return error_page(403, "拒绝跨站提交的表单（a form from another site is refused）");
    if (!app::same_secret(r.param("csrf"), app::csrf_token(token)))
      return error_page(403, "表单已过期或缺少校验码，请刷新页面后重试（the form's CSRF token is missing or stale）");
  }
  if (r.path == "/logout" && r.method == "POST") return logout(w, r);

  auto ctx = context(w, who->who);
  Visit v{r, *ctx, app::csrf_token(token), r.is_api()};
  if (r.is_api()) return api(v);
  return page(v);
}

std::unique_ptr<app::Context> Site::context(Worker& w, const db::Identity& who) {
  app::ConnectOptions o = db_;
  o.act_for = who.login;
  o.identity = who;
  o.actor.reset();
  auto ctx = app::context_for(*w.db, w.calendar, o);
  ctx->use_case_cache(&cases_);
  return ctx;
}

std::optional<Site::Visitor> Site::member_of(Worker& w, const Request& r) {
  std::string token;
  if (r.is_api()) {
    token = bearer_token(r);  // a cookie is not enough for the API: no cross-site requests ride on it
  } else if (auto it = r.cookies.find(session_cookie_name(r.secure)); it != r.cookies.end()) {
    token = it->second;
  }
  if (token.empty()) return std::nullopt;
  std::optional<db::Identity> who;
  try {
    who = app::web_session_identity(*w.db, token, policy_);
  } catch (const std::exception& e) {
    if (!db::connection_lost(e)) throw;
    // The first statement of every member's request: a session the database dropped while the
    // worker was idle (a restart) shows here, before anything of the request is written, so that
    // even a write may go ahead on a new one.
    spdlog::warn("a worker's database session was lost ({}): connecting again", e.what());
    reconnect(w);
    who = app::web_session_identity(*w.db, token, policy_);
  }
  if (!who) return std::nullopt;
  return Visitor{*who, token};
}

bool Site::throttled(const Request& r, const std::string& login) {
  std::lock_guard lk(throttle_m_);
  const auto now = std::chrono::steady_clock::now();
  for (const std::string& key : {"ip " + r.client, "login " + login}) {
    auto& times = failures_[key];
    std::erase_if(times, [&](auto t) { return now - t > kFailureWindow; });
    if (times.size() >= kMaxFailures) return true;
  }
  return false;
}

void Site::note_failure(const Request& r, const std::string& login) {
  std::lock_guard lk(throttle_m_);
  const auto now = std::chrono::steady_clock::now();
  failures_["ip " + r.client].push_back(now);
  failures_["login " + login].push_back(now);
}

Response Site::login_page(const Request& r, const std::string& error, int status) {
  return render_login(r.param("next"), r.param("login"), error, status);
}

Response Site::login(Worker& w, const Request& r) {
  if (cross_site(r)) return error_page(403, "拒绝跨站提交的表单（a form from another site is refused）");
  const std::string login = r.param("login");
  if (throttled(r, login)) return login_page(r, "登录失败次数过多，请十五分钟后再试（too many failed logins: wait 15 minutes）", 429);
  try {
    auto in = app::web_login(*w.db, login, r.param("password"), "browser", r.client);
    std::string next = r.param("next");
    if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0) next = "/";  // no redirect off this site
    Response res = Response::redirect(next, 303);
    std::string cookie = session_cookie_name(r.secure) + "=" + in.token + "; Path=/; HttpOnly; SameSite=Strict";
    if (r.secure) cookie += "; Secure";
    res.headers.emplace_back("Set-Cookie", cookie);
    spdlog::info("login {} from {}", in.login, r.client);
    return res;
  } catch (const NotPermitted& e) {
    note_failure(r, login);
    return login_page(r, "用户名或密码错误，或该用户已停用（wrong login or password, or the member is disabled）", 401);
  }
}

Response Site::logout(Worker& w, const Request& r) {
  if (auto it = r.cookies.find(session_cookie_name(r.secure)); it != r.cookies.end()) app::web_logout(*w.db, it->second);
  Response res = Response::redirect("/login", 303);
  res.headers.emplace_back("Set-Cookie", session_cookie_name(r.secure) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
                                             std::string(r.secure ? "; Secure" : ""));
  return res;
}

Response Site::api_session(Worker& w, const Request& r) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(r.body);
  } catch (const std::exception&) {
    return Response::json(400, {{"error", "the body is not JSON: {\"login\": …, \"password\": …}"}});
  }
  if (!body.is_object() || !body.contains("login") || !body.contains("password") || !body["login"].is_string() ||
      !body["password"].is_string())
    return Response::json(400, {{"error", "the body needs login and password, as text"}});
  const std::string login = body["login"];
  if (throttled(r, login)) return Response::json(429, {{"error", "too many failed logins: wait 15 minutes"}});
  try {
    auto in = app::web_login(*w.db, login, body["password"], "api", r.client);
    return Response::json(200, {{"token", in.token}, {"login", in.login}});
  } catch (const NotPermitted& e) {
    note_failure(r, login);
    return Response::json(401, {{"error", e.what()}});
  }
}

}  // namespace gongkai::web
