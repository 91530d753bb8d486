// Installations under one another (migration 021, docs/federation.md): the installation's code,
// signed-off tables, and the sources this installation adds up — each a PostgreSQL subscription
// to a lower installation's publication gk_signoffs.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::db {

struct Installation {
  std::string code, name, set_by, set_at;
};
std::optional<Installation> installation(Session& s);
// gk_installation_set: the administrator only; the code is fixed once it has signed off.
Installation set_installation(Session& s, const std::string& code, const std::string& name, const std::string& actor);

struct SignedOff {
  int version = 0;
  std::string signed_at;  // ISO 8601
};
// gk_sign_off: statisticians and admins of the agency; a new version each time.
SignedOff sign_off(Session& s, const std::string& agency, int year, const nlohmann::json& national,
                   const nlohmann::json& legacy, const nlohmann::json& sources, const std::string& actor);

// One signed-off table as kept (its own or received from a source).
struct SignedTable {
  std::string installation, installation_name, agency, agency_name;
  int year = 0, version = 0;
  std::string signed_by, signed_at, received_at;  // ISO 8601
  nlohmann::json national, legacy, sources;
};
// The installation's own sign-offs of a year the reader sees (its scope's), newest version first
// per agency; the tables left out.
std::vector<SignedTable> own_sign_offs(Session& s, int year);
// What a year's sum takes from each source: the latest version of every agency it signed off,
// but not an agency under another one it signed off (that one counts it already).
std::vector<SignedTable> latest_received(Session& s, int year);

// A source as this installation sees it: its subscription's state and its latest sign-off.
struct SourceState {
  std::string name, installation, installation_name, subscription, added_by, added_at;
  bool exists = false;   // its subscription is there
  bool enabled = false;  // … and enabled
  bool running = false;  // its apply worker runs
  bool synced = false;   // its first copy is done
  std::optional<double> heard_s;  // seconds since a message last came from the source
  std::string heard_at;           // when ("" = never)
  long long apply_errors = 0, sync_errors = 0;
  std::optional<int> latest_year, latest_version;
  std::string latest_signed_at, latest_received_at;
};
std::vector<SourceState> sources(Session& s);

// What a source says of itself, asked over a plain connection with the conninfo its subscription
// will use (before anything is made here).
struct SourceProbe {
  std::string code, name;
  int schema_version = 0;
  bool publication = false;  // gk_signoffs is there
  bool replication = false;  // the login may replicate
  std::string wal_level;     // logical, for it to publish
};
SourceProbe probe_source(const std::string& conninfo);

// As a superuser (PostgreSQL 15 makes subscriptions and replication logins only as one): the
// replication slot at the source, then the subscription and its gk_source row here, in one
// transaction; the slot is dropped again if that fails. Returns the subscription's name.
std::string add_source(Session& superuser, const std::string& name, const std::string& conninfo, const SourceProbe& probe);
// As a superuser: the source's subscription dropped (and with it its slot at the source, when the
// source can be reached: else the slot is left there, and `slot_left` names it), then its
// gk_source row. The rows received from it stay. NotFound for an unknown name.
struct SourceRemoved {
  std::string subscription, slot_left;
};
SourceRemoved remove_source(Session& superuser, const std::string& name);
// A login an installation above connects as: LOGIN REPLICATION, a member of gongkai_federation,
// without a password (set it with psql's \password).
void allow_upper(Session& superuser, const std::string& login);
// Whether the session's login is a superuser.
bool is_superuser(Session& s);

}  // namespace gongkai::db
