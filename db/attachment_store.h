// A case's files in PostgreSQL (migration 016): attaching one (gk_attachment_add: who may, its
// number, hash and size decided there), listing them, and reading one's bytes back.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::db {

struct StoredFile {
  int file_no = 0;
  std::string name, sha256, type, note, actor, attached_on, attached_at;
  long long size = 0;
  std::optional<int> supersedes, superseded_by;  // the earlier / later file of the same name
};

// Keeps `data` as file `name` of the case; NotFound / NotPermitted as the database decides.
StoredFile add_file(Session& s, const std::string& case_no, const std::string& name, const std::string& type,
                    const std::string& note, const std::string& data, const std::string& actor);
// The case's files the reader sees, in the order attached.
std::vector<StoredFile> case_files(Session& s, const std::string& case_no);

struct FileBytes {
  std::string name, sha256, data;
};
// File `file_no` of the case, or none when it is not there or the reader may not see its bytes.
std::optional<FileBytes> file_bytes(Session& s, const std::string& case_no, int file_no);

// A file an export archive's manifest lists (docs/import-export.md, "Archives"), to attach to a
// case of the archive's CSV when it is imported (db/csv_import.h).
struct ArchiveFile {
  size_t row = 0;        // its row in the manifest (the header is row 1)
  std::string case_ref;  // its case, as the archive's CSV names it
  int id = 0;            // its number in the exported case: 1, 2, … in the order attached
  std::string name, sha256, type, note;
  std::string actor, attached_at;  // "" = whoever imports, now
  std::string entry;               // the archive's entry holding its bytes ("" = exported without them)
  long long size = 0;
  std::optional<int> supersedes;  // the id of the earlier file of the same name
};

}  // namespace gongkai::db
