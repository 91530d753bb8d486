#include "web_reliability_support.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/child_process.h"

namespace gongkai::test {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Writes all of `data` before `deadline`; false if the peer went away or time ran out.
bool write_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd, POLLOUT, 0};
      if (poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
  return true;
}

// A whole response in `in`? Fills `out` when so.
bool parse_response(const std::string& in, bool eof, HttpResult& out) {
  http::response_parser<http::string_body> p;
  p.eager(true);
  p.body_limit(64 << 20);
  beast::error_code ec;
  size_t used = 0;
  while (used < in.size() && !p.is_done()) {
    size_t n = p.put(boost::asio::buffer(in.data() + used, in.size() - used), ec);
    if (ec == http::error::need_more) {
      ec = {};
      break;
    }
    if (ec) return false;
    used += n;
    if (n == 0) break;
  }
  if (!p.is_done() && eof && p.is_header_done()) {
    p.put_eof(ec);
    if (ec) return false;
  }
  if (!p.is_done()) return false;
  out = {response_of(p.get())};
  return true;
}

}  // namespace

Launched::Launched(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
    : process_(gongkai_start(args, env)) {}

Timed http_call(int port, const std::string& method, const std::string& target, const std::string& body,
                const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout) {
  Timed t;
  const auto started = Clock::now(), deadline = started + timeout;
  auto done = [&](const std::string& why) {
    t.failure = why;
    t.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return t;
  };
  int fd = connect_to(port);
  if (fd < 0) return done(std::string("cannot connect: ") + std::strerror(errno));
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                    "\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  if (!write_all(fd, req, deadline)) {
    close(fd);
    return done("the request could not be sent");
  }
  std::string in;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, remaining_ms(deadline));
    if (ready <= 0) {
      close(fd);
      if (parse_response(in, false, t.r)) return done("");
      return done("no answer in time");
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      in.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    const std::string why = n == 0 ? "closed" : std::string("reset: ") + std::strerror(errno);
    close(fd);
    if (parse_response(in, true, t.r)) return done("");
    t.r = {};
    return done("the connection ended without a whole answer (" + why + ")");
  }
}

RawConn::RawConn(int port) : fd_(connect_to(port)) { REQUIRE(fd_ >= 0); }

RawConn::~RawConn() {
  if (fd_ >= 0) close(fd_);
}

bool RawConn::send(const std::string& bytes) {
  if (eof_) return false;
  return write_all(fd_, bytes, Clock::now() + 2s);
}

bool RawConn::read_some(std::chrono::milliseconds wait) {
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n > 0) in_.append(buf, static_cast<size_t>(n));
  else if (n == 0 || (errno != EAGAIN && errno != EINTR)) eof_ = true;
  return true;
}

bool RawConn::closed(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  while (!eof_) {
    if (!read_some(std::chrono::milliseconds(remaining_ms(deadline))) && Clock::now() >= deadline) break;
  }
  return eof_;
}

int RawConn::response_status(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  HttpResult r;
  while (!parse_response(in_, eof_, r)) {
    if (eof_) return 0;
    if (!read_some(std::chrono::milliseconds(remaining_ms(deadline))) && Clock::now() >= deadline) return 0;
  }
  return r.status;
}

OwnPostgres::OwnPostgres() {
  namespace fs = std::filesystem;
  std::vector<fs::path> bins;
  if (fs::exists("/usr/lib/postgresql"))
    for (const auto& v : fs::directory_iterator("/usr/lib/postgresql"))
      if (fs::exists(v.path() / "bin" / "initdb")) bins.push_back(v.path() / "bin");
  std::sort(bins.begin(), bins.end(), [](const fs::path& a, const fs::path& b) {
    auto version = [](const fs::path& p) { return std::atoi(p.parent_path().filename().c_str()); };
    return version(a) < version(b);
  });
  REQUIRE_MESSAGE(!bins.empty(), "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
  bin_ = bins.back().string();
  char tmpl[] = "/tmp/gk-rel-pg.XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  dir_ = tmpl;
  as_root_ = geteuid() == 0;
  if (as_root_) {
    passwd* pw = getpwnam("postgres");
    REQUIRE_MESSAGE(pw != nullptr, "running as root needs the OS user postgres to run PostgreSQL");
    REQUIRE(chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) == 0);
  }
  const int initdb = pg({bin_ + "/initdb", "-D", dir_ + "/data", "-U", "gongkai", "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync"});
  if (initdb != 0) {
    std::ifstream in(dir_ + "/commands.log");
    std::stringstream said;
    said << in.rdbuf();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    FAIL("initdb failed (exit " << initdb << "): " << said.str());
  }
  try {
    start();
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw;
  }
}

OwnPostgres::~OwnPostgres() {
  if (running_) pg({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"});
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void OwnPostgres::stop() {
  REQUIRE(pg({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"}) == 0);
  running_ = false;
}

void OwnPostgres::start() {
  REQUIRE(pg({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log", "-w", "-o",
              "-c listen_addresses='' -c unix_socket_directories='" + dir_ +
                  "' -c max_connections=40 -c shared_buffers=16MB -c fsync=off",
              "start"}) == 0);
  running_ = true;
}

std::string OwnPostgres::conninfo(const std::string& dbname, const std::string& user) const {
  return "host=" + dir_ + " port=5432 dbname=" + dbname + " user=" + user;
}

int OwnPostgres::pg(const std::vector<std::string>& args) {
  const int log = open((dir_ + "/commands.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  std::vector<std::string> all;
  if (as_root_) all = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  all.insert(all.end(), args.begin(), args.end());
  const pid_t pid = spawn({all, {}, -1, log, log, dir_});
  if (log >= 0) close(log);
  REQUIRE(pid >= 0);
  return wait_for_exit(pid);
}

RunResult run_with_timeout(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                           std::chrono::seconds timeout, const std::string& input) {
  bool timed_out = false;
  RunResult r = run_gongkai(args, env, input, timeout, timed_out);
  std::string shown;
  for (const auto& a : args) shown += a + " ";
  INFO("gongkai " << shown << "\nstderr: " << r.err);
  CHECK_MESSAGE(!timed_out, "gongkai did not end within " << timeout.count() << " s");
  return r;
}

}  // namespace gongkai::test
