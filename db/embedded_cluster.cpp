#include "db/embedded_cluster.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "engine/errors.h"

namespace fs = std::filesystem;

namespace gongkai::db {

namespace {

constexpr int kPort = 5432;
constexpr const char* kSocketName = ".s.PGSQL.5432";
// sun_path is 108 bytes on Linux; keep well clear of it.
constexpr std::size_t kMaxSocketPath = 100;
constexpr const char* kRootClusters = "/var/lib/gongkai";
constexpr const char* kDatabase = "gongkai";
constexpr const char* kSuperuser = "gongkai";

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::uint64_t fnv1a64(const std::string& s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

fs::path absolute_home(const fs::path& home) {
  fs::path p = fs::absolute(home).lexically_normal();
  // "/a/b/" normalises to "/a/b/" (empty filename): drop the trailing separator.
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

// ---- child processes ----------------------------------------------------------------

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout and stderr, interleaved
};

std::string describe(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) {
    if (!s.empty()) s += ' ';
    s += a;
  }
  return s;
}

fs::path runuser_path() {
  for (const char* p : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"})
    if (::access(p, X_OK) == 0) return p;
  throw InternalError(
      "runuser (util-linux) not found: it is needed to run the PostgreSQL server as the "
      "postgres user when gongkai runs as root");
}

// Runs argv (argv[0] an absolute path; no shell) with stdin from /dev/null (or in_fd), stdout
// (unless out_fd is given) and stderr captured, cwd "/" (the postgres user may not be able to
// enter the caller's cwd), and no inherited descriptors beyond 0-2 (the server must not inherit
// our lock or sockets). in_fd and out_fd let a backup stream through files the caller opened.
CommandResult run_command(const std::vector<std::string>& argv, int in_fd = -1, int out_fd = -1) {
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw InternalError(fmt::format("pipe failed: {}", std::strerror(errno)));
  int max_fd = 1024;
  struct rlimit rl;
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    max_fd = static_cast<int>(std::min<rlim_t>(rl.rlim_cur, 65536));

  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw InternalError(fmt::format("fork failed: {}", std::strerror(e)));
  }
  if (pid == 0) {
    // Child: async-signal-safe calls only.
    int devnull = in_fd >= 0 ? in_fd : ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out_fd >= 0 ? out_fd : fds[1], 1);
    ::dup2(fds[1], 2);
    if (::close_range(3, ~0U, 0) != 0)
      for (int fd = 3; fd < max_fd; ++fd) ::close(fd);
    if (::chdir("/") != 0) {
    }
    ::execv(cargv[0], cargv.data());
    const char msg[] = "exec failed: ";
    (void)!::write(2, msg, sizeof msg - 1);
    (void)!::write(2, cargv[0], std::strlen(cargv[0]));
    (void)!::write(2, "\n", 1);
    ::_exit(127);
  }
  ::close(fds[1]);
  CommandResult r;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n > 0) {
      if (r.output.size() < (1u << 20)) r.output.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw InternalError(fmt::format("waitpid failed for {}: {}", argv[0], std::strerror(errno)));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A PostgreSQL server-side command: as the postgres user when the cluster is root's.
CommandResult run_server_command(const EmbeddedCluster& c, std::vector<std::string> argv, int in_fd = -1,
                                 int out_fd = -1) {
  if (c.as_root) {
    std::vector<std::string> wrapped{runuser_path().string(), "-u", "postgres", "--"};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    argv = std::move(wrapped);
  }
  spdlog::debug("running {}", describe(argv));
  return run_command(argv, in_fd, out_fd);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Command output on one line, for an error message.
std::string one_line(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  return trim(out);
}

// ---- binaries -----------------------------------------------------------------------

bool has_server_binaries(const fs::path& dir) {
  return ::access((dir / "initdb").c_str(), X_OK) == 0 &&
         ::access((dir / "pg_ctl").c_str(), X_OK) == 0;
}

std::string read_first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  if (in) std::getline(in, line);
  return trim(line);
}

// GONGKAI_PG_BINDIR, else the bin dir of the cluster's own major version when the cluster
// exists, else the highest /usr/lib/postgresql/<major>/bin with initdb and pg_ctl.
fs::path find_bindir(const EmbeddedCluster& c) {
  std::string env = env_or_empty("GONGKAI_PG_BINDIR");
  if (!env.empty()) {
    if (!has_server_binaries(env))
      throw InternalError(fmt::format(
          "GONGKAI_PG_BINDIR={} does not contain the PostgreSQL server binaries initdb and pg_ctl",
          env));
    return env;
  }
  const fs::path root = "/usr/lib/postgresql";
  std::string cluster_version = read_first_line(c.data_dir / "PG_VERSION");
  if (!cluster_version.empty() && has_server_binaries(root / cluster_version / "bin"))
    return root / cluster_version / "bin";
  std::optional<fs::path> best;
  double best_version = -1;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    char* endp = nullptr;
    double v = std::strtod(name.c_str(), &endp);
    if (endp == name.c_str() || *endp != '\0') continue;
    if (v > best_version && has_server_binaries(it->path() / "bin")) {
      best_version = v;
      best = it->path() / "bin";
    }
  }
  if (!best)
    throw InternalError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql-15, "
        "or set GONGKAI_PG_BINDIR");
  return *best;
}

