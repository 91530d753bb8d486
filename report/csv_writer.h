// A report as CSV (RFC 4180: CRLF line ends, fields quoted only when they must be): for each
// table its title as a one-field record, a header record (the row-label header, the column
// labels, then `key`), and one record per row with the official label first and the row's JSON
// key last; an empty line between tables.
#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "report/table.h"

namespace gongkai::report {

void write_csv(const Report& r, std::ostream& out);
// `v` as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break.
std::string csv_field(std::string_view v);

}  // namespace gongkai::report
