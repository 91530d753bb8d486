#include "app/password.h"

#include <sodium.h>

#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

void init_sodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw InternalError("libsodium could not be initialised");
}

}  // namespace

void check_password(const std::string& password) {
  if (password.size() < 8) throw UsageError("the password is shorter than 8 characters");
  if (password.size() > 1024) throw UsageError("the password is longer than 1024 bytes");
  workflows::check_text(password, "the password", workflows::TextRule{1024, true, false});
}

std::string hash_password(const std::string& password) {
  init_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw InternalError("hashing the password ran out of memory");
  return out;
}

bool password_matches(const std::string& hash, const std::string& password) {
  init_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& hash) {
  init_sodium();
  return crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace gongkai::app
