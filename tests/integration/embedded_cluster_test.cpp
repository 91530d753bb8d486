// The embedded default database: a private cluster under a temporary GONGKAI_HOME.
// Needs the PostgreSQL server binaries (postgresql-15) but no running server.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <pqxx/pqxx>

#include "db/embedded_cluster.h"
#include "engine/errors.h"

namespace fs = std::filesystem;
using namespace gongkai;
using namespace gongkai::db;

namespace {

bool is_root() { return ::geteuid() == 0; }

fs::path make_temp_home() {
  std::string tmpl = "/tmp/gongkai-emb-XXXXXX";
  char* p = ::mkdtemp(tmpl.data());
  REQUIRE(p != nullptr);
  return fs::path(p) / "home";  // not created yet: ensure_embedded_running creates it
}

// Stops the cluster and removes everything it made, even when a check failed.
struct TempCluster {
  fs::path root;  // the mkdtemp directory
  EmbeddedCluster cluster;
  TempCluster() {
    fs::path home = make_temp_home();
    root = home.parent_path();
    cluster = locate_embedded(home);
  }
  ~TempCluster() {
    try {
      stop_embedded(cluster);
    } catch (const std::exception& e) {
      MESSAGE("cleanup: stop_embedded failed: " << e.what());
    }
    std::error_code ec;
    if (cluster.as_root) fs::remove_all(cluster.base_dir, ec);
    fs::remove_all(root, ec);
  }
};

// Restores an environment variable on scope exit.
struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  explicit EnvGuard(std::string n) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
  }
  ~EnvGuard() {
    if (old) ::setenv(name.c_str(), old->c_str(), 1);
    else ::unsetenv(name.c_str());
  }
};

bool is_hex16(const std::string& s) {
  if (s.size() != 16) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string query1(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  pqxx::result r = tx.exec(sql);
  REQUIRE(r.size() == 1);
  return r[0][0].is_null() ? std::string("<null>") : r[0][0].c_str();
}

}  // namespace

