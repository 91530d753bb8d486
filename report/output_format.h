// The formats `gongkai report` writes, and writing a report in one of them to a stream or a file.
#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "report/table.h"

namespace gongkai::report {

enum class Format { text, csv, json, md, xlsx };

// UsageError naming the value and the valid formats.
Format parse_format(std::string_view name);
std::string_view format_name(Format f);

// Writes `r` in format `f` to `out`. xlsx is a file format: use write_report_file. `bom`: a UTF-8
// byte order mark first (csv only: UsageError for any other format).
void write_report(const Report& r, Format f, std::ostream& out, bool bom = false);
// Writes `r` to the file at `path` (replacing it). UsageError when the file cannot be written.
void write_report_file(const Report& r, Format f, const std::string& path, bool bom = false);

}  // namespace gongkai::report
