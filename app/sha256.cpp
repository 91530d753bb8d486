#include "app/sha256.h"

#include "engine/errors.h"

namespace gongkai::app {

Sha256::Sha256() {
  if (sodium_init() < 0) throw InternalError("libsodium could not be initialised");
  crypto_hash_sha256_init(&state_);
}

void Sha256::add(std::string_view piece) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(piece.data()), piece.size());
}

std::string Sha256::hex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  char out[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(out, sizeof out, digest, sizeof digest);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.add(bytes);
  return h.hex();
}

}  // namespace gongkai::app
