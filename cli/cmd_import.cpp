// gongkai import FILE.csv|FILE.zip [--dry-run] [--encoding utf-8|gbk|gb18030]: cases and events in
// bulk, all or nothing (docs/import-export.md); an export archive (a ZIP, by its first bytes) with
// its files. The work is app::import_csv / app::import_archive; this file reads options, converts
// a GB18030 file to UTF-8 first, and prints.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/archive.h"
#include "app/bulk.h"
#include "app/printable.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "engine/text_encoding.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct ImportArgs {
  std::string file;
  bool dry_run = false;
  std::string encoding = "utf-8";
};

// A file removed when the import is done, whatever happens.
struct TempFile {
  std::filesystem::path path;
  ~TempFile() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove(path, ec);
  }
};

// The input converted to UTF-8 in a private temporary file before anything is checked: a byte
// that is not valid in the named encoding is named (with its row) before the database is asked.
void convert_to_temp(std::istream& in, TextEncoding from, const std::string& source, TempFile& tmp) {
  auto dir = std::filesystem::temp_directory_path();
  for (int attempt = 0; tmp.path.empty() && attempt < 100; ++attempt) {
    auto candidate = dir / ("gongkai-import-" + std::to_string(getpid()) + "-" + std::to_string(attempt) + ".csv");
    // O_EXCL: never another's file; 0600: the file holds applicants' names.
    int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) continue;
    ::close(fd);
    tmp.path = candidate;
  }
  if (tmp.path.empty()) throw InternalError("cannot create a temporary file in " + dir.string());
  std::ofstream out(tmp.path, std::ios::binary | std::ios::trunc);
  try {
    csv_to_utf8(in, out, from);
  } catch (const UsageError& e) {
    throw UsageError(source + " " + e.what());
  }
  out.close();
  if (!out) throw InternalError("cannot write the temporary file " + tmp.path.string());
}

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
  auto* cmd = app.add_subcommand("import", "Import cases and events from a CSV file or an export archive (all or nothing)");
  cmd->add_option("file", a->file, "the CSV file ('-' for standard input), or an archive of export --archive")->required();
  cmd->add_flag("--dry-run", a->dry_run, "check every row, write nothing");
  cmd->add_option("--encoding", a->encoding,
                  "the file's encoding: utf-8 (default), gbk or gb18030 (Excel's CSV on Chinese Windows; gbk is read "
                  "as GB18030, its superset)");
  cmd->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      std::ifstream file;
      std::istream* in = &std::cin;
      bool archive = false;
      if (a->file != "-") {
        workflows::check_file_name(a->file, "import file");
        std::error_code ec;
        if (std::filesystem::is_directory(a->file, ec))
          throw UsageError("import file '" + a->file + "' is a directory; give a CSV file");
        file.open(a->file, std::ios::binary);
        if (!file) throw UsageError("cannot read the import file '" + a->file + "': " + std::strerror(errno));
        in = &file;
        archive = app::is_archive(a->file);
      }
      const TextEncoding encoding = parse_text_encoding(a->encoding);
      if (archive && encoding != TextEncoding::utf8)
        throw UsageError("--encoding is for CSV files: " + a->file + " is an archive, whose CSV is UTF-8 as export wrote it");
      TempFile converted;
      std::ifstream utf8;
      if (encoding != TextEncoding::utf8) {
        convert_to_temp(*in, encoding, a->file == "-" ? "the input" : a->file, converted);
        utf8.open(converted.path, std::ios::binary);
        if (!utf8) throw InternalError("cannot read the temporary file " + converted.path.string());
        in = &utf8;
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
      auto stats = archive ? app::import_archive(ctx.app(), a->file, r) : app::import_csv(ctx.app(), *in, r);
      progress->clear();
      if (ctx.json) {
        ctx.print_json(app::import_json(stats));
        return;
      }
      std::cout << (stats.dry_run ? "checked, nothing written: would import " : "imported ") << stats.cases
                << " case(s) and " << stats.events << " event(s)";
      if (stats.existing_cases)
        std::cout << " (" << stats.appended << " of them appended to " << stats.existing_cases << " existing case(s))";
      if (stats.archive) std::cout << " with " << stats.files << " file(s)";
      std::cout << "\n";
    };
  });
}
const CommandRegistrar reg{"import", &setup};

}  // namespace
}  // namespace gongkai::cli
