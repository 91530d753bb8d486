// The export archive: `export --archive` writes the CSV, the manifest of the cases' files and
// their bytes as one ZIP, and `import` restores it into another database — the same files, byte
// for byte, with their names, notes, actors, times and supersedes; a damaged archive is refused
// with nothing written; the bytes leave only with personal data.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/csv_reader.h"
#include "engine/csv_writer.h"
#include "engine/zip_reader.h"
#include "engine/zip_writer.h"
#include "harness.h"
#include "security_support.h"

using gongkai::test::read_bytes;
using gongkai::test::TestDb;
using gongkai::test::write_bytes;
namespace sec = gongkai::test::security;
namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

namespace {

const Env kToday = {{"GONGKAI_TODAY", "2025-01-10"}};


size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

void agencies(const TestDb& db) {
  db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "hx-zj", "--name", "花溪县住房和城乡建设局", "--kind", "department", "--parent", "hx"});
}

// An office's cases with events and files: a letter rescanned (file 3 supersedes file 1), a
// receipt with a Chinese name, a binary scan, and a case without files.
struct Office {
  std::string c1, c2, c3;
  std::map<std::string, std::string> bytes;  // "case/id" → the file's bytes
};

Office record_office(const TestDb& db, const sec::ScratchDir& dir) {
  agencies(db);
  Office o;
  o.c1 = db.ok({"receive", "--agency", "hx-zj", "--received", "2024-09-02", "--channel", "post", "--applicant-type",
                "person", "--applicant", "张三", "--subject", "征地补偿", "--contact", "13800000000"},
               kToday);
  db.ok({"event", o.c1, "reviewed", "--on", "2024-09-03", "--handler", "李四"}, kToday);
  db.ok({"event", o.c1, "answered", "--on", "2024-09-20", "--outcome", "disclosed"}, kToday);
  o.c2 = db.ok({"receive", "--agency", "hx", "--received", "2024-10-08", "--channel", "online", "--applicant-type",
                "business", "--applicant", "某某有限公司"},
               kToday);
  o.c3 = db.ok({"receive", "--agency", "hx", "--received", "2024-10-09", "--channel", "email", "--applicant-type",
                "person", "--applicant", "王五"},
               kToday);

  auto attach = [&](const std::string& c, const std::string& name, const std::string& data,
                    std::vector<std::string> more = {}) {
    const fs::path p = dir.path() / name;
    write_bytes(p, data);
    std::vector<std::string> args = {"--actor", "clerk-" + c.substr(0, 2), "attach", c, p.string(), "--json"};
    args.insert(args.end(), more.begin(), more.end());
    auto r = db.run(args, kToday);
    INFO(r.err);
    REQUIRE(r.code == 0);
    o.bytes[c + "/" + std::to_string(r.json()["id"].get<int>())] = data;
  };
  std::string letter = "%PDF-1.4\n";
  for (int i = 0; i < 5000; ++i) letter += static_cast<char>(i % 256);
  attach(o.c1, "来信.pdf", letter, {"--note", "申请人来信原件"});
  attach(o.c1, "送达回证.txt", "送达回证：2024年9月30日签收。\n");
  attach(o.c1, "来信.pdf", letter + "rescanned", {"--note", "重新扫描"});
  std::string scan;
  for (int i = 0; i < 70000; ++i) scan += static_cast<char>((i * 7919 + i / 13) % 256);
  attach(o.c2, "扫描件 (1).bin", scan);
  return o;
}

// An archive rebuilt from `zip`'s entries, each passed through `change` (return false to leave
// it out).
std::string rebuilt(const gongkai::ZipReader& zip,
                    const std::function<bool(const std::string& name, std::string& data)>& change) {
  gongkai::ZipWriter out;
  for (const auto& e : zip.entries()) {
    std::string data = zip.read(e);
    if (change(e.name, data)) out.add(e.name, data);
  }
  return out.finish();
}

// SHA-256 of `bytes` as hex, computed by PostgreSQL, independently of gongkai.
std::string sha256_of(const TestDb& db, const std::string& bytes) {
  std::string hex;
  for (unsigned char ch : bytes) {
    hex += "0123456789abcdef"[ch >> 4];
    hex += "0123456789abcdef"[ch & 15];
  }
  return db.scalar("select encode(sha256(decode('" + hex + "', 'hex')), 'hex')");
}

// A CSV with the named columns' values emptied.
std::string without_columns(const std::string& csv, const std::set<std::string>& names) {
  std::istringstream in(csv);
  std::ostringstream out;
  gongkai::CsvReader r(in);
  gongkai::CsvWriter w(out);
  std::set<size_t> drop;
  for (bool header = true; r.next(); header = false) {
    for (size_t i = 0; i < r.size(); ++i) {
      if (header && names.count(std::string(r[i]))) drop.insert(i);
      w.field(!header && drop.count(i) ? std::string_view() : r[i]);
    }
    w.end_record();
  }
  return out.str();
}

}  // namespace

