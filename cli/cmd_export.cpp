// gongkai export [--agency CODE] [--year YYYY] [--output FILE] [--include-personal-data] [--archive]:
// every event of the selected cases in the import format (docs/import-export.md), to a file or
// standard output; applicants' names and contacts masked unless an admin asks for them. With
// --archive, a ZIP of that CSV with the cases' files.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/archive.h"
#include "app/bulk.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct ExportArgs {
  app::ExportRequest request;
  std::string output;
  bool archive = false;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Export cases with their whole histories as CSV (re-importable)");
  cmd->add_option("--agency", a->request.agency, "only this agency and the agencies under it");
  cmd->add_option("--year", a->request.year, "only cases received in this year");
  cmd->add_option("--output", a->output, "write to this file (default: standard output)");
  cmd->add_flag("--bom", a->request.bom, "start with a UTF-8 byte order mark (helps some spreadsheet programs)");
  cmd->add_flag("--include-personal-data", a->request.personal_data,
                "applicants' names and contacts as they are, not masked (admins only; recorded in the access log)");
  cmd->add_flag("--mask-personal-data", a->request.mask_personal_data,
                "the installation's administrator: mask them too (members' exports always are, unless asked)");
  cmd->add_flag("--archive", a->archive,
                "write a ZIP archive (needs --output): the CSV, a list of the cases' files and, with personal data, "
                "their contents; import restores it");
  cmd->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      if (ctx.json && a->output.empty())
        throw UsageError("--json needs --output: without it the CSV itself goes to standard output");
      if (a->archive && a->output.empty()) throw UsageError("--archive needs --output: an archive is written to a file");
      if (!a->output.empty()) workflows::check_file_name(a->output, "output file");
      app::ExportStats stats;
      if (a->output.empty()) {
        std::ios::sync_with_stdio(false);
        stats = app::export_csv(ctx.app(), std::cout, a->request);
      } else {
        // Written beside the target and renamed at the end: a failed export leaves no half file.
        std::string tmp = a->output + ".partial";
        {
          std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
          if (!out) throw UsageError("cannot write the output file '" + a->output + "': " + std::strerror(errno));
          try {
            stats = a->archive ? app::export_archive(ctx.app(), out, a->request)
                               : app::export_csv(ctx.app(), out, a->request);
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
      if (ctx.json && a->archive)
        ctx.print_json({{"cases", stats.cases}, {"events", stats.events}, {"output", a->output},
                        {"personal_data", stats.personal_data}, {"files", stats.files},
                        {"file_contents", stats.personal_data}, {"file_bytes", stats.file_bytes}});
      else if (ctx.json)
        ctx.print_json({{"cases", stats.cases}, {"events", stats.events}, {"output", a->output},
                        {"personal_data", stats.personal_data}});
      else if (a->archive)
        std::cout << "exported " << stats.cases << " case(s), " << stats.events << " event(s) and " << stats.files
                  << " file(s) to " << a->output
                  << (stats.personal_data ? " (with personal data and the files' contents: keep it safe)"
                                          : " (personal data masked; files listed without their contents)")
                  << "\n";
      else if (!a->output.empty())
        std::cout << "exported " << stats.cases << " case(s), " << stats.events << " event(s) to " << a->output
                  << (stats.personal_data ? " (with personal data: keep it safe)" : " (personal data masked)")
                  << "\n";
    };
  });
}
const CommandRegistrar reg{"export", &setup};

}  // namespace
}  // namespace gongkai::cli
