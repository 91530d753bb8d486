// gongkai verify: the auditor's check that every stored history replays to its case row, and that
// the year-end tables' kept counts agree with a recount of the cases.
#include <iostream>

#include "cli/case_commands.h"
#include "cli/command_registry.h"
#include "db/case_store.h"
#include "db/tally_store.h"
#include "engine/errors.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("verify", "Replay every case's history and compare it with its stored state");
  auto repair = std::make_shared<bool>(false);
  cmd->add_flag("--repair-tallies", *repair,
                "replace the report counts with a recount of the cases when they differ (the cases are not touched)");
  cmd->callback([&ctx, repair] {
    ctx.run = [&ctx, repair] {
      auto numbers = db::all_case_numbers(ctx.session());
      std::vector<std::string> broken;
      for (const auto& n : numbers) {
        try {
          load_and_replay(ctx, n);
        } catch (const InternalError& e) {
          broken.push_back(e.what());
          std::cerr << "corrupt: " << e.what() << "\n";
        }
      }
      // The report counts are derived from the case rows the replay just checked.
      auto differences = db::tally_differences(ctx.session());
      bool repaired = false;
      for (const auto& d : differences)
        std::cerr << (*repair ? "repairing: " : "corrupt: ") << d.table << ": " << d.groups
                  << " group(s) differ from a recount of the cases\n";
      if (!differences.empty() && *repair) {
        db::rebuild_tallies(ctx.session());
        repaired = true;
      }
      nlohmann::json tallies = nlohmann::json::array();
      for (const auto& d : differences) tallies.push_back({{"table", d.table}, {"groups", d.groups}});
      if (ctx.json) {
        ctx.print_json({{"cases", numbers.size()}, {"corrupt", broken}, {"tallies_differing", tallies},
                        {"tallies_repaired", repaired}});
      } else {
        std::cout << numbers.size() << " case(s) replayed, " << broken.size() << " corrupt\n";
        if (differences.empty())
          std::cout << "report counts agree with the cases\n";
        else if (repaired)
          std::cout << "report counts rebuilt from the cases (" << differences.size() << " table(s) differed)\n";
        else
          std::cout << differences.size() << " table(s) of report counts differ from the cases\n";
      }
      if (!broken.empty())
        throw InternalError(std::to_string(broken.size()) + " case(s) do not replay to their stored state");
      if (!differences.empty() && !repaired)
        throw InternalError(std::to_string(differences.size()) +
                            " table(s) of report counts differ from the cases (run 'gongkai verify --repair-tallies')");
    };
  });
}
const CommandRegistrar reg{"verify", &setup};

}  // namespace
}  // namespace gongkai::cli
