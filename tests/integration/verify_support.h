// What the verify suite needs beyond harness.h: copies of one prepared database (so that each
// tampering gets a database of its own without recording its cases again), SQL run as the
// server's superuser (the attacker with the owner's rights), a run of gongkai with something on
// its standard input, member logins unique on the server, and temporary files.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness.h"

namespace gongkai::test {

// A copy of a prepared database (TestDb::CopyOf), for one tampering each.
class DbCopy : public TestDb {
 public:
  explicit DbCopy(const TestDb& original) : TestDb(CopyOf{original}) {}
};

// Runs `statements` in one transaction as the test server's superuser (who bypasses row-level
// security) and commits. A statement that starts with "set " changes a setting; every other one
// must touch at least one row (a tampering that changes nothing would prove nothing).
void as_superuser(const DbCopy& db, const std::vector<std::string>& statements);

// The same, past the append-only triggers: `set local session_replication_role = replica` first,
// as an attacker with the owner's rights would (triggers, foreign keys and the chain trigger are
// all off for the transaction).
void as_superuser_replica(const DbCopy& db, const std::vector<std::string>& statements);

// `s` as an SQL string literal.
std::string sql_literal(const std::string& s);

// gongkai --db CONNINFO args…, with `input` on its standard input.
RunResult run_with_stdin(const std::string& conninfo, const std::vector<std::string>& args, const std::string& input,
                         const std::map<std::string, std::string>& env = {});

// A member login no other test process on the server uses: `prefix`, the pid and a counter.
std::string unique_login(const std::string& prefix);

// Database roles are the server's, not the database's: the member roles a test made are dropped
// when it ends. Declare it before the database, so that the database is dropped first.
class RoleCleanup {
 public:
  RoleCleanup() = default;
  ~RoleCleanup();
  RoleCleanup(const RoleCleanup&) = delete;
  RoleCleanup& operator=(const RoleCleanup&) = delete;
  std::string add(const std::string& login) {
    logins_.push_back(login);
    return login;
  }

 private:
  std::vector<std::string> logins_;
};

// A file under this process's own temporary folder.
std::string verify_temp_path(const std::string& name);
std::string slurp(const std::string& path);
void write_text(const std::string& path, const std::string& text);

}  // namespace gongkai::test