// ---- paths, ownership ---------------------------------------------------------------

void check_socket_path(const EmbeddedCluster& c) {
  std::string sock = (c.socket_dir / kSocketName).string();
  if (sock.size() > kMaxSocketPath)
    throw InternalError(fmt::format(
        "the embedded database's unix socket path {} is {} bytes long, over the {}-byte limit "
        "for unix sockets: set GONGKAI_HOME to a shorter directory, or use --db",
        sock, sock.size(), kMaxSocketPath));
  for (char ch : c.socket_dir.string())
    if (ch == ',' || ch == '"' || static_cast<unsigned char>(ch) < 0x20)
      throw InternalError(fmt::format(
          "the embedded database's socket directory {} contains a comma, a double quote or a "
          "control character, which PostgreSQL cannot use: set GONGKAI_HOME to a plainer path",
          c.socket_dir.string()));
}

struct PostgresUser {
  uid_t uid;
  gid_t gid;
};

PostgresUser postgres_user() {
  struct passwd* pw = ::getpwnam("postgres");
  if (!pw)
    throw InternalError(
        "gongkai runs as root, so the embedded PostgreSQL server must run as the system user "
        "postgres, which does not exist: apt-get install postgresql-15 creates it");
  return {pw->pw_uid, pw->pw_gid};
}

void make_dir(const fs::path& dir, mode_t mode) {
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST)
    throw InternalError(fmt::format("cannot create {}: {}", dir.string(), std::strerror(errno)));
  if (::chmod(dir.c_str(), mode) != 0)
    throw InternalError(fmt::format("cannot chmod {}: {}", dir.string(), std::strerror(errno)));
}

void give_to_postgres(const fs::path& p, const PostgresUser& pg) {
  if (::lchown(p.c_str(), pg.uid, pg.gid) != 0)
    throw InternalError(fmt::format("cannot give {} to the postgres user: {}", p.string(),
                                    std::strerror(errno)));
}

// Creates home, which holds the lock.
void create_home(const EmbeddedCluster& c) {
  std::error_code ec;
  fs::create_directories(c.home, ec);
  if (ec) throw InternalError(fmt::format("cannot create {}: {}", c.home.string(), ec.message()));
}

// A note in the home saying where the data is and how to remove it: as root it lives outside the
// home, and deleting the home alone would leave it behind, unannounced.
void write_readme(const EmbeddedCluster& c) {
  fs::path p = c.home / "README";
  std::error_code ec;
  if (fs::exists(p, ec)) return;
  std::ofstream out(p);
  out << "This folder belongs to gongkai's embedded default database.\n"
      << "Its data (a PostgreSQL cluster) is in " << c.data_dir.string() << "\n"
      << (c.as_root ? "(outside this folder: gongkai runs as root, so the server runs as the postgres user).\n" : "")
      << "\n"
      << "To remove the database, stop its server and delete the data, run:\n"
      << "    gongkai db destroy --yes\n"
      << "Deleting this folder alone " << (c.as_root ? "leaves the data behind in " + c.base_dir.string() : "while the server runs breaks it")
      << ".\n";
}

