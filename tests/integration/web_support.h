// What the web suite needs: a `gongkai serve` of its own on a free port (logged in as gongkai_web
// to a test database), and an HTTP client to talk to it as a browser or a script would.
#pragma once
#include <sys/types.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.h"

namespace gongkai::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  nlohmann::json json() const;
  std::string header(const std::string& lower_name) const;
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

  int port() const { return port_; }
  std::string url(const std::string& path) const;
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  // Exit status after the stop (SIGTERM): 0 when it stopped cleanly.
  int stop();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_ = -1;
};

// POST /api/session; the token (fails the test unless 200).
std::string api_token(const Server& s, const std::string& login, const std::string& password);
// POST /login as a browser; the session cookie ("gk_session=…"), or "" when refused.
std::string browser_login(const Server& s, const std::string& login, const std::string& password);
// The CSRF token of the first form on a page.
std::string csrf_of(const std::string& html);
std::string form_encode(const std::map<std::string, std::string>& fields);

}  // namespace gongkai::test