TEST_SUITE("archive") {
  TEST_CASE("export --archive, import into a fresh database: the same files byte for byte; verify passes; again refused") {
    sec::ScratchDir dir;
    TestDb src;
    Office o = record_office(src, dir);
    const fs::path zip_path = dir.path() / "office.zip", csv_path = dir.path() / "office.csv";

    auto exported = src.run({"export", "--archive", "--output", zip_path.string(), "--json"}, kToday);
    INFO(exported.err);
    REQUIRE(exported.code == 0);
    CHECK(exported.json()["cases"] == 3);
    CHECK(exported.json()["files"] == 4);
    CHECK(exported.json()["file_contents"] == true);
    src.ok({"export", "--output", csv_path.string()}, kToday);

    // The archive: the CSV exactly as export writes it, the manifest, each file's bytes.
    const std::string archive = read_bytes(zip_path);
    gongkai::ZipReader zip(archive, {100000, 1ull << 30, 1ull << 32});
    CHECK(zip.read("events.csv") == read_bytes(csv_path));
    const std::string manifest = zip.read("files.csv");
    CHECK(manifest.rfind("case,id,name,size,sha256,type,note,attached_at,actor,supersedes,entry\r\n", 0) == 0);
    CHECK(zip.read("files/" + o.c1 + "/3-来信.pdf") == o.bytes[o.c1 + "/3"]);
    CHECK(zip.read("files/" + o.c2 + "/1-扫描件 (1).bin") == o.bytes[o.c2 + "/1"]);
    CHECK(zip.entries().size() == 6);

    TestDb dst;
    agencies(dst);
    const std::string empty = dst.fingerprint();
    auto dry = dst.run({"import", zip_path.string(), "--dry-run"}, kToday);
    INFO(dry.err);
    CHECK(dry.code == 0);
    CHECK(dry.out == "checked, nothing written: would import 3 case(s) and 5 event(s) with 4 file(s)\n");
    CHECK(dst.fingerprint() == empty);
    auto imported = dst.run({"import", zip_path.string(), "--json"}, kToday);
    INFO(imported.err);
    REQUIRE(imported.code == 0);
    CHECK(imported.json()["cases"] == 3);
    CHECK(imported.json()["files"] == 4);

    for (const auto& c : {o.c1, o.c2, o.c3}) {
      INFO(c);
      auto before = src.run({"files", c, "--json"}, kToday).json();
      auto after = dst.run({"files", c, "--json"}, kToday).json();
      CHECK(after == before);  // names, sizes, SHA-256, types, notes, actors, times, supersedes
      for (const auto& f : after) {
        const fs::path got = dir.path() / "got";
        const std::string id = std::to_string(f["id"].get<int>());
        REQUIRE(dst.run({"file", "get", c, id, "--output", got.string()}, kToday).code == 0);
        CHECK(read_bytes(got) == o.bytes[c + "/" + id]);
      }
    }
    auto files = dst.run({"files", o.c1, "--json"}, kToday).json();
    REQUIRE(files.size() == 3);
    CHECK(files[2]["supersedes"] == 1);
    CHECK(files[0]["superseded_by"] == 3);
    CHECK(files[1]["name"] == "送达回证.txt");
    CHECK(files[1]["type"] == "text/plain");
    CHECK(files[0]["actor"] == "clerk-" + o.c1.substr(0, 2));
    CHECK(dst.run({"show", o.c1, "--json"}, kToday).json() == src.run({"show", o.c1, "--json"}, kToday).json());
    auto verify = dst.run({"verify"}, kToday);
    INFO(verify.err);
    CHECK(verify.code == 0);

    // Exported again from the new database: the same archive, byte for byte.
    const fs::path again = dir.path() / "again.zip";
    dst.ok({"export", "--archive", "--output", again.string()}, kToday);
    CHECK(read_bytes(again) == archive);

    // The same archive again: refused as the CSV is (its case numbers exist), nothing written.
    const std::string full = dst.fingerprint();
    auto twice = dst.run({"import", zip_path.string()}, kToday);
    CHECK(twice.code == 2);
    CHECK(twice.err.find("already exists") != std::string::npos);
    CHECK(dst.fingerprint() == full);

    // An archive whose CSV appends to a stored case (as a CSV may): its files come after the
    // case's own, and one of the same name supersedes the latest.
    const std::string events = zip.read("events.csv");
    const std::string header = events.substr(0, events.find("\r\n"));
    std::string row;
    for (size_t from = 0, i = 0; from <= header.size(); ++i) {
      const size_t comma = std::min(header.find(',', from), header.size());
      const std::string column = header.substr(from, comma - from);
      row += std::string(i ? "," : "") +
             (column == "case" ? o.c1 : column == "event" ? "complaint-filed" : column == "on" ? "2024-10-01" : "");
      from = comma + 1;
    }
    const std::string rescan = o.bytes[o.c1 + "/3"] + " again";
    const std::string sha = sha256_of(src, rescan);
    gongkai::ZipWriter more;
    more.add("events.csv", header + "\r\n" + row + "\r\n");
    more.add("files.csv", "case,id,name,size,sha256,type,note,attached_at,actor,supersedes,entry\r\n" + o.c1 +
                              ",1,来信.pdf," + std::to_string(rescan.size()) + "," + sha +
                              ",application/pdf,,,,,files/x.pdf\r\n");
    more.add("files/x.pdf", rescan);
    const fs::path appended = dir.path() / "append.zip";
    write_bytes(appended, more.finish());
    auto added = dst.run({"import", appended.string()}, kToday);
    INFO(added.err);
    CHECK(added.code == 0);
    CHECK(added.out == "imported 0 case(s) and 1 event(s) (1 of them appended to 1 existing case(s)) with 1 file(s)\n");
    auto now = dst.run({"files", o.c1, "--json"}, kToday).json();
    REQUIRE(now.size() == 4);
    CHECK(now[3]["supersedes"] == 3);
    CHECK(now[3]["sha256"] == sha);
    CHECK(dst.run({"verify"}, kToday).code == 0);
  }

  TEST_CASE("a damaged archive is refused with one line naming the entry or row, nothing written, dry run too") {
    sec::ScratchDir dir;
    TestDb src;
    Office o = record_office(src, dir);
    const fs::path zip_path = dir.path() / "office.zip";
    src.ok({"export", "--archive", "--output", zip_path.string()}, kToday);
    const std::string archive = read_bytes(zip_path);
    gongkai::ZipReader zip(archive);

    TestDb dst;
    agencies(dst);
    const std::string empty = dst.fingerprint();
    auto refused = [&](const std::string& bytes, const std::string& expected) {
      const fs::path bad = dir.path() / "bad.zip";
      write_bytes(bad, bytes);
      for (bool dry_run : {true, false}) {
        std::vector<std::string> args = {"import", bad.string()};
        if (dry_run) args.push_back("--dry-run");
        auto r = dst.run(args, kToday);
        INFO(expected);
        INFO("dry run: " << dry_run);
        INFO(r.err);
        CHECK(r.code == 2);
        CHECK(lines(r.err) == 1);
        CHECK(r.err.find(expected) != std::string::npos);
        CHECK(dst.fingerprint() == empty);
      }
    };

    // Manifest rows: the cases by agency code (hx before hx-zj), each case's files in order.
    // A changed byte in a file's entry (its CRC then disagrees).
    const std::string entry = "files/" + o.c2 + "/1-扫描件 (1).bin";
    const gongkai::ZipEntry* e = zip.find(entry);
    REQUIRE(e);
    std::string flipped = archive;
    const size_t at = e->local_offset + 30 + entry.size() + 1000;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    refused(flipped, "'" + entry + "'");

    // The same change with a CRC to match: the SHA-256 of the manifest catches it.
    refused(rebuilt(zip,
                    [&](const std::string& name, std::string& data) {
                      if (name == entry) data[1000] = static_cast<char>(data[1000] ^ 0x01);
                      return true;
                    }),
            "the entry '" + entry + "' does not match row 2 of files.csv (SHA-256 differs)");
    // The manifest names an entry the archive does not have.
    refused(rebuilt(zip, [&](const std::string& name, std::string&) { return name != entry; }),
            "files.csv row 2: the entry '" + entry + "' is not in the archive");
    // A manifest whose numbers or supersedes were edited.
    refused(rebuilt(zip,
                    [&](const std::string& name, std::string& data) {
                      const std::string third = ",1,files/" + o.c1 + "/3-";
                      if (name == "files.csv") data.replace(data.find(third), 2, ",");
                      return true;
                    }),
            "files.csv row 5: file 3 of case " + o.c1 + " supersedes its earlier file of the same name, 1");
    // A ZIP that is not an archive of export.
    refused(rebuilt(zip, [&](const std::string& name, std::string&) { return name != "files.csv"; }),
            "without files.csv");
    // A truncated archive.
    refused(archive.substr(0, archive.size() / 2), "not a ZIP archive, or a truncated one");
  }

  TEST_CASE("files' bytes leave with personal data only; members' imports record themselves") {
    sec::Logins logins;  // first: the member roles are dropped after the database
    sec::ScratchDir dir;
    TestDb src;
    Office o = record_office(src, dir);
    auto member = [&](const std::string& role, const std::string& agency) {
      std::string login = logins.make(role.substr(0, 3));
      src.ok({"user", "add", login, "--name", "成员", "--role", role, "--agency", agency, "--db-login"}, kToday);
      return login;
    };
    const std::string supervisor = member("supervisor", "hx"), registrar = member("registrar", "hx"),
                      admin = member("admin", "hx");
    auto as = [&](const TestDb& db, const std::string& login, std::vector<std::string> args) {
      args.insert(args.begin(), {"--db", db.conninfo() + " user=" + login});
      return gongkai::test::run_gongkai(args, {{"GONGKAI_TODAY", "2025-01-10"}, {"GONGKAI_ACTOR", ""}});
    };

    // A supervisor (and a registrar, without personal data in its export): the manifest, no bytes.
    for (const auto& login : {supervisor, registrar}) {
      INFO(login);
      const fs::path p = dir.path() / (login + ".zip");
      auto r = as(src, login, {"export", "--archive", "--output", p.string(), "--json"});
      INFO(r.err);
      REQUIRE(r.code == 0);
      CHECK(r.json()["files"] == 4);
      CHECK(r.json()["file_contents"] == false);
      gongkai::ZipReader zip(read_bytes(p));
      CHECK(zip.entries().size() == 2);
      CHECK(zip.read("files.csv").find("来信.pdf") != std::string::npos);
      CHECK(zip.read("events.csv").find("张三") == std::string::npos);
    }
    CHECK(as(src, supervisor, {"export", "--archive", "--include-personal-data", "--output",
                               (dir.path() / "no.zip").string()})
              .code == 6);
    CHECK(!fs::exists(dir.path() / "no.zip"));

    // Such an archive cannot bring the files: refused, nothing written.
    TestDb dst;
    agencies(dst);
    const std::string empty = dst.fingerprint();
    auto listed_only = dst.run({"import", (dir.path() / (supervisor + ".zip")).string()}, kToday);
    CHECK(listed_only.code == 2);
    CHECK(listed_only.err.find("was exported without its contents") != std::string::npos);
    CHECK(dst.fingerprint() == empty);

    // A member admin asking for personal data gets the bytes (and the access log has it).
    const fs::path with = dir.path() / "admin.zip";
    auto r = as(src, admin, {"export", "--archive", "--include-personal-data", "--agency", "hx", "--output",
                             with.string(), "--json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.json()["file_contents"] == true);
    CHECK(gongkai::ZipReader(read_bytes(with)).read("files/" + o.c1 + "/2-送达回证.txt") == o.bytes[o.c1 + "/2"]);
    CHECK(src.scalar("select count(*) from gk_access_log where action = 'export-personal-data' and login = '" + admin +
                     "'") == "1");

    // A member admin's import of it may keep no other actor or time: refused (6), as its CSV would
    // be; with those columns emptied, the files are the member's, now.
    const std::string dst_admin = logins.make("adm");
    dst.ok({"user", "add", dst_admin, "--name", "成员", "--role", "admin", "--agency", "hx", "--db-login"}, kToday);
    const std::string members = dst.fingerprint();
    auto named = as(dst, dst_admin, {"import", with.string()});
    CHECK(named.code == 6);
    CHECK(named.err.find("files.csv row 2 names who attached the file") != std::string::npos);
    CHECK(dst.fingerprint() == members);
    gongkai::ZipReader zip(read_bytes(with));
    const fs::path emptied = dir.path() / "emptied.zip";
    write_bytes(emptied, rebuilt(zip, [&](const std::string& name, std::string& data) {
            if (name == "files.csv" || name == "events.csv") data = without_columns(data, {"actor", "attached_at", "recorded_at"});
            return true;
          }));
    auto mine = as(dst, dst_admin, {"import", emptied.string(), "--json"});
    INFO(mine.err);
    REQUIRE(mine.code == 0);
    CHECK(mine.json()["files"] == 4);
    auto files = as(dst, dst_admin, {"files", o.c1, "--json"}).json();
    REQUIRE(files.size() == 3);
    CHECK(files[0]["actor"] == dst_admin);
    CHECK(files[2]["supersedes"] == 1);
    CHECK(files[2]["sha256"] == src.run({"files", o.c1, "--json"}, kToday).json()[2]["sha256"]);
    CHECK(dst.run({"verify"}, kToday).code == 0);
  }
}
