#include "engine/zip_writer.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <streambuf>

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

namespace {

// A value that does not fit the classic format's 32 bits: the field says 0xffffffff, and ZIP64's
// records hold it.
constexpr uint32_t kNeeds64 = 0xffffffffu;

void put64(std::string& s, uint64_t v) {
  put32(s, static_cast<uint32_t>(v & 0xffffffffu));
  put32(s, static_cast<uint32_t>(v >> 32));
}

}  // namespace

// The open deflated entry: bytes written to its stream are deflated (raw, ZIP method 8) into the
// archive a buffer at a time, with their CRC and count.
class ZipStreamWriter::DeflateBuffer : public std::streambuf {
 public:
  DeflateBuffer(ZipStreamWriter& zip, ZipStreamWriter::Entry& entry) : zip_(zip), entry_(entry), in_(1 << 16) {
    if (deflateInit2(&z_, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw InternalError("zlib: deflateInit2 failed");
    setp(in_.data(), in_.data() + in_.size());
  }
  ~DeflateBuffer() override { deflateEnd(&z_); }
  // The rest of the data and the end of the deflate stream.
  void finish() {
    pack(Z_FINISH);
    entry_.crc = static_cast<uint32_t>(crc_);
  }

 protected:
  int overflow(int c) override {
    pack(Z_NO_FLUSH);
    if (c != traits_type::eof()) {
      *pptr() = static_cast<char>(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return 0; }  // deflated in whole buffers; finish() ends the stream

 private:
  void pack(int flush) {
    const auto n = static_cast<size_t>(pptr() - pbase());
    crc_ = crc32(crc_, reinterpret_cast<const Bytef*>(pbase()), static_cast<uInt>(n));
    entry_.size += n;
    z_.next_in = reinterpret_cast<Bytef*>(pbase());
    z_.avail_in = static_cast<uInt>(n);
    char out[1 << 16];
    int rc;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(out);
      z_.avail_out = sizeof out;
      rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) throw InternalError("zlib: deflate failed");
      const size_t produced = sizeof out - z_.avail_out;
      entry_.compressed += produced;
      zip_.put(std::string(out, produced));
    } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    setp(in_.data(), in_.data() + in_.size());
  }

  ZipStreamWriter& zip_;
  ZipStreamWriter::Entry& entry_;
  std::vector<char> in_;
  z_stream z_{};
  uLong crc_ = crc32(0L, Z_NULL, 0);
};

ZipStreamWriter::ZipStreamWriter(std::ostream& out, bool force_zip64) : out_(out), force_zip64_(force_zip64) {}
ZipStreamWriter::~ZipStreamWriter() = default;

void ZipStreamWriter::put(const std::string& bytes) {
  out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  written_ += bytes.size();
}

void ZipStreamWriter::local_header(const Entry& e) {
  std::string h;
  put32(h, 0x04034b50);
  put16(h, 20);  // needed to extract: 2.0
  put16(h, e.flags);
  put16(h, e.method);
  put16(h, kDosTime);
  put16(h, kDosDate);
  // A streamed entry's CRC and sizes follow its data (flag 8); these are then 0.
  put32(h, e.flags & 8 ? 0 : e.crc);
  put32(h, e.flags & 8 ? 0 : static_cast<uint32_t>(e.compressed));
  put32(h, e.flags & 8 ? 0 : static_cast<uint32_t>(e.size));
  put16(h, static_cast<uint16_t>(e.name.size()));
  put16(h, 0);
  h += e.name;
  put(h);
}

void ZipStreamWriter::add_stored(const std::string& name, std::string_view data) {
  if (open_) throw InternalError("ZIP: an entry is still open");
  if (name.size() > 0xffff) throw UsageError("a ZIP entry's name is too long: " + name);
  if (data.size() >= kNeeds64) throw UsageError("a ZIP entry of 4 GiB or more, which is not written: " + name);
  Entry e;
  e.name = name;
  e.method = 0;
  e.flags = 0x0800;  // names are UTF-8
  e.crc = static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  e.size = e.compressed = data.size();
  e.offset = written_;
  local_header(e);
  out_.write(data.data(), static_cast<std::streamsize>(data.size()));
  written_ += data.size();
  entries_.push_back(std::move(e));
}

std::ostream& ZipStreamWriter::open_deflated(const std::string& name) {
  if (open_) throw InternalError("ZIP: an entry is still open");
  if (name.size() > 0xffff) throw UsageError("a ZIP entry's name is too long: " + name);
  Entry e;
  e.name = name;
  e.method = 8;
  e.flags = 0x0800 | 0x0008;  // UTF-8 names; CRC and sizes in a data descriptor after the data
  e.offset = written_;
  local_header(e);
  entries_.push_back(std::move(e));
  open_ = std::make_unique<DeflateBuffer>(*this, entries_.back());
  open_stream_ = std::make_unique<std::ostream>(open_.get());
  return *open_stream_;
}

void ZipStreamWriter::close_entry() {
  if (!open_) throw InternalError("ZIP: no entry is open");
  open_->finish();
  open_stream_.reset();
  open_.reset();
  const Entry& e = entries_.back();
  if (e.size >= kNeeds64 || e.compressed >= kNeeds64)
    throw UsageError("the ZIP entry '" + e.name + "' has 4 GiB or more, which is not written");
  std::string d;
  put32(d, 0x08074b50);
  put32(d, e.crc);
  put32(d, static_cast<uint32_t>(e.compressed));
  put32(d, static_cast<uint32_t>(e.size));
  put(d);
}

void ZipStreamWriter::finish() {
  if (open_) close_entry();
  if (finished_) return;
  finished_ = true;
  const uint64_t dir_offset = written_;
  std::string dir;
  for (const auto& e : entries_) {
    const bool far = force_zip64_ || e.offset >= kNeeds64;
    put32(dir, 0x02014b50);
    put16(dir, far ? 45 : 20);  // made by
    put16(dir, far ? 45 : 20);  // needed to extract: 4.5 for ZIP64
    put16(dir, e.flags);
    put16(dir, e.method);
    put16(dir, kDosTime);
    put16(dir, kDosDate);
    put32(dir, e.crc);
    put32(dir, static_cast<uint32_t>(e.compressed));
    put32(dir, static_cast<uint32_t>(e.size));
    put16(dir, static_cast<uint16_t>(e.name.size()));
    put16(dir, far ? 12 : 0);  // extra field: ZIP64's, with the local header's offset
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put32(dir, 0);
    put32(dir, far ? kNeeds64 : static_cast<uint32_t>(e.offset));
    dir += e.name;
    if (far) {
      put16(dir, 1);
      put16(dir, 8);
      put64(dir, e.offset);
    }
  }
  put(dir);
  const uint64_t count = entries_.size(), dir_size = dir.size();
  const bool zip64 = force_zip64_ || count >= 0xffff || dir_offset >= kNeeds64 || dir_size >= kNeeds64;
  std::string end;
  if (zip64) {
    const uint64_t record_at = written_;
    put32(end, 0x06064b50);
    put64(end, 44);  // the record's size after this field
    put16(end, 45);
    put16(end, 45);
    put32(end, 0);
    put32(end, 0);
    put64(end, count);
    put64(end, count);
    put64(end, dir_size);
    put64(end, dir_offset);
    put32(end, 0x07064b50);  // its locator
    put32(end, 0);
    put64(end, record_at);
    put32(end, 1);
  }
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, zip64 ? 0xffff : static_cast<uint16_t>(count));
  put16(end, zip64 ? 0xffff : static_cast<uint16_t>(count));
  put32(end, zip64 ? kNeeds64 : static_cast<uint32_t>(dir_size));
  put32(end, zip64 ? kNeeds64 : static_cast<uint32_t>(dir_offset));
  put16(end, 0);
  put(end);
  out_.flush();
  if (!out_) throw InternalError("could not write the ZIP archive (disk full?)");
}

}  // namespace gongkai
