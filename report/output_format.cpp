#include "report/output_format.h"

#include <fstream>

#include "engine/errors.h"
#include "report/csv_writer.h"
#include "report/json_writer.h"
#include "report/md_writer.h"
#include "report/text_writer.h"
#include "report/xlsx_writer.h"

namespace gongkai::report {

Format parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  if (name == "md") return Format::md;
  if (name == "xlsx") return Format::xlsx;
  throw UsageError("format '" + std::string(name) + "' is not one of text, csv, json, md, xlsx");
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::text: return "text";
    case Format::csv: return "csv";
    case Format::json: return "json";
    case Format::md: return "md";
    case Format::xlsx: return "xlsx";
  }
  return "?";
}

void write_report(const Report& r, Format f, std::ostream& out, bool bom) {
  if (bom && f != Format::csv)
    throw UsageError("--bom is for --format csv (a byte order mark for Excel), not " + std::string(format_name(f)));
  switch (f) {
    case Format::text: write_text(r, out); return;
    case Format::csv: write_csv(r, out, bom); return;
    case Format::json: write_json(r, out); return;
    case Format::md: write_md(r, out); return;
    case Format::xlsx: throw UsageError("xlsx is written to a file: give --output FILE.xlsx");
  }
}

void write_report_file(const Report& r, Format f, const std::string& path, bool bom) {
  if (bom && f != Format::csv)
    throw UsageError("--bom is for --format csv (a byte order mark for Excel), not " + std::string(format_name(f)));
  if (f == Format::xlsx) {
    write_xlsx(r, path);
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw UsageError("cannot write the report to '" + path + "'");
  write_report(r, f, out, bom);
  out.flush();
  if (!out) throw UsageError("cannot write the report to '" + path + "'");
}

}  // namespace gongkai::report
