#include "embedded_home.h"

#include <doctest/doctest.h>
#include <unistd.h>

namespace gongkai::test {

EmbeddedHome::EmbeddedHome(const std::string& prefix, const std::string& name, std::map<std::string, std::string> more) {
  path = std::filesystem::temp_directory_path() / (prefix + "-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(path);
  env = {{"GONGKAI_HOME", path.string()}, {"GONGKAI_DB", ""}};
  for (auto& [k, v] : more) env[k] = v;
}

EmbeddedHome::~EmbeddedHome() {
  run_gongkai({"db", "destroy", "--yes"}, env);
  std::filesystem::remove_all(path);
}

RunResult EmbeddedHome::run(const std::vector<std::string>& args, const std::string& input) const {
  return run_gongkai(args, env, input);
}

std::string EmbeddedHome::ok(const std::vector<std::string>& args, const std::string& input) const {
  auto r = run(args, input);
  std::string typed;
  for (const auto& a : args) typed += " " + a;
  INFO("gongkai" << typed << ": " << r.err);
  REQUIRE(r.code == 0);
  return r.out;
}

std::string EmbeddedHome::conninfo_as(const std::string& user) const {
  std::string c = ok({"db", "status", "--json"});
  auto j = nlohmann::json::parse(c);
  std::string info = j["conninfo"].get<std::string>();
  const auto at = info.find("user=");
  REQUIRE(at != std::string::npos);
  auto end = info.find(' ', at);
  return info.substr(0, at) + "user=" + user + (end == std::string::npos ? "" : info.substr(end));
}

std::string EmbeddedHome::superuser_conninfo() const { return conninfo_as("gongkai"); }

}  // namespace gongkai::test
