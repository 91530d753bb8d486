#include "engine/zip_reader.h"

#include <zlib.h>

#include <algorithm>

namespace gongkai {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr size_t kEndSize = 22;
constexpr size_t kCentralSize = 46;
constexpr size_t kLocalSize = 30;

uint16_t u16(std::string_view d, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(d[at]) | static_cast<unsigned char>(d[at + 1]) << 8);
}
uint32_t u32(std::string_view d, size_t at) { return u16(d, at) | static_cast<uint32_t>(u16(d, at + 2)) << 16; }

// The end-of-central-directory record: the last signature whose comment length reaches exactly
// the end of the data (a comment may itself hold the signature's bytes).
size_t find_end_record(std::string_view d) {
  if (d.size() < kEndSize) throw ZipError("not a ZIP archive (too short)");
  const size_t lowest = d.size() >= kEndSize + 0xFFFF ? d.size() - kEndSize - 0xFFFF : 0;
  for (size_t at = d.size() - kEndSize + 1; at-- > lowest;)
    if (u32(d, at) == kEndOfDirectory && at + kEndSize + u16(d, at + 20) == d.size()) return at;
  throw ZipError("not a ZIP archive, or a truncated one (no end of central directory)");
}

}  // namespace

bool looks_like_zip(std::string_view data) {
  return data.size() >= 4 && (u32(data, 0) == kLocalHeader || u32(data, 0) == kEndOfDirectory);
}

ZipReader::ZipReader(std::string data, ZipLimits limits) : data_(std::move(data)), limits_(limits) {
  const std::string_view d = data_;
  const size_t end = find_end_record(d);
  const uint16_t disk = u16(d, end + 4), dir_disk = u16(d, end + 6);
  const uint16_t on_disk = u16(d, end + 8), count = u16(d, end + 10);
  const uint32_t dir_size = u32(d, end + 12), dir_offset = u32(d, end + 16);
  if (count == 0xFFFF || dir_size == 0xFFFFFFFF || dir_offset == 0xFFFFFFFF)
    throw ZipError("a ZIP64 archive, which is not read here");
  if (disk != 0 || dir_disk != 0 || on_disk != count) throw ZipError("a ZIP archive split over several files");
  if (count > limits_.max_entries)
    throw ZipError("the ZIP archive has " + std::to_string(count) + " entries, more than the " +
                   std::to_string(limits_.max_entries) + " allowed");
  if (uint64_t{dir_offset} + dir_size > end) throw ZipError("a truncated or corrupt ZIP archive (central directory)");

  uint64_t total = 0;
  size_t at = dir_offset;
  for (uint16_t i = 0; i < count; ++i) {
    if (at + kCentralSize > end || u32(d, at) != kCentralHeader)
      throw ZipError("a corrupt ZIP archive (central directory entry " + std::to_string(i + 1) + ")");
    ZipEntry e;
    e.flags = u16(d, at + 8);
    e.method = u16(d, at + 10);
    e.crc = u32(d, at + 16);
    e.compressed = u32(d, at + 20);
    e.uncompressed = u32(d, at + 24);
    const size_t name_len = u16(d, at + 28), extra_len = u16(d, at + 30), comment_len = u16(d, at + 32);
    e.local_offset = u32(d, at + 42);
    if (at + kCentralSize + name_len + extra_len + comment_len > end)
      throw ZipError("a corrupt ZIP archive (central directory entry " + std::to_string(i + 1) + ")");
    e.name.assign(d.substr(at + kCentralSize, name_len));
    if (e.compressed == 0xFFFFFFFF || e.uncompressed == 0xFFFFFFFF || e.local_offset == 0xFFFFFFFF)
      throw ZipError("a ZIP64 archive, which is not read here");
    if (e.uncompressed > limits_.max_entry_bytes)
      throw ZipError("ZIP entry '" + e.name + "' would unpack to " + std::to_string(e.uncompressed) +
                     " bytes, more than the " + std::to_string(limits_.max_entry_bytes) + " allowed");
    total += e.uncompressed;
    if (total > limits_.max_total_bytes)
      throw ZipError("the ZIP archive would unpack to more than the " + std::to_string(limits_.max_total_bytes) +
                     " bytes allowed");
    entries_.push_back(std::move(e));
    at += kCentralSize + name_len + extra_len + comment_len;
  }
}

const ZipEntry* ZipReader::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

std::string ZipReader::read(std::string_view name) const {
  const ZipEntry* e = find(name);
  if (!e) throw ZipError("the ZIP archive has no entry '" + std::string(name) + "'");
  return read(*e);
}

std::string ZipReader::read(const ZipEntry& e) const {
  const std::string_view d = data_;
  const std::string what = "ZIP entry '" + e.name + "'";
  if (e.flags & 1) throw ZipError(what + " is encrypted");
  if (e.local_offset + kLocalSize > d.size() || u32(d, e.local_offset) != kLocalHeader)
    throw ZipError(what + ": truncated or corrupt archive (local header)");
  const uint64_t start = e.local_offset + kLocalSize + u16(d, e.local_offset + 26) + u16(d, e.local_offset + 28);
  if (start > d.size() || e.compressed > d.size() - start) throw ZipError(what + " is truncated");
  const std::string_view packed = d.substr(start, e.compressed);

  std::string out;
  if (e.method == 0) {
    if (e.compressed != e.uncompressed) throw ZipError(what + ": stored sizes disagree");
    out.assign(packed);
  } else if (e.method == 8) {
    // Raw deflate into a buffer of the declared size, and not a byte more: an entry that would
    // inflate beyond what it declared is refused instead of followed.
    out.resize(static_cast<size_t>(e.uncompressed));
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw ZipError(what + ": cannot start inflating");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    z.avail_in = static_cast<uInt>(packed.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_FINISH);
    if (rc == Z_BUF_ERROR && z.avail_out == 0) {
      // The output is full: one more byte would show whether the stream goes on.
      unsigned char probe;
      z.next_out = &probe;
      z.avail_out = 1;
      rc = inflate(&z, Z_FINISH);
      if (z.avail_out == 0) {
        inflateEnd(&z);
        throw ZipError(what + " inflates to more than the " + std::to_string(e.uncompressed) + " bytes it declares");
      }
    }
    const uLong produced = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) throw ZipError(what + " is corrupt or truncated (deflate data)");
    if (produced != e.uncompressed)
      throw ZipError(what + " inflates to " + std::to_string(produced) + " bytes, not the " +
                     std::to_string(e.uncompressed) + " it declares");
  } else {
    throw ZipError(what + " uses compression method " + std::to_string(e.method) + " (only stored and deflate are read)");
  }
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size()));
  if (crc != e.crc) throw ZipError(what + " is corrupt (CRC mismatch)");
  return out;
}

}  // namespace gongkai
