// The HTTP status of each kind of error (interface.md: invalid input 400, not permitted 403, not
// found 404, conflict 409, refused by the rules 422; anything else 500).
#pragma once
#include "engine/errors.h"

namespace gongkai::web {

inline int status_of(ErrorKind k) {
  switch (k) {
    case ErrorKind::invalid_input: return 400;
    case ErrorKind::not_permitted: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::refused: return 422;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

}  // namespace gongkai::web
