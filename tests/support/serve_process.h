// A `gongkai serve` child process on 127.0.0.1: started, found listening, stopped, its log read.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace gongkai::test {

class ServeProcess {
 public:
  struct Start {
    std::string exe;                         // the gongkai executable
    std::vector<std::string> args;           // after it: must make it say where it listens
                                             // ("serve", "--listen", "127.0.0.1:0" …)
    std::map<std::string, std::string> env;  // added to its environment
    std::string log_path;                    // its stderr; "" = a temporary file, removed with it
    std::chrono::seconds wait{60};           // how long it may take to say it listens
  };
  // Starts it and waits for "listening on http://127.0.0.1:PORT" in its log. Throws
  // std::runtime_error, with what it said, when it cannot start, stops, or has not said so in time
  // (then it is killed).
  explicit ServeProcess(Start start);
  ~ServeProcess();  // SIGKILL if still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }  // -1 once stopped
  bool running() const;
  // Sends `signal` and waits for it to end: its exit status (128 + signal when killed); -1 when
  // it was already stopped.
  int stop(int signal);
  std::string log() const;  // everything it wrote on stderr so far

 private:
  void remove_temporary_log();
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
  bool temporary_log_ = false;
};

}  // namespace gongkai::test
