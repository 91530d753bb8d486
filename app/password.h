// Web passwords, hashed with libsodium's Argon2id (crypto_pwhash_str): only the hash is stored.
#pragma once
#include <string>

namespace gongkai::app {

// UsageError unless the password is 8–1024 bytes of valid UTF-8 with a visible character.
void check_password(const std::string& password);
// A crypto_pwhash_str string ($argon2id$…), salted; InternalError when libsodium fails.
std::string hash_password(const std::string& password);
bool password_matches(const std::string& hash, const std::string& password);
// The hash was made with weaker parameters than today's: rehash at the next login.
bool password_needs_rehash(const std::string& hash);

}  // namespace gongkai::app
