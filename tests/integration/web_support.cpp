#include "web_support.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <utility>

namespace gongkai::test {
namespace {

// gongkai --db (the test database as gongkai_web) serve --listen 127.0.0.1:0 extra_args…
std::vector<std::string> serve_args(const TestDb& db, const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {"--db", db.conninfo() + " user=gongkai_web", "serve", "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  return args;
}

}  // namespace

nlohmann::json HttpResult::json() const {
  try {
    return nlohmann::json::parse(body);
  } catch (const std::exception& e) {
    FAIL("the body is not JSON: " << e.what() << "\n" << body);
    return nullptr;
  }
}

Server::Server(const TestDb& db, const std::map<std::string, std::string>& env,
               const std::vector<std::string>& extra_args)
    : process_(gongkai_start(serve_args(db, extra_args), env)) {}

Server::~Server() { stop(); }

int Server::stop() {
  if (const int status = process_.stop(SIGTERM); status != -1) exit_ = status;
  return exit_;
}

std::string Server::url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port()) + path; }

HttpResult Server::request(const std::string& method, const std::string& target, const std::string& body,
                           const std::map<std::string, std::string>& headers) const {
  return {http_request(port(), method, target, body, headers)};
}

std::string api_token(const Server& s, const std::string& login, const std::string& password) {
  auto r = s.request("POST", "/api/session", nlohmann::json{{"login", login}, {"password", password}}.dump(),
                     {{"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  return r.json()["token"];
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
  return form_body({fields.begin(), fields.end()});
}

ServeProcess::Start gongkai_start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  ServeProcess::Start start;
  start.exe = GONGKAI_EXE;
  start.args = args;
  start.env = env;
  return start;
}

std::string browser_login(const Server& s, const std::string& login, const std::string& password) {
  auto r = s.request("POST", "/login", form_encode({{"login", login}, {"password", password}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (r.status != 303) return "";
  std::smatch m;
  std::string cookie = r.header("set-cookie");
  if (!std::regex_search(cookie, m, std::regex("(gk_session=[0-9a-f]{64})"))) return "";
  return m[1];
}

std::string unique_name(const std::string& prefix, const std::string& what) {
  static std::atomic<int> n{0};
  return prefix + std::to_string(getpid()) + "x" + std::to_string(n++) + what;
}

WebOffice::WebOffice(const std::string& login_prefix)
    : registrar(unique_name(login_prefix, "reg")),
      handler(unique_name(login_prefix, "han")),
      supervisor(unique_name(login_prefix, "sup")),
      other(unique_name(login_prefix, "oth")) {
  db.ok({"agency", "add", "hx", "--name", "某县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "hx-zj", "--name", "某县住房和城乡建设局", "--kind", "department", "--parent", "hx"});
  db.ok({"agency", "add", "ot", "--name", "另一县人民政府", "--kind", "government"});
  add(registrar, "registrar", "hx");
  add(handler, "handler", "hx");
  add(supervisor, "supervisor", "hx");
  add(other, "registrar", "ot");
}

void WebOffice::add(const std::string& login, const std::string& role, const std::string& agency) {
  auto r = db.run({"user", "add", login, "--name", "成员", "--role", role, "--agency", agency, "--password-stdin"},
                  {}, password + "\n");
  INFO(r.err);
  REQUIRE(r.code == 0);
}

}  // namespace gongkai::test
