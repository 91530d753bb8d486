// The exit codes of the interface contract (shared/spec/interface.md), one per error kind.
#pragma once
#include "engine/errors.h"

namespace gongkai::cli {

// Not an error: `audit` read the table and found rules it breaks (AppContext::exit_status).
inline constexpr int kExitBrokenRules = 7;

inline int exit_code(ErrorKind k) {
  switch (k) {
    case ErrorKind::internal: return 1;
    case ErrorKind::invalid_input: return 2;
    case ErrorKind::refused: return 3;
    case ErrorKind::not_found: return 4;
    case ErrorKind::conflict: return 5;
    case ErrorKind::not_permitted: return 6;
  }
  return 1;
}

}  // namespace gongkai::cli
