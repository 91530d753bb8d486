#include "app/federation.h"

#include <fmt/format.h>

#include <regex>

#include "app/permissions.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "report/federated_sum.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

void check_installation_code(const std::string& code) {
  static const std::regex shape("[0-9]{6}(-[a-z0-9]{1,16})?");
  if (!std::regex_match(code, shape))
    throw UsageError("installation code '" + workflows::printable(code) +
                     "' is not a 行政区划代码 of six digits, with -suffix for a department (350000-jyt)");
}

void check_source_name(const std::string& name) {
  static const std::regex shape("[a-z0-9-]{1,32}");
  if (!std::regex_match(name, shape))
    throw UsageError("source name '" + workflows::printable(name) + "' is not [a-z0-9-]{1,32}");
}

void check_login(const std::string& login) {
  static const std::regex shape("[a-z_][a-z0-9_]{0,62}");
  if (!std::regex_match(login, shape) || login.rfind("pg_", 0) == 0 || login.rfind("gongkai", 0) == 0)
    throw UsageError("login '" + workflows::printable(login) +
                     "' is not a new role name ([a-z_][a-z0-9_]*, not pg_… or gongkai…)");
}

// Who a part of a sum is, in messages and notes: 320801 涟水县 (ls).
std::string source_label(const db::SignedTable& t) {
  return fmt::format("{} {} ({})", t.installation, t.installation_name, t.agency);
}

nlohmann::json source_entry(const db::SignedTable& t, const std::string& name) {
  return {{"name", name},
          {"installation", t.installation},
          {"installation_name", t.installation_name},
          {"agency", t.agency},
          {"agency_name", t.agency_name},
          {"version", t.version},
          {"signed_at", t.signed_at},
          {"signed_by", t.signed_by},
          {"received_at", t.received_at}};
}

// What a year's sums take from below: the sources and the latest tables received from them.
struct Below {
  std::vector<db::SourceState> states;
  std::vector<db::SignedTable> received;
};

Below below(Context& ctx, int year) { return {db::sources(ctx.db()), db::latest_received(ctx.db(), year)}; }

struct Sum {
  report::Report report;
  nlohmann::json sources = nlohmann::json::array();
  nlohmann::json missing = nlohmann::json::array();
  std::vector<std::string> notes;
};

// The sum of the sources' latest tables and of `own` (this installation's own report of the
// template), and what it covered.
Sum sum_with_sources(const Below& from, const std::string& template_name, int year, const report::Report& own,
                     const std::string& own_label) {
  Sum s;
  std::vector<report::SignedPart> parts{{own_label, report::signed_document(own)}};
  for (const auto& st : from.states) {
    bool any = false;
    for (const auto& t : from.received) {
      if (t.installation != st.installation) continue;
      any = true;
      parts.push_back({source_label(t), template_name == "national" ? t.national : t.legacy});
      auto e = source_entry(t, st.name);
      e["ok"] = source_ok(st);
      s.sources.push_back(e);
      s.notes.push_back(fmt::format("{}（{}）{}：{} 第{}版，{}签发{}", t.installation_name, t.installation,
                                    t.agency_name, t.agency, t.version, beijing_minute(t.signed_at),
                                    t.sources.empty() ? ""
                                                      : fmt::format("（为本级与下级{}份报表之和）", t.sources.size())));
      if (!source_ok(st))
        s.notes.push_back(fmt::format("{}（{}）现在连接不上{}：其数字为上面所列版本，之后若有新签发尚未收到",
                                      st.installation_name, st.installation,
                                      st.heard_at.empty() ? "" : "（最后联系 " + beijing_minute(st.heard_at) + "）"));
    }
    if (!any) {
      s.missing.push_back(st.name);
      s.notes.push_back(fmt::format("{}（{}）尚无{}年的签发报表，未计入", st.installation_name, st.installation, year));
    }
  }
  s.report = report::sum_reports(template_name, year, parts);
  return s;
}

}  // namespace

