// ZIP archives written by gongkai: `ZipWriter` builds a small one in memory (the OOXML packages,
// DOCX), `ZipStreamWriter` writes a large one to a stream entry by entry (the export archive).
// Every timestamp is fixed at 1980-01-01, so that the same entries give the same bytes.
#pragma once
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai {

// A ZIP archive built in memory: entries deflated with zlib.
class ZipWriter {
 public:
  // Adds an entry; names are kept in the order added ([Content_Types].xml first for OOXML).
  void add(const std::string& name, const std::string& data);
  // The whole archive: local headers and data, the central directory, its end record.
  std::string finish() const;

 private:
  struct Entry {
    std::string name, compressed;
    unsigned long crc = 0;
    size_t size = 0;
  };
  std::vector<Entry> entries_;
};

// A ZIP archive written to a stream as its entries come, for archives larger than memory: only
// the central directory's few bytes an entry are kept. An entry is either whole (stored: files
// that are compressed already) or written piece by piece (deflated, its sizes after its data in a
// data descriptor, so nothing is sought back). ZIP64 records when the archive passes 4 GiB or
// 65 535 entries; one entry may not pass 4 GiB (UsageError).
class ZipStreamWriter {
 public:
  // `force_zip64`: the ZIP64 records even when not needed (tests of the readers).
  explicit ZipStreamWriter(std::ostream& out, bool force_zip64 = false);
  ~ZipStreamWriter();
  ZipStreamWriter(const ZipStreamWriter&) = delete;
  ZipStreamWriter& operator=(const ZipStreamWriter&) = delete;

  // One whole entry, stored without compression.
  void add_stored(const std::string& name, std::string_view data);
  // Opens a deflated entry: its content is what is written to the returned stream until
  // close_entry().
  std::ostream& open_deflated(const std::string& name);
  void close_entry();
  // The central directory and its end records: the archive is complete (InternalError when the
  // stream failed, as a full disk makes it).
  void finish();
  uint64_t bytes_written() const { return written_; }

  class DeflateBuffer;  // the open entry's stream buffer (zip_writer.cpp)

 private:
  struct Entry {
    std::string name;
    uint32_t crc = 0;
    uint64_t compressed = 0, size = 0, offset = 0;
    uint16_t method = 0, flags = 0;
  };
  void put(const std::string& bytes);
  void local_header(const Entry& e);

  std::ostream& out_;
  bool force_zip64_;
  uint64_t written_ = 0;
  std::vector<Entry> entries_;
  std::unique_ptr<DeflateBuffer> open_;
  std::unique_ptr<std::ostream> open_stream_;
  bool finished_ = false;
};

}  // namespace gongkai
