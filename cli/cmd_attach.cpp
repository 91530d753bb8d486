// gongkai attach / files / file get: a case's paper — the incoming letter, the reply, delivery
// receipts — kept with the case, never replaced (a newer file of the same name supersedes).
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "app/attachments.h"
#include "app/printable.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct AttachOptions {
  std::string case_no, path, note;
};
struct GetOptions {
  std::string case_no, output;
  int file_no = 0;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<AttachOptions>();
  auto* attach = app.add_subcommand("attach", "Keep a file with a case (the letter, the reply, a receipt; at most 25 MiB)");
  attach->add_option("CASE", a->case_no, "case number")->required();
  attach->add_option("FILE", a->path, "the file; a later file of the same name supersedes it, both kept")->required();
  attach->add_option("--note", a->note, "what it is");
  attach->callback([&ctx, a] {
    ctx.run = [&ctx, a] {
      auto f = app::attach_file(ctx.app(), app::attach_request_from_path(a->case_no, a->path, a->note));
      if (ctx.json) {
        ctx.print_json(app::files_json({f})[0]);
        return;
      }
      std::cout << fmt::format("{}: file {} {} ({} bytes, {}, sha256 {}){}\n", app::printable(a->case_no), f.file_no,
                               app::printable(f.name), f.size, f.type, f.sha256,
                               f.supersedes ? fmt::format(", supersedes file {}", *f.supersedes) : "");
    };
  });

  auto case_no = std::make_shared<std::string>();
  auto* files = app.add_subcommand("files", "List a case's files");
  files->add_option("CASE", *case_no, "case number")->required();
  files->callback([&ctx, case_no] {
    ctx.run = [&ctx, case_no] {
      auto list = app::case_files(ctx.app(), *case_no);
      if (ctx.json) {
        ctx.print_json(app::files_json(list));
        return;
      }
      for (const auto& f : list)
        std::cout << fmt::format("{:>3}  {:<32} {:>10}  {:<10}  {:<12} {}{}\n", f.file_no, app::printable(f.name),
                                 f.size, f.attached_on, app::printable(f.actor), f.type,
                                 f.superseded_by ? fmt::format("  (superseded by {})", *f.superseded_by) : "");
      std::cout << list.size() << " file(s)\n";
    };
  });

  auto g = std::make_shared<GetOptions>();
  auto* file = app.add_subcommand("file", "A case's file: file get CASE ID --output FILE");
  file->require_subcommand(1);
  auto* get = file->add_subcommand("get", "Write a case's file to --output, checked against its SHA-256");
  get->add_option("CASE", g->case_no, "case number")->required();
  get->add_option("ID", g->file_no, "the file's number (gongkai files CASE)")->required();
  get->add_option("--output", g->output, "where to write it")->required();
  get->callback([&ctx, g] {
    ctx.run = [&ctx, g] {
      workflows::check_file_name(g->output, "output file");
      auto content = app::file_content(ctx.app(), g->case_no, g->file_no);
      std::ofstream out(g->output, std::ios::binary | std::ios::trunc);
      out << content.data;
      out.close();
      if (!out) throw UsageError("cannot write '" + g->output + "'");
      if (!ctx.json) std::cerr << "wrote " << content.data.size() << " bytes to " << g->output << "\n";
    };
  });
}
const CommandRegistrar reg{"attach", &setup};

}  // namespace
}  // namespace gongkai::cli
