#include "engine/zip_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gongkai {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64End = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr size_t kEndSize = 22;
constexpr size_t kCentralSize = 46;
constexpr size_t kLocalSize = 30;
constexpr size_t kZip64EndSize = 56;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kChunk = 1 << 20;  // read from the archive a megabyte at a time

uint16_t u16(std::string_view d, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(d[at]) | static_cast<unsigned char>(d[at + 1]) << 8);
}
uint32_t u32(std::string_view d, size_t at) { return u16(d, at) | static_cast<uint32_t>(u16(d, at + 2)) << 16; }
uint64_t u64(std::string_view d, size_t at) { return u32(d, at) | static_cast<uint64_t>(u32(d, at + 4)) << 32; }

// The end-of-central-directory record in `d`, the archive's last bytes: the last signature whose
// comment length reaches exactly the end of the data (a comment may itself hold the signature's
// bytes).
size_t find_end_record(std::string_view d) {
  const size_t lowest = d.size() >= kEndSize + 0xFFFF ? d.size() - kEndSize - 0xFFFF : 0;
  for (size_t at = d.size() - kEndSize + 1; at-- > lowest;)
    if (u32(d, at) == kEndOfDirectory && at + kEndSize + u16(d, at + 20) == d.size()) return at;
  throw ZipError("not a ZIP archive, or a truncated one (no end of central directory)");
}

}  // namespace

// The archive's bytes, read where they are needed.
struct ZipReader::Source {
  virtual ~Source() = default;
  virtual uint64_t size() const = 0;
  // `n` bytes from `at`, which the caller checked are there.
  virtual std::string read_at(uint64_t at, size_t n) const = 0;
};

namespace {

struct MemorySource : ZipReader::Source {
  explicit MemorySource(std::string d) : data(std::move(d)) {}
  uint64_t size() const override { return data.size(); }
  std::string read_at(uint64_t at, size_t n) const override { return data.substr(at, n); }
  std::string data;
};

struct FileSource : ZipReader::Source {
  explicit FileSource(const std::string& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd < 0) throw UsageError("cannot read '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      throw UsageError("'" + path + "' is not a file that can be read as a ZIP archive");
    }
    bytes = static_cast<uint64_t>(st.st_size);
  }
  ~FileSource() override { ::close(fd); }
  uint64_t size() const override { return bytes; }
  std::string read_at(uint64_t at, size_t n) const override {
    std::string out(n, '\0');
    size_t done = 0;
    while (done < n) {
      ssize_t got = ::pread(fd, out.data() + done, n - done, static_cast<off_t>(at + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) throw ZipError("the ZIP archive could not be read (changed or truncated while reading?)");
      done += static_cast<size_t>(got);
    }
    return out;
  }
  int fd;
  uint64_t bytes = 0;
};

}  // namespace

bool looks_like_zip(std::string_view data) {
  return data.size() >= 4 && (u32(data, 0) == kLocalHeader || u32(data, 0) == kEndOfDirectory);
}

ZipReader::ZipReader(std::string data, ZipLimits limits)
    : ZipReader(std::make_shared<MemorySource>(std::move(data)), limits) {}

ZipReader ZipReader::open_file(const std::string& path, ZipLimits limits) {
  return ZipReader(std::make_shared<FileSource>(path), limits);
}

