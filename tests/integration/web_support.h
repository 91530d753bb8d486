// What the web suite needs: a `gongkai serve` of its own on a free port (logged in as gongkai_web
// to a test database), and an HTTP client to talk to it as a browser or a script would.
// (The client and the process underneath are tests/support/, which bench/ uses too.)
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.h"
#include "tests/support/http_client.h"
#include "tests/support/serve_process.h"
#include "tests/support/web_form.h"  // csrf_of: the CSRF token of the first form on a page

namespace gongkai::test {

struct HttpResult : HttpResponse {
  nlohmann::json json() const;  // the body as JSON (fails the test when it is not)
};

class Server {
 public:
  // Starts the server on 127.0.0.1 and a free port; fails the test if it does not say it listens.
  // extra_args: more options of `gongkai serve`.
  explicit Server(const TestDb& db, const std::map<std::string, std::string>& env = {},
                  const std::vector<std::string>& extra_args = {});
  ~Server();  // SIGTERM, and waits for it to stop
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return process_.port(); }
  std::string url(const std::string& path) const;
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  // Exit status after the stop (SIGTERM): 0 when it stopped cleanly.
  int stop();
  std::string log() const { return process_.log(); }  // everything it wrote on stderr so far

 private:
  ServeProcess process_;
  int exit_ = -1;
};

// POST /api/session; the token (fails the test unless 200).
std::string api_token(const Server& s, const std::string& login, const std::string& password);
// POST /login as a browser; the session cookie ("gk_session=…"), or "" when refused.
std::string browser_login(const Server& s, const std::string& login, const std::string& password);
std::string form_encode(const std::map<std::string, std::string>& fields);
// How the tests start gongkai as a server: GONGKAI_EXE with `args`, `env` added.
ServeProcess::Start gongkai_start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);

// A name (a login, a file) no other test uses: `prefix`, this process's id, a count, then `what`.
std::string unique_name(const std::string& prefix, const std::string& what);

// A county (hx) with a department (hx-zj), another county (ot); a registrar, a handler and a
// supervisor of the first, a registrar of the second — each with `password` for the pages.
struct WebOffice {
  explicit WebOffice(const std::string& login_prefix);
  TestDb db;
  std::string registrar, handler, supervisor, other;
  const std::string password = "pass-word-1";
  // A member with `password`.
  void add(const std::string& login, const std::string& role, const std::string& agency);
};

}  // namespace gongkai::test
