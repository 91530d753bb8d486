#include "db/session.h"

#include <spdlog/spdlog.h>

#include <map>
#include <nlohmann/json.hpp>

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
  auto* s = dynamic_cast<const pqxx::sql_error*>(&e);
  if (!s) return "";
  if (!s->sqlstate().empty()) return s->sqlstate();
  // libpqxx 6.4 throws some classes without their SQLSTATE: it is the class that says it.
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) return "42501";
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) return "23505";
  return "";
}

std::string server_message(const std::exception& e) {
  std::string msg = e.what();
  for (const char* prefix : {"ERROR:  ", "FATAL:  "})
    if (msg.rfind(prefix, 0) == 0) msg.erase(0, std::string(prefix).size());
  if (auto nl = msg.find('\n'); nl != std::string::npos) msg.erase(nl);
  while (!msg.empty() && msg.back() == ' ') msg.pop_back();
  return msg;
}

namespace {
// A table, column or function of the schema is missing: none was created, or an older gongkai's.
std::string missing_schema(Session* s) {
  if (s) {
    try {
      int version = s->schema_version();
      if (version > 0 && version < s->latest_version())
        return "the database's gongkai schema (version " + std::to_string(version) +
               ") is older than this gongkai's (version " + std::to_string(s->latest_version()) +
               "): run 'gongkai init' to migrate it";
      if (version > 0)
        return "the database's gongkai schema (version " + std::to_string(version) +
               ") lacks a table, column or function this gongkai needs: it was changed by hand or made by "
               "another build of gongkai";
    } catch (const std::exception&) {
    }
  }
  return "the database has no gongkai schema: run 'gongkai init' first";
}
}  // namespace

std::optional<Error> database_error(const std::exception& e, Session* s) {
  if (dynamic_cast<const Error*>(&e)) return std::nullopt;
  if (dynamic_cast<const pqxx::undefined_table*>(&e) || dynamic_cast<const pqxx::undefined_column*>(&e) ||
      dynamic_cast<const pqxx::undefined_function*>(&e))
    return Error(ErrorKind::internal, missing_schema(s));
  if (auto* b = dynamic_cast<const pqxx::broken_connection*>(&e))
    return Error(ErrorKind::internal, "cannot reach the database: " + server_message(*b));
  const std::string state = sqlstate(e);
  if (state.empty()) return std::nullopt;
  const std::string msg = server_message(e);
  if (state == "GK400") return Error(ErrorKind::invalid_input, msg);
  if (state == "GK403") return Error(ErrorKind::not_permitted, msg);
  if (state == "GK404") return Error(ErrorKind::not_found, msg);
  if (state == "GK409" || state == "GKCAL") return Error(ErrorKind::conflict, msg);
  if (state == "GK422") return Error(ErrorKind::refused, msg);
  // The database's own privileges said no: a member's role reaching past what it may do.
  if (state == "42501") return Error(ErrorKind::not_permitted, "the database refused: " + msg);
  return Error(ErrorKind::internal, msg);
}

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

