#include "app/archive.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "app/attachments.h"
#include "app/permissions.h"
#include "app/sha256.h"
#include "db/session.h"
#include "engine/csv_reader.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

constexpr uint64_t kMaxManifestBytes = 64ull << 20;

// The archive as import reads it: ZIP errors name the archive; nothing is written yet.
struct Archive {
  std::string source;  // how messages name it
  ZipReader zip;
  const ZipEntry* events = nullptr;
  std::vector<db::ArchiveFile> files;

  [[noreturn]] void damaged(const std::string& what) const {
    throw UsageError(source + ": " + what + "; nothing was imported");
  }
  // The bytes of a file's entry, checked against its manifest row (size, SHA-256) and CRC.
  std::string bytes(const db::ArchiveFile& f, bool keep) const {
    const ZipEntry* e = zip.find(f.entry);
    if (!e) damaged("files.csv row " + std::to_string(f.row) + " names the entry '" + workflows::printable(f.entry) +
                    "', which the archive does not have");
    std::string data;
    Sha256 hash;
    uint64_t size = 0;
    try {
      zip.copy(*e, [&](std::string_view piece) {
        hash.add(piece);
        size += piece.size();
        if (keep) data.append(piece);
      });
    } catch (const ZipError& err) {
      damaged(err.what());
    }
    if (size != static_cast<uint64_t>(f.size) || hash.hex() != f.sha256)
      damaged("the entry '" + workflows::printable(f.entry) + "' does not match row " + std::to_string(f.row) +
              " of files.csv (" + (size != static_cast<uint64_t>(f.size) ? "size" : "SHA-256") + " differs)");
    return data;
  }
};

