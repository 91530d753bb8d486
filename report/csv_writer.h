// A report as CSV (RFC 4180: CRLF line ends, fields quoted only when they must be): the report's
// title unless the table's title is it, then for each table its title as a one-field record, one header record per header row of the form (a merged
// cell's label in its first cell; `key` last on the bottom one), and one record per row with the
// official label first and the row's JSON key last; an empty line between tables. Optionally a
// UTF-8 byte order mark first, for Excel on Chinese Windows.
#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "report/table.h"

namespace gongkai::report {

void write_csv(const Report& r, std::ostream& out, bool bom = false);
// `v` as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break.
std::string csv_field(std::string_view v);

}  // namespace gongkai::report