// With the lock held: the directories the cluster needs; as root, the postgres-owned
// /var/lib/gongkai/<hash> and the $GONGKAI_HOME/cluster symlink.
void prepare_dirs(const EmbeddedCluster& c) {
  std::error_code ec;
  write_readme(c);
  if (!c.as_root) {
    make_dir(c.socket_dir, 0700);
    return;
  }
  PostgresUser pg = postgres_user();
  fs::create_directories(c.base_dir.parent_path(), ec);
  if (ec)
    throw InternalError(
        fmt::format("cannot create {}: {}", c.base_dir.parent_path().string(), ec.message()));
  make_dir(c.base_dir, 0700);
  give_to_postgres(c.base_dir, pg);
  make_dir(c.socket_dir, 0700);
  give_to_postgres(c.socket_dir, pg);

  fs::path link = c.home / "cluster";
  if (fs::is_symlink(fs::symlink_status(link, ec))) {
    if (fs::read_symlink(link, ec) == c.base_dir) return;
    fs::remove(link, ec);
  } else if (fs::exists(fs::symlink_status(link, ec))) {
    spdlog::warn("{} exists and is not a symlink; leaving it alone (the cluster is in {})",
                 link.string(), c.base_dir.string());
    return;
  }
  fs::create_directory_symlink(c.base_dir, link, ec);
  if (ec)
    throw InternalError(fmt::format("cannot create the symlink {} -> {}: {}", link.string(),
                                    c.base_dir.string(), ec.message()));
}

// ---- the lock -----------------------------------------------------------------------

class HomeLock {
 public:
  explicit HomeLock(const fs::path& home) {
    fs::path p = home / ".lock";
    fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
      throw InternalError(fmt::format("cannot open {}: {}", p.string(), std::strerror(errno)));
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd_);
      throw InternalError(fmt::format("cannot lock {}: {}", p.string(), std::strerror(e)));
    }
  }
  ~HomeLock() { ::close(fd_); }
  HomeLock(const HomeLock&) = delete;
  HomeLock& operator=(const HomeLock&) = delete;

 private:
  int fd_ = -1;
};

// ---- the cluster ----------------------------------------------------------------------

// A postgresql.conf string literal.
std::string conf_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "''";
    else if (ch == '\\') out += "\\\\";
    else out += ch;
  }
  return out + "'";
}