// Parses and checks files.csv: every value as attach checks it, each case's files numbered 1, 2,
// … in order, each supersedes the earlier file of the same name, every entry there and of the
// size the row says.
std::vector<db::ArchiveFile> read_manifest(Context& ctx, const Archive& a, const ZipEntry& manifest_entry) {
  if (manifest_entry.uncompressed > kMaxManifestBytes)
    a.damaged("files.csv has more than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
  std::string text;
  try {
    text = a.zip.read(manifest_entry);
  } catch (const ZipError& err) {
    a.damaged(err.what());
  }
  std::istringstream in(text);
  CsvReader r(in);
  std::vector<db::ArchiveFile> files;
  try {
    if (!r.next()) a.damaged("files.csv is empty: a header row is required");
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < r.size(); ++i) col[std::string(r[i])] = i;
    for (auto name : db::kManifestColumns)
      if (!col.count(name)) a.damaged(std::string("files.csv has no column '") + name + "'");
    if (col.size() != r.size() || col.size() != db::kManifestColumns.size())
      a.damaged("files.csv has columns other than those export writes");
    r.expect_fields(r.size());
    static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$)");
    static const std::regex hex64("^[0-9a-f]{64}$");
    static const std::regex number("^[1-9][0-9]{0,8}$");
    std::map<std::string, int> next_id;                                // case → the next file number
    std::map<std::pair<std::string, std::string>, int> last_of_name;  // (case, name) → its latest file
    std::map<std::string, size_t> entries;                            // entry → the row naming it
    while (r.next()) {
      if (r.blank()) continue;
      db::ArchiveFile f;
      f.row = r.row();
      const std::string at = "files.csv row " + std::to_string(f.row) + ": ";
      auto get = [&](const char* c) { return std::string(r[col[c]]); };
      try {
        f.case_ref = get("case");
        if (f.case_ref.empty()) throw UsageError("the case is empty");
        const std::string id = get("id"), size = get("size"), supersedes = get("supersedes");
        if (!std::regex_match(id, number)) throw UsageError("id '" + workflows::printable(id) + "' is not a file number");
        f.id = std::stoi(id);
        f.name = get("name");
        workflows::check_text(f.name, "name", workflows::TextRule{255, true, false});
        if (size.empty() || size.size() > 9 || size.find_first_not_of("0123456789") != std::string::npos ||
            std::stoll(size) > kMaxFileBytes)
          throw UsageError("size '" + workflows::printable(size) + "' is not a size of at most " +
                           std::to_string(kMaxFileBytes) + " bytes");
        f.size = std::stoll(size);
        f.sha256 = get("sha256");
        if (!std::regex_match(f.sha256, hex64)) throw UsageError("sha256 is not 64 lowercase hex digits");
        f.type = get("type");
        workflows::check_text(f.type, "type", workflows::TextRule{255, false, false});
        f.note = get("note");
        if (!f.note.empty()) workflows::check_text(f.note, "note", workflows::TextRule{2000, false, true});
        f.attached_at = get("attached_at");
        if (!f.attached_at.empty() && !std::regex_match(f.attached_at, iso))
          throw UsageError("attached_at '" + workflows::printable(f.attached_at) +
                           "' is not a time with its zone (as export writes it)");
        f.actor = get("actor");
        if (!f.actor.empty())
          workflows::check_text(f.actor, "actor", workflows::TextRule{workflows::kMaxNameChars, true, false});
        if (!supersedes.empty()) {
          if (!std::regex_match(supersedes, number))
            throw UsageError("supersedes '" + workflows::printable(supersedes) + "' is not a file number");
          f.supersedes = std::stoi(supersedes);
        }
        f.entry = get("entry");
      } catch (const UsageError& e) {
        a.damaged(at + e.what());
      }
      int& expected = next_id[f.case_ref];
      if (f.id != ++expected)
        a.damaged(at + "file " + std::to_string(f.id) + " of case " + workflows::printable(f.case_ref) +
                  " should be file " + std::to_string(expected) + " (a case's files are numbered 1, 2, … in order)");
      auto [it, first] = last_of_name.try_emplace({f.case_ref, f.name}, f.id);
      const std::optional<int> earlier = first ? std::nullopt : std::optional<int>(it->second);
      it->second = f.id;
      if (f.supersedes != earlier)
        a.damaged(at + "file " + std::to_string(f.id) + " of case " + workflows::printable(f.case_ref) +
                  (earlier ? " supersedes its earlier file of the same name, " + std::to_string(*earlier)
                           : " supersedes no file (none before it has its name)") +
                  ", not what the row says");
      if (f.entry.empty())
        a.damaged(at + "file " + std::to_string(f.id) + " of case " + workflows::printable(f.case_ref) +
                  " was exported without its contents (an export without personal data lists files only); "
                  "import an archive exported with personal data");
      const ZipEntry* e = a.zip.find(f.entry);
      if (!e)
        a.damaged(at + "the entry '" + workflows::printable(f.entry) + "' is not in the archive");
      if (!entries.try_emplace(f.entry, f.row).second) a.damaged(at + "the entry '" + workflows::printable(f.entry) + "' is named twice");
      if (e->uncompressed != static_cast<uint64_t>(f.size))
        a.damaged("the entry '" + workflows::printable(f.entry) + "' holds " + std::to_string(e->uncompressed) +
                  " bytes, row " + std::to_string(f.row) + " of files.csv says " + std::to_string(f.size));
      // A member admin's import records the member itself, now (docs/import-export.md).
      if (!ctx.me().installation_admin &&
          ((!f.actor.empty() && f.actor != ctx.me().login) || !f.attached_at.empty()))
        throw NotPermitted(a.source + ": files.csv row " + std::to_string(f.row) +
                           " names who attached the file and when: a member's import records the member itself, "
                           "now (only the installation's administrator keeps them); empty those columns first");
      files.push_back(std::move(f));
    }
  } catch (const CsvError& e) {
    a.damaged("files.csv row " + std::to_string(e.row) + ": " + e.problem);
  }
  return files;
}

