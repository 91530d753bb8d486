// Bulk export in the CSV format of docs/import-export.md: every event of the selected cases, a
// case's events together and in order, streamed from a cursor (memory flat in the export size).
// Importing the result into a database with the same agencies reproduces the cases, their numbers
// and histories; exporting that again gives the same file. An archive adds the cases' files.
#pragma once
#include <array>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "db/session.h"
#include "engine/zip_writer.h"

namespace gongkai::db {

struct ExportOptions {
  std::string agency;       // that agency's subtree; "" = all agencies
  std::optional<int> year;  // year of receipt; none = every year
  bool bom = false;         // start with a UTF-8 byte order mark (for spreadsheet programs)
  // Applicants' names and contacts as they are (admins only; recorded in the access log first);
  // otherwise masked (first character, then '*'). In an archive, also the files' bytes.
  bool personal_data = false;
  std::function<void(size_t events)> progress;  // called every batch
};

struct ExportStats {
  size_t cases = 0, events = 0;
  size_t details_not_exported = 0;  // events with details the format has no column for
  bool personal_data = false;       // names and contacts as they are (else masked)
  size_t files = 0;                 // an archive's files (listed in its manifest)
  uint64_t file_bytes = 0;          // the bytes of those it carries
};

// NotFound for an unknown agency; NotPermitted for personal data the reader may not export.
ExportStats export_csv(Session& s, std::ostream& out, const ExportOptions& opt);

// The export archive (docs/import-export.md, "Archives"), one ZIP: its entries' names and the
// manifest's columns, defined once for export and import.
inline constexpr const char* kArchiveEvents = "events.csv";  // the CSV export_csv writes
inline constexpr const char* kArchiveManifest = "files.csv";  // one row per file, in attach order
inline constexpr std::array<const char*, 11> kManifestColumns = {
    "case", "id", "name", "size", "sha256", "type", "note", "attached_at", "actor", "supersedes", "entry"};
// Where a file's bytes go in the archive: files/CASE/ID-NAME, the name with the characters file
// systems refuse (and a leading dot) replaced by '_', so that an unpacked archive is readable.
std::string archive_entry_name(const std::string& case_no, int file_no, const std::string& name);

// Writes the archive's entries to `zip` (the caller finishes it), all from one snapshot:
// events.csv exactly as export_csv writes it, files.csv listing every file of the exported cases,
// and — only when the export carries personal data (`personal_data`, logged first) — each file's
// bytes under files/; else the manifest's `entry` is empty. InternalError when a file's bytes no
// longer hash to the SHA-256 kept with them (`verify` names it).
ExportStats export_archive(Session& s, ZipStreamWriter& zip, const ExportOptions& opt);

}  // namespace gongkai::db
