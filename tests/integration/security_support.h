// What the security suite needs beyond harness.h: running gongkai with text on its standard input
// (passwords), running many invocations side by side (the matrix runs hundreds of commands), a
// scratch folder, and the server-wide member roles a test makes, dropped once its database is gone.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "harness.h"

namespace gongkai::test::security {

struct Invocation {
  std::vector<std::string> args;  // the whole command line after the executable (with --db)
  std::map<std::string, std::string> env;
  std::string input;  // standard input ("" = empty)
};

// Runs one invocation of the gongkai executable.
RunResult run(const Invocation& inv);
// Runs every invocation, at most `parallel` at a time; the results in the invocations' order.
std::vector<RunResult> run_all(const std::vector<Invocation>& all, int parallel = 6);

// A fresh folder under the temporary directory, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  // Writes `text` to a new file named `name` in the folder; its path.
  std::string write(const std::string& name, const std::string& text) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Database roles are the whole server's, and the suites run side by side: every login a test
// makes comes from here (unique across processes and tests) and is dropped when this goes, which
// must be after the test's database is dropped (declare it first).
class Logins {
 public:
  Logins() = default;
  ~Logins();
  Logins(const Logins&) = delete;
  Logins& operator=(const Logins&) = delete;
  // A new login, `[a-z][a-z0-9]{0,30}` (so that it may serve as an agency code too), ending with
  // `what` (a few letters, for the reader).
  std::string make(const std::string& what);

 private:
  std::vector<std::string> made_;
};

// `text` with every whole occurrence of `token` (not part of a longer code or number: the
// characters around it are not letters, digits or '-') replaced by `with`.
std::string replace_token(std::string text, const std::string& token, const std::string& with);

// The SQLSTATE of a failed statement. (libpqxx 6 throws insufficient_privilege without it.)
std::string state_of(const pqxx::sql_error& e);
// Runs an SQL statement in a transaction of its own on `c` (a member's connection); the SQLSTATE
// it failed with, "" when it succeeded.
std::string sql_state(pqxx::connection& c, const std::string& sql);

}  // namespace gongkai::test::security
