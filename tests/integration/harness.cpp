#include "harness.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>

#include "db/embedded_cluster.h"
#include "db/pg_session.h"
#include "tests/support/child_process.h"

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

namespace {

using Clock = std::chrono::steady_clock;

// run_gongkai, killed at `deadline` when there is one (then `timed_out` is set).
std::vector<std::string> gongkai_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {GONGKAI_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// A program (argv[0] its path) run without a shell, killed at `deadline` when there is one.
RunResult run_until(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                    const std::string& input, std::optional<Clock::time_point> deadline, bool& timed_out) {
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
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(err_pipe, O_CLOEXEC) == 0);
  const int in = open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  const pid_t pid = spawn({argv, env, in, out_pipe[1], err_pipe[1], ""});
  if (in >= 0) close(in);
  close(out_pipe[1]);
  close(err_pipe[1]);
  REQUIRE(pid >= 0);
  RunResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      wait_ms = left < 0 ? 0 : static_cast<int>(left);
    }
    const int ready = poll(fds, 2, wait_ms);
    if (ready == 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    if (ready < 0) break;
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
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  r.code = wait_for_exit(pid);
  if (!input.empty()) std::filesystem::remove(in_path);
  return r;
}

}  // namespace

RunResult run_gongkai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                      const std::string& input) {
  bool timed_out = false;
  return run_until(gongkai_argv(args), env, input, std::nullopt, timed_out);
}

RunResult run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  bool timed_out = false;
  return run_until(argv, env, "", std::nullopt, timed_out);
}

RunResult run_gongkai(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                      const std::string& input, std::chrono::milliseconds timeout, bool& timed_out) {
  timed_out = false;
  return run_until(gongkai_argv(args), env, input, Clock::now() + timeout, timed_out);
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

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace gongkai::test
