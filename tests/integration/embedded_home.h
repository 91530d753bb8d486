// An embedded default of its own for a test: a GONGKAI_HOME under the temporary directory, whose
// private PostgreSQL cluster the first command makes and the destructor destroys. Tests that need
// whole installations (a backup restored elsewhere; counties and a city) use one per installation.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness.h"

namespace gongkai::test {

struct EmbeddedHome {
  std::filesystem::path path;
  std::map<std::string, std::string> env;  // GONGKAI_HOME, GONGKAI_DB="" and what the test adds
  EmbeddedHome(const std::string& prefix, const std::string& name, std::map<std::string, std::string> more = {});
  ~EmbeddedHome();
  EmbeddedHome(const EmbeddedHome&) = delete;
  EmbeddedHome& operator=(const EmbeddedHome&) = delete;

  RunResult run(const std::vector<std::string>& args, const std::string& input = "") const;
  // Fails the test (with its stderr) unless it exits 0; returns stdout.
  std::string ok(const std::vector<std::string>& args, const std::string& input = "") const;
  // The cluster's superuser on the gongkai database (`db status`'s conninfo as its superuser).
  std::string superuser_conninfo() const;
  // The same database as `user` (a role made there).
  std::string conninfo_as(const std::string& user) const;
};

}  // namespace gongkai::test
