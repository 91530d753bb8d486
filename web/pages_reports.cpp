// The statistician's page (年报): a year's national or legacy tables for an agency's subtree on
// screen, downloads in every format, and the figures entered by hand.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/permissions.h"
#include "app/reports.h"
#include "engine/errors.h"
#include "web/pages.h"
#include "web/view.h"

namespace gongkai::web {
namespace {

app::ReportRequest report_request(Visit& v) {
  const auto& r = v.req;
  app::ReportRequest q;
  const std::string y = r.param("year");
  if (y.empty()) q.year = v.ctx.today().year() - (v.ctx.today().month() == 1 ? 1 : 0);
  else if (y.size() == 4 && y.find_first_not_of("0123456789") == std::string::npos) q.year = std::stoi(y);
  else throw UsageError("year '" + y + "' is not a year (YYYY)");
  q.agency = r.param("agency");
  q.template_name = r.param("template").empty() ? "national" : r.param("template");
  return q;
}

// A table's header rows as cells with their spans, and its rows with labels and numbers.
Data table_data(const report::Table& t) {
  Data d;
  d.set("title", t.title);
  List header;
  for (int row = 0; row < t.header_height(); ++row) {
    List cells;
    for (const auto& c : t.header_cells())
      if (c.row == row) {
        Data cell;
        cell.set("label", c.label);
        cell.set("rows", std::to_string(c.rows));
        cell.set("cols", std::to_string(c.cols));
        cells.push_back(cell);
      }
    Data hr;
    hr.set("cells", cells);
    header.push_back(hr);
  }
  d.set("header", header);
  List rows;
  for (const auto& row : t.rows) {
    Data r;
    std::string indent;
    for (int i = 0; i < row.level; ++i) indent += "　";
    r.set("label", indent + row.label);
    r.set("heading", row.heading());
    List cells;
    for (long long n : row.cells) cells.push_back(Data(std::to_string(n)));
    r.set("cells", cells);
    r.set("span", std::to_string(t.columns.size()));
    rows.push_back(r);
  }
  d.set("rows", rows);
  return d;
}

}  // namespace

Response reports_page(Visit& v) {
  auto q = report_request(v);
  auto report = app::make_report(v.ctx, q);
  Data d;
  d.set("year", std::to_string(q.year));
  d.set("agency", q.agency);
  d.set("national", q.template_name == "national");
  d.set("legacy", q.template_name == "legacy");
  d.set("document", report.title);
  List tables;
  for (const auto& t : report.tables) tables.push_back(table_data(t));
  d.set("tables", tables);
  List warnings;
  for (const auto& w : report.warnings) warnings.push_back(Data(w));
  set_list(d, "warnings", warnings);
  List notes;
  for (const auto& n : report.notes) notes.push_back(Data(n));
  set_list(d, "notes", notes);
  List downloads;
  for (const char* f : {"xlsx", "csv", "md", "json", "text"}) {
    Data dl;
    dl.set("format", f);
    dl.set("href", "/reports/download?year=" + std::to_string(q.year) + "&agency=" + url_encode(q.agency) +
                       "&template=" + q.template_name + "&format=" + f);
    downloads.push_back(dl);
  }
  d.set("downloads", downloads);
  d.set("may_enter", app::allowed(v.ctx.me(), app::Action::enter_figures));
  List figures;
  for (const auto& f : app::list_figures(v.ctx, q.agency)) {
    Data fd;
    fd.set("agency", f.agency);
    fd.set("kind", f.kind == "baseline" ? "期初数（" + std::to_string(f.year) + "年以前）" : std::to_string(f.year) + "年");
    fd.set("key", f.key);
    fd.set("value", std::to_string(f.value));
    figures.push_back(fd);
  }
  d.set("figures", figures);
  return render_page(v, "reports", "年报", d);
}

Response report_download(Visit& v) {
  auto q = report_request(v);
  const std::string format_name = v.req.param("format").empty() ? "xlsx" : v.req.param("format");
  auto format = app::parse_format(format_name);
  auto report = app::make_report(v.ctx, q);
  Response res;
  const std::string stem = "report-" + std::to_string(q.year) + (q.agency.empty() ? "" : "-" + q.agency) + "-" + q.template_name;
  if (format == app::Format::xlsx) {
    // The workbook writer writes files: one of this process's own, read back and removed.
    auto path = std::filesystem::temp_directory_path() / ("gongkai-report-" + std::to_string(getpid()) + "-" +
                                                           std::to_string(reinterpret_cast<uintptr_t>(&res)) + ".xlsx");
    app::write_report_file(report, format, path.string());
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    std::filesystem::remove(path);
    res.body = s.str();
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  } else {
    std::ostringstream s;
    app::write_report(report, format, s);
    res.body = s.str();
    res.content_type = format == app::Format::json ? "application/json"
                       : format == app::Format::csv ? "text/csv; charset=utf-8"
                       : format == app::Format::md ? "text/markdown; charset=utf-8"
                                                    : "text/plain; charset=utf-8";
  }
  const std::string ext = format_name == "text" ? "txt" : format_name;
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stem + "." + ext + "\"");
  return res;
}

}  // namespace gongkai::web
