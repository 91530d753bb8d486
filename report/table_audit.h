// `gongkai audit`: a submitted year-end table — gongkai's report JSON, its CSV, or an XLSX laid
// out as gongkai writes it (or re-typed in that layout) — read back into table values and checked
// against every rule of its template (report/table_rules.h), optionally with last year's table
// for the carry-over.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "engine/text_encoding.h"
#include "report/table_grid.h"
#include "report/table_rules.h"

namespace gongkai::report {

// Reads the table in the file at `path`: XLSX by its ZIP signature, JSON by its opening brace,
// CSV otherwise (in `encoding`). UsageError with one line "PATH[ PLACE]: what is wrong" when the
// file cannot be read or is not a table of gongkai's shapes.
SubmittedTables read_submitted_table(const std::string& path, TextEncoding encoding = TextEncoding::utf8);
// The tables in gongkai's `report --format json` shape (national or legacy). UsageError naming
// the JSON path of what is wrong.
SubmittedTables tables_from_json(const nlohmann::json& j);

// Every rule of the table's template; with `previous` (last year's national table) the carry-over
// as well. UsageError when `previous` cannot be last year's (legacy, or of another year).
RuleCheck audit_tables(const SubmittedTables& t, const SubmittedTables* previous);

// {"rules_checked": N, "broken": [{"rule", "cells", "message"}]} (the contract's shape).
nlohmann::json audit_json(const RuleCheck& c);

}  // namespace gongkai::report
