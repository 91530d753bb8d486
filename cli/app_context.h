// What every command gets: the global options, the database session, and how to print.
#pragma once
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "db/session.h"
#include "engine/calendar.h"

namespace gongkai::cli {

struct AppContext {
  // Global options.
  std::string db;          // --db, else GONGKAI_DB, else the embedded default
  std::string actor;       // --actor, else GONGKAI_ACTOR, else the OS user
  bool json = false;       // --json
  std::string log_level = "warn";

  // The command chosen on the command line, run after parsing.
  std::function<void()> run;

  // Opens the database on first use: --db, else GONGKAI_DB, else the embedded default (started,
  // created and migrated as needed).
  db::Session& session();
  // Creates or migrates the schema and loads the shipped calendar's years the database lacks
  // (`gongkai init`; the embedded default does it by itself). Returns the schema version.
  int initialise();
  const std::vector<int>& calendar_years_added() const { return calendar_years_added_; }
  // The working-day calendar as loaded in the database.
  const WorkingCalendar& calendar();
  std::string resolved_actor() const;

  // Machine output: one JSON document on stdout.
  void print_json(const nlohmann::json& j) const;

 private:
  std::unique_ptr<db::Session> session_;
  std::unique_ptr<WorkingCalendar> calendar_;
  std::vector<int> calendar_years_added_;
};

}  // namespace gongkai::cli
