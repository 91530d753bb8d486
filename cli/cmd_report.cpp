// gongkai report: the year-end statistics run — the national template's sections 三 and 四, or
// the legacy table — counted in the database from the cases of an agency's subtree.
#include <fmt/format.h>

#include <iostream>

#include "app/federation.h"
#include "app/printable.h"
#include "app/reports.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct ReportOptions {
  app::ReportRequest request;
  std::string format, output;
  bool bom = false;
  bool federation = false;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "Year-end statistics: the national template or the legacy table");
  cmd->add_option("--year", o->request.year, "the report year (required)");
  cmd->add_option("--agency", o->request.agency, "an agency and everything under it (default: all agencies)");
  cmd->add_option("--template", o->request.template_name, "national (default) | legacy");
  cmd->add_option("--format", o->format, "text (default) | csv | json | md | xlsx (needs --output)");
  cmd->add_option("--output", o->output, "write to FILE instead of standard output");
  cmd->add_flag("--bom", o->bom, "csv only: start with a UTF-8 byte order mark, for Excel on Chinese Windows");
  cmd->add_flag("--federation", o->federation,
                "the sum of the latest signed-off tables of every source and this installation's own agencies");

  auto so = std::make_shared<app::SignOffRequest>();
  auto* sign = cmd->add_subcommand(
      "sign-off", "Sign off a year's tables (national and legacy) of an agency, as a new version the "
                  "installations above receive");
  sign->add_option("--year", so->year, "the report year")->required();
  sign->add_option("--agency", so->agency, "the agency and everything under it")->required();
  sign->add_flag("--federation", so->federation,
                 "sign off the sum with every source's latest tables, to publish it onward");
  sign->callback([&ctx, so] {
    ctx.run = [&ctx, so] {
      auto r = app::sign_off(ctx.app(), *so);
      for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
      if (ctx.json) {
        ctx.print_json(app::sign_off_json(r));
        return;
      }
      std::cout << fmt::format("signed off {} {} of {} ({} {}): version {}, {}{}\n", r.agency,
                               app::printable(r.agency_name), r.year, r.installation.code,
                               app::printable(r.installation.name), r.version, r.signed_at,
                               r.sources.empty() ? "" : fmt::format(", with {} source table(s)", r.sources.size()));
    };
  });

  cmd->callback([&ctx, o, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    ctx.run = [&ctx, o] {
      if (o->request.year == 0) throw UsageError("--year is required");
      app::Format format = ctx.json ? app::Format::json : app::Format::text;
      if (!o->format.empty()) {
        format = app::parse_format(o->format);
        if (ctx.json && format != app::Format::json)
          throw UsageError("--json asks for JSON but --format is " + o->format);
      }
      if (o->bom && format != app::Format::csv)
        throw UsageError("--bom is for --format csv (a byte order mark for Excel), not " +
                         std::string(app::format_name(format)));
      if (format == app::Format::xlsx && o->output.empty())
        throw UsageError("--format xlsx writes a workbook: give --output FILE.xlsx");
      if (!o->output.empty()) workflows::check_file_name(o->output, "output file");

      auto r = o->federation ? app::federated_report(ctx.app(), o->request) : app::make_report(ctx.app(), o->request);
      for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
      // Text, Markdown and XLSX carry the notes in the document (注：…), JSON in "notes"; CSV on stderr.
      if (format == app::Format::csv)
        for (const auto& n : r.notes) std::cerr << "note: " << n << "\n";
      if (o->output.empty()) app::write_report(r, format, std::cout, o->bom);
      else app::write_report_file(r, format, o->output, o->bom);
    };
  });
}
const CommandRegistrar reg{"report", &setup};

}  // namespace
}  // namespace gongkai::cli