// A libpq conninfo value.
std::string conninfo_value(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\\") == std::string::npos) return s;
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

std::string last_lines(std::istream& in, std::size_t lines) {
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += all[i] + "\n";
  return trim(out);
}

std::string log_tail(const fs::path& log, std::size_t lines) {
  std::ifstream in(log);
  return in ? last_lines(in, lines) : std::string();
}

std::string tail_of(const std::string& output) {
  std::istringstream in(output);
  return one_line(last_lines(in, 10));
}

bool cluster_exists(const EmbeddedCluster& c) {
  return fs::exists(c.data_dir / "PG_VERSION");
}

// initdb into pgdata.new, configure it, then rename it to pgdata, so that a pgdata that
// exists is always complete and configured (never listening on TCP).
void create_cluster(const EmbeddedCluster& c, const fs::path& bindir) {
  fs::path tmp = c.data_dir;
  tmp += ".new";
  std::error_code ec;
  fs::remove_all(tmp, ec);  // left over from an interrupted initdb (we hold the lock)
  if (fs::exists(c.data_dir) && !fs::is_empty(c.data_dir, ec))
    throw InternalError(fmt::format(
        "{} exists but holds no PostgreSQL cluster (no PG_VERSION): move it away and retry",
        c.data_dir.string()));
  fs::remove(c.data_dir, ec);

  spdlog::info("creating the embedded database in {}", c.data_dir.string());
  CommandResult r = run_server_command(
      c, {(bindir / "initdb").string(), "-D", tmp.string(), "-U", kSuperuser, "--auth=trust",
          "-E", "UTF8", "--locale=C.UTF-8"});
  if (r.exit_code != 0) {
    fs::remove_all(tmp, ec);
    throw InternalError(fmt::format("initdb failed (exit {}) creating the embedded database in {}: {}",
                                    r.exit_code, c.data_dir.string(), tail_of(r.output)));
  }
  {
    std::ofstream conf(tmp / "postgresql.conf", std::ios::app);
    conf << "\n# Added by gongkai: a private server reachable only through its unix socket.\n"
         << "listen_addresses = ''\n"
         << "unix_socket_directories = " << conf_quote(c.socket_dir.string()) << "\n"
         << "unix_socket_permissions = 0700\n"
         << "port = " << kPort << "\n"
         << "shared_buffers = 128MB\n"
         << "# Sign-offs are published to the installations above by logical replication, and an\n"
         << "# installation above holds a subscription (an apply worker) per source (docs/federation.md).\n"
         << "wal_level = logical\n"
         << "max_wal_senders = 40\n"
         << "max_replication_slots = 40\n"
         << "max_logical_replication_workers = 40\n"
         << "max_worker_processes = 56\n";
    conf.flush();
    if (!conf)
      throw InternalError(
          fmt::format("cannot write {}", (tmp / "postgresql.conf").string()));
  }
  fs::rename(tmp, c.data_dir, ec);
  if (ec)
    throw InternalError(fmt::format("cannot rename {} to {}: {}", tmp.string(),
                                    c.data_dir.string(), ec.message()));
}

void start_server(const EmbeddedCluster& c, const fs::path& bindir) {
  spdlog::info("starting the embedded database server ({})", c.data_dir.string());
  CommandResult r = run_server_command(
      c, {(bindir / "pg_ctl").string(), "-D", c.data_dir.string(), "-l", c.log_file.string(),
          "-w", "-t", "60", "start"});
  if (r.exit_code != 0) {
    std::string tail = log_tail(c.log_file, 8);
    throw InternalError(fmt::format(
        "could not start the embedded database server in {} (pg_ctl exit {}: {}); see the server "
        "log {}{}{}",
        c.data_dir.string(), r.exit_code, one_line(r.output), c.log_file.string(),
        tail.empty() ? "" : ", which ends with:\n", tail));
  }
}

fs::path database_marker(const EmbeddedCluster& c) { return c.base_dir / ".database-created"; }

void ensure_database(const EmbeddedCluster& c) {
  std::string admin = fmt::format("host={} port={} dbname=postgres user={}",
                                  conninfo_value(c.socket_dir.string()), kPort, kSuperuser);
  try {
    pqxx::connection conn(admin);
    pqxx::nontransaction tx(conn);
    pqxx::result r = tx.exec("SELECT 1 FROM pg_database WHERE datname = " + tx.quote(kDatabase));
    if (r.empty()) {
      spdlog::info("creating database {}", kDatabase);
      try {
        tx.exec(std::string("CREATE DATABASE ") + kDatabase);
      } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != "42P04") throw;  // duplicate_database: someone else won
      }
    }
  } catch (const pqxx::failure& e) {
    throw InternalError(fmt::format("cannot create database {} in the embedded server ({}): {}",
                                    kDatabase, c.data_dir.string(), trim(e.what())));
  }
  std::ofstream(database_marker(c)) << "database " << kDatabase << " exists\n";
}

}  // namespace

fs::path default_home() {
  std::string home = env_or_empty("GONGKAI_HOME");
  if (!home.empty()) return absolute_home(home);
  std::string user_home = env_or_empty("HOME");
  if (user_home.empty()) {
    if (struct passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_dir) user_home = pw->pw_dir;
  }
  if (user_home.empty())
    throw InternalError("neither GONGKAI_HOME nor HOME is set: cannot place the embedded database");
  return absolute_home(fs::path(user_home) / ".local" / "share" / "gongkai");
}

EmbeddedCluster locate_embedded(const fs::path& home) {
  return locate_embedded(home, ::geteuid() == 0);
}

EmbeddedCluster locate_embedded(const fs::path& home, bool as_root) {
  EmbeddedCluster c;
  c.home = absolute_home(home);
  c.as_root = as_root;
  if (as_root) {
    c.base_dir = fs::path(kRootClusters) / fmt::format("{:016x}", fnv1a64(c.home.string()));
  } else {
    c.base_dir = c.home;
  }
  c.data_dir = c.base_dir / "pgdata";
  c.socket_dir = c.base_dir / "run";
  c.log_file = c.base_dir / "postgresql.log";
  return c;
}

