// gongkai notice CASE KIND --output FILE: the statutory notices of a case (补正告知书,
// 征求第三方意见函, 延期答复告知书, 收费通知书, 答复书), issued once and re-printed frozen; and
// gongkai notice template set|show: an agency's wording of each kind (docs/notices.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/notices.h"
#include "app/printable.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "report/document_writer.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

struct NoticeOptions {
  app::NoticeRequest request;
  std::string format, output;
};
struct TemplateOptions {
  std::string agency, kind, file;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read wording file '" + workflows::printable(path) + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<NoticeOptions>();
  auto* cmd = app.add_subcommand(
      "notice",
      "Issue or re-print a case's notice: notice CASE KIND --output FILE [--format pdf|docx|html|md]; "
      "KIND correction | third-party | extension | fee | reply");
  cmd->add_option("case", o->request.case_no, "case number");
  cmd->add_option("kind", o->request.kind, "correction | third-party | extension | fee | reply");
  cmd->add_option("--output", o->output, "the file to write");
  cmd->add_option("--format", o->format, "pdf | docx | html | md (default: by the file's extension, else html)");
  cmd->add_option("--to", o->request.to, "third-party: whom the letter is addressed to (default: the event's note)");
  cmd->callback([&ctx, o, cmd] {
    if (cmd->got_subcommand("template")) return;
    ctx.run = [&ctx, o] {
      if (o->request.case_no.empty() || o->request.kind.empty())
        throw UsageError("give the case and the kind of notice: notice CASE KIND --output FILE");
      report::parse_notice_kind(o->request.kind);
      if (o->output.empty()) throw UsageError("--output FILE is required (the notice is a document)");
      workflows::check_file_name(o->output, "output file");
      const auto format = o->format.empty() ? report::doc_format_for_path(o->output) : report::parse_doc_format(o->format);
      auto n = app::issue_notice(ctx.app(), o->request, [&](const report::Document& d) {
        report::write_document_file(d, format, o->output);
      });
      if (ctx.json) {
        auto j = app::notice_json(n.stored);
        j["case"] = n.case_no;
        j["reprinted"] = n.reprinted;
        j["output"] = o->output;
        j["format"] = report::doc_format_name(format);
        ctx.print_json(j);
        return;
      }
      std::cout << (n.reprinted ? "re-printed " : "issued ") << n.stored.kind << " notice " << n.stored.number
                << " of " << n.case_no << " (sha256 " << n.stored.sha256 << ") to " << app::printable(o->output)
                << "\n";
    };
  });

  auto* tmpl = cmd->add_subcommand("template", "An agency's wording of a kind of notice: set | show");
  tmpl->require_subcommand(1);
  auto t = std::make_shared<TemplateOptions>();
  auto* set = tmpl->add_subcommand(
      "set", "A new version of the wording: notice template set --agency CODE KIND FILE (admins; see docs/notices.md)");
  set->add_option("--agency", t->agency, "agency code")->required();
  set->add_option("kind", t->kind, "correction | third-party | extension | fee | reply")->required();
  set->add_option("file", t->file, "the wording: one block a line, {{placeholders}}")->required();
  set->callback([&ctx, t] {
    ctx.run = [&ctx, t] {
      const std::string body = read_file(t->file);
      auto v = app::set_notice_template(ctx.app(), t->agency, t->kind, body);
      if (ctx.json)
        ctx.print_json({{"agency", t->agency}, {"kind", t->kind}, {"version", v.version}, {"set_at", v.set_at},
                        {"set_by", v.set_by}});
      else
        std::cout << t->kind << " wording of " << t->agency << ": version " << v.version << "\n";
    };
  });
  auto* show = tmpl->add_subcommand("show", "The wording in force: notice template show --agency CODE KIND");
  show->add_option("--agency", t->agency, "agency code")->required();
  show->add_option("kind", t->kind, "correction | third-party | extension | fee | reply")->required();
  show->callback([&ctx, t] {
    ctx.run = [&ctx, t] {
      auto v = app::show_notice_template(ctx.app(), t->agency, t->kind);
      if (ctx.json) {
        ctx.print_json({{"agency", t->agency}, {"kind", t->kind}, {"version", v.version}, {"shipped", v.version == 0},
                        {"body", v.body}, {"set_at", v.set_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.set_at)},
                        {"set_by", v.set_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.set_by)}});
        return;
      }
      std::cout << "# " << t->kind << " wording of " << t->agency << ", "
                << (v.version == 0 ? std::string("as gongkai ships it (version 0)") : "version " + std::to_string(v.version))
                << "\n"
                << v.body;
      if (!v.body.empty() && v.body.back() != '\n') std::cout << "\n";
    };
  });
}
const CommandRegistrar reg{"notice", &setup};

}  // namespace
}  // namespace gongkai::cli
