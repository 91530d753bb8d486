// One connection to a gongkai database, and its schema migrations. libpqxx stays behind this
// header: callers outside db/ see only this class and the store functions.
#pragma once
#include <memory>
#include <string>

namespace gongkai::db {

class Session {
 public:
  static std::unique_ptr<Session> open(const std::string& conninfo);
  ~Session();

  int schema_version();  // 0 when the database has no gongkai schema yet
  int migrate();         // applies the pending migrations in one transaction; returns the version
  int latest_version() const;

  struct Impl;  // db/pg_session.h
  Impl& impl() { return *impl_; }

 private:
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::db
