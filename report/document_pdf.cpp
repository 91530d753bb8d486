#include "report/document_pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "engine/errors.h"

extern char** environ;

namespace gongkai::report {
namespace {

namespace fs = std::filesystem;

// A private directory for the page, the browser's profile and its log, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gongkai-pdf.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw InternalError("cannot make a temporary directory for printing a PDF");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string browser() {
  if (const char* b = std::getenv("GONGKAI_CHROMIUM"); b && *b) return b;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    for (const char* name : {"chromium", "chromium-browser"})
      if (access((fs::path(dir) / name).c_str(), X_OK) == 0) return (fs::path(dir) / name).string();
  throw UsageError("printing a PDF needs Chromium: install Debian's chromium and fonts-noto-cjk, or set GONGKAI_CHROMIUM");
}

std::string last_line(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last.empty() ? "no message" : last;
}

}  // namespace

std::string print_pdf(const std::string& html) {
  const std::string exe = browser();
  TempDir tmp;
  const fs::path page = tmp.path / "document.html", log = tmp.path / "chromium.log",
                 out = tmp.path / "document.pdf";
  {
    std::ofstream f(page, std::ios::binary);
    f << html;
    if (!f) throw InternalError("cannot write the page to print");
  }
  std::vector<std::string> args = {exe,
                                   "--headless",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-extensions",
                                   "--disable-background-networking",
                                   "--disable-sync",
                                   "--user-data-dir=" + (tmp.path / "profile").string(),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + out.string(),
                                   "file://" + page.string()};
  // Chromium refuses to run as root with its sandbox; the page is our own file, read offline.
  if (geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // Its profile, caches and HOME in the private directory: a service user may have no home.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string v = *e;
    if (v.rfind("HOME=", 0) == 0 || v.rfind("XDG_CONFIG_HOME=", 0) == 0 || v.rfind("XDG_CACHE_HOME=", 0) == 0) continue;
    env_strings.push_back(v);
  }
  env_strings.push_back("HOME=" + tmp.path.string());
  env_strings.push_back("XDG_CONFIG_HOME=" + (tmp.path / "config").string());
  env_strings.push_back("XDG_CACHE_HOME=" + (tmp.path / "cache").string());
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own group: a timeout kills its helpers too
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw UsageError("cannot run " + exe + " to print the PDF: " + std::strerror(rc));

  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw InternalError("Chromium took more than a minute to print the PDF: " + last_line(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(-pid, SIGKILL);  // whatever helper processes it left behind
  std::error_code ec;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(out, ec) || fs::file_size(out, ec) == 0)
    throw InternalError("Chromium could not print the PDF: " + last_line(log));
  std::ifstream pdf(out, std::ios::binary);
  std::ostringstream bytes;
  bytes << pdf.rdbuf();
  return bytes.str();
}

}  // namespace gongkai::report
