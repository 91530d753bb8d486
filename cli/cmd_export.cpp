// gongkai export [--agency CODE] [--year YYYY] [--output FILE]: every event of the selected cases
// in the import format (docs/import-export.md), to a file or standard output.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command_registry.h"
#include "db/csv_export.h"
#include "engine/errors.h"

namespace gongkai::cli {
namespace {

struct ExportArgs {
  std::string agency, output;
  std::optional<int> year;
  bool bom = false;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Export cases with their whole histories as CSV (re-importable)");
  cmd->add_option("--agency", a->agency, "only this agency and the agencies under it");
  cmd->add_option("--year", a->year, "only cases received in this year");
  cmd->add_option("--output", a->output, "write to this file (default: standard output)");
  cmd->add_flag("--bom", a->bom, "start with a UTF-8 byte order mark (helps some spreadsheet programs)");
  cmd->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      if (ctx.json && a->output.empty())
        throw UsageError("--json needs --output: without it the CSV itself goes to standard output");
      db::ExportOptions opt{a->agency, a->year, a->bom, {}};
      db::ExportStats stats;
      if (a->output.empty()) {
        std::ios::sync_with_stdio(false);
        stats = db::export_csv(ctx.session(), std::cout, opt);
      } else {
        // Written beside the target and renamed at the end: a failed export leaves no half file.
        std::string tmp = a->output + ".partial";
        {
          std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
          if (!out) throw UsageError("cannot write '" + a->output + "'");
          try {
            stats = db::export_csv(ctx.session(), out, opt);
          } catch (...) {
            out.close();
            std::remove(tmp.c_str());
            throw;
          }
        }
        std::error_code ec;
        std::filesystem::rename(tmp, a->output, ec);
        if (ec) throw InternalError("cannot move the export to '" + a->output + "': " + ec.message());
      }
      if (ctx.json)
        ctx.print_json({{"cases", stats.cases}, {"events", stats.events}, {"output", a->output}});
      else if (!a->output.empty())
        std::cout << "exported " << stats.cases << " case(s), " << stats.events << " event(s) to " << a->output << "\n";
    };
  });
}
const CommandRegistrar reg{"export", &setup};

}  // namespace
}  // namespace gongkai::cli
