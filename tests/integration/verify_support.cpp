#include "verify_support.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

namespace gongkai::test {

namespace {
void run_statements(const DbCopy& db, const std::vector<std::string>& statements, bool replica) {
  pqxx::connection c(db.conninfo());
  pqxx::work tx(c);
  if (replica) tx.exec("set local session_replication_role = replica");
  for (const auto& s : statements) {
    INFO("as the superuser" << (replica ? " (replica)" : "") << ": " << s);
    auto r = tx.exec(s);
    if (s.rfind("set ", 0) != 0) REQUIRE(r.affected_rows() > 0);
  }
  tx.commit();
}
}  // namespace

void as_superuser(const DbCopy& db, const std::vector<std::string>& statements) {
  run_statements(db, statements, false);
}

void as_superuser_replica(const DbCopy& db, const std::vector<std::string>& statements) {
  run_statements(db, statements, true);
}

std::string sql_literal(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

namespace {
// This process's temporary folder, removed with everything in it when the process ends.
struct TempDir {
  std::filesystem::path path;
  TempDir() : path(std::filesystem::temp_directory_path() / ("gongkai-verify-test-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
}  // namespace

std::string verify_temp_path(const std::string& name) {
  static TempDir dir;
  static std::atomic<int> n{0};
  return (dir.path / (std::to_string(n++) + "-" + name)).string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

RunResult run_with_stdin(const std::string& conninfo, const std::vector<std::string>& args, const std::string& input,
                         const std::map<std::string, std::string>& env) {
  std::vector<std::string> all = {"--db", conninfo};
  all.insert(all.end(), args.begin(), args.end());
  return run_gongkai(all, env, input);
}

std::string unique_login(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + std::to_string(getpid()) + "_" + std::to_string(n++);
}

RoleCleanup::~RoleCleanup() {
  for (const auto& login : logins_) {
    try {
      pqxx::connection c(server_conninfo("postgres"));
      pqxx::nontransaction tx(c);
      tx.exec("drop role if exists " + tx.quote_name(login));
    } catch (const std::exception&) {
      // Still used by a database another test has not dropped yet: left for the server's end.
    }
  }
}

}  // namespace gongkai::test
