// The few exception types gongkai throws; cli/ turns each into its exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace gongkai {

// Exit codes of the interface contract (shared/spec/interface.md).
enum class ExitCode : int {
  ok = 0,
  internal = 1,
  usage = 2,
  refused = 3,
  not_found = 4,
  conflict = 5,
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad option, bad date, bad CSV row, unknown code: the input itself is wrong.
struct UsageError : Error {
  explicit UsageError(const std::string& w) : Error(ExitCode::usage, w) {}
};
// The workflow rules do not allow this in the case's current state.
struct RuleViolation : Error {
  explicit RuleViolation(const std::string& w) : Error(ExitCode::refused, w) {}
};
// Unknown case, agency, year.
struct NotFound : Error {
  explicit NotFound(const std::string& w) : Error(ExitCode::not_found, w) {}
};
// The case changed under us (a concurrent writer won); nothing was written.
struct Conflict : Error {
  explicit Conflict(const std::string& w) : Error(ExitCode::conflict, w) {}
};
// Database unreachable, corrupt history, anything the user cannot fix by changing input.
struct InternalError : Error {
  explicit InternalError(const std::string& w) : Error(ExitCode::internal, w) {}
};

}  // namespace gongkai
