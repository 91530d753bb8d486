#include "security_support.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

namespace gongkai::test::security {
namespace {

// A started gongkai process: its output goes to files in a folder of its own.
struct Started {
  pid_t pid = -1;
  std::filesystem::path dir;
};

std::filesystem::path fresh_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "gongkai-security-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return tmpl;
}

Started start(const Invocation& inv) {
  Started s;
  s.dir = fresh_dir();
  {
    std::ofstream in(s.dir / "stdin", std::ios::binary);
    in << inv.input;
  }
  const std::string in_path = (s.dir / "stdin").string(), out_path = (s.dir / "stdout").string(),
                    err_path = (s.dir / "stderr").string();
  s.pid = fork();
  REQUIRE(s.pid >= 0);
  if (s.pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const auto& [k, v] : inv.env) setenv(k.c_str(), v.c_str(), 1);
    std::string exe = GONGKAI_EXE;
    std::vector<std::string> copy = inv.args;
    std::vector<char*> argv{exe.data()};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  return s;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunResult finish(const Started& s, int status) {
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(s.dir / "stdout");
  r.err = slurp(s.dir / "stderr");
  std::error_code ec;
  std::filesystem::remove_all(s.dir, ec);
  return r;
}

}  // namespace

RunResult run(const Invocation& inv) {
  Started s = start(inv);
  int status = 0;
  waitpid(s.pid, &status, 0);
  return finish(s, status);
}

std::vector<RunResult> run_all(const std::vector<Invocation>& all, int parallel) {
  std::vector<RunResult> results(all.size());
  std::vector<std::pair<size_t, Started>> running;
  size_t next = 0;
  while (next < all.size() || !running.empty()) {
    while (next < all.size() && static_cast<int>(running.size()) < parallel) {
      running.emplace_back(next, start(all[next]));
      ++next;
    }
    bool reaped = false;
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      if (waitpid(it->second.pid, &status, WNOHANG) == it->second.pid) {
        results[it->first] = finish(it->second, status);
        it = running.erase(it);
        reaped = true;
      } else {
        ++it;
      }
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return results;
}

ScratchDir::ScratchDir() : path_(fresh_dir()) {}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ScratchDir::write(const std::string& name, const std::string& text) const {
  auto p = path_ / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return p.string();
}

std::string Logins::make(const std::string& what) {
  static std::atomic<int> counter{0};
  std::string login = "sec" + std::to_string(getpid()) + "x" + std::to_string(counter++) + what;
  REQUIRE(login.size() <= 31);
  made_.push_back(login);
  return login;
}

Logins::~Logins() {
  if (made_.empty()) return;
  try {
    pqxx::connection c(server_conninfo("postgres"));
    pqxx::nontransaction tx(c);
    for (const auto& login : made_) tx.exec("drop role if exists " + tx.quote_name(login));
  } catch (const std::exception& e) {
    MESSAGE("could not drop the test's member roles: " << e.what());
  }
}

std::string replace_token(std::string text, const std::string& token, const std::string& with) {
  auto part_of_code = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  };
  size_t pos = 0;
  while ((pos = text.find(token, pos)) != std::string::npos) {
    size_t end = pos + token.size();
    bool whole = (pos == 0 || !part_of_code(text[pos - 1])) && (end >= text.size() || !part_of_code(text[end]));
    if (whole) {
      text.replace(pos, token.size(), with);
      pos += with.size();
    } else {
      pos = end;
    }
  }
  return text;
}

std::string state_of(const pqxx::sql_error& e) {
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) return "42501";
  return e.sqlstate();
}

std::string sql_state(pqxx::connection& c, const std::string& sql) {
  try {
    pqxx::work tx(c);
    tx.exec(sql);
    tx.commit();
    return "";
  } catch (const pqxx::sql_error& e) {
    return state_of(e);
  }
}

}  // namespace gongkai::test::security
