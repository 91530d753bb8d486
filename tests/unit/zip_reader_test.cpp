// The ZIP reader on archives built here byte by byte (stored and deflated entries, and broken
// ones: truncated, corrupt, lying about their size, too many entries), and on a workbook that
// libxlsxwriter wrote; the GB18030 → UTF-8 conversion of CSV text with its row numbers.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "engine/text_encoding.h"
#include "engine/zip_reader.h"
#include "engine/zip_writer.h"
#include "report/table_audit.h"
#include "report/xlsx_reader.h"
#include "report/xlsx_writer.h"
#include "report/national_template.h"

using namespace gongkai;

namespace {

void put16(std::string& s, uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}

std::string deflate_raw(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

struct Item {
  std::string name, data;
  bool deflated = false;
  long long declared_size = -1;  // what the directory says it unpacks to (-1: the truth)
  bool bad_crc = false;
};

std::string make_zip(const std::vector<Item>& items) {
  std::string zip, dir;
  for (const auto& it : items) {
    const std::string packed = it.deflated ? deflate_raw(it.data) : it.data;
    uint32_t crc = crc32(0L, reinterpret_cast<const Bytef*>(it.data.data()), static_cast<uInt>(it.data.size()));
    if (it.bad_crc) crc ^= 1;
    const uint32_t size = it.declared_size >= 0 ? static_cast<uint32_t>(it.declared_size) : it.data.size();
    const uint32_t offset = static_cast<uint32_t>(zip.size());
    put32(zip, 0x04034b50);
    put16(zip, 20);
    put16(zip, 0);
    put16(zip, it.deflated ? 8 : 0);
    put32(zip, 0);
    put32(zip, crc);
    put32(zip, static_cast<uint32_t>(packed.size()));
    put32(zip, size);
    put16(zip, static_cast<uint32_t>(it.name.size()));
    put16(zip, 0);
    zip += it.name + packed;
    put32(dir, 0x02014b50);
    put16(dir, 20);
    put16(dir, 20);
    put16(dir, 0);
    put16(dir, it.deflated ? 8 : 0);
    put32(dir, 0);
    put32(dir, crc);
    put32(dir, static_cast<uint32_t>(packed.size()));
    put32(dir, size);
    put16(dir, static_cast<uint32_t>(it.name.size()));
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put32(dir, 0);
    put32(dir, offset);
    dir += it.name;
  }
  const uint32_t dir_offset = static_cast<uint32_t>(zip.size());
  zip += dir;
  put32(zip, 0x06054b50);
  put16(zip, 0);
  put16(zip, 0);
  put16(zip, static_cast<uint32_t>(items.size()));
  put16(zip, static_cast<uint32_t>(items.size()));
  put32(zip, static_cast<uint32_t>(dir.size()));
  put32(zip, dir_offset);
  put16(zip, 0);
  return zip;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ZipError& e) {
    return e.what();
  }
  return "(no ZipError)";
}

}  // namespace

