// Bulk export in the CSV format of docs/import-export.md: every event of the selected cases, a
// case's events together and in order, streamed from a cursor (memory flat in the export size).
// Importing the result into a database with the same agencies reproduces the cases, their numbers
// and histories; exporting that again gives the same file.
#pragma once
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "db/session.h"

namespace gongkai::db {

struct ExportOptions {
  std::string agency;       // that agency's subtree; "" = all agencies
  std::optional<int> year;  // year of receipt; none = every year
  bool bom = false;         // start with a UTF-8 byte order mark (for spreadsheet programs)
  // Applicants' names and contacts as they are (admins only; recorded in the access log first);
  // otherwise masked (first character, then '*').
  bool personal_data = false;
  std::function<void(size_t events)> progress;  // called every batch
};

struct ExportStats {
  size_t cases = 0, events = 0;
  size_t details_not_exported = 0;  // events with details the format has no column for
  bool personal_data = false;       // names and contacts as they are (else masked)
};

// NotFound for an unknown agency; NotPermitted for personal data the reader may not export.
ExportStats export_csv(Session& s, std::ostream& out, const ExportOptions& opt);

}  // namespace gongkai::db
