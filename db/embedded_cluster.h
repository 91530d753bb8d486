// The embedded default database: a private PostgreSQL cluster kept under $GONGKAI_HOME,
// created with initdb and started with pg_ctl on first use, reachable only via a unix
// socket in a private directory (listen_addresses = '', never TCP).
//
// Not root: everything lives in $GONGKAI_HOME (pgdata/, run/, postgresql.log).
// Root: PostgreSQL refuses to run as root and the postgres user cannot traverse /root, so
// the cluster lives in /var/lib/gongkai/<fnv1a64 of the absolute home path>/, owned by
// postgres, the server-side commands run through `runuser -u postgres --`, and
// $GONGKAI_HOME/cluster is a symlink to that directory.
#pragma once
#include <filesystem>
#include <string>

namespace gongkai::db {

struct EmbeddedCluster {
  std::filesystem::path home;        // $GONGKAI_HOME (absolute); holds .lock
  std::filesystem::path base_dir;    // home (not root) or /var/lib/gongkai/<hash> (root)
  std::filesystem::path data_dir;    // base_dir/pgdata
  std::filesystem::path socket_dir;  // base_dir/run (0700)
  std::filesystem::path log_file;    // base_dir/postgresql.log
  bool as_root = false;              // server commands run as the postgres user
};

// $GONGKAI_HOME if set and not empty, else $HOME/.local/share/gongkai.
std::filesystem::path default_home();

// Pure: computes the paths only (for the current effective user / explicitly).
EmbeddedCluster locate_embedded(const std::filesystem::path& home);
EmbeddedCluster locate_embedded(const std::filesystem::path& home, bool as_root);

struct StartResult {
  std::string conninfo;
  bool created = false;  // initdb ran during this call
  bool started = false;  // the server was not running and this call started it
};

// initdb if needed, start if not running, create database gongkai if needed.
// Serialised with other gongkai processes by an flock on $GONGKAI_HOME/.lock.
// Throws InternalError (binaries missing, socket path too long, initdb/pg_ctl failure).
StartResult ensure_embedded_running(const EmbeddedCluster&);

// True when the postmaster of this cluster is alive and its socket exists.
bool embedded_running(const EmbeddedCluster&);

// pg_ctl stop -m fast; no-op if not running.
void stop_embedded(const EmbeddedCluster&);

// True when the cluster has been created (its data directory holds a cluster).
bool embedded_exists(const EmbeddedCluster&);

// Stops the server and removes the cluster (data, socket, log) and what gongkai keeps in the
// home (the lock, the root's symlink and its notes). Everything stored is gone.
void destroy_embedded(const EmbeddedCluster&);

// Writes a consistent copy of the whole cluster (every database, role and setting) to `file`, a
// gzipped tar of pg_basebackup, while the server keeps serving. The server must be running.
void backup_embedded(const EmbeddedCluster&, const std::filesystem::path& file);
// Makes the cluster of a fresh home from such a file and starts it. Conflict when the home has a
// cluster already; UsageError when the file is not a backup (nothing is left behind).
void restore_embedded(const EmbeddedCluster&, const std::filesystem::path& file);

// host=<socket dir> port=5432 dbname=gongkai user=gongkai: the cluster's superuser, for creating
// and migrating the schema only.
std::string embedded_conninfo(const EmbeddedCluster&);
// The same as gongkai_local, the login every other command uses: no superuser, granted only
// gongkai_admin (db/sql/embedded_role.sql makes it).
std::string embedded_user_conninfo(const EmbeddedCluster&);
// The same as gongkai_web, the web server's login (acts only as members).
std::string embedded_web_conninfo(const EmbeddedCluster&);

}  // namespace gongkai::db