ZipReader::ZipReader(std::shared_ptr<Source> source, ZipLimits limits) : source_(std::move(source)), limits_(limits) {
  const uint64_t total = source_->size();
  if (total < kEndSize) throw ZipError("not a ZIP archive (too short)");
  const uint64_t tail_at = total >= kEndSize + 0xFFFF ? total - kEndSize - 0xFFFF : 0;
  const std::string tail = source_->read_at(tail_at, static_cast<size_t>(total - tail_at));
  const size_t e = find_end_record(tail);
  const uint64_t end = tail_at + e;
  uint64_t disk = u16(tail, e + 4), dir_disk = u16(tail, e + 6);
  uint64_t on_disk = u16(tail, e + 8), count = u16(tail, e + 10);
  uint64_t dir_size = u32(tail, e + 12), dir_offset = u32(tail, e + 16);
  uint64_t dir_limit = end;  // where the central directory must have ended
  if (count == 0xFFFF || dir_size == 0xFFFFFFFF || dir_offset == 0xFFFFFFFF) {
    // ZIP64: a locator right before the end record points to the ZIP64 end record.
    if (end < kZip64LocatorSize) throw ZipError("a corrupt ZIP64 archive (no ZIP64 locator)");
    const std::string loc = source_->read_at(end - kZip64LocatorSize, kZip64LocatorSize);
    if (u32(loc, 0) != kZip64Locator) throw ZipError("a corrupt ZIP64 archive (no ZIP64 locator)");
    const uint64_t record = u64(loc, 8);
    if (record > end - kZip64LocatorSize || end - kZip64LocatorSize - record < kZip64EndSize)
      throw ZipError("a corrupt ZIP64 archive (ZIP64 end record)");
    const std::string r = source_->read_at(record, kZip64EndSize);
    if (u32(r, 0) != kZip64End) throw ZipError("a corrupt ZIP64 archive (ZIP64 end record)");
    disk = u32(r, 16);
    dir_disk = u32(r, 20);
    on_disk = u64(r, 24);
    count = u64(r, 32);
    dir_size = u64(r, 40);
    dir_offset = u64(r, 48);
    dir_limit = record;
  }
  if (disk != 0 || dir_disk != 0 || on_disk != count) throw ZipError("a ZIP archive split over several files");
  if (count > limits_.max_entries)
    throw ZipError("the ZIP archive has " + std::to_string(count) + " entries, more than the " +
                   std::to_string(limits_.max_entries) + " allowed");
  if (dir_offset > dir_limit || dir_size > dir_limit - dir_offset)
    throw ZipError("a truncated or corrupt ZIP archive (central directory)");
  // Names of up to a kilobyte each: a directory larger than that is not read into memory.
  if (dir_size > count * 1024 + 4096) throw ZipError("a corrupt ZIP archive (central directory too large)");
  const std::string dir = source_->read_at(dir_offset, static_cast<size_t>(dir_size));
  const std::string_view d = dir;

  uint64_t sum = 0;
  size_t at = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const std::string which = "central directory entry " + std::to_string(i + 1);
    if (at + kCentralSize > d.size() || u32(d, at) != kCentralHeader)
      throw ZipError("a corrupt ZIP archive (" + which + ")");
    ZipEntry z;
    z.flags = u16(d, at + 8);
    z.method = u16(d, at + 10);
    z.crc = u32(d, at + 16);
    z.compressed = u32(d, at + 20);
    z.uncompressed = u32(d, at + 24);
    const size_t name_len = u16(d, at + 28), extra_len = u16(d, at + 30), comment_len = u16(d, at + 32);
    const uint16_t start_disk = u16(d, at + 34);
    z.local_offset = u32(d, at + 42);
    if (at + kCentralSize + name_len + extra_len + comment_len > d.size())
      throw ZipError("a corrupt ZIP archive (" + which + ")");
    z.name.assign(d.substr(at + kCentralSize, name_len));
    // ZIP64's extra field holds, in this order, each value whose field above says 0xFFFFFFFF.
    const bool big_size = z.uncompressed == 0xFFFFFFFF, big_packed = z.compressed == 0xFFFFFFFF,
               far = z.local_offset == 0xFFFFFFFF;
    if (big_size || big_packed || far) {
      bool found = false;
      for (size_t x = at + kCentralSize + name_len, x_end = x + extra_len; x + 4 <= x_end;) {
        const uint16_t id = u16(d, x), len = u16(d, x + 2);
        if (x + 4 + len > x_end) break;
        if (id == 1) {
          size_t v = x + 4;
          const size_t v_end = v + len;
          auto next = [&](uint64_t& field) {
            if (v + 8 > v_end) throw ZipError("a corrupt ZIP64 archive (" + which + ")");
            field = u64(d, v);
            v += 8;
          };
          if (big_size) next(z.uncompressed);
          if (big_packed) next(z.compressed);
          if (far) next(z.local_offset);
          found = true;
          break;
        }
        x += 4 + len;
      }
      if (!found) throw ZipError("a corrupt ZIP64 archive (" + which + " has no ZIP64 field)");
    }
    if (start_disk != 0 && start_disk != 0xFFFF) throw ZipError("a ZIP archive split over several files");
    if (z.uncompressed > limits_.max_entry_bytes)
      throw ZipError("ZIP entry '" + z.name + "' would unpack to " + std::to_string(z.uncompressed) +
                     " bytes, more than the " + std::to_string(limits_.max_entry_bytes) + " allowed");
    if (limits_.max_ratio && z.uncompressed > (1u << 20) && z.uncompressed / limits_.max_ratio > z.compressed)
      throw ZipError("ZIP entry '" + z.name + "' would unpack " + std::to_string(z.compressed) + " bytes to " +
                     std::to_string(z.uncompressed) + ", more than " + std::to_string(limits_.max_ratio) +
                     " times as many (a ZIP bomb?)");
    sum += z.uncompressed;
    if (sum > limits_.max_total_bytes)
      throw ZipError("the ZIP archive would unpack to more than the " + std::to_string(limits_.max_total_bytes) +
                     " bytes allowed");
    entries_.push_back(std::move(z));
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
  std::string out;
  out.reserve(static_cast<size_t>(e.uncompressed));
  copy(e, [&](std::string_view piece) { out.append(piece); });
  return out;
}

