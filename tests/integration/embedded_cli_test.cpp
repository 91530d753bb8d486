// The embedded default through the CLI: no --db and no GONGKAI_DB → a private cluster under
// $GONGKAI_HOME, created, started and given its schema on first use.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "harness.h"

using gongkai::test::run_gongkai;

TEST_SUITE("embedded-cli") {
  TEST_CASE("first use creates the embedded database; db status, stop and start manage it") {
    auto home = std::filesystem::temp_directory_path() / ("gk-cli-" + std::to_string(getpid()));
    std::filesystem::remove_all(home);
    const std::map<std::string, std::string> env = {{"GONGKAI_HOME", home.string()}, {"GONGKAI_DB", ""},
                                                    {"GONGKAI_TODAY", "2025-01-10"}};
    auto status = run_gongkai({"db", "status", "--json"}, env);
    REQUIRE(status.code == 0);
    CHECK(status.json()["running"] == false);

    // No init needed: the first command creates, starts and migrates it.
    auto add = run_gongkai({"agency", "add", "cty", "--name", "某县人民政府", "--kind", "government"}, env);
    INFO(add.err);
    REQUIRE(add.code == 0);
    auto rec = run_gongkai({"receive", "--agency", "cty", "--received", "2025-01-06", "--channel", "online",
                            "--applicant-type", "person", "--applicant", "王五"}, env);
    REQUIRE(rec.code == 0);
    CHECK(rec.out == "cty-2025-0001\n");
    auto st = run_gongkai({"db", "status", "--json"}, env).json();
    CHECK(st["running"] == true);
    CHECK(st["conninfo"].get<std::string>().find("host=") != std::string::npos);

    CHECK(run_gongkai({"db", "stop"}, env).code == 0);
    CHECK(run_gongkai({"db", "status", "--json"}, env).json()["running"] == false);
    // Any command starts it again; the data is still there.
    auto show = run_gongkai({"show", "cty-2025-0001", "--json"}, env);
    REQUIRE(show.code == 0);
    CHECK(show.json()["applicant"] == "王五");
    // The shipped official calendar is loaded on first use too: 20 working days from 2025-01-06
    // cross Spring Festival (01-28..02-04 off; Sunday 01-26 and Saturday 02-08 worked).
    CHECK(show.json()["due_on"] == "2025-02-08");
    CHECK(show.json()["due_provisional"] == false);
    CHECK(run_gongkai({"db", "start"}, env).code == 0);
    CHECK(run_gongkai({"init"}, env).out.rfind("schema version ", 0) == 0);
    CHECK(run_gongkai({"--db", "host=/nonexistent", "db", "status"}, env).code == 2);

    CHECK(run_gongkai({"db", "stop"}, env).code == 0);
    if (std::filesystem::is_symlink(home / "cluster"))
      std::filesystem::remove_all(std::filesystem::read_symlink(home / "cluster"));
    std::filesystem::remove_all(home);
  }

  TEST_CASE("an unreachable --db is a one-line error, exit 1") {
    auto r = run_gongkai({"--db", "host=/nonexistent-socket-dir port=5999", "list"}, {{"GONGKAI_DB", ""}});
    CHECK(r.code == 1);
    CHECK(r.err.rfind("error: cannot connect to the database", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}