std::string beijing_minute(const std::string& iso) {
  auto d = iso.size() >= 16 ? try_parse_date(iso.substr(0, 10)) : std::nullopt;
  const auto tz = iso.size() > 19 ? iso.find_first_of("+-", 19) : std::string::npos;
  if (!d || iso[10] != 'T' || tz == std::string::npos || iso.size() < tz + 6) return iso;
  try {
    int minutes = std::stoi(iso.substr(11, 2)) * 60 + std::stoi(iso.substr(14, 2));
    const int offset = (std::stoi(iso.substr(tz + 1, 2)) * 60 + std::stoi(iso.substr(tz + 4, 2))) *
                       (iso[tz] == '-' ? -1 : 1);
    minutes += 8 * 60 - offset;
    int days = minutes >= 0 ? minutes / 1440 : -((1439 - minutes) / 1440);
    minutes -= days * 1440;
    return fmt::format("{} {:02}:{:02}（北京时间）", (*d + days).str(), minutes / 60, minutes % 60);
  } catch (const std::exception&) {
    return iso;
  }
}
std::vector<db::SignedTable> sign_offs(Context& ctx, int year) { return db::own_sign_offs(ctx.db(), year); }

std::optional<Installation> installation(Context& ctx) { return db::installation(ctx.db()); }

Installation set_installation(Context& ctx, const std::string& code, const std::string& name) {
  require(ctx.me(), Action::set_installation);
  check_installation_code(code);
  workflows::check_text(name, "name", {workflows::kMaxAgencyNameChars, true, false});
  return db::set_installation(ctx.db(), code, name, ctx.actor());
}

nlohmann::json installation_json(const std::optional<Installation>& i) {
  if (!i) return nullptr;
  return {{"code", i->code}, {"name", i->name}, {"set_by", i->set_by}, {"set_at", i->set_at}};
}

SignOffResult sign_off(Context& ctx, const SignOffRequest& r) {
  require(ctx.me(), Action::sign_off);
  if (r.agency.empty()) throw UsageError("sign-off needs --agency: the agency whose tables are signed off");
  workflows::check_agency_code(r.agency, "agency");
  auto inst = db::installation(ctx.db());
  if (!inst)
    throw RuleViolation("this installation has no code yet: its administrator sets it with "
                        "`gongkai installation set CODE NAME`");
  ReportRequest national{r.year, r.agency, "national"}, legacy{r.year, r.agency, "legacy"};
  auto n = make_report(ctx, national);
  auto l = make_report(ctx, legacy);
  SignOffResult out;
  out.installation = *inst;
  out.agency = r.agency;
  out.agency_name = n.agency_name;
  out.year = r.year;
  nlohmann::json nd = report::signed_document(n), ld = report::signed_document(l);
  if (r.federation) {
    const std::string own = fmt::format("{} {} ({})", inst->code, inst->name, r.agency);
    const Below from = below(ctx, r.year);
    auto ns = sum_with_sources(from, "national", r.year, n, own);
    auto ls = sum_with_sources(from, "legacy", r.year, l, own);
    nd = report::signed_document(ns.report);
    ld = report::signed_document(ls.report);
    for (const char* k : {"agency", "agency_name"}) {
      nd[k] = n.json[k];
      ld[k] = l.json[k];
    }
    for (const auto& e : ns.sources)
      out.sources.push_back({{"installation", e["installation"]}, {"agency", e["agency"]},
                             {"version", e["version"]}, {"signed_at", e["signed_at"]}});
    n = std::move(ns.report);
    l = std::move(ls.report);
  }
  for (const auto& w : n.warnings) out.warnings.push_back(w);
  for (const auto& w : l.warnings) out.warnings.push_back(w);
  auto done = db::sign_off(ctx.db(), r.agency, r.year, nd, ld, out.sources, ctx.actor());
  out.version = done.version;
  out.signed_at = done.signed_at;
  return out;
}

nlohmann::json sign_off_json(const SignOffResult& r) {
  return {{"installation", r.installation.code},
          {"installation_name", r.installation.name},
          {"agency", r.agency},
          {"agency_name", r.agency_name},
          {"year", r.year},
          {"version", r.version},
          {"signed_at", r.signed_at},
          {"sources", r.sources},
          {"warnings", r.warnings}};
}

