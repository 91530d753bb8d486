// gongkai import FILE.csv [--dry-run]: cases and events in bulk, all or nothing
// (docs/import-export.md). The work is app::import_csv; this file reads options and prints.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/bulk.h"
#include "app/printable.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct ImportArgs {
  std::string file;
  bool dry_run = false;
};

// One line on a terminal, rewritten in place at most a few times a second.
class ProgressLine {
 public:
  ProgressLine() : on_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() { clear(); }
  void show(const app::ImportProgress& p) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200) && p.bytes < p.total_bytes) return;
    last_ = now;
    std::fprintf(stderr, "\r\033[Kimport: %s: %zu rows", p.phase, p.rows);
    if (p.total_bytes) std::fprintf(stderr, " (%d%%)", static_cast<int>(100.0 * p.bytes / p.total_bytes));
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool on_, shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void setup(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand("import", "Import cases and events from a CSV file (all or nothing)");
  cmd->add_option("file", a->file, "the CSV file ('-' for standard input)")->required();
  cmd->add_flag("--dry-run", a->dry_run, "check every row, write nothing");
  cmd->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      std::ifstream file;
      std::istream* in = &std::cin;
      if (a->file != "-") {
        workflows::check_file_name(a->file, "import file");
        std::error_code ec;
        if (std::filesystem::is_directory(a->file, ec))
          throw UsageError("import file '" + a->file + "' is a directory; give a CSV file");
        file.open(a->file, std::ios::binary);
        if (!file) throw UsageError("cannot read the import file '" + a->file + "': " + std::strerror(errno));
        in = &file;
      }
      auto progress = std::make_shared<ProgressLine>();
      app::ImportRequest r;
      r.dry_run = a->dry_run;
      r.source = a->file == "-" ? "the input" : a->file;
      r.progress = [progress](const app::ImportProgress& p) { progress->show(p); };
      r.on_problem = [progress](const workflows::RowProblem& p) {
        progress->clear();
        // A row's message quotes its values, which may hold anything the file held.
        std::cerr << "row " << p.row << ": " << app::printable(p.message) << "\n";
      };
      auto stats = app::import_csv(ctx.app(), *in, r);
      progress->clear();
      if (ctx.json) {
        ctx.print_json(app::import_json(stats));
        return;
      }
      std::cout << (stats.dry_run ? "checked, nothing written: would import " : "imported ") << stats.cases
                << " case(s) and " << stats.events << " event(s)";
      if (stats.existing_cases)
        std::cout << " (" << stats.appended << " of them appended to " << stats.existing_cases << " existing case(s))";
      std::cout << "\n";
    };
  });
}
const CommandRegistrar reg{"import", &setup};

}  // namespace
}  // namespace gongkai::cli
