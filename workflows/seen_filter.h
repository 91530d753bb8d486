// A set that only answers "certainly not seen" or "perhaps seen" (a Bloom filter), in three to
// four and a half bytes per key: a bulk import asks it before looking a case reference up in the database, so
// that a file of new cases costs no lookups and no memory that grows by the case.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace gongkai::workflows {

class SeenFilter {
 public:
  void add(std::string_view key);
  bool maybe(std::string_view key) const;  // false: never added
  size_t bytes() const;

 private:
  // Layers of doubling capacity, each filled to at most its capacity, so that the false-positive
  // rate stays near 0.001 % per layer without knowing the number of keys up front (every false
  // "perhaps" costs the import a round trip).
  struct Layer {
    std::vector<uint64_t> bits;
    size_t capacity = 0, count = 0;
  };
  std::vector<Layer> layers_;
};

}  // namespace gongkai::workflows
