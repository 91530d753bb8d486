// What integration tests share: a fresh PostgreSQL database per test (dropped afterwards), and a
// way to run the real `gongkai` executable against it the way a user does.
//
// The server: GONGKAI_TEST_SERVER (a conninfo whose user may create databases), as started by
// scripts/test.sh; without it, an embedded cluster under $TMPDIR/gongkai-test-home that the
// first test starts.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::test {

struct RunResult {
  int code = -1;
  std::string out, err;
  nlohmann::json json() const;  // parses stdout (fails the test if it is not one JSON document)
};

// Runs the gongkai executable with `args` (no shell), `env` added to the environment and `input`
// on its standard input (else /dev/null).
RunResult run_gongkai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                      const std::string& input = "");
// The same, but killed if it has not ended after `timeout`; `timed_out` says whether it was.
RunResult run_gongkai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                      const std::string& input, std::chrono::milliseconds timeout, bool& timed_out);

// Another program (argv[0]: its path, e.g. /usr/bin/psql), without a shell, its input /dev/null.
RunResult run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// The conninfo of the test server, for a given database name.
std::string server_conninfo(const std::string& dbname);

class TestDb {
 public:
  // Creates an empty database with a unique name and runs `gongkai init --training` on it.
  explicit TestDb(bool init = true);
  // A database of its own whose contents are a copy of `original` (CREATE DATABASE … TEMPLATE;
  // nobody may be connected to `original` meanwhile): cheaper than recording the same cases again.
  struct CopyOf {
    const TestDb& original;
  };
  explicit TestDb(CopyOf copy);
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  // gongkai --db <this database> args…
  RunResult run(std::vector<std::string> args, const std::map<std::string, std::string>& env = {},
                const std::string& input = "") const;
  // Like run, but fails the test (with its stderr) unless it exits 0; returns stdout trimmed.
  std::string ok(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const;
  std::unique_ptr<db::Session> session() const;
  // A fingerprint of every table's contents: equal fingerprints = an unchanged database.
  std::string fingerprint() const;
  // One value from a query (first row, first column; "" for NULL).
  std::string scalar(const std::string& sql) const;
  // Makes this (empty) database what an older gongkai's `init` left: migrations 1…version, from
  // db/migrations, applied by the superuser as that gongkai did (no roles, no sealing).
  void migrate_as_older_gongkai(int version) const;

 private:
  std::string name_, conninfo_;
};

// A file's bytes, and a file made of `bytes` (replacing it).
std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);

}  // namespace gongkai::test
