#include "db/session.h"

#include <spdlog/spdlog.h>

#include <map>

#include "db/pg_session.h"
#include "engine/embedded_file.h"
#include "engine/errors.h"

namespace gongkai::db {

std::vector<EmbeddedFile> migration_files();  // generated: db/migrations/*.sql in order
std::vector<EmbeddedFile> query_files();      // generated: db/sql/*.sql

const std::string& query_text(std::string_view file) {
  static const std::map<std::string, std::string, std::less<>> by_name = [] {
    std::map<std::string, std::string, std::less<>> m;
    for (auto& f : query_files()) m[f.name] = f.contents;
    return m;
  }();
  auto it = by_name.find(file);
  if (it == by_name.end()) throw InternalError("no such query file compiled in: db/sql/" + std::string(file));
  return it->second;
}

void Session::Impl::prepare(const std::string& name, std::string_view sql) {
  if (prepared.count(name)) return;
  conn.prepare(name, sql.empty() ? query_text(name) : std::string(sql));
  prepared.insert(name);
}

std::optional<Date> opt_date(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return parse_date(f.c_str(), "stored date");
}

EventRecord event_from_row(const pqxx::row& row) {
  EventRecord e;
  e.seq = row["seq"].as<int>();
  e.kind = row["kind"].c_str();
  e.on = parse_date(row["occurred_on"].c_str(), "stored date");
  e.actor = row["actor"].c_str();
  e.recorded_at = row["recorded_at"].c_str();
  e.details = nlohmann::json::parse(row["details"].c_str());
  return e;
}

std::string opt_text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

std::string sqlstate(const std::exception& e) {
  if (auto* s = dynamic_cast<const pqxx::sql_error*>(&e)) return s->sqlstate();
  return "";
}

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

std::unique_ptr<Session> Session::open(const std::string& conninfo) {
  try {
    auto impl = std::make_unique<Impl>(conninfo);
    pqxx::nontransaction(impl->conn).exec("set client_min_messages = warning");
    return std::unique_ptr<Session>(new Session(std::move(impl)));
  } catch (const pqxx::broken_connection& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw InternalError("cannot connect to the database: " + msg);
  }
}

int Session::latest_version() const { return static_cast<int>(migration_files().size()); }

int Session::schema_version() {
  pqxx::nontransaction tx(impl_->conn);
  auto exists = tx.exec("select to_regclass('gk_schema_version') is not null");
  if (!exists[0][0].as<bool>()) return 0;
  auto r = tx.exec("select coalesce(max(version), 0) from gk_schema_version");
  return r[0][0].as<int>();
}

int Session::migrate() {
  auto files = migration_files();
  pqxx::work tx(impl_->conn);
  // One migrator at a time, even across processes.
  tx.exec("select pg_advisory_xact_lock(4711001)");
  tx.exec("create table if not exists gk_schema_version (version integer primary key, "
          "file text not null, applied_at timestamptz not null default now())");
  int current = tx.exec("select coalesce(max(version), 0) from gk_schema_version")[0][0].as<int>();
  if (current > static_cast<int>(files.size()))
    throw InternalError("the database schema (version " + std::to_string(current) +
                        ") is newer than this gongkai (version " + std::to_string(files.size()) + ")");
  for (int v = current + 1; v <= static_cast<int>(files.size()); ++v) {
    spdlog::info("applying migration {}", files[v - 1].name);
    tx.exec(files[v - 1].contents);
    tx.exec_params("insert into gk_schema_version (version, file) values ($1, $2)", v, files[v - 1].name);
  }
  tx.commit();
  return static_cast<int>(files.size());
}

}  // namespace gongkai::db
