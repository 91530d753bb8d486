// Each cli/cmd_*.cpp registers its subcommands here with a static CommandRegistrar, so that a
// new command is one new file.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli/app_context.h"

namespace gongkai::cli {

using CommandSetup = void (*)(CLI::App& app, AppContext& ctx);

struct CommandRegistrar {
  CommandRegistrar(const char* name, CommandSetup setup);
};

struct RegisteredCommand {
  std::string name;
  CommandSetup setup;
};
std::vector<RegisteredCommand>& registered_commands();

}  // namespace gongkai::cli
