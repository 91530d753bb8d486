#include "app/sendmail.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "app/printable.h"

extern char** environ;

namespace gongkai::app {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() { close_now(); }
  void close_now() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 300) line = line.substr(0, 300) + "…";
  return printable(line);
}

}  // namespace

SendmailResult run_sendmail(const std::string& program, const std::string& message, std::chrono::seconds timeout) {
  int in[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return {false, std::string("cannot make a pipe: ") + std::strerror(errno)};
  Fd in_read{in[0]}, in_write{in[1]};
  if (pipe2(err, O_CLOEXEC) != 0) return {false, std::string("cannot make a pipe: ") + std::strerror(errno)};
  Fd err_read{err[0]}, err_write{err[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.fd, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, 2);
  std::vector<std::string> args = {program, "-oi", "-t"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const bool bare = program.find('/') == std::string::npos;
  int rc = bare ? posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ)
                : posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return {false, "cannot run " + printable(program) + ": " + std::strerror(rc)};
  in_read.close_now();
  err_write.close_now();

  // A program that stops reading early must not end this one with SIGPIPE: ignored meanwhile.
  struct sigaction ignore {}, old{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);
  // Write the message and read its complaints at once, so that neither side waits for the other.
  std::string errors;
  size_t written = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  if (message.empty()) in_write.close_now();
  while (in_write.fd >= 0 || err_read.fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{in_write.fd, POLLOUT, 0}, {err_read.fd, POLLIN, 0}};
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in_write.fd >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(in_write.fd, message.data() + written, message.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EINTR && errno != EAGAIN) in_write.close_now();  // it stopped reading
      if (written == message.size()) in_write.close_now();
    }
    if (err_read.fd >= 0 && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) {
      char buf[4096];
      ssize_t n = ::read(err_read.fd, buf, sizeof buf);
      if (n > 0 && errors.size() < 65536) errors.append(buf, static_cast<size_t>(n));
      if (n == 0 || (n < 0 && errno != EINTR)) err_read.close_now();
    }
  }
  sigaction(SIGPIPE, &old, nullptr);
  in_write.close_now();
  err_read.close_now();
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return {false, printable(program) + " did not finish within " + std::to_string(timeout.count()) + " s"};
  std::string how;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    if (written == message.size()) return {true, ""};
    how = "stopped reading the message";
  } else if (WIFEXITED(status)) {
    how = "exited with " + std::to_string(WEXITSTATUS(status));
  } else {
    how = "ended by signal " + std::to_string(WTERMSIG(status));
  }
  std::string said = first_line(errors);
  return {false, printable(program) + " " + how + (said.empty() ? "" : ": " + said)};
}

}  // namespace gongkai::app
