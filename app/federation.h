// Installations under one another (docs/federation.md): the installation's identity, signing off
// a year's tables, and adding up the latest signed-off tables of the installations below —
// received through PostgreSQL's logical replication — with this installation's own agencies.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/connect.h"
#include "app/context.h"
#include "app/reports.h"
#include "db/federation_store.h"
#include "report/table.h"

namespace gongkai::app {

using Installation = db::Installation;
// The installation's code and name, if set.
std::optional<Installation> installation(Context& ctx);
// `installation set CODE NAME`: CODE a 行政区划代码 (six digits), with -suffix for a department of a
// province (350000-jyt); its administrator only; fixed once it has signed off.
Installation set_installation(Context& ctx, const std::string& code, const std::string& name);
nlohmann::json installation_json(const std::optional<Installation>& i);

struct SignOffRequest {
  int year = 0;
  std::string agency;
  bool federation = false;  // sign off the sum with the sources' latest tables (to publish onward)
};
struct SignOffResult {
  Installation installation;
  std::string agency, agency_name;
  int year = 0, version = 0;
  std::string signed_at;
  nlohmann::json sources = nlohmann::json::array();  // what a sum covered
  std::vector<std::string> warnings;  // the tables' broken rules (signed all the same)
};
// `report sign-off`: the national and legacy tables of the agency's subtree, kept as a new
// version; statisticians and admins of the agency.
SignOffResult sign_off(Context& ctx, const SignOffRequest& r);
nlohmann::json sign_off_json(const SignOffResult& r);
// The installation's own sign-offs of a year, of the member's scope (the tables left out).
std::vector<db::SignedTable> sign_offs(Context& ctx, int year);
// An ISO 8601 time to the minute in Beijing time: 2027-01-20 17:30（北京时间）.
std::string beijing_minute(const std::string& iso);

// `report --federation`: the sum of the latest signed-off tables of every source and of the
// installation's own agencies (as the member sees them), in the template asked; its JSON adds
// "sources" and "missing", its notes say whose figures are from when.
report::Report federated_report(Context& ctx, const ReportRequest& r);

// A source as `federation list` shows it.
using SourceState = db::SourceState;
// Whether its subscription is there, enabled, running and past its first copy.
bool source_ok(const SourceState& s);
std::vector<SourceState> federation_list(Context& ctx);
nlohmann::json federation_list_json(const std::vector<SourceState>& all);

struct FederationAdded {
  std::string name, installation, installation_name, subscription;
};
// `federation add NAME CONNINFO`: as a PostgreSQL superuser (the embedded default's own, or the
// login of --db), since PostgreSQL 15 lets only superusers make subscriptions.
FederationAdded federation_add(const ConnectOptions& o, const std::string& name, const std::string& conninfo);
// `federation remove NAME`: its subscription and slot dropped (superuser, as above); what was
// received from it stays, and no longer counts. Adding it again later copies its sign-offs anew,
// each kept once.
db::SourceRemoved federation_remove(const ConnectOptions& o, const std::string& name);
// `federation allow LOGIN`: the login an installation above connects as (superuser, as above).
void federation_allow(const ConnectOptions& o, const std::string& login);

}  // namespace gongkai::app
