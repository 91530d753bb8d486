// gongkai verify: the auditor's check of the record — every history replayed and compared with its
// whole stored row, every hash chain recomputed, the report counts recounted — and chain heads
// kept elsewhere (--heads FILE writes them, --against FILE checks them).
#include <iostream>

#include "app/printable.h"
#include "app/verify.h"
#include "cli/command_registry.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto r = std::make_shared<app::VerifyRequest>();
  auto* cmd = app.add_subcommand(
      "verify", "Replay every case and compare it with its stored row, check every hash chain and the report counts");
  cmd->add_flag("--repair-tallies", r->repair_tallies,
                "replace the report counts with a recount of the cases when they differ (the cases are not touched)");
  cmd->add_option("--heads", r->heads_out,
                  "write every case's chain head to FILE; keep it elsewhere to check against later");
  cmd->add_option("--against", r->against,
                  "compare with the chain heads in FILE (written by --heads): names every case rewritten since");
  cmd->callback([&ctx, r] {
    ctx.run = [&ctx, r] {
      if (!r->heads_out.empty()) workflows::check_file_name(r->heads_out, "heads file");
      if (!r->against.empty()) workflows::check_file_name(r->against, "kept heads file");
      // A problem quotes stored values, which a rewrite behind gongkai's back may have filled with anything.
      r->on_problem = [](const std::string& line) { std::cerr << "corrupt: " << app::printable(line) << "\n"; };
      auto v = app::verify(ctx.app(), *r);
      if (ctx.json) {
        ctx.print_json(app::verify_json(v));
      } else {
        std::cout << v.cases << " case(s) replayed, " << v.corrupt.size() << " corrupt\n";
        std::cout << (v.chain_breaks.empty() ? std::string("every hash chain is intact")
                                             : std::to_string(v.chain_breaks.size()) + " hash chain(s) broken")
                  << "\n";
        if (v.tallies.empty())
          std::cout << "report counts agree with the cases\n";
        else if (v.tallies_repaired)
          std::cout << "report counts rebuilt from the cases (" << v.tallies.size() << " table(s) differed)\n";
        else
          std::cout << v.tallies.size() << " table(s) of report counts differ from the cases\n";
        if (v.heads_written)
          std::cout << v.heads_written << " chain head(s) written to " << app::printable(r->heads_out) << "\n";
        if (v.heads_checked)
          std::cout << v.heads_kept << " kept chain head(s) checked, " << v.heads_differing.size() << " differ\n";
      }
      if (!v.corrupt.empty())
        throw InternalError(std::to_string(v.corrupt.size()) + " case(s) do not replay to their stored row");
      if (!v.chain_breaks.empty())
        throw InternalError(std::to_string(v.chain_breaks.size()) +
                            " case(s) have a broken hash chain: their events were changed behind gongkai's back");
      if (!v.heads_differing.empty())
        throw InternalError(std::to_string(v.heads_differing.size()) +
                            " case(s) differ from the kept chain heads: their histories were rewritten");
      if (!v.tallies.empty() && !v.tallies_repaired)
        throw InternalError(std::to_string(v.tallies.size()) +
                            " table(s) of report counts differ from the cases (run 'gongkai verify --repair-tallies')");
    };
  });
}
const CommandRegistrar reg{"verify", &setup};

}  // namespace
}  // namespace gongkai::cli
