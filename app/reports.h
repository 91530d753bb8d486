// The statistician's operations: the year-end tables (national template or legacy table) of an
// agency and everything under it, and the figures the cases cannot give (entered by hand).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/figure_store.h"
#include "report/json_writer.h"
#include "report/output_format.h"
#include "report/table.h"

namespace gongkai::app {

struct ReportRequest {
  int year = 0;
  std::string agency;  // "" = all agencies (the member sees)
  std::string template_name = "national";  // national | legacy
};
// Counted in the database from the kept counts of the scope; warnings for broken invariants.
report::Report make_report(Context& ctx, const ReportRequest& r);

// How a report is written (text, csv, json, md, xlsx): report/output_format.h.
using report::Format;
using report::format_name;
using report::parse_format;
using report::write_report;
using report::write_report_file;
using report::report_json;  // the contract's JSON of a report, warnings and notes included

struct FiguresRequest {
  std::string agency;
  int year = 0;                     // figures: the year; baseline: the first year gongkai counts
  std::vector<std::string> pairs;   // KEY=N
};
using FigureValue = db::FigureValue;
// Sets hand-entered figures of a year; statisticians and admins.
std::vector<FigureValue> set_figures(Context& ctx, const FiguresRequest& r);
// Sets the opening totals of the years before `year`; statisticians and admins.
std::vector<FigureValue> set_baseline(Context& ctx, const FiguresRequest& r);
using StoredFigure = db::StoredFigure;
std::vector<StoredFigure> list_figures(Context& ctx, const std::string& agency);
nlohmann::json figures_json(const std::vector<StoredFigure>& all);
nlohmann::json values_json(const std::vector<FigureValue>& values);

}  // namespace gongkai::app
