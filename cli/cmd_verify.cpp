// gongkai verify: the auditor's check that every stored history replays to its case row.
#include <iostream>

#include "cli/case_commands.h"
#include "cli/command_registry.h"
#include "db/case_store.h"
#include "engine/errors.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* cmd = app.add_subcommand("verify", "Replay every case's history and compare it with its stored state");
  cmd->callback([&ctx] {
    ctx.run = [&ctx] {
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
      if (ctx.json)
        ctx.print_json({{"cases", numbers.size()}, {"corrupt", broken}});
      else
        std::cout << numbers.size() << " case(s) replayed, " << broken.size() << " corrupt\n";
      if (!broken.empty())
        throw InternalError(std::to_string(broken.size()) + " case(s) do not replay to their stored state");
    };
  });
}
const CommandRegistrar reg{"verify", &setup};

}  // namespace
}  // namespace gongkai::cli
