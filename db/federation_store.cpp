#include "db/federation_store.h"

#include <spdlog/spdlog.h>

#include "db/pg_session.h"
#include "engine/errors.h"

namespace gongkai::db {
namespace {

Installation installation_of(const pqxx::row& r) {
  return {r["code"].c_str(), r["name"].c_str(), r["set_by"].c_str(), r["set_at"].c_str()};
}

constexpr const char* kInstallationColumns = "code, name, set_by, to_json(set_at) #>> '{}' as set_at";

// A replication slot's name at the source: the installation above and the source, so that one
// PostgreSQL server may hold the slots of several sources (or of several installations above).
std::string slot_name(const std::string& upper, const std::string& source) {
  std::string n = "gk_" + upper + "_" + source;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

std::string subscription_name(const std::string& name) {
  std::string n = "gk_source_" + name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

}  // namespace

std::optional<Installation> installation(Session& s) {
  return translated([&]() -> std::optional<Installation> {
    Statement tx(s.impl());
    auto r = tx->exec(std::string("select ") + kInstallationColumns + " from gk_installation");
    if (r.empty()) return std::nullopt;
    return installation_of(r[0]);
  });
}

Installation set_installation(Session& s, const std::string& code, const std::string& name, const std::string& actor) {
  return translated([&] {
    Statement tx(s.impl());
    auto r = tx->exec_params(std::string("select ") + kInstallationColumns + " from gk_installation_set($1, $2, $3)",
                             code, name, text_param(actor));
    tx.commit();
    return installation_of(r[0]);
  });
}

SignedOff sign_off(Session& s, const std::string& agency, int year, const nlohmann::json& national,
                   const nlohmann::json& legacy, const nlohmann::json& sources, const std::string& actor) {
  return translated([&] {
    Statement tx(s.impl());
    auto r = tx->exec_params(
        "select version, to_json(signed_at) #>> '{}' from gk_sign_off($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6)",
        agency, year, national.dump(), legacy.dump(), sources.dump(), text_param(actor));
    tx.commit();
    return SignedOff{r[0][0].as<int>(), r[0][1].c_str()};
  });
}

namespace {

// A signed-off table from a row with its columns by name; the tables and received_at may be null.
SignedTable signed_table_of(const pqxx::row& r) {
  SignedTable t;
  t.installation = r["installation"].c_str();
  t.installation_name = r["installation_name"].c_str();
  t.agency = r["agency"].c_str();
  t.agency_name = r["agency_name"].c_str();
  t.year = r["year"].as<int>();
  t.version = r["version"].as<int>();
  t.signed_by = r["signed_by"].c_str();
  t.signed_at = r["signed_at"].c_str();
  t.received_at = opt_text(r["received_at"]);
  for (auto [column, into] : {std::pair{"national", &t.national}, {"legacy", &t.legacy}, {"sources", &t.sources}})
    if (!r[column].is_null()) *into = nlohmann::json::parse(r[column].c_str());
  return t;
}

}  // namespace

std::vector<SignedTable> own_sign_offs(Session& s, int year) {
  return translated([&] {
    Statement tx(s.impl());
    std::vector<SignedTable> out;
    for (const auto& r : tx->exec_params(
             "select installation, installation_name, agency, agency_name, year, version, signed_by, "
             "to_json(signed_at) #>> '{}' as signed_at, null as received_at, null as national, null as legacy, "
             "sources::text as sources from gk_signoff where own and year = $1 order by agency, version desc",
             year))
      out.push_back(signed_table_of(r));
    return out;
  });
}

std::vector<SignedTable> latest_received(Session& s, int year) {
  auto& impl = s.impl();
  impl.prepare("federation_latest.sql");
  return translated([&] {
    Statement tx(impl);
    std::vector<SignedTable> out;
    for (const auto& r : tx->exec_prepared("federation_latest.sql", year)) out.push_back(signed_table_of(r));
    return out;
  });
}

std::vector<SourceState> sources(Session& s) {
  auto& impl = s.impl();
  impl.prepare("federation_sources.sql");
  return translated([&] {
    Statement tx(impl);
    std::vector<SourceState> out;
    for (const auto& r : tx->exec_prepared("federation_sources.sql")) {
      SourceState st;
      st.name = r["name"].c_str();
      st.installation = r["installation"].c_str();
      st.installation_name = r["installation_name"].c_str();
      st.subscription = r["subscription"].c_str();
      st.added_by = r["added_by"].c_str();
      st.added_at = r["added_at"].c_str();
      st.exists = r["sub_exists"].as<bool>();
      st.enabled = r["enabled"].as<bool>();
      st.running = r["running"].as<bool>();
      st.synced = r["synced"].as<bool>();
      if (!r["heard_s"].is_null()) st.heard_s = r["heard_s"].as<double>();
      st.heard_at = opt_text(r["heard_at"]);
      st.apply_errors = r["apply_errors"].as<long long>();
      st.sync_errors = r["sync_errors"].as<long long>();
      if (!r["year"].is_null()) {
        st.latest_year = r["year"].as<int>();
        st.latest_version = r["version"].as<int>();
        st.latest_signed_at = r["signed_at"].c_str();
        st.latest_received_at = r["received_at"].c_str();
      }
      out.push_back(std::move(st));
    }
    return out;
  });
}

SourceProbe probe_source(const std::string& conninfo) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(conninfo);
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (auto nl = why.find('\n'); nl != std::string::npos) why.resize(nl);
    throw UsageError("cannot connect to the source: " + why);
  }
  pqxx::nontransaction tx(*conn);
  SourceProbe p;
  auto has = tx.exec("select to_regclass('public.gk_schema_version') is not null, "
                     "to_regclass('public.gk_installation') is not null, "
                     "exists (select 1 from pg_publication where pubname = 'gk_signoffs'), "
                     "(select rolreplication or rolsuper from pg_roles where rolname = session_user), "
                     "current_setting('wal_level')");
  if (!has[0][0].as<bool>()) throw UsageError("the source is not a gongkai database (no schema version)");
  p.schema_version = tx.exec("select coalesce(max(version), 0) from gk_schema_version")[0][0].as<int>();
  p.publication = has[0][2].as<bool>();
  p.replication = has[0][3].as<bool>();
  p.wal_level = has[0][4].c_str();
  if (has[0][1].as<bool>()) {
    try {
      auto r = tx.exec("select code, name from gk_installation");
      if (!r.empty()) {
        p.code = r[0][0].c_str();
        p.name = r[0][1].c_str();
      }
    } catch (const pqxx::sql_error& e) {
      throw NotPermitted("the source's login may not read its installation (" + server_message(e) +
                         "): make it with `gongkai federation allow LOGIN` there");
    }
  }
  return p;
}

bool is_superuser(Session& s) {
  pqxx::nontransaction tx(s.impl().conn);
  return tx.exec("select rolsuper from pg_roles where rolname = session_user")[0][0].as<bool>();
}

std::string add_source(Session& superuser, const std::string& name, const std::string& conninfo, const SourceProbe& probe) {
  auto& conn = superuser.impl().conn;
  std::string upper;
  {
    pqxx::nontransaction tx(conn);
    auto r = tx.exec("select code from gk_installation");
    if (r.empty())
      throw RuleViolation("this installation has no code yet: set it first with `gongkai installation set CODE NAME`");
    upper = r[0][0].c_str();
  }
  const std::string slot = slot_name(upper, probe.code), sub = subscription_name(name);
  pqxx::connection source(conninfo);
  {
    pqxx::nontransaction tx(source);
    if (!tx.exec_params("select 1 from pg_replication_slots where slot_name = $1", slot).empty())
      throw Conflict("the source already has a replication slot " + slot +
                     " for this installation: drop it there (select pg_drop_replication_slot('" + slot +
                     "')) if no subscription uses it");
    tx.exec_params("select pg_create_logical_replication_slot($1, 'pgoutput')", slot);
  }
  try {
    pqxx::work tx(conn);
    tx.exec("reset role");
    // DDL takes no parameters: the statement is made by the server's format() from bound ones.
    auto ddl = tx.exec_params(
        "select format('create subscription %I connection %L publication gk_signoffs "
        "with (create_slot = false, slot_name = %L, copy_data = true)', $1::text, $2::text, $3::text)",
        sub, conninfo, slot)[0][0].c_str();
    tx.exec(ddl);
    tx.exec_params("insert into gk_source (name, installation, installation_name, subscription) values ($1, $2, $3, $4)",
                   name, probe.code, probe.name, sub);
    tx.commit();
    return sub;
  } catch (...) {
    try {
      pqxx::nontransaction tx(source);
      tx.exec_params("select pg_drop_replication_slot($1)", slot);
    } catch (const std::exception& e) {
      spdlog::warn("could not drop the replication slot {} at the source again: {}", slot, e.what());
    }
    throw;
  }
}

SourceRemoved remove_source(Session& superuser, const std::string& name) {
  auto& conn = superuser.impl().conn;
  SourceRemoved out;
  {
    pqxx::nontransaction tx(conn);
    tx.exec("reset role");
    auto r = tx.exec_params("select subscription from gk_source where name = $1", name);
    if (r.empty()) throw NotFound("no source '" + name + "'");
    out.subscription = r[0][0].c_str();
    auto sub = tx.exec_params(
        "select subslotname from pg_subscription where subname = $1 "
        "and subdbid = (select oid from pg_database where datname = current_database())",
        out.subscription);
    if (!sub.empty()) {
      const std::string slot = opt_text(sub[0][0]);
      auto stmt = [&](const char* fmt) {
        return tx.exec_params(std::string("select format('") + fmt + "', $1::text)", out.subscription)[0][0].c_str();
      };
      try {
        // Not in a transaction block: it drops the slot at the source too.
        tx.exec(stmt("drop subscription %I"));
      } catch (const pqxx::sql_error& e) {
        // The source cannot be reached: drop the subscription here and leave its slot there.
        spdlog::warn("the source cannot be reached ({}); its replication slot {} is left there", server_message(e), slot);
        tx.exec(stmt("alter subscription %I disable"));
        tx.exec(stmt("alter subscription %I set (slot_name = none)"));
        tx.exec(stmt("drop subscription %I"));
        out.slot_left = slot;
      }
    }
    tx.exec_params("delete from gk_source where name = $1", name);
  }
  return out;
}

void allow_upper(Session& superuser, const std::string& login) {
  pqxx::work tx(superuser.impl().conn);
  tx.exec("reset role");
  if (!tx.exec_params("select 1 from pg_roles where rolname = $1", login).empty())
    throw Conflict("a role '" + login + "' exists already");
  // No password here: a statement carrying one could reach the server's log. The administrator
  // sets it with psql's \password, which sends only its hash (docs/federation.md).
  tx.exec(tx.exec_params("select format('create role %I login replication inherit', $1::text)", login)[0][0].c_str());
  tx.exec(tx.exec_params("select format('grant gongkai_federation to %I', $1::text)", login)[0][0].c_str());
  tx.commit();
}

}  // namespace gongkai::db