std::string embedded_conninfo(const EmbeddedCluster& c) {
  return fmt::format("host={} port={} dbname={} user={}", conninfo_value(c.socket_dir.string()),
                     kPort, kDatabase, kSuperuser);
}

std::string embedded_user_conninfo(const EmbeddedCluster& c) {
  return fmt::format("host={} port={} dbname={} user=gongkai_local", conninfo_value(c.socket_dir.string()), kPort,
                     kDatabase);
}

std::string embedded_web_conninfo(const EmbeddedCluster& c) {
  return fmt::format("host={} port={} dbname={} user=gongkai_web", conninfo_value(c.socket_dir.string()), kPort,
                     kDatabase);
}

bool embedded_running(const EmbeddedCluster& c) {
  // What pg_ctl status does, without a child process: postmaster.pid names a live process.
  std::ifstream in(c.data_dir / "postmaster.pid");
  if (!in) return false;
  std::string line;
  if (!std::getline(in, line)) return false;
  char* endp = nullptr;
  long pid = std::strtol(line.c_str(), &endp, 10);
  if (endp == line.c_str() || pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // After a crash and a reboot (or a container restart) the recorded pid may belong to
  // another program: make sure it is a postgres server when /proc can tell.
  if (std::ifstream cmd(fmt::format("/proc/{}/cmdline", pid)); cmd) {
    std::string argv0;
    if (std::getline(cmd, argv0, '\0')) {
      std::string name = fs::path(argv0).filename().string();
      if (name != "postgres" && name != "postmaster") return false;
    }
  }
  std::error_code ec;
  return fs::exists(c.socket_dir / kSocketName, ec);
}

StartResult ensure_embedded_running(const EmbeddedCluster& c) {
  check_socket_path(c);
  StartResult res;
  res.conninfo = embedded_conninfo(c);
  create_home(c);
  HomeLock lock(c.home);
  prepare_dirs(c);
  if (!cluster_exists(c)) {
    create_cluster(c, find_bindir(c));
    res.created = true;
  }
  if (!embedded_running(c)) {
    start_server(c, find_bindir(c));
    res.started = true;
  }
  if (res.created || res.started || !fs::exists(database_marker(c))) ensure_database(c);
  return res;
}

bool embedded_exists(const EmbeddedCluster& c) { return cluster_exists(c); }

namespace {
void stop_locked(const EmbeddedCluster& c) {
  if (!embedded_running(c)) return;
  fs::path bindir = find_bindir(c);
  spdlog::info("stopping the embedded database server ({})", c.data_dir.string());
  CommandResult r = run_server_command(
      c, {(bindir / "pg_ctl").string(), "-D", c.data_dir.string(), "-m", "fast", "-w", "stop"});
  if (r.exit_code != 0)
    throw InternalError(fmt::format(
        "could not stop the embedded database server in {} (pg_ctl exit {}: {}); see the server "
        "log {}",
        c.data_dir.string(), r.exit_code, one_line(r.output), c.log_file.string()));
}
}  // namespace

void stop_embedded(const EmbeddedCluster& c) {
  if (!fs::exists(c.home)) return;
  HomeLock lock(c.home);
  stop_locked(c);
}

void destroy_embedded(const EmbeddedCluster& c) {
  if (!fs::exists(c.home) && !fs::exists(c.base_dir)) return;
  create_home(c);
  HomeLock lock(c.home);
  stop_locked(c);
  std::error_code ec;
  if (c.as_root) {
    fs::remove_all(c.base_dir, ec);
    if (ec) throw InternalError(fmt::format("cannot remove {}: {}", c.base_dir.string(), ec.message()));
    fs::remove(c.home / "cluster", ec);
    fs::remove(c.home / "README", ec);
  } else {
    for (const char* part : {"pgdata", "pgdata.new", "run", "postgresql.log", ".database-created", "README"}) {
      fs::remove_all(c.base_dir / part, ec);
      if (ec) throw InternalError(fmt::format("cannot remove {}: {}", (c.base_dir / part).string(), ec.message()));
    }
  }
  spdlog::info("removed the embedded database of {}", c.home.string());
}

namespace {

// An open file descriptor, closed at the end of the scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

fs::path find_tool(const char* name) {
  for (const char* dir : {"/usr/bin", "/bin"})
    if (::access((fs::path(dir) / name).c_str(), X_OK) == 0) return fs::path(dir) / name;
  throw InternalError(fmt::format("{} not found in /usr/bin or /bin", name));
}

}  // namespace

void backup_embedded(const EmbeddedCluster& c, const fs::path& file) {
  // Not under the home's lock: a backup takes as long as the data is big, and every other gongkai
  // command takes that lock to make sure the server runs. pg_basebackup copies from a checkpoint
  // and the WAL written meanwhile, so the copy is consistent while clerks go on writing.
  fs::path bindir = find_bindir(c);
  fs::path partial = file;
  partial += ".partial";
  Fd out(::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (out.fd < 0) throw UsageError(fmt::format("cannot write {}: {}", partial.string(), std::strerror(errno)));
  CommandResult r = run_server_command(
      c,
      {(bindir / "pg_basebackup").string(), "-h", c.socket_dir.string(), "-p", std::to_string(kPort), "-U",
       kSuperuser, "-D", "-", "-F", "tar", "-X", "fetch", "-z", "-c", "fast", "--no-manifest"},
      -1, out.fd);
  std::error_code ec;
  if (r.exit_code != 0 || ::fsync(out.fd) != 0) {
    fs::remove(partial, ec);
    throw InternalError(fmt::format("the backup failed (pg_basebackup exit {}): {}", r.exit_code, tail_of(r.output)));
  }
  fs::rename(partial, file, ec);
  if (ec) throw UsageError(fmt::format("cannot rename {} to {}: {}", partial.string(), file.string(), ec.message()));
}

void restore_embedded(const EmbeddedCluster& c, const fs::path& file) {
  Fd in(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) throw UsageError(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
  check_socket_path(c);
  create_home(c);
  HomeLock lock(c.home);
  if (cluster_exists(c))
    throw Conflict(fmt::format("the embedded database in {} exists already: a backup restores into a fresh home "
                               "(set GONGKAI_HOME to a new folder, or 'gongkai db destroy --yes' first)",
                               c.data_dir.string()));
  prepare_dirs(c);
  fs::path tmp = c.data_dir;
  tmp += ".new";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  make_dir(tmp, 0700);
  if (c.as_root) give_to_postgres(tmp, postgres_user());
  auto fail = [&](const std::string& why) {
    fs::remove_all(tmp, ec);
    throw UsageError(fmt::format("{} is not a gongkai backup: {}", file.string(), why));
  };
  // tar runs as the server's user, so the files are the server's; it reads the backup from our
  // descriptor (the postgres user may not be able to open the caller's file).
  CommandResult r = run_server_command(c, {find_tool("tar").string(), "-x", "-z", "-f", "-", "-C", tmp.string()},
                                       in.fd, -1);
  if (r.exit_code != 0) fail("tar says " + tail_of(r.output));
  if (!fs::exists(tmp / "PG_VERSION") || !fs::exists(tmp / "backup_label"))
    fail("it holds no PostgreSQL base backup (no PG_VERSION or backup_label)");
  {
    // The backup carries the old home's socket directory; a later line wins in postgresql.conf.
    std::ofstream conf(tmp / "postgresql.conf", std::ios::app);
    conf << "\n# Added by gongkai db restore: this home's socket.\n"
         << "unix_socket_directories = " << conf_quote(c.socket_dir.string()) << "\n";
    if (!conf) fail("cannot write its postgresql.conf");
  }
  fs::rename(tmp, c.data_dir, ec);
  if (ec)
    throw InternalError(fmt::format("cannot rename {} to {}: {}", tmp.string(), c.data_dir.string(), ec.message()));
  spdlog::info("restored the embedded database from {}; starting it (it replays the backup's WAL)", file.string());
  start_server(c, find_bindir(c));
  ensure_database(c);
}

}  // namespace gongkai::db