TEST_SUITE("zip-reader") {
  TEST_CASE("stored and deflated entries read back; a missing entry is named") {
    const std::string text(5000, 'x');
    ZipReader zip(make_zip({{"a.txt", "hello", false}, {"dir/b.xml", text + "<end/>", true}}));
    REQUIRE(zip.entries().size() == 2);
    CHECK(zip.read("a.txt") == "hello");
    CHECK(zip.read("dir/b.xml") == text + "<end/>");
    CHECK(zip.entries()[1].compressed < zip.entries()[1].uncompressed);
    CHECK(zip.find("nope") == nullptr);
    CHECK(error_of([&] { zip.read("nope"); }).find("no entry 'nope'") != std::string::npos);
    CHECK(looks_like_zip(make_zip({})));
    CHECK(ZipReader(make_zip({})).entries().empty());
  }

  TEST_CASE("not a ZIP, truncated, corrupt: ZipError, never a crash") {
    CHECK(error_of([] { ZipReader z("just some text, long enough to look for an end record"); })
              .find("not a ZIP archive") != std::string::npos);
    CHECK(error_of([] { ZipReader z("PK"); }).find("too short") != std::string::npos);
    const std::string good = make_zip({{"a.txt", std::string(3000, 'a') + "tail", true}});
    CHECK_FALSE(looks_like_zip("{\"json\": 1}"));
    // Cut anywhere: the central directory is missing or points past the end, or the data is short.
    for (size_t cut : {good.size() - 1, good.size() - 30, good.size() / 2, size_t{40}, size_t{10}}) {
      INFO("cut at " << cut);
      std::string bad = good.substr(0, cut);
      CHECK(error_of([&] { ZipReader z(bad); z.read("a.txt"); }) != "(no ZipError)");
    }
    // A flipped byte in the deflated data, a wrong CRC.
    std::string flipped = good;
    flipped[40] = static_cast<char>(flipped[40] ^ 0x55);
    CHECK(error_of([&] { ZipReader(flipped).read("a.txt"); }) != "(no ZipError)");
    CHECK(error_of([] { ZipReader(make_zip({{"c", "data", false, -1, true}})).read("c"); }).find("CRC") !=
          std::string::npos);
  }

  TEST_CASE("zip bombs: declared sizes beyond the limits, an entry inflating past what it declares, too many entries") {
    ZipLimits small;
    small.max_entry_bytes = 1000;
    small.max_total_bytes = 1500;
    small.max_entries = 3;
    const std::string big(5000, '\0');  // deflates to a few bytes
    CHECK(error_of([&] { ZipReader z(make_zip({{"big", big, true}}), small); }).find("more than the 1000") !=
          std::string::npos);
    CHECK(error_of([&] {
            ZipReader z(make_zip({{"a", std::string(800, 'a'), true}, {"b", std::string(800, 'b'), true}}), small);
          }).find("more than the 1500") != std::string::npos);
    CHECK(error_of([&] { ZipReader z(make_zip({{"1", ""}, {"2", ""}, {"3", ""}, {"4", ""}}), small); })
              .find("4 entries") != std::string::npos);
    // It declares 100 bytes but holds 5000: refused after the 100th byte, not followed.
    ZipReader liar(make_zip({{"liar", big, true, 100}}), small);
    CHECK(error_of([&] { liar.read("liar"); }).find("more than the 100 bytes it declares") != std::string::npos);
    ZipReader short_one(make_zip({{"short", std::string(50, 'z'), true, 100}}), small);
    CHECK(error_of([&] { short_one.read("short"); }).find("not the 100") != std::string::npos);
    // Packed a thousand times: refused under a ratio limit before anything is unpacked.
    ZipLimits ratio;
    ratio.max_ratio = 200;
    const std::string zeros(4 << 20, '\0');
    CHECK(error_of([&] { ZipReader z(make_zip({{"zeros", zeros, true}}), ratio); }).find("more than 200 times") !=
          std::string::npos);
    std::string varied;
    for (unsigned i = 0; varied.size() < (2u << 20); ++i) varied += "hx-2024-" + std::to_string(i) + ",received\r\n";
    CHECK(ZipReader(make_zip({{"varied", varied, true}}), ratio).read("varied") == varied);
  }

  TEST_CASE("the streaming writer: stored and deflated entries, read back from memory and from a file, in pieces") {
    for (bool zip64 : {false, true}) {
      INFO("forced ZIP64: " << zip64);
      std::string csv;
      for (int i = 0; i < 200000; ++i) csv += "hx-2024-" + std::to_string(i) + ",received,2024-03-01,张三\r\n";
      std::string binary;
      for (unsigned i = 0; i < 300000; ++i) binary += static_cast<char>((i * 7919u + i / 13) % 256);
      std::ostringstream out;
      ZipStreamWriter w(out, zip64);
      std::ostream& events = w.open_deflated("events.csv");
      for (size_t at = 0; at < csv.size(); at += 1000) events << csv.substr(at, 1000);
      w.close_entry();
      w.add_stored("files/hx-2024-0001/1-扫描件.bin", binary);
      w.open_deflated("empty.csv");
      w.close_entry();
      w.finish();
      const std::string bytes = out.str();
      CHECK(w.bytes_written() == bytes.size());
      CHECK(looks_like_zip(bytes));
      // The end record's entry count: 0xFFFF sends the reader to the ZIP64 record.
      CHECK((static_cast<unsigned char>(bytes[bytes.size() - 12]) == 0xFF) == zip64);

      ZipReader zip(bytes, {10, 1 << 24, 1 << 26});
      REQUIRE(zip.entries().size() == 3);
      CHECK(zip.read("events.csv") == csv);
      CHECK(zip.entries()[0].compressed < csv.size() / 5);
      CHECK(zip.read("files/hx-2024-0001/1-扫描件.bin") == binary);
      CHECK(zip.entries()[1].method == 0);
      CHECK(zip.read("empty.csv").empty());

      // From a file, a piece at a time: the same bytes, the CRC checked at the end.
      const auto path = std::filesystem::temp_directory_path() / ("gk-zip-stream-" + std::to_string(getpid()) + ".zip");
      std::ofstream(path, std::ios::binary) << bytes;
      ZipReader file = ZipReader::open_file(path.string());
      std::string got;
      size_t pieces = 0;
      file.copy(*file.find("events.csv"), [&](std::string_view piece) {
        got.append(piece);
        ++pieces;
      });
      CHECK(got == csv);
      CHECK(pieces > 1);
      CHECK(file.read("files/hx-2024-0001/1-扫描件.bin") == binary);
      // A byte changed in the stored entry: the CRC catches it, from the file too.
      const std::string name = "files/hx-2024-0001/1-扫描件.bin";
      std::string flipped = bytes;
      flipped[file.find(name)->local_offset + 30 + name.size() + 1000] ^= 0x01;
      std::ofstream(path, std::ios::binary | std::ios::trunc) << flipped;
      ZipReader bad = ZipReader::open_file(path.string());
      CHECK(error_of([&] { bad.read("files/hx-2024-0001/1-扫描件.bin"); }).find("CRC mismatch") != std::string::npos);
      CHECK(bad.read("events.csv") == csv);
      std::filesystem::remove(path);
    }
    CHECK_THROWS_AS(ZipReader::open_file("/nonexistent/archive.zip"), UsageError);
  }

  TEST_CASE("a workbook libxlsxwriter wrote reads back, cells and sheets in order") {
    report::NationalInput in;
    in.year = 2024;
    in.agency_name = "某市人民政府";
    in.appeals = {{"reconsideration", "upheld", 4}};
    auto r = report::national_report(in);
    const auto path = std::filesystem::temp_directory_path() / ("gk-zip-" + std::to_string(getpid()) + ".xlsx");
    report::write_xlsx(r, path.string());
    std::ifstream f(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::filesystem::remove(path);
    ZipReader zip(bytes);
    CHECK(zip.find("xl/workbook.xml") != nullptr);
    CHECK(zip.read("[Content_Types].xml").find("spreadsheetml") != std::string::npos);
    auto grid = report::xlsx_grid(bytes);
    REQUIRE(!grid.rows.empty());
    CHECK(grid.rows[0].sheet == "三、申请情况");
    CHECK(grid.rows[0].cells[0].text == "某市人民政府2024年政府信息公开工作年度报告");
    CHECK(grid.rows.back().sheet == "四、复议诉讼");
    CHECK(grid.rows.back().cells[0].number);
    CHECK(grid.rows.back().cells[0].text == "4");
    auto t = report::tables_from_grid(grid);
    CHECK(t.template_name == "national-2021");
    CHECK(t.year == 2024);
    CHECK(t.appeals.rows[0].cells[t.appeals.column_index("reconsideration.total")] == 4);
  }
}

TEST_SUITE("text-encoding") {
  TEST_CASE("GB18030 (GBK) CSV text becomes UTF-8; a bad byte names its row") {
    CHECK(parse_text_encoding("GBK") == TextEncoding::gb18030);
    CHECK(parse_text_encoding("utf8") == TextEncoding::utf8);
    CHECK_THROWS_AS(parse_text_encoding("big5"), UsageError);
    // "张三,申请" in GBK: 张 D5 C5, 三 C8 FD, 申 C9 EA, 请 C7 EB.
    const std::string gbk = "applicant,subject\r\n\xD5\xC5\xC8\xFD,\xC9\xEA\xC7\xEB\r\n";
    std::istringstream in(gbk);
    std::ostringstream out;
    csv_to_utf8(in, out, TextEncoding::gb18030);
    CHECK(out.str() == "applicant,subject\r\n张三,申请\r\n");

    // Row 3 (a quoted line break stays in row 2), then a byte GB18030 does not have (0xFF).
    const std::string bad = "a,b\n\"one\ntwo\",x\nok,\xD5\xC5\xFF\n";
    std::istringstream bad_in(bad);
    std::ostringstream sink;
    try {
      csv_to_utf8(bad_in, sink, TextEncoding::gb18030);
      FAIL("no error");
    } catch (const UsageError& e) {
      CHECK(std::string(e.what()) == "row 3: byte 0xFF is not valid GB18030 text");
    }
    // A file that ends inside a two-byte character.
    std::istringstream cut("a\n\xD5");
    CHECK_THROWS_WITH_AS(csv_to_utf8(cut, sink, TextEncoding::gb18030),
                         "row 2: the file ends inside a GB18030 character (byte 0xD5)", UsageError);
    // Larger than one read buffer: characters cut at the buffer's edge are completed.
    std::string long_text;
    for (int i = 0; i < 40000; ++i) long_text += "\xD5\xC5";
    std::istringstream long_in("x\n" + long_text);
    std::ostringstream long_out;
    csv_to_utf8(long_in, long_out, TextEncoding::gb18030);
    CHECK(long_out.str().size() == 2 + 40000 * 3);
  }
}