TEST_SUITE("embedded") {
  TEST_CASE("default_home follows GONGKAI_HOME, else HOME") {
    EnvGuard g1("GONGKAI_HOME"), g2("HOME");
    ::setenv("GONGKAI_HOME", "/tmp/some/where", 1);
    CHECK(default_home() == fs::path("/tmp/some/where"));
    ::setenv("GONGKAI_HOME", "", 1);
    ::setenv("HOME", "/home/alice", 1);
    CHECK(default_home() == fs::path("/home/alice/.local/share/gongkai"));
    ::unsetenv("GONGKAI_HOME");
    CHECK(default_home() == fs::path("/home/alice/.local/share/gongkai"));
  }

  TEST_CASE("locate_embedded: paths for an ordinary user") {
    EmbeddedCluster c = locate_embedded("/home/alice/.local/share/gongkai", false);
    CHECK_FALSE(c.as_root);
    CHECK(c.home == fs::path("/home/alice/.local/share/gongkai"));
    CHECK(c.base_dir == c.home);
    CHECK(c.data_dir == c.home / "pgdata");
    CHECK(c.socket_dir == c.home / "run");
    CHECK(c.log_file == c.home / "postgresql.log");
    CHECK(embedded_conninfo(c) ==
          "host=/home/alice/.local/share/gongkai/run port=5432 dbname=gongkai user=gongkai");
  }

  TEST_CASE("locate_embedded: paths for root") {
    EmbeddedCluster c = locate_embedded("/root/.local/share/gongkai", true);
    CHECK(c.as_root);
    CHECK(c.home == fs::path("/root/.local/share/gongkai"));
    CHECK(c.base_dir.parent_path() == fs::path("/var/lib/gongkai"));
    CHECK(is_hex16(c.base_dir.filename().string()));
    CHECK(c.data_dir == c.base_dir / "pgdata");
    CHECK(c.socket_dir == c.base_dir / "run");
    CHECK(c.log_file == c.base_dir / "postgresql.log");
    // Deterministic, insensitive to a trailing slash or "..", different for another home.
    CHECK(locate_embedded("/root/.local/share/gongkai/", true).base_dir == c.base_dir);
    CHECK(locate_embedded("/root/.local/share/x/../gongkai", true).base_dir == c.base_dir);
    CHECK(locate_embedded("/root/other", true).base_dir != c.base_dir);
    CHECK(embedded_conninfo(c) ==
          "host=" + c.socket_dir.string() + " port=5432 dbname=gongkai user=gongkai");
    // The one-argument form picks by the effective user.
    CHECK(locate_embedded("/root/.local/share/gongkai").as_root == is_root());
  }

  TEST_CASE("a socket path over 100 bytes is refused with a clear error, touching nothing") {
    fs::path home = "/tmp/" + std::string(120, 'x');
    EmbeddedCluster c = locate_embedded(home, false);
    CHECK_THROWS_AS(ensure_embedded_running(c), InternalError);
    try {
      ensure_embedded_running(c);
    } catch (const InternalError& e) {
      CHECK(std::string(e.what()).find("GONGKAI_HOME") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(home));
  }

  TEST_CASE("create, start, connect, stop, restart") {
    TempCluster t;
    const EmbeddedCluster& c = t.cluster;
    CHECK_FALSE(embedded_running(c));

    StartResult first = ensure_embedded_running(c);
    CHECK(first.created);
    CHECK(first.started);
    CHECK(first.conninfo == embedded_conninfo(c));
    CHECK(embedded_running(c));
    CHECK(fs::exists(c.data_dir / "PG_VERSION"));
    CHECK(fs::exists(c.log_file));

    struct stat st {};
    REQUIRE(::stat(c.socket_dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    if (is_root()) {
      CHECK(c.base_dir.parent_path() == fs::path("/var/lib/gongkai"));
      CHECK(fs::is_symlink(c.home / "cluster"));
      CHECK(fs::read_symlink(c.home / "cluster") == c.base_dir);
      struct stat data {};
      REQUIRE(::stat(c.data_dir.c_str(), &data) == 0);
      CHECK(data.st_uid != 0);  // owned by postgres
    } else {
      CHECK(c.base_dir == c.home);
    }

    StartResult second = ensure_embedded_running(c);
    CHECK_FALSE(second.created);
    CHECK_FALSE(second.started);

    CHECK(query1(first.conninfo, "select 1") == "1");
    CHECK(query1(first.conninfo, "select current_database()") == "gongkai");
    CHECK(query1(first.conninfo, "show listen_addresses") == "");
    CHECK(query1(first.conninfo, "show unix_socket_directories") == c.socket_dir.string());
    CHECK(query1(first.conninfo, "show fsync") == "on");
    CHECK(query1(first.conninfo, "select pg_encoding_to_char(encoding) from pg_database "
                                 "where datname = 'gongkai'") == "UTF8");

    stop_embedded(c);
    CHECK_FALSE(embedded_running(c));
    CHECK_THROWS(pqxx::connection(first.conninfo));
    stop_embedded(c);  // no-op when not running

    StartResult third = ensure_embedded_running(c);
    CHECK_FALSE(third.created);
    CHECK(third.started);
    CHECK(embedded_running(c));
    CHECK(query1(third.conninfo, "select 1") == "1");

    // A server that cannot start: the error names the server log.
    stop_embedded(c);
    {
      std::ofstream conf(c.data_dir / "postgresql.conf", std::ios::app);
      conf << "shared_buffers = 'bogus'\n";
    }
    try {
      ensure_embedded_running(c);
      FAIL("ensure_embedded_running should have failed");
    } catch (const InternalError& e) {
      std::string msg = e.what();
      CHECK(msg.find(c.log_file.string()) != std::string::npos);
      CHECK(msg.find("shared_buffers") != std::string::npos);
    }
    CHECK_FALSE(embedded_running(c));
  }

  TEST_CASE("two concurrent first uses create the cluster once") {
    TempCluster t;
    std::optional<StartResult> a, b;
    std::string err_a, err_b;
    auto run = [&](std::optional<StartResult>& out, std::string& err) {
      try {
        out = ensure_embedded_running(t.cluster);
      } catch (const std::exception& e) {
        err = e.what();
      }
    };
    std::thread ta(run, std::ref(a), std::ref(err_a));
    std::thread tb(run, std::ref(b), std::ref(err_b));
    ta.join();
    tb.join();
    CHECK(err_a == "");
    CHECK(err_b == "");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(int(a->created) + int(b->created) == 1);
    CHECK(int(a->started) + int(b->started) == 1);
    CHECK(query1(a->conninfo, "select 1") == "1");
  }
}
