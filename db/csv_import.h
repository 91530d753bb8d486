// Bulk import of cases and events from the CSV format of docs/import-export.md: every row checked
// through the state machine, the checked cases kept in temporary tables of the one transaction
// the import runs in, then written from there with `insert … select` before its single COMMIT.
// `gongkai import` is a thin wrapper around import_csv(); benchmarks and tests call it directly.
#pragma once
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>

#include "db/attachment_store.h"
#include "db/session.h"
#include "engine/calendar.h"
#include "engine/date.h"
#include "workflows/import_validator.h"

namespace gongkai::db {

struct ImportProgress {
  const char* phase = "";  // "checking", "writing cases", "writing events"
  size_t rows = 0;         // rows of the file done in this phase
  uint64_t bytes = 0, total_bytes = 0;  // input consumed / its size (0 when unknown)
};

struct ImportOptions {
  std::string actor = "import";  // recorded on the events of rows without an actor of their own
  bool dry_run = false;          // check everything, write nothing
  std::optional<Date> today;     // "today" for the date checks (default: gongkai::today())
  const WorkingCalendar* calendar = nullptr;  // default: the calendar stored in the database
  long long calendar_version = 0;             // the version `calendar` is of (db/calendar_store.h)
  std::string source = "the file";            // how messages name the input
  // Every bad row, in row order, once checking is done. Without it the first few bad rows are
  // named in the exception's message.
  std::function<void(const workflows::RowProblem&)> on_problem;
  std::function<void(const ImportProgress&)> progress;  // called every few thousand rows
  std::function<void()> before_write;  // runs after checking, before writing (tests use it)
  // Cases held in memory while checking, each with its live state machine; the others wait in a
  // temporary table (and are taken back when a later row names them). Memory does not grow with
  // the file beyond this (and 3–6 bytes per case for a filter of the references spilled).
  size_t live_cases = 1024;
  // An archive's files (app/bulk.h), attached in the same transaction: once every row is good
  // (a dry run too), each must name a case of the CSV (else UsageError naming its manifest row);
  // after the events are written, each is attached to that case — its new number, or the number
  // it kept — in the manifest's order, with its bytes from `file_bytes` (checked by the caller
  // against its size and SHA-256; the database computes the hash again and it must agree).
  const std::vector<ArchiveFile>* files = nullptr;
  std::function<std::string(const ArchiveFile&)> file_bytes;
  std::string files_source = "the manifest";  // how messages name the manifest
};

struct ImportStats {
  size_t rows = 0;            // data rows read (blank lines not counted)
  size_t cases = 0;           // new cases
  size_t events = 0;          // events written (receipts included)
  size_t existing_cases = 0;  // cases already in the database that got events
  size_t appended = 0;        // events appended to those
  bool dry_run = false;
  bool archive = false;    // files were given (ImportOptions::files)
  size_t files = 0;        // files attached (or that would be, in a dry run)
  uint64_t file_bytes = 0;  // their bytes together
  double check_seconds = 0, write_seconds = 0;
};

// Imports the CSV read from `in` (read once, from where it stands). All or nothing:
// - any bad row: every bad row goes to on_problem, nothing is written, and UsageError (exit 2) is
//   thrown — RuleViolation (exit 3) when every bad row is a transition the rules refuse;
// - a case changed by someone else meanwhile (event count moved, letter ref or number taken):
//   Conflict (exit 5), nothing written; the calendar changed meanwhile: CalendarChanged;
// - a member who is no admin, an agency outside the member's scope: NotPermitted / NotFound.
ImportStats import_csv(Session& s, std::istream& in, const ImportOptions& opt);

}  // namespace gongkai::db
