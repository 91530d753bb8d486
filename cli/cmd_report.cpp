// gongkai report: the year-end statistics run — the national template's sections 三 and 四, or
// the legacy table — counted in the database from the cases of an agency's subtree.
#include <iostream>

#include "cli/command_registry.h"
#include "db/case_store.h"
#include "db/report_store.h"
#include "engine/errors.h"
#include "report/legacy_template.h"
#include "report/national_template.h"
#include "report/output_format.h"

namespace gongkai::cli {
namespace {

// Years a report can be asked for: the 2008 Regulation's predecessors (local rules) started in the
// early 2000s, and a year that has not begun has nothing to count.
constexpr int kFirstReportYear = 2000;

struct ReportOptions {
  int year = 0;
  std::string agency, template_name = "national", format, output;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "Year-end statistics: the national template or the legacy table");
  cmd->add_option("--year", o->year, "the report year")->required();
  cmd->add_option("--agency", o->agency, "an agency and everything under it (default: all agencies)");
  cmd->add_option("--template", o->template_name, "national (default) | legacy");
  cmd->add_option("--format", o->format, "text (default) | csv | json | md | xlsx (needs --output)");
  cmd->add_option("--output", o->output, "write to FILE instead of standard output");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      const int this_year = today().year();
      if (o->year < kFirstReportYear || o->year > this_year)
        throw UsageError("year " + std::to_string(o->year) + " is not a report year (" +
                         std::to_string(kFirstReportYear) + "–" + std::to_string(this_year) + ")");
      if (o->template_name != "national" && o->template_name != "legacy")
        throw UsageError("template '" + o->template_name + "' is not one of national, legacy");
      report::Format format = ctx.json ? report::Format::json : report::Format::text;
      if (!o->format.empty()) {
        format = report::parse_format(o->format);
        if (ctx.json && format != report::Format::json)
          throw UsageError("--json asks for JSON but --format is " + o->format);
      }
      if (format == report::Format::xlsx && o->output.empty())
        throw UsageError("--format xlsx writes a workbook: give --output FILE.xlsx");

      std::string name;
      if (!o->agency.empty()) name = db::agency_or_throw(ctx.session(), o->agency).name;
      report::Report r;
      if (o->template_name == "national") {
        auto in = db::count_national(ctx.session(), o->agency, o->year);
        in.agency_name = name;
        r = report::national_report(in);
      } else {
        auto in = db::count_legacy(ctx.session(), o->agency, o->year);
        in.agency_name = name;
        r = report::legacy_report(in);
      }

      for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
      // Text and Markdown carry the notes in the document, JSON in "notes"; the others on stderr.
      if (format == report::Format::csv || format == report::Format::xlsx)
        for (const auto& n : r.notes) std::cerr << "note: " << n << "\n";
      if (o->output.empty()) report::write_report(r, format, std::cout);
      else report::write_report_file(r, format, o->output);
    };
  });
}
const CommandRegistrar reg{"report", &setup};

}  // namespace
}  // namespace gongkai::cli
