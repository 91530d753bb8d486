// The export archive: the CSV of docs/import-export.md with the cases' files, as one ZIP that
// import checks whole and restores in its transaction.
#pragma once
#include <ostream>
#include <string>

#include "app/bulk.h"
#include "engine/zip_reader.h"

namespace gongkai::app {

// The archive (docs/import-export.md, "Archives"): one ZIP with events.csv exactly as export_csv
// writes it, files.csv (every file of the exported cases: case, number, name, size, SHA-256, type,
// note, when and by whom attached, the file it supersedes, its entry) and each file's bytes under
// files/ — the bytes only when the export carries personal data (as export_csv decides: admins
// asking for it, the installation's administrator unless masked; logged), else the manifest alone.
// Written to `out` as it is read (memory flat in the archive's size; ZIP64 past 4 GiB).
ExportStats export_archive(Context& ctx, std::ostream& out, const ExportRequest& r);

// Whether the file at `path` is a ZIP archive by its first bytes (else it is read as a CSV).
bool is_archive(const std::string& path);

// The limits an archive is read within (ZIP bombs): its files at most kMaxFileBytes each as
// attach has them, the manifest at most 64 MiB, events.csv at most 4 GiB (as written), at most a
// million entries and 256 GiB together, no entry of more than a MiB packed more than 200 times.
ZipLimits archive_limits();

// Imports the archive at `path` (admins): every file of its manifest is checked first — its
// entry there, its size and SHA-256 as listed, its name and note as attach checks them, the
// numbers of each case's files 1, 2, … and the file each supersedes — then events.csv exactly as
// import_csv imports a CSV, and the files attached to the cases it wrote, in the same transaction.
// Any damage: UsageError naming the entry or the manifest's row, nothing written. A member
// admin's archive must name no other actor and no time (NotPermitted), as its CSV must not.
ImportStats import_archive(Context& ctx, const std::string& path, const ImportRequest& r);

}  // namespace gongkai::app
