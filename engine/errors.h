// The few kinds of error gongkai reports. Each front end turns a kind into its own signal: the
// CLI into an exit code (cli/exit_code.h), the web server into an HTTP status.
#pragma once
#include <stdexcept>
#include <string>

namespace gongkai {

enum class ErrorKind {
  internal,       // database unreachable, corrupt history: nothing the user can fix by changing input
  invalid_input,  // bad option, bad date, bad CSV row, unknown code
  refused,        // the workflow rules do not allow this in the case's current state
  not_found,      // unknown case or agency (or one outside the member's scope)
  conflict,       // the case changed under us; nothing was written
  not_permitted,  // the member's role does not allow the action
};

// "invalid input", "not permitted" …: how messages and logs name a kind.
const char* kind_name(ErrorKind k);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// The input itself is wrong: a bad value, a missing field, a malformed file.
struct UsageError : Error {
  explicit UsageError(const std::string& w) : Error(ErrorKind::invalid_input, w) {}
};
// The workflow rules do not allow this in the case's current state.
struct RuleViolation : Error {
  explicit RuleViolation(const std::string& w) : Error(ErrorKind::refused, w) {}
};
// Unknown case, agency, member — or one outside the acting member's scope, which looks the same.
struct NotFound : Error {
  explicit NotFound(const std::string& w) : Error(ErrorKind::not_found, w) {}
};
// The case changed under us (a concurrent writer won); nothing was written.
struct Conflict : Error {
  explicit Conflict(const std::string& w) : Error(ErrorKind::conflict, w) {}
};
// The acting member's role does not allow the action.
struct NotPermitted : Error {
  explicit NotPermitted(const std::string& w) : Error(ErrorKind::not_permitted, w) {}
};
// Database unreachable, corrupt history, anything the user cannot fix by changing input.
struct InternalError : Error {
  explicit InternalError(const std::string& w) : Error(ErrorKind::internal, w) {}
};

// Throws `e` as the exception type of its kind (UsageError, NotFound …), so that callers can
// catch the kind they handle.
[[noreturn]] void throw_error(const Error& e);

}  // namespace gongkai
