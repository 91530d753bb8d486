#include "harness.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <pqxx/pqxx>

#include "db/embedded_cluster.h"
#include "db/pg_session.h"

extern char** environ;

namespace gongkai::test {
namespace {

std::string base_conninfo() {
  static const std::string base = [] {
    if (const char* s = std::getenv("GONGKAI_TEST_SERVER"); s && *s) return std::string(s);
    auto home = std::filesystem::temp_directory_path() / "gongkai-test-home";
    auto cluster = db::locate_embedded(home);
    auto started = db::ensure_embedded_running(cluster);
    return started.conninfo;
  }();
  return base;
}

}  // namespace

std::string server_conninfo(const std::string& dbname) {
  // A later dbname= in a conninfo wins over an earlier one.
  return base_conninfo() + " dbname=" + dbname;
}

nlohmann::json RunResult::json() const {
  try {
    return nlohmann::json::parse(out);
  } catch (const std::exception& e) {
    FAIL("stdout is not one JSON document: " << e.what() << "\nstdout: " << out << "\nstderr: " << err);
    return nullptr;
  }
}

RunResult run_gongkai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                      const std::string& input) {
  // The input from a file, so that a large one cannot block against the outputs.
  std::string in_path = "/dev/null";
  if (!input.empty()) {
    static std::atomic<int> n{0};
    in_path = (std::filesystem::temp_directory_path() /
               ("gongkai-test-stdin-" + std::to_string(getpid()) + "-" + std::to_string(n++)))
                  .string();
    std::ofstream(in_path, std::ios::binary) << input;
  }
  int out_pipe[2], err_pipe[2];
  REQUIRE(pipe(out_pipe) == 0);
  REQUIRE(pipe(err_pipe) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    int in = open(in_path.c_str(), O_RDONLY);
    dup2(in, 0);
    close(out_pipe[0]);
    close(err_pipe[0]);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    std::string exe = GONGKAI_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, n);
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!input.empty()) std::filesystem::remove(in_path);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

TestDb::TestDb(bool init) {
  static std::atomic<int> counter{0};
  name_ = "gk_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  {
    pqxx::connection c(server_conninfo("postgres"));
    pqxx::nontransaction tx(c);
    tx.exec("drop database if exists " + tx.quote_name(name_));
    tx.exec("create database " + tx.quote_name(name_));
  }
  conninfo_ = server_conninfo(name_);
  // A training database: the tests fix "today" with GONGKAI_TODAY, in the past and the future.
  if (init) ok({"init", "--training"});
}

TestDb::TestDb(CopyOf copy) {
  static std::atomic<int> counter{0};
  name_ = "gk_test_" + std::to_string(getpid()) + "_copy_" + std::to_string(counter++);
  pqxx::connection c(server_conninfo("postgres"));
  pqxx::nontransaction tx(c);
  tx.exec("drop database if exists " + tx.quote_name(name_));
  tx.exec("create database " + tx.quote_name(name_) + " template " + tx.quote_name(copy.original.name()));
  conninfo_ = server_conninfo(name_);
}

TestDb::~TestDb() {
  try {
    pqxx::connection c(server_conninfo("postgres"));
    pqxx::nontransaction tx(c);
    tx.exec("drop database if exists " + tx.quote_name(name_) + " with (force)");
  } catch (const std::exception& e) {
    MESSAGE("could not drop test database " << name_ << ": " << e.what());
  }
}

RunResult TestDb::run(std::vector<std::string> args, const std::map<std::string, std::string>& env,
                      const std::string& input) const {
  args.insert(args.begin(), {"--db", conninfo_});
  return run_gongkai(args, env, input);
}

std::string TestDb::ok(std::vector<std::string> args, const std::map<std::string, std::string>& env) const {
  std::string shown;
  for (const auto& a : args) shown += a + " ";
  auto r = run(args, env);
  INFO("gongkai " << shown << "\nstderr: " << r.err);
  REQUIRE(r.code == 0);
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
  return r.out;
}

std::unique_ptr<db::Session> TestDb::session() const { return db::Session::open(conninfo_); }

std::string TestDb::fingerprint() const {
  pqxx::connection c(conninfo_);
  pqxx::nontransaction tx(c);
  std::string out;
  auto tables = tx.exec(
      "select table_name from information_schema.tables where table_schema = 'public' "
      "and table_type = 'BASE TABLE' order by table_name");
  for (const auto& t : tables) {
    std::string name = t[0].c_str();
    auto r = tx.exec("select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from " +
                     tx.quote_name(name) + " x");
    out += name + "=" + r[0][0].c_str() + "\n";
  }
  return out;
}

void TestDb::migrate_as_older_gongkai(int version) const {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(fs::path(GONGKAI_SOURCE_DIR) / "db" / "migrations"))
    files.push_back(f.path());
  std::sort(files.begin(), files.end());
  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  tx.exec("create table gk_schema_version (version integer primary key, file text not null, "
          "applied_at timestamptz not null default now())");
  for (int v = 1; v <= version; ++v) {
    std::ifstream in(files.at(static_cast<size_t>(v - 1)));
    std::stringstream sql;
    sql << in.rdbuf();
    tx.exec(sql.str());
    tx.exec_params("insert into gk_schema_version (version, file) values ($1, $2)", v,
                   files[static_cast<size_t>(v - 1)].filename().string());
  }
  tx.commit();
}

std::string TestDb::scalar(const std::string& sql) const {
  pqxx::connection c(conninfo_);
  pqxx::nontransaction tx(c);
  auto r = tx.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

}  // namespace gongkai::test
