#include "workflows/seen_filter.h"

namespace gongkai::workflows {
namespace {

constexpr size_t kBitsPerKey = 24, kProbes = 16, kFirstCapacity = 1 << 16;

// Two independent 64-bit hashes of the key (FNV-1a with different bases, then mixed); probe i
// is h1 + i·h2 (Kirsch–Mitzenmacher).
uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}
std::pair<uint64_t, uint64_t> hashes(std::string_view key) {
  uint64_t a = 1469598103934665603ull, b = 0x9e3779b97f4a7c15ull;
  for (unsigned char ch : key) {
    a = (a ^ ch) * 1099511628211ull;
    b = (b ^ ch) * 0x100000001b3ull + 0x7f;
  }
  return {mix(a), mix(b) | 1};
}

}  // namespace

void SeenFilter::add(std::string_view key) {
  if (layers_.empty() || layers_.back().count >= layers_.back().capacity) {
    Layer l;
    l.capacity = layers_.empty() ? kFirstCapacity : layers_.back().capacity * 2;
    l.bits.assign(l.capacity * kBitsPerKey / 64, 0);
    layers_.push_back(std::move(l));
  }
  Layer& l = layers_.back();
  auto [h1, h2] = hashes(key);
  const uint64_t m = l.bits.size() * 64;
  for (size_t i = 0; i < kProbes; ++i) {
    uint64_t bit = (h1 + i * h2) % m;
    l.bits[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  ++l.count;
}

bool SeenFilter::maybe(std::string_view key) const {
  if (layers_.empty()) return false;
  auto [h1, h2] = hashes(key);
  for (const Layer& l : layers_) {
    const uint64_t m = l.bits.size() * 64;
    bool all = true;
    for (size_t i = 0; i < kProbes && all; ++i) {
      uint64_t bit = (h1 + i * h2) % m;
      all = (l.bits[bit / 64] >> (bit % 64)) & 1;
    }
    if (all) return true;
  }
  return false;
}

size_t SeenFilter::bytes() const {
  size_t n = 0;
  for (const Layer& l : layers_) n += l.bits.size() * 8;
  return n;
}

}  // namespace gongkai::workflows
