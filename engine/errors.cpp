#include "engine/errors.h"

namespace gongkai {

const char* kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::internal: return "internal error";
    case ErrorKind::invalid_input: return "invalid input";
    case ErrorKind::refused: return "refused by the rules";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::not_permitted: return "not permitted";
  }
  return "error";
}

[[noreturn]] void throw_error(const Error& e) {
  switch (e.kind()) {
    case ErrorKind::invalid_input: throw UsageError(e.what());
    case ErrorKind::refused: throw RuleViolation(e.what());
    case ErrorKind::not_found: throw NotFound(e.what());
    case ErrorKind::conflict: throw Conflict(e.what());
    case ErrorKind::not_permitted: throw NotPermitted(e.what());
    case ErrorKind::internal: break;
  }
  throw InternalError(e.what());
}

}  // namespace gongkai
