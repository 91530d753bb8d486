// Starting a program as a child process without a shell, and waiting for it to end.
#pragma once
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace gongkai::test {

// What a child runs and with what: argv[0] is the program's path; `env` is added to the
// environment; in, out, err become its standard streams (-1: /dev/null); `dir`, if not empty,
// its working directory.
struct ChildSpec {
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
  int in = -1, out = -1, err = -1;
  std::string dir;
};

// Starts the child; its pid, or -1 when fork failed. A child that cannot run the program exits
// with 127 (126 when it cannot enter `dir`).
pid_t spawn(const ChildSpec& spec);

// Waits for a child to end: its exit status, or 128 + the signal that ended it.
int wait_for_exit(pid_t pid);

}  // namespace gongkai::test
