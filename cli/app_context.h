// What every command gets: the global options, the request context (opened on first use), and
// how to print.
#pragma once
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/connect.h"
#include "app/context.h"

namespace gongkai::cli {

struct AppContext {
  // Global options.
  std::string db;                    // --db, else GONGKAI_DB, else the embedded default
  std::optional<std::string> actor;  // --actor, else GONGKAI_ACTOR (the administrator's; members act as themselves)
  bool json = false;                 // --json
  std::string log_level = "warn";

  // The command chosen on the command line, run after parsing.
  std::function<void()> run;
  // The exit code of a command that ran to its end but reports a finding, not an error: `audit`
  // sets kExitBrokenRules (7) when a table breaks its rules. 0 otherwise.
  int exit_status = 0;

  // How to connect: the global options and the environment (GONGKAI_DB, GONGKAI_ACTOR,
  // GONGKAI_TODAY), warnings to stderr.
  app::ConnectOptions connect_options() const;
  // The request context, connecting on first use.
  app::Context& app();
  app::Context* app_if_open() { return app_.get(); }

  // Machine output: one JSON document on stdout.
  void print_json(const nlohmann::json& j) const;

 private:
  std::unique_ptr<app::Context> app_;
};

}  // namespace gongkai::cli
