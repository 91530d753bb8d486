// The statistician's page (年报): a year's national or legacy tables for an agency's subtree on
// screen — or the sum with the installations below (汇总) — downloads in every format, the
// figures entered by hand, the year's sign-offs and the sources' state.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/federation.h"
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

bool federated(Visit& v) { return v.req.param("federation") == "1"; }

report::Report report_of(Visit& v, const app::ReportRequest& q) {
  return federated(v) ? app::federated_report(v.ctx, q) : app::make_report(v.ctx, q);
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
  auto report = report_of(v, q);
  Data d;
  d.set("federation", federated(v));
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
                       "&template=" + q.template_name + "&format=" + f + (federated(v) ? "&federation=1" : ""));
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

  // The year's sign-offs (签发) and the installations below.
  auto inst = app::installation(v.ctx);
  d.set("installation", inst ? inst->code + " " + inst->name : std::string());
  d.set("may_sign", app::allowed(v.ctx.me(), app::Action::sign_off) && inst.has_value());
  List signed_off;
  for (const auto& t : app::sign_offs(v.ctx, q.year)) {
    Data sd;
    sd.set("agency", t.agency + " " + t.agency_name);
    sd.set("version", std::to_string(t.version));
    sd.set("by", t.signed_by);
    sd.set("at", app::beijing_minute(t.signed_at));
    sd.set("what", t.sources.empty() ? std::string("本级") : "本级与" + std::to_string(t.sources.size()) + "份下级报表之和");
    signed_off.push_back(sd);
  }
  set_list(d, "signed_off", signed_off);
  List sources;
  const auto states = app::federation_list(v.ctx);
  for (const auto& st : states) {
    Data sd;
    sd.set("name", st.name);
    sd.set("installation", st.installation + " " + st.installation_name);
    sd.set("latest", st.latest_version ? std::to_string(*st.latest_year) + "年 第" + std::to_string(*st.latest_version) +
                                             "版，" + app::beijing_minute(st.latest_signed_at) + "签发"
                                       : std::string("尚未签发"));
    sd.set("ok", app::source_ok(st));
    sources.push_back(sd);
  }
  set_list(d, "sources", sources);
  return render_page(v, "reports", "年报", d);
}

Response report_download(Visit& v) {
  auto q = report_request(v);
  const std::string format_name = v.req.param("format").empty() ? "xlsx" : v.req.param("format");
  auto format = app::parse_format(format_name);
  auto report = report_of(v, q);
  Response res;
  const std::string stem = "report-" + std::to_string(q.year) + (q.agency.empty() ? "" : "-" + q.agency) +
                           (federated(v) ? "-federation" : "") + "-" + q.template_name;
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
