#include "tests/support/serve_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/child_process.h"

namespace gongkai::test {

ServeProcess::ServeProcess(Start start) : log_path_(std::move(start.log_path)) {
  // The log is opened (and emptied) here, before the child runs, so that the wait below never reads
  // a previous run's "listening on".
  int log_fd = -1;
  if (log_path_.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gongkai-serve.XXXXXX").string();
    log_fd = mkostemp(tmpl.data(), O_CLOEXEC);
    log_path_ = tmpl;
    temporary_log_ = log_fd >= 0;
  } else {
    log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (log_fd < 0) throw std::runtime_error("cannot write the server's log " + log_path_);
  std::vector<std::string> argv = {start.exe};
  argv.insert(argv.end(), start.args.begin(), start.args.end());
  pid_ = spawn({argv, start.env, -1, -1, log_fd, ""});
  close(log_fd);
  if (pid_ < 0) {
    remove_temporary_log();
    throw std::runtime_error("fork failed");
  }
  const auto until = std::chrono::steady_clock::now() + start.wait;
  const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
  for (;;) {
    const std::string text = log();
    std::smatch m;
    if (std::regex_search(text, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    std::string why;
    if (!running()) {
      stop(SIGKILL);
      why = "gongkai serve stopped at once; it said:\n";
    } else if (std::chrono::steady_clock::now() > until) {
      stop(SIGKILL);
      why = "gongkai serve did not start listening; it said:\n";
    }
    if (!why.empty()) {
      const std::string said = log();
      remove_temporary_log();
      throw std::runtime_error(why + said);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServeProcess::~ServeProcess() {
  stop(SIGKILL);
  remove_temporary_log();
}

bool ServeProcess::running() const {
  if (pid_ <= 0) return false;
  siginfo_t info{};
  // WNOWAIT: looks without reaping it (stop() does that).
  return waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

int ServeProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  const int status = wait_for_exit(pid_);
  pid_ = -1;
  return status;
}

std::string ServeProcess::log() const {
  std::ifstream f(log_path_);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void ServeProcess::remove_temporary_log() {
  if (!temporary_log_) return;
  std::error_code ec;
  std::filesystem::remove(log_path_, ec);
  temporary_log_ = false;
}

}  // namespace gongkai::test
