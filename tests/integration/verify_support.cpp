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

DbCopy::DbCopy(const TestDb& original) {
  static std::atomic<int> counter{0};
  name_ = "gk_test_" + std::to_string(getpid()) + "_copy_" + std::to_string(counter++);
  pqxx::connection c(server_conninfo("postgres"));
  pqxx::nontransaction tx(c);
  tx.exec("drop database if exists " + tx.quote_name(name_));
  tx.exec("create database " + tx.quote_name(name_) + " template " + tx.quote_name(original.name()));
  conninfo_ = server_conninfo(name_);
}

DbCopy::~DbCopy() {
  try {
    pqxx::connection c(server_conninfo("postgres"));
    pqxx::nontransaction tx(c);
    tx.exec("drop database if exists " + tx.quote_name(name_) + " with (force)");
  } catch (const std::exception& e) {
    MESSAGE("could not drop test database " << name_ << ": " << e.what());
  }
}

RunResult DbCopy::run(std::vector<std::string> args, const std::map<std::string, std::string>& env) const {
  args.insert(args.begin(), {"--db", conninfo_});
  return run_gongkai(args, env);
}

std::string DbCopy::ok(std::vector<std::string> args, const std::map<std::string, std::string>& env) const {
  std::string shown;
  for (const auto& a : args) shown += a + " ";
  auto r = run(args, env);
  INFO("gongkai " << shown << "\nstderr: " << r.err);
  REQUIRE(r.code == 0);
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
  return r.out;
}

std::string DbCopy::scalar(const std::string& sql) const {
  pqxx::connection c(conninfo_);
  pqxx::nontransaction tx(c);
  auto r = tx.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

std::string DbCopy::fingerprint() const {
  pqxx::connection c(conninfo_);
  pqxx::nontransaction tx(c);
  std::string out;
  for (const auto& t : tx.exec("select table_name from information_schema.tables where table_schema = 'public' "
                               "and table_type = 'BASE TABLE' order by table_name")) {
    const std::string name = t[0].c_str();
    auto r = tx.exec("select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from " +
                     tx.quote_name(name) + " x");
    out += name + "=" + r[0][0].c_str() + "\n";
  }
  return out;
}

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
  const std::string in_path = verify_temp_path("stdin"), out_path = verify_temp_path("stdout"),
                    err_path = verify_temp_path("stderr");
  write_text(in_path, input);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> all = {GONGKAI_EXE, "--db", conninfo};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  for (const auto& p : {in_path, out_path, err_path}) std::filesystem::remove(p);
  return r;
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
