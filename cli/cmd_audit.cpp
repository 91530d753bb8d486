// gongkai audit FILE [--previous FILE] [--json]: a submitted year-end table checked against every
// rule of its template (docs/audit.md). Reads files only: never connects to a database.
#include <iostream>

#include "app/table_audit.h"
#include "cli/command_registry.h"
#include "cli/exit_code.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto r = std::make_shared<app::AuditRequest>();
  auto* cmd = app.add_subcommand(
      "audit",
      "Check a submitted year-end table (report JSON, CSV or XLSX) against every rule of its template; "
      "exit 7 when a rule is broken");
  cmd->add_option("file", r->file, "the table: gongkai's report --format json, csv or xlsx shape")->required();
  cmd->add_option("--previous", r->previous, "last year's table, to check this year's 上年结转 against its 结转下年度");
  cmd->add_option("--encoding", r->encoding, "of a CSV table: utf-8 (default), gbk or gb18030");
  cmd->footer(
      "Prints one line per broken rule (its name, the row or column, the figures), then 'N rules checked, "
      "M broken'.\nWith --json: {\"rules_checked\": N, \"broken\": [{\"rule\", \"cells\", \"message\"}]}.\n"
      "Exit 0: every rule holds; 7: some rule is broken; 2: the file cannot be read as a table.");
  cmd->callback([&ctx, r] {
    ctx.run = [&ctx, r] {
      auto result = app::audit_table_file(*r);
      if (ctx.json) {
        ctx.print_json(app::audit_json(result));
      } else {
        for (const auto& b : result.broken) std::cout << b.message << "\n";
        std::cout << result.checked << " rules checked, " << result.broken.size() << " broken\n";
      }
      if (!result.broken.empty()) ctx.exit_status = kExitBrokenRules;
    };
  });
}
const CommandRegistrar reg{"audit", &setup};

}  // namespace
}  // namespace gongkai::cli