std::unique_ptr<Session> Session::open(const std::string& conninfo) {
  try {
    auto impl = std::make_unique<Impl>(conninfo);
    // Dates as gongkai reads them whatever the server's or the client's defaults. No JIT: gongkai's
    // statements are short, and the generic plan of a prepared one (a page's LIMIT as a parameter,
    // estimated at a tenth of the table) crosses jit_above_cost, where compiling alone took 0.8 s
    // of a 10 ms list on 10 M cases; the year-end tables read kept counts and gain nothing from it.
    pqxx::nontransaction(impl->conn)
        .exec("set client_min_messages = warning; set datestyle = 'ISO, YMD'; set jit = off");
    return std::unique_ptr<Session>(new Session(std::move(impl)));
  } catch (const pqxx::broken_connection& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    // A member's role that may no longer log in is a disabled member (user disable).
    if (msg.find("is not permitted to log in") != std::string::npos)
      throw NotPermitted("cannot connect: " + server_message(e) + " (a disabled member?)");
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
  try {
    tx.exec(query_text("roles.sql"));
  } catch (const pqxx::sql_error& e) {
    if (sqlstate(e) == "42501")
      throw NotPermitted("'gongkai init' makes gongkai's roles (gongkai_owner, gongkai_admin, gongkai_member, "
                         "gongkai_web) and hands them the schema: it needs a superuser or a role with CREATEROLE "
                         "that owns the database (" + server_message(e) + ")");
    throw;
  }
  try {
    tx.exec("create table if not exists gk_schema_version (version integer primary key, "
            "file text not null, applied_at timestamptz not null default now())");
  } catch (const pqxx::sql_error& e) {
    if (sqlstate(e) == "42501")
      throw NotPermitted("'gongkai init' creates the schema: it needs a superuser or the database's owner with "
                         "CREATEROLE (" + server_message(e) + ")");
    throw;
  }
  int current = tx.exec("select coalesce(max(version), 0) from gk_schema_version")[0][0].as<int>();
  if (current > static_cast<int>(files.size()))
    throw InternalError("the database schema (version " + std::to_string(current) +
                        ") is newer than this gongkai (version " + std::to_string(files.size()) + ")");
  for (int v = current + 1; v <= static_cast<int>(files.size()); ++v) {
    spdlog::info("applying migration {}", files[v - 1].name);
    try {
      tx.exec(files[v - 1].contents);
    } catch (const pqxx::sql_error& e) {
      throw InternalError("migration " + files[v - 1].name + " failed, nothing was changed: " + server_message(e));
    }
    tx.exec_params("insert into gk_schema_version (version, file) values ($1, $2)", v, files[v - 1].name);
  }
  try {
    tx.exec(query_text("seal.sql"));
  } catch (const pqxx::sql_error& e) {
    throw InternalError("handing the schema to gongkai_owner failed, nothing was changed: " + server_message(e));
  }
  tx.commit();
  return static_cast<int>(files.size());
}

const char* const kIdentityColumns =
    "w.login, w.name, w.role, w.member, w.admin, w.disabled, array_to_json(w.agencies) as agencies_json, "
    "w.training, w.calendar_version";

Identity identity_of(const pqxx::row& row) {
  Identity id;
  id.login = row["login"].c_str();
  id.name = opt_text(row["name"]);
  id.role = opt_text(row["role"]);
  id.member = row["member"].as<bool>();
  id.admin = row["admin"].as<bool>();
  id.disabled = row["disabled"].as<bool>();
  for (const auto& a : nlohmann::json::parse(row["agencies_json"].c_str())) id.agencies.push_back(a.get<std::string>());
  id.training = row["training"].as<bool>();
  id.calendar_version = row["calendar_version"].as<long long>();
  id.may_become_admin = row["may_become_admin"].as<bool>();
  return id;
}

Identity Session::whoami() {
  // Once per request of a server: as the member it acts for, in one round trip.
  auto r = one_round_trip(*impl_, std::string("select ") + kIdentityColumns +
                                      ", pg_has_role(session_user, 'gongkai_admin', 'MEMBER') as may_become_admin "
                                      "from gk_whoami() w");
  return identity_of(r[0]);
}

void Session::make_embedded_role() {
  pqxx::nontransaction(impl_->conn).exec("reset role");  // as the superuser that logged in
  pqxx::work tx(impl_->conn);
  tx.exec(query_text("embedded_role.sql"));
  tx.commit();
}

void Session::act_as_admin() {
  try {
    pqxx::nontransaction(impl_->conn).exec("set role gongkai_admin");
  } catch (const pqxx::sql_error& e) {
    throw NotPermitted("database role " + login_role() +
                       " may not act as gongkai's administrator (it is not granted gongkai_admin): " +
                       server_message(e));
  }
}

bool connection_lost(const std::exception& e) {
  return dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
         dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr;
}

void set_training(Session& s, bool on) {
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_set_training($1)", on);
    tx.commit();
  });
}

void Session::act_for(const std::string& login) { impl_->acting = login; }

Session::LoginPrivileges Session::login_privileges() {
  pqxx::nontransaction tx(impl_->conn);
  auto r = tx.exec(
      "select session_user, r.rolsuper, pg_has_role(session_user, 'gongkai_owner', 'MEMBER'), "
      "pg_has_role(session_user, 'gongkai_admin', 'MEMBER'), "
      "(select d.datdba = r.oid from pg_database d where d.datname = current_database()), "
      "pg_has_role(session_user, 'gongkai_member', 'MEMBER') and session_user <> 'gongkai_web' "
      "from pg_roles r where r.rolname = session_user");
  return {r[0][0].c_str(), r[0][1].as<bool>(), r[0][2].as<bool>(), r[0][3].as<bool>(), r[0][4].as<bool>(),
          r[0][5].as<bool>()};
}

std::string Session::login_role() {
  pqxx::nontransaction tx(impl_->conn);
  return tx.exec("select session_user")[0][0].c_str();
}

}  // namespace gongkai::db