// A private temporary file (0600: it holds applicants' names), removed with this.
struct PrivateTemp {
  std::filesystem::path path;
  PrivateTemp() {
    auto dir = std::filesystem::temp_directory_path();
    for (int attempt = 0; path.empty() && attempt < 100; ++attempt) {
      auto candidate = dir / ("gongkai-archive-" + std::to_string(getpid()) + "-" + std::to_string(attempt) + ".csv");
      int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0) continue;
      ::close(fd);
      path = candidate;
    }
    if (path.empty()) throw InternalError("cannot create a temporary file in " + dir.string());
  }
  ~PrivateTemp() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

ExportStats export_archive(Context& ctx, std::ostream& out, const ExportRequest& r) {
  auto opt = export_options(ctx, r);
  ZipStreamWriter zip(out);
  auto stats = db::export_archive(ctx.db(), zip, opt);
  zip.finish();
  return stats;
}

bool is_archive(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4] = {};
  in.read(head, sizeof head);
  return in.gcount() == sizeof head && looks_like_zip(std::string_view(head, sizeof head));
}

ZipLimits archive_limits() {
  ZipLimits l;
  l.max_entries = 1'000'000;
  l.max_entry_bytes = 0xFFFFFFFFull;  // events.csv as written; files are checked against kMaxFileBytes
  l.max_total_bytes = 256ull << 30;
  l.max_ratio = 200;  // a CSV of cases packs 5 to 20 times; a bomb packs about 1000 times
  return l;
}

ImportStats import_archive(Context& ctx, const std::string& path, const ImportRequest& r) {
  require(ctx.me(), Action::import_cases);
  const std::string source = r.source;
  auto a = [&] {
    try {
      return Archive{source, ZipReader::open_file(path, archive_limits()), nullptr, {}};
    } catch (const ZipError& e) {
      throw UsageError(source + ": " + e.what());
    }
  }();
  a.events = a.zip.find(db::kArchiveEvents);
  const ZipEntry* manifest = a.zip.find(db::kArchiveManifest);
  if (!a.events || !manifest)
    throw UsageError(source + " is a ZIP archive without " +
                     (a.events ? std::string(db::kArchiveManifest) : std::string(db::kArchiveEvents)) +
                     ": not an archive of gongkai export --archive");
  for (const auto& e : a.zip.entries())
    if (e.name.rfind("files/", 0) == 0 && e.uncompressed > static_cast<uint64_t>(kMaxFileBytes))
      a.damaged("the entry '" + workflows::printable(e.name) + "' has more than the " +
                std::to_string(kMaxFileBytes >> 20) + " MiB a case file may have");
  a.files = read_manifest(ctx, a, *manifest);

  // Every file's bytes checked before anything is read into the database (a dry run too).
  size_t checked = 0;
  for (const auto& f : a.files) {
    a.bytes(f, false);
    if (r.progress && ++checked % 16 == 0) r.progress({"checking files", checked, 0, 0});
  }

  // events.csv unpacked to a private file, read from there as any CSV.
  PrivateTemp csv;
  {
    std::ofstream out(csv.path, std::ios::binary | std::ios::trunc);
    try {
      a.zip.copy(*a.events, [&](std::string_view piece) { out.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
    } catch (const ZipError& e) {
      a.damaged(e.what());
    }
    out.close();
    if (!out) throw InternalError("cannot write the temporary file " + csv.path.string() + " (disk full?)");
  }
  std::ifstream in(csv.path, std::ios::binary);
  if (!in) throw InternalError("cannot read the temporary file " + csv.path.string());

  auto opt = import_options(ctx, r);
  opt.source = source + " (" + db::kArchiveEvents + ")";
  opt.files = &a.files;
  opt.files_source = source + ": " + db::kArchiveManifest;
  opt.file_bytes = [&a](const db::ArchiveFile& f) { return a.bytes(f, true); };
  return run_import(ctx, in, opt);
}

}  // namespace gongkai::app
