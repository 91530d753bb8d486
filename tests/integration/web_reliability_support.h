// What the web reliability suite needs beyond web_support.h: a `gongkai serve` started with any
// arguments that can be killed outright, HTTP requests that give up after a while instead of
// hanging, raw connections for slow clients, and runs of gongkai that cannot hang a test.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "web_support.h"

namespace gongkai::test {

using namespace std::chrono_literals;

// `gongkai ARGS…` that must print "listening on http://127.0.0.1:PORT" (pass "--listen",
// "127.0.0.1:0"); its stderr is kept (log()).
class Launched {
 public:
  Launched(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
  // (SIGKILL if still running, when it goes.)

  int port() const { return process_.port(); }
  pid_t pid() const { return process_.pid(); }
  bool running() const { return process_.running(); }
  // Sends `signal` and waits for the process to end; its exit status (128 + signal when killed).
  int stop(int signal) { return process_.stop(signal); }
  std::string log() const { return process_.log(); }  // everything it wrote on stderr so far

 private:
  ServeProcess process_;
};

// One request on a connection of its own ("Connection: close"); status 0 when no whole answer
// came within `timeout` (refused, reset, cut off). `seconds` is how long it took.
struct Timed {
  HttpResult r;
  double seconds = 0;
  std::string failure;  // why there was no answer
};
Timed http_call(int port, const std::string& method, const std::string& target, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {}, std::chrono::milliseconds timeout = 5000ms);

// A raw TCP connection to 127.0.0.1:port, for clients that misbehave.
class RawConn {
 public:
  explicit RawConn(int port);
  ~RawConn();
  RawConn(const RawConn&) = delete;
  RawConn& operator=(const RawConn&) = delete;
  // False when the server has closed the connection (or reset it).
  bool send(const std::string& bytes);
  // True when the server closed the connection: reading gives end of file or a reset (waits up
  // to `wait` for it; data that arrives is kept in received()).
  bool closed(std::chrono::milliseconds wait = 0ms);
  // Reads until a whole HTTP response has arrived or the connection ends or `wait` passes; its
  // status (0 if none).
  int response_status(std::chrono::milliseconds wait);
  const std::string& received() const { return in_; }

 private:
  int fd_ = -1;
  bool eof_ = false;
  std::string in_;
  bool read_some(std::chrono::milliseconds wait);  // false on timeout
};

// A PostgreSQL server of the test's own (initdb into a temporary folder, a unix socket there, no
// TCP), which the test may stop and start: the shared test server must stay up for the others.
// Run as root, the server commands run as the postgres user, as scripts/test.sh does.
class OwnPostgres {
 public:
  OwnPostgres();   // initdb and start; fails the test if it cannot
  ~OwnPostgres();  // stops it at once and removes it
  OwnPostgres(const OwnPostgres&) = delete;
  OwnPostgres& operator=(const OwnPostgres&) = delete;
  void stop();   // pg_ctl stop -m fast: every session is ended, as in a restart
  void start();  // pg_ctl start, waiting until it accepts connections
  // The superuser's conninfo ("gongkai", trust), or `user`'s.
  std::string conninfo(const std::string& dbname, const std::string& user = "gongkai") const;

 private:
  int pg(const std::vector<std::string>& args);  // a server command (as postgres when root)
  std::string dir_, bin_;
  bool as_root_ = false;
  bool running_ = false;
};

// run_gongkai, but killed (and the test failed) if it has not ended after `timeout`.
RunResult run_with_timeout(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                           std::chrono::seconds timeout, const std::string& input = "");

}  // namespace gongkai::test