report::Report federated_report(Context& ctx, const ReportRequest& r) {
  if (!r.agency.empty())
    throw UsageError("--federation sums the whole installation with its sources: leave out --agency");
  auto own = make_report(ctx, r);  // checks the year and template; the member's scope
  auto inst = db::installation(ctx.db());
  const std::string own_label = inst ? fmt::format("{} {}", inst->code, inst->name) : std::string("this installation");
  auto s = sum_with_sources(below(ctx, r.year), r.template_name, r.year, own, own_label);
  report::Report out = std::move(s.report);
  const std::string name = (inst ? inst->name : std::string()) + "（汇总）";
  out.agency_name = name;
  out.title = name + out.title;  // the template's title of no agency: 2024年政府信息公开工作年度报告
  out.json["agency"] = nullptr;
  out.json["agency_name"] = name;
  out.json["installation"] = installation_json(inst);
  out.json["sources"] = s.sources;
  out.json["missing"] = s.missing;
  out.notes = s.notes;
  out.notes.insert(out.notes.begin(), "本表为本级各机构与下级各安装的最新签发报表逐格相加之和");
  return out;
}

bool source_ok(const SourceState& s) { return s.exists && s.enabled && s.running && s.synced; }

std::vector<SourceState> federation_list(Context& ctx) { return db::sources(ctx.db()); }

nlohmann::json federation_list_json(const std::vector<SourceState>& all) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : all) {
    nlohmann::json latest = nullptr;
    if (s.latest_version)
      latest = {{"year", *s.latest_year},
                {"version", *s.latest_version},
                {"signed_at", s.latest_signed_at},
                {"received_at", s.latest_received_at}};
    const char* state = !s.exists    ? "no subscription"
                        : !s.enabled ? "disabled"
                        : !s.running ? "not connected"
                        : !s.synced  ? "copying"
                                     : "streaming";
    out.push_back({{"name", s.name},
                   {"installation", s.installation},
                   {"installation_name", s.installation_name},
                   {"latest", latest},
                   {"lag_s", s.running && s.heard_s ? nlohmann::json(*s.heard_s) : nlohmann::json(nullptr)},
                   {"heard_at", s.heard_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.heard_at)},
                   {"ok", source_ok(s)},
                   {"state", state},
                   {"apply_errors", s.apply_errors},
                   {"sync_errors", s.sync_errors}});
  }
  return out;
}

FederationAdded federation_add(const ConnectOptions& o, const std::string& name, const std::string& conninfo) {
  check_source_name(name);
  if (conninfo.empty()) throw UsageError("conninfo is empty: how this installation connects to the source");
  auto s = open_superuser_session(o);
  auto own = db::installation(*s);
  if (!own)
    throw RuleViolation("this installation has no code yet: set it first with `gongkai installation set CODE NAME`");
  auto probe = db::probe_source(conninfo);
  if (probe.schema_version < 21 || !probe.publication)
    throw RuleViolation(fmt::format("the source is at gongkai schema version {}, without sign-offs to publish: "
                                    "upgrade it (gongkai init there)",
                                    probe.schema_version));
  if (probe.schema_version > s->latest_version())
    throw RuleViolation(fmt::format("the source is at schema version {}, newer than this installation's {}: "
                                    "upgrade this installation first (docs/federation.md)",
                                    probe.schema_version, s->latest_version()));
  if (probe.code.empty())
    throw RuleViolation("the source has no installation code yet: set it there with `gongkai installation set`");
  if (!probe.replication)
    throw NotPermitted("the source's login may not replicate: make it there with `gongkai federation allow LOGIN`");
  if (probe.wal_level != "logical")
    throw RuleViolation("the source's PostgreSQL has wal_level = " + probe.wal_level +
                        ": set wal_level = logical there and restart it (docs/federation.md)");
  if (probe.code == own->code)
    throw Conflict("the source is this installation's own code " + own->code + ": each installation needs its own");
  for (const auto& st : db::sources(*s)) {
    if (st.name == name) throw Conflict("a source named '" + name + "' exists already");
    if (st.installation == probe.code)
      throw Conflict(fmt::format("installation {} ({}) is a source already, as '{}'", probe.code, probe.name, st.name));
  }
  return {name, probe.code, probe.name, db::add_source(*s, name, conninfo, probe)};
}

db::SourceRemoved federation_remove(const ConnectOptions& o, const std::string& name) {
  check_source_name(name);
  auto s = open_superuser_session(o);
  return db::remove_source(*s, name);
}

void federation_allow(const ConnectOptions& o, const std::string& login) {
  check_login(login);
  auto s = open_superuser_session(o);
  db::allow_upper(*s, login);
}

}  // namespace gongkai::app