void ZipReader::copy(const ZipEntry& e, const std::function<void(std::string_view)>& sink) const {
  const std::string what = "ZIP entry '" + e.name + "'";
  if (e.flags & 1) throw ZipError(what + " is encrypted");
  const uint64_t total = source_->size();
  if (e.local_offset > total || total - e.local_offset < kLocalSize)
    throw ZipError(what + ": truncated or corrupt archive (local header)");
  const std::string local = source_->read_at(e.local_offset, kLocalSize);
  if (u32(local, 0) != kLocalHeader) throw ZipError(what + ": truncated or corrupt archive (local header)");
  const uint64_t start = e.local_offset + kLocalSize + u16(local, 26) + u16(local, 28);
  if (start > total || e.compressed > total - start) throw ZipError(what + " is truncated");

  uLong crc = crc32(0L, Z_NULL, 0);
  auto emit = [&](std::string_view piece) {
    crc = crc32(crc, reinterpret_cast<const Bytef*>(piece.data()), static_cast<uInt>(piece.size()));
    if (!piece.empty()) sink(piece);
  };
  if (e.method == 0) {
    if (e.compressed != e.uncompressed) throw ZipError(what + ": stored sizes disagree");
    for (uint64_t pos = 0; pos < e.compressed;) {
      const std::string piece = source_->read_at(start + pos, static_cast<size_t>(std::min<uint64_t>(kChunk, e.compressed - pos)));
      pos += piece.size();
      emit(piece);
    }
  } else if (e.method == 8) {
    // Raw deflate, a piece at a time, never beyond the size the entry declares: an entry that
    // would inflate further is refused instead of followed.
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw ZipError(what + ": cannot start inflating");
    struct End {
      z_stream& z;
      ~End() { inflateEnd(&z); }
    } end{z};
    std::string input;
    std::string out(1 << 16, '\0');
    uint64_t pos = 0, produced = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      if (z.avail_in == 0) {
        if (pos == e.compressed) break;
        input = source_->read_at(start + pos, static_cast<size_t>(std::min<uint64_t>(kChunk, e.compressed - pos)));
        pos += input.size();
        z.next_in = reinterpret_cast<Bytef*>(input.data());
        z.avail_in = static_cast<uInt>(input.size());
      }
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && z.avail_in == 0))
        throw ZipError(what + " is corrupt or truncated (deflate data)");
      const size_t n = out.size() - z.avail_out;
      if (produced + n > e.uncompressed)
        throw ZipError(what + " inflates to more than the " + std::to_string(e.uncompressed) + " bytes it declares");
      produced += n;
      emit(std::string_view(out.data(), n));
    }
    if (rc != Z_STREAM_END) throw ZipError(what + " is corrupt or truncated (deflate data)");
    if (produced != e.uncompressed)
      throw ZipError(what + " inflates to " + std::to_string(produced) + " bytes, not the " +
                     std::to_string(e.uncompressed) + " it declares");
  } else {
    throw ZipError(what + " uses compression method " + std::to_string(e.method) + " (only stored and deflate are read)");
  }
  if (crc != e.crc) throw ZipError(what + " is corrupt (CRC mismatch)");
}

}  // namespace gongkai
