#include "cli/command_registry.h"

namespace gongkai::cli {

std::vector<RegisteredCommand>& registered_commands() {
  static std::vector<RegisteredCommand> all;
  return all;
}

CommandRegistrar::CommandRegistrar(const char* name, CommandSetup setup) {
  registered_commands().push_back({name, setup});
}

}  // namespace gongkai::cli
