// A reader of ZIP archives, held in memory (the packages XLSX workbooks are) or read from a file a
// piece at a time (gongkai's export archives, larger than memory): the central directory (ZIP64's
// too), and each entry stored or deflated (zlib's raw inflate), its CRC checked — with limits on
// entry count and uncompressed sizes, so that a small hostile file cannot make it allocate or
// write without bound (a "zip bomb").
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/errors.h"

namespace gongkai {

// The archive is not one this reader can read (not a ZIP, truncated, encrypted, beyond a limit).
// Invalid input: the caller names the file.
struct ZipError : UsageError {
  explicit ZipError(const std::string& what) : UsageError(what) {}
};

struct ZipLimits {
  size_t max_entries = 4096;
  uint64_t max_entry_bytes = 64ull << 20;   // one entry, uncompressed
  uint64_t max_total_bytes = 256ull << 20;  // every entry together, uncompressed (as declared)
  // An entry of more than a MiB may unpack to at most this many times its packed size (0: any).
  // Deflate reaches about 1000 on repeated bytes; real text, 5 to 20.
  uint64_t max_ratio = 0;
};

struct ZipEntry {
  std::string name;
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint16_t flags = 0;
  uint32_t crc = 0;
  uint64_t compressed = 0, uncompressed = 0;
  uint64_t local_offset = 0;
};

class ZipReader {
 public:
  // Reads the central directory of the archive `data` (kept by the reader). ZipError when it is
  // not a ZIP archive, is truncated, or declares more than the limits allow.
  explicit ZipReader(std::string data, ZipLimits limits = {});
  // The same for the archive in the file at `path`, which stays open and is read where needed:
  // memory holds the central directory, and one entry only when it is read whole.
  static ZipReader open_file(const std::string& path, ZipLimits limits = {});

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // The entry of that name, nullptr if none.
  const ZipEntry* find(std::string_view name) const;
  // The entry's uncompressed content. ZipError when it is missing, encrypted, compressed in a way
  // other than stored or deflate, corrupt, or inflates to another size than it declares.
  std::string read(std::string_view name) const;
  std::string read(const ZipEntry& e) const;
  // The same content in pieces, to `sink`, as it is unpacked: the whole entry never in memory.
  // The CRC is checked at the end, so a sink must not trust what it got until copy returns.
  void copy(const ZipEntry& e, const std::function<void(std::string_view)>& sink) const;

  struct Source;  // where the archive's bytes are (zip_reader.cpp)

 private:
  ZipReader(std::shared_ptr<Source> source, ZipLimits limits);
  std::shared_ptr<Source> source_;
  ZipLimits limits_;
  std::vector<ZipEntry> entries_;
};

// Whether `data` starts like a ZIP archive (a local file header, or an empty archive's end record).
bool looks_like_zip(std::string_view data);

}  // namespace gongkai
