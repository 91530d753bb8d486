#include "web_support.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <regex>
#include <thread>

namespace gongkai::test {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
}  // namespace

nlohmann::json HttpResult::json() const {
  try {
    return nlohmann::json::parse(body);
  } catch (const std::exception& e) {
    FAIL("the body is not JSON: " << e.what() << "\n" << body);
    return nullptr;
  }
}

std::string HttpResult::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

Server::Server(const TestDb& db, const std::map<std::string, std::string>& env,
               const std::vector<std::string>& extra_args) {
  int err[2];
  REQUIRE(pipe(err) == 0);
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(err[1], 2);
    close(err[0]);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::string exe = GONGKAI_EXE, db_opt = "--db", conn = db.conninfo() + " user=gongkai_web", cmd = "serve",
                listen = "--listen", at = "127.0.0.1:0";
    std::vector<std::string> args = {exe, db_opt, conn, cmd, listen, at};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  close(err[1]);
  // Its first line on stderr says where it listens.
  std::string seen;
  char c;
  while (read(err[0], &c, 1) == 1 && c != '\n') seen += c;
  std::smatch m;
  INFO("gongkai serve said: " << seen);
  REQUIRE(std::regex_search(seen, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))")));
  port_ = std::stoi(m[1]);
  // The rest of its stderr is drained so that it never blocks on a full pipe.
  std::thread([fd = err[0]] {
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0) {
    }
    close(fd);
  }).detach();
}

Server::~Server() { stop(); }

int Server::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
  }
  return exit_;
}

std::string Server::url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

HttpResult Server::request(const std::string& method, const std::string& target, const std::string& body,
                           const std::map<std::string, std::string>& headers) const {
  net::io_context ioc;
  net::ip::tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port_)));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.headers[name] = std::string(f.value());
  }
  out.body = res.body();
  return out;
}

std::string api_token(const Server& s, const std::string& login, const std::string& password) {
  auto r = s.request("POST", "/api/session", nlohmann::json{{"login", login}, {"password", password}}.dump(),
                     {{"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  return r.json()["token"];
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    for (const std::string* part : {&k, &v}) {
      for (unsigned char c : *part) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 15];
      }
      if (part == &k) out += '=';
    }
  }
  return out;
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

std::string csrf_of(const std::string& html) {
  std::smatch m;
  if (!std::regex_search(html, m, std::regex(R"re(name="csrf" value="([0-9a-f]+)")re"))) return "";
  return m[1];
}

}  // namespace gongkai::test
