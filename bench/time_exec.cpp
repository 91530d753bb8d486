// time_exec: a program's wall time, process start to exit (the CLI figures of reads and search).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_common.h"

namespace gongkai::bench {

double time_exec(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  double ms = ms_since(t0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string cmd;
    for (const auto& a : argv) cmd += a + " ";
    throw std::runtime_error("failed (status " + std::to_string(status) + "): " + cmd);
  }
  return ms;
}

}  // namespace gongkai::bench
