// gongkai annual-report: the whole 政府信息公开工作年度报告 of a year (tables and prose) as docx,
// pdf, html or md; and `annual-report text set|show`, the office's own texts of sections 1, 5, 6.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "app/annual_report.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "report/document_writer.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct ReportArgs {
  app::AnnualReportRequest request;
  // --year as text: this command has subcommands, and CLI11's own error for a value that is no
  // number would be reported as an unknown command (cli/main.cpp reads such words as commands).
  std::string year;
  std::string format, output;
};

struct TextArgs {
  app::AnnualTextRequest request;
  std::string file;  // "" or "-": standard input
  int version = 0;   // show: 0 = the one in force
  bool versions = false;
};

std::string read_text(const std::string& file) {
  if (file.empty() || file == "-") return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  workflows::check_file_name(file, "text file");
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw UsageError("text file '" + file + "' is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("cannot read the text file '" + file + "': " + std::strerror(errno));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run_report(AppContext& ctx, ReportArgs& a) {
  // Everything about the output is checked before the database is asked anything.
  if (a.year.empty()) throw UsageError("--year is required (annual-report --year YYYY …)");
  if (a.year.size() > 4 || a.year.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("--year '" + workflows::printable(a.year) + "' is not a year (YYYY)");
  a.request.year = std::stoi(a.year);
  if (!a.output.empty()) workflows::check_file_name(a.output, "output file");
  report::DocFormat format = report::DocFormat::md;
  if (!a.format.empty()) format = report::parse_doc_format(a.format);
  else if (!a.output.empty()) format = report::doc_format_for_path(a.output);
  if (a.output.empty() && (format == report::DocFormat::docx || format == report::DocFormat::pdf))
    throw UsageError(fmt::format("--format {} writes a file: give --output FILE", report::doc_format_name(format)));

  auto r = app::make_annual_report(ctx.app(), a.request);
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  nlohmann::json meta = {{"template", r.template_name},
                         {"year", a.request.year},
                         {"agency", a.request.agency.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.request.agency)},
                         {"missing_sections", r.missing_sections},
                         {"warnings", r.warnings}};
  if (!a.output.empty()) {
    report::write_document_file(r.document, format, a.output);
    if (ctx.json) {
      meta["output"] = a.output;
      meta["format"] = report::doc_format_name(format);
      ctx.print_json(meta);
    }
    return;
  }
  if (ctx.json) {
    meta["document"] = report::document_json(r.document);
    ctx.print_json(meta);
    return;
  }
  std::cout << report::document_bytes(r.document, format);  // html or md: docx and pdf need --output
}

void setup(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "annual-report",
      "The whole annual report (政府信息公开工作年度报告), tables and prose: annual-report --year YYYY "
      "[--agency CODE] [--format docx|pdf|html|md] --output FILE; its texts: annual-report text set|show");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--year", a->year, "the report year (YYYY)");
  cmd->add_option("--agency", a->request.agency,
                  "an agency and everything under it (default: all agencies; the texts are the agency's)");
  cmd->add_option("--template", a->request.template_name,
                  "national (the 2019+ national format; default from 2019) | legacy (the pre-2019 layout; default up to 2018)");
  cmd->add_option("--format", a->format, "docx | pdf | html | md (default: from the --output name, else md)");
  cmd->add_option("--output", a->output, "the file to write (default: md on standard output)");
  cmd->footer(
      "Sections 三 and 四 repeat the tables in words; every figure comes from a table cell, shares in per cent to one\n"
      "decimal (half away from zero). Sections 1, 5 and 6 are the office's texts (annual-report text set); one not\n"
      "entered is printed as " + std::string("（本部分内容尚未填写）") + " with a warning on stderr. docs/annual-report.md.");

  auto* text = cmd->add_subcommand("text", "The office's own texts of the annual report: sections 1, 5, 6");
  text->require_subcommand(1);

  auto s = std::make_shared<TextArgs>();
  auto* set = text->add_subcommand(
      "set", "Store a section's text as its newest version: text set --year YYYY --agency CODE --section 1|5|6 [FILE|-]");
  set->add_option("--year", s->request.year, "the report year")->required();
  set->add_option("--agency", s->request.agency, "the agency whose report it is")->required();
  set->add_option("--section", s->request.section,
                  "1 (一、总体情况 / 概述), 5 (五、存在的主要问题…), 6 (六、其他需要报告的事项)")
      ->required();
  set->add_option("file", s->file, "a UTF-8 text file, one paragraph a line ('-' or none: standard input)");
  set->callback([&ctx, s] {
    ctx.run = [&ctx, s] {
      s->request.body = read_text(s->file);
      app::check_text_section(s->request.section);
      auto t = app::set_annual_text(ctx.app(), s->request);
      if (ctx.json) ctx.print_json(app::annual_text_json(t));
      else
        std::cout << fmt::format("section {} of {} for agency {} set (version {})\n", t.section, t.year, t.agency,
                                 t.version);
    };
  });

  auto w = std::make_shared<TextArgs>();
  auto* show = text->add_subcommand(
      "show", "Print a section's text in force (or --version N, or --versions: who set which and when)");
  show->add_option("--year", w->request.year, "the report year")->required();
  show->add_option("--agency", w->request.agency, "the agency whose report it is")->required();
  show->add_option("--section", w->request.section, "1, 5 or 6")->required();
  show->add_option("--version", w->version, "an earlier version (default: the newest, in force)");
  show->add_flag("--versions", w->versions, "list every version: number, who, when");
  show->callback([&ctx, w] {
    ctx.run = [&ctx, w] {
      app::check_text_section(w->request.section);
      if (w->version < 0) throw UsageError(fmt::format("--version {} is not a version number", w->version));
      auto all = app::annual_text_versions(ctx.app(), w->request.year, w->request.agency, w->request.section);
      const std::string what = fmt::format("section {} of {} for agency {}", w->request.section, w->request.year,
                                           w->request.agency);
      if (all.empty()) throw NotFound("no text entered for " + what);
      if (w->versions) {
        if (ctx.json) {
          nlohmann::json j = nlohmann::json::array();
          for (const auto& t : all) j.push_back(app::annual_text_json(t));
          ctx.print_json(j);
        } else {
          for (const auto& t : all)
            std::cout << fmt::format("{:>4}  {}  {}{}\n", t.version, t.set_at, t.set_by,
                                     &t == &all.front() ? "  (in force)" : "");
        }
        return;
      }
      const app::AnnualText* found = &all.front();
      if (w->version > 0) {
        found = nullptr;
        for (const auto& t : all)
          if (t.version == w->version) found = &t;
        if (!found) throw NotFound(fmt::format("no version {} of {}", w->version, what));
      }
      if (ctx.json) {
        auto j = app::annual_text_json(*found);
        j["in_force"] = found == &all.front();
        ctx.print_json(j);
      } else {
        std::cout << found->body;
        if (!found->body.empty() && found->body.back() != '\n') std::cout << "\n";
      }
    };
  });

  cmd->callback([&ctx, a, text] {
    if (text->parsed()) return;  // annual-report text …: its own command
    ctx.run = [&ctx, a] { run_report(ctx, *a); };
  });
}
const CommandRegistrar reg{"annual-report", &setup};

}  // namespace
}  // namespace gongkai::cli
