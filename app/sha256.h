// SHA-256 as gongkai keeps it beside a file (lowercase hex), of bytes whole or coming in pieces.
#pragma once
#include <string>
#include <string_view>

#include <sodium.h>

namespace gongkai::app {

class Sha256 {
 public:
  Sha256();
  void add(std::string_view piece);
  std::string hex();  // once, at the end

 private:
  crypto_hash_sha256_state state_{};
};

std::string sha256_hex(std::string_view bytes);

}  // namespace gongkai::app
