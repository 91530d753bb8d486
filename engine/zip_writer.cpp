#include "engine/zip_writer.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

#include "engine/errors.h"

namespace gongkai {
namespace {

void put16(std::string& s, uint16_t v) {
  s += static_cast<char>(v & 0xff);
  s += static_cast<char>(v >> 8);
}
void put32(std::string& s, uint32_t v) {
  put16(s, static_cast<uint16_t>(v & 0xffff));
  put16(s, static_cast<uint16_t>(v >> 16));
}

// Raw deflate (no zlib header), as the ZIP format's method 8 wants.
std::string deflate_raw(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw InternalError("zlib: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw InternalError("zlib: deflate did not finish");
  return out;
}

constexpr uint16_t kDosTime = 0;              // 00:00:00
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01

}  // namespace

void ZipWriter::add(const std::string& name, const std::string& data) {
  if (data.size() > 0xffffffffu || entries_.size() >= 0xffff) throw UsageError("a ZIP entry too large: " + name);
  Entry e;
  e.name = name;
  e.size = data.size();
  e.crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  e.compressed = deflate_raw(data);
  entries_.push_back(std::move(e));
}

std::string ZipWriter::finish() const {
  std::string out, central;
  for (const auto& e : entries_) {
    const auto offset = static_cast<uint32_t>(out.size());
    auto header = [&](std::string& s, bool is_central) {
      put32(s, is_central ? 0x02014b50 : 0x04034b50);
      if (is_central) put16(s, 20);  // made by: version 2.0
      put16(s, 20);                  // needed to extract: 2.0 (deflate)
      put16(s, 0x0800);              // flags: names are UTF-8
      put16(s, 8);                   // method: deflate
      put16(s, kDosTime);
      put16(s, kDosDate);
      put32(s, static_cast<uint32_t>(e.crc));
      put32(s, static_cast<uint32_t>(e.compressed.size()));
      put32(s, static_cast<uint32_t>(e.size));
      put16(s, static_cast<uint16_t>(e.name.size()));
      put16(s, 0);  // extra field length
      if (is_central) {
        put16(s, 0);  // comment length
        put16(s, 0);  // disk number
        put16(s, 0);  // internal attributes
        put32(s, 0);  // external attributes
        put32(s, offset);
      }
      s += e.name;
    };
    header(out, false);
    out += e.compressed;
    header(central, true);
  }
  const auto central_offset = static_cast<uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint16_t>(entries_.size()));
  put16(out, static_cast<uint16_t>(entries_.size()));
  put32(out, static_cast<uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, 0);
  return out;
}

}  // namespace gongkai
