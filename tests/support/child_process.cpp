#include "tests/support/child_process.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gongkai::test {

pid_t spawn(const ChildSpec& spec) {
  // Everything the child needs is made before fork: after it, the child only calls what exec needs.
  std::vector<std::string> args = spec.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid != 0) return pid;
  int devnull = open("/dev/null", O_RDWR);
  dup2(spec.in >= 0 ? spec.in : devnull, 0);
  dup2(spec.out >= 0 ? spec.out : devnull, 1);
  dup2(spec.err >= 0 ? spec.err : devnull, 2);
  if (!spec.dir.empty() && chdir(spec.dir.c_str()) != 0) _exit(126);
  for (const auto& [k, v] : spec.env) setenv(k.c_str(), v.c_str(), 1);
  execv(argv[0], argv.data());
  _exit(127);
}

int wait_for_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace gongkai::test
