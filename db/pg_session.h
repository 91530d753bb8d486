// The libpqxx side of a Session: the connection, prepared statements, and the helpers every
// store in db/ uses. Only db/*.cpp include this.
#pragma once
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <string_view>

#include "db/session.h"
#include "engine/date.h"
#include "engine/event_record.h"

namespace gongkai::db {

struct Session::Impl {
  explicit Impl(const std::string& conninfo) : conn(conninfo) {}
  pqxx::connection conn;
  std::set<std::string> prepared;
  // The member this session acts for, transaction by transaction (a long-lived server's session,
  // logged in as gongkai_web); "" = as the role that logged in (or set for the whole session).
  std::string acting;

  // Prepares the statement held in db/sql/<name> (or `sql` when given) once per connection.
  void prepare(const std::string& name, std::string_view sql = {});
};

// A transaction of the session, acting as its member when it has one: SET LOCAL ROLE, so that
// the role ends with the transaction whatever happens to it. Used like a pointer to the
// transaction (`tx->exec(…)`, `*tx`).
template <class T>
class Tx {
 public:
  explicit Tx(Session::Impl& impl) : tx_(impl.conn) {
    if (!impl.acting.empty()) tx_.exec("set local role " + tx_.quote_name(impl.acting));
  }
  T* operator->() { return &tx_; }
  T& operator*() { return tx_; }
  void commit() { tx_.commit(); }

 private:
  T tx_;
};
using Work = Tx<pqxx::work>;
using Snapshot = Tx<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>;
using ReadOnly = Tx<pqxx::read_transaction>;

// One statement on its own: without BEGIN and COMMIT when the session acts as itself (atomic, one
// round trip); in a transaction of its own, acting as the member, when it acts for one. Call
// commit() after a statement that writes.
class Statement {
 public:
  explicit Statement(Session::Impl& impl) {
    if (impl.acting.empty()) {
      tx_ = std::make_unique<pqxx::nontransaction>(impl.conn);
    } else {
      tx_ = std::make_unique<pqxx::work>(impl.conn);
      tx_->exec("set local role " + tx_->quote_name(impl.acting));
    }
  }
  pqxx::transaction_base* operator->() { return tx_.get(); }
  pqxx::transaction_base& operator*() { return *tx_; }
  void commit() { tx_->commit(); }

 private:
  std::unique_ptr<pqxx::transaction_base> tx_;
};

// One statement in ONE round trip, acting as the session's member when it has one: "SET LOCAL ROLE
// member; <sql>" sent as one simple query, which PostgreSQL runs as one implicit transaction —
// committed at its end, and the role ended with it, whatever happens — where a Statement acting for
// a member takes four (BEGIN, SET LOCAL ROLE, the statement, COMMIT). `sql` carries its values as
// literals, each quoted with the connection's quote() (quote_name() for a name). The result is the
// statement's.
inline pqxx::result one_round_trip(Session::Impl& impl, const std::string& sql) {
  pqxx::nontransaction tx(impl.conn);
  if (impl.acting.empty()) return tx.exec(sql);
  return tx.exec("set local role " + tx.quote_name(impl.acting) + "; " + sql);
}

// The text of db/sql/<file>, compiled into the binary.
const std::string& query_text(std::string_view file);

// NULL-able parameters: libpqxx 6.4 passes a null const char* as SQL NULL.
inline const char* nullable(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }
inline std::optional<std::string> date_param(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->str()) : std::nullopt;
}
inline std::optional<std::string> text_param(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}
std::optional<Date> opt_date(const pqxx::field& f);
// One stored event from a row with columns seq, kind, occurred_on, actor, recorded_at, details.
EventRecord event_from_row(const pqxx::row& row);
std::string opt_text(const pqxx::field& f);
// gk_whoami's columns as identity_of reads them, from a row source named `w` (gk_whoami() or
// gk_web_session_whoami(…)); a query adds may_become_admin.
extern const char* const kIdentityColumns;
// Who acts, from a row with kIdentityColumns and may_become_admin.
Identity identity_of(const pqxx::row& row);

// SQLSTATE of a libpqxx SQL error ("" when not a SQL error).
std::string sqlstate(const std::exception& e);
// The server's message of a SQL error without its "ERROR:" prefix and context lines.
std::string server_message(const std::exception& e);

// Runs `f`; a refusal raised by a gongkai function (SQLSTATE GKnnn) or by the database's
// privileges comes out as gongkai's error of that kind (database_error in db/session.h).
template <class F>
auto translated(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::sql_error& e) {
    const std::string state = sqlstate(e);
    if (state == "GKCAL") throw CalendarChanged(server_message(e));
    if (state.rfind("GK", 0) == 0 || state == "42501")
      if (auto err = database_error(e, nullptr)) throw_error(*err);
    throw;  // others (a unique key, a serialization failure) are the caller's to judge
  }
}

}  // namespace gongkai::db
