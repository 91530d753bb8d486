// A ZIP archive built in memory, for the OOXML packages gongkai writes (DOCX): entries deflated
// with zlib, every timestamp fixed at 1980-01-01, so that the same entries give the same bytes.
#pragma once
#include <string>
#include <vector>

namespace gongkai {

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

}  // namespace gongkai
