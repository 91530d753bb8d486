// The security matrix of issue 9 (interface.md "Members, roles and access", docs/security.md):
// every role of a county's office against its own agency, a child, the parent and the sibling
// county, with every command, through the real executable connected as the member's own database
// role; then hand-written SQL over such connections. The rules checked everywhere:
//  - a case or agency outside the member's scope is "not found" (exit 4), with the very message a
//    name that does not exist gets (no existence leaks);
//  - an action the member's role does not allow is exit 6, whatever it names;
//  - no refusal writes anything (the database's fingerprint before and after);
//  - applicants' names and contacts are shown to registrars, handlers and admins of the case's
//    scope only, masked (first character, then '*') for everybody else.
#include <doctest/doctest.h>

#include <fstream>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <tuple>

#include "harness.h"
#include "security_support.h"

using gongkai::test::RunResult;
using gongkai::test::TestDb;
namespace sec = gongkai::test::security;
using sec::sql_state;
using sec::state_of;
using Env = std::map<std::string, std::string>;
using nlohmann::json;

namespace {

const std::string kToday = "2024-12-31";
const std::string kApplicant = "张三丰", kContact = "13800001111";
const std::string kPassword = "a long enough password";

// ------------------------------------------------------------------------------------------------
// The office: a city, two counties under it, a department under each and a township under hx.

struct AgencyDef {
  std::string code, name, kind, parent;
};
// clang-format off
const std::vector<AgencyDef> kAgencies = {
    {"c", "临海市人民政府", "government", ""},
    {"hx", "海西县人民政府", "government", "c"},
    {"ot", "东山县人民政府", "government", "c"},
    {"hx-zj", "海西县住房和城乡建设局", "department", "hx"},
    {"hx-tn", "海西县城关镇人民政府", "township", "hx"},
    {"ot-zj", "东山县住房和城乡建设局", "department", "ot"},
};
// clang-format on
// The matrix's targets: an hx member's own agency, a child, the parent and the sibling county. The
// administrator receives one case at each.
const std::vector<std::string> kTargets = {"hx", "hx-zj", "c", "ot"};
const std::vector<std::string> kRoles = {"registrar", "handler", "supervisor", "statistician", "admin"};

std::string parent_of(const std::string& code) {
  for (const auto& a : kAgencies)
    if (a.code == code) return a.parent;
  return "";
}
// Is `agency` `top` or under it?
bool under(const std::string& agency, const std::string& top) {
  for (std::string a = agency; !a.empty(); a = parent_of(a))
    if (a == top) return true;
  return false;
}
// How `target` stands to `home`, for failure messages.
std::string relation(const std::string& home, const std::string& target) {
  if (target == home) return "own agency";
  if (under(target, home)) return "child";
  if (under(home, target)) return "parent";
  return "sibling county";
}

struct Member {
  std::string login, role, agency;
  bool sees_personal_data() const { return role == "registrar" || role == "handler" || role == "admin"; }
  std::string label() const { return role + " of " + agency + " (" + login + ")"; }
};

bool may(const std::vector<std::string>& roles, const Member& m) {
  return roles.empty() || std::find(roles.begin(), roles.end(), m.role) != roles.end();
}

Env today() { return {{"GONGKAI_TODAY", kToday}}; }

std::string shown(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

class Office {
 public:
  // The tree; a registrar, handler, supervisor, statistician and admin of hx and a registrar of ot,
  // each able to log in as its own database role; a case received by the administrator at each
  // target, one answered in hx's scope and one outside it.
  Office() {
    // The tree level by level (each level's agencies side by side), then the members and the
    // cases side by side.
    for (size_t depth = 0; depth < 3; ++depth) {
      std::vector<sec::Invocation> level;
      for (const auto& a : kAgencies) {
        size_t d = 0;
        for (std::string p = a.parent; !p.empty(); p = parent_of(p)) ++d;
        if (d != depth) continue;
        std::vector<std::string> args = {"agency", "add", a.code, "--name", a.name, "--kind", a.kind};
        if (!a.parent.empty()) args.insert(args.end(), {"--parent", a.parent});
        level.push_back(as_admin(args));
      }
      require_all(level);
    }
    require_all({as_admin({"installation", "set", "320899", "某县"})});  // for report sign-off
    std::vector<sec::Invocation> adds;
    for (const auto& role : kRoles) members.push_back(new_member(role, "hx"));
    members.push_back(new_member("registrar", "ot"));
    for (const auto& m : members) adds.push_back(add_member_invocation(m));
    std::vector<sec::Invocation> receipts;
    for (const auto& t : kTargets)
      receipts.push_back(as_admin({"receive", "--agency", t, "--received", "2024-03-04", "--channel", "post",
                                   "--applicant-type", "person", "--applicant", kApplicant, "--contact", kContact}));
    adds.insert(adds.end(), receipts.begin(), receipts.end());
    auto results = require_all(adds);
    for (size_t i = 0; i < kTargets.size(); ++i) {
      std::string no = results[members.size() + i].out;
      while (!no.empty() && no.back() == '\n') no.pop_back();
      case_at[kTargets[i]] = no;
    }
    require_all({as_admin({"event", case_at["hx-zj"], "answered", "--on", "2024-03-20", "--outcome", "disclosed"}),
                 as_admin({"event", case_at["ot"], "answered", "--on", "2024-05-20", "--outcome", "disclosed"})});
  }

  // Runs every invocation side by side; each must succeed.
  static std::vector<RunResult> require_all(const std::vector<sec::Invocation>& all) {
    auto results = sec::run_all(all);
    for (size_t i = 0; i < results.size(); ++i) {
      INFO("gongkai " << shown(all[i].args) << "\nstderr: " << results[i].err);
      REQUIRE(results[i].code == 0);
    }
    return results;
  }

  sec::Logins logins;  // first: the member roles are dropped after the database
  TestDb db;
  sec::ScratchDir files;
  int files_written = 0;                       // the files the plans wrote into `files`
  std::vector<Member> members;                 // the matrix's rows
  std::map<std::string, std::string> case_at;  // agency → the case received there

  const Member& member(const std::string& role, const std::string& agency = "hx") const {
    for (const auto& m : members)
      if (m.role == role && m.agency == agency) return m;
    FAIL("no " << role << " of " << agency);
    return members.front();
  }
  // A member not yet added (its login is unique on the server).
  Member new_member(const std::string& role, const std::string& agency) {
    return {logins.make(role.substr(0, 3)), role, agency};
  }
  sec::Invocation add_member_invocation(const Member& m) const {
    return as_admin(
        {"user", "add", m.login, "--name", "成员" + m.login, "--role", m.role, "--agency", m.agency, "--db-login"});
  }
  Member add_member(const std::string& role, const std::string& agency) {
    Member m = new_member(role, agency);
    auto r = sec::run(add_member_invocation(m));
    INFO(r.err);
    REQUIRE(r.code == 0);
    return m;
  }

  std::string conninfo(const Member& m) const { return db.conninfo() + " user=" + m.login; }
  // gongkai connected as the member's own role. GONGKAI_ACTOR is cleared so that the caller's
  // environment cannot make every command a refusal.
  sec::Invocation as(const Member& m, std::vector<std::string> args, std::string input = "", Env env = {}) const {
    args.insert(args.begin(), {"--db", conninfo(m)});
    env.emplace("GONGKAI_TODAY", kToday);
    env.emplace("GONGKAI_ACTOR", "");
    return {std::move(args), std::move(env), std::move(input)};
  }
  RunResult run(const Member& m, std::vector<std::string> args, std::string input = "", Env env = {}) const {
    return sec::run(as(m, std::move(args), std::move(input), std::move(env)));
  }
  // The installation's administrator (the database's owner).
  sec::Invocation as_admin(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--db", db.conninfo()});
    return {std::move(args), today(), ""};
  }
  std::string admin(std::vector<std::string> args) const { return db.ok(std::move(args), today()); }
  json admin_json(std::vector<std::string> args) const { return db.run(std::move(args), today()).json(); }

  // The kept report counts folded, so that reading (which may fold them) changes nothing.
  void fold() const { db.scalar("select gk_tally_fold()"); }
  int count(const std::string& sql) const { return std::stoi(db.scalar(sql)); }
};

// The fingerprint of a database, table by table, and what changed between two.
std::string changed_tables(const std::string& before, const std::string& after) {
  std::set<std::string> a, b;
  std::istringstream sa(before), sb(after);
  for (std::string l; std::getline(sa, l);) a.insert(l);
  for (std::string l; std::getline(sb, l);) b.insert(l);
  std::string out;
  for (const auto& l : b)
    if (!a.count(l)) out += l.substr(0, l.find('=')) + " ";
  return out;
}

// The first character of a UTF-8 text, then '*': the masked form of a personal datum.
std::string masked(const std::string& s) {
  if (s.empty()) return s;
  unsigned char lead = static_cast<unsigned char>(s[0]);
  size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return s.substr(0, n) + "*";
}
void mask_personal(json& j) {
  for (const char* key : {"applicant", "contact"})
    if (j.contains(key) && j[key].is_string()) j[key] = masked(j[key].get<std::string>());
}
// A case's JSON (show) or a list's rows as a member who may not see personal data sees them.
json masked_view(json j) {
  if (j.is_array()) {
    for (auto& row : j) mask_personal(row);
    return j;
  }
  mask_personal(j);
  if (j.contains("personal_data_masked")) j["personal_data_masked"] = true;
  for (auto& e : j["events"]) mask_personal(e);
  return j;
}

// The case numbers in a list, an overdue list or an export.
std::set<std::string> case_numbers(const std::string& label, const RunResult& r) {
  std::set<std::string> out;
  if (label == "export") {
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line))
      if (!line.empty()) out.insert(line.substr(0, line.find(',')));
    return out;
  }
  for (const auto& row : r.json()) out.insert(row["case"].get<std::string>());
  return out;
}

// ------------------------------------------------------------------------------------------------
// The matrix's commands. In `args`, "@" stands for the target: the case received at the target
// agency (`on_case`) or the agency's code; "#" for a fresh name (a login, an agency code);
// "FILE" for a file holding `file_text` (its "@" replaced too).

struct Command {
  std::string label;
  std::vector<std::string> args;
  std::vector<std::string> may = {};  // the roles that may; empty: every role
  bool on_case = false;
  int not_found = 4;  // the exit code for a name that does not exist (an import's bad row: 2)
  std::string file_text = {};
};

const std::vector<Command> kReads = {
    {.label = "show", .args = {"show", "@", "--json"}, .on_case = true},
    {.label = "show as text", .args = {"show", "@"}, .on_case = true},
    {.label = "list", .args = {"list", "--agency", "@", "--json"}},
    {.label = "list as text", .args = {"list", "--agency", "@"}},
    {.label = "overdue", .args = {"overdue", "--agency", "@", "--json"}},
    {.label = "chase", .args = {"chase", "--agency", "@", "--json"}},
    {.label = "timeliness", .args = {"timeliness", "--year", "2024", "--agency", "@", "--json"}},
    {.label = "report", .args = {"report", "--year", "2024", "--agency", "@", "--format", "json"}},
    {.label = "figures list", .args = {"figures", "list", "--agency", "@", "--json"}},
    {.label = "export", .args = {"export", "--agency", "@"}},
    {.label = "files", .args = {"files", "@", "--json"}, .on_case = true},
    {.label = "search", .args = {"search", "征地补偿", "--agency", "@", "--json"}},
    {.label = "annual-report", .args = {"annual-report", "--year", "2024", "--agency", "@"}},
};

const std::vector<Command> kWrites = {
    {.label = "event",
     .args = {"event", "@", "complaint-filed", "--on", "2024-12-02"},
     .may = {"registrar", "handler", "admin"},
     .on_case = true},
    {.label = "correct",
     .args = {"event", "@", "corrected", "--on", "2024-12-02", "--field", "subject", "--value", "#", "--note", "错别字"},
     .may = {"registrar", "handler", "admin"},
     .on_case = true},
    {.label = "receive",
     .args = {"receive", "--agency", "@", "--received", "2024-06-03", "--channel", "post", "--applicant-type", "person",
              "--applicant", "李四"},
     .may = {"registrar", "admin"}},
    {.label = "figures set",
     .args = {"figures", "set", "--agency", "@", "--year", "2024", "proactive.total=5"},
     .may = {"statistician", "admin"}},
    {.label = "figures baseline",
     .args = {"figures", "baseline", "--agency", "@", "--before", "2024", "complaints=3"},
     .may = {"statistician", "admin"}},
    {.label = "report sign-off",
     .args = {"report", "sign-off", "--year", "2024", "--agency", "@"},
     .may = {"statistician", "admin"}},
    {.label = "agency add",
     .args = {"agency", "add", "#", "--name", "新设机构", "--kind", "department", "--parent", "@"},
     .may = {"admin"}},
    {.label = "user add",
     .args = {"user", "add", "#", "--name", "新成员", "--role", "handler", "--agency", "@", "--db-login"},
     .may = {"admin"}},
    {.label = "export with personal data",
     .args = {"export", "--agency", "@", "--include-personal-data"},
     .may = {"admin"}},
    {.label = "attach",
     .args = {"attach", "@", "FILE"},
     .may = {"registrar", "handler", "admin"},
     .on_case = true,
     .file_text = "送达回证 @\n"},
    {.label = "annual-report text set",
     .args = {"annual-report", "text", "set", "--year", "2024", "--agency", "@", "--section", "1", "FILE"},
     .may = {"statistician", "admin"},
     .file_text = "总体情况。\n"},
    {.label = "agency remedy",
     .args = {"agency", "remedy", "@", "--reconsideration-organ", "某县人民政府", "--court", "某县人民法院",
              "--number-prefix", "某信"},
     .may = {"admin"}},
    {.label = "import a case",
     .args = {"import", "FILE"},
     .may = {"admin"},
     .not_found = 2,
     .file_text =
         "case,event,on,agency,channel,applicant_type,applicant\nnew-1,received,2024-06-04,@,post,person,王五\n"},
    {.label = "import an event",
     .args = {"import", "FILE"},
     .may = {"admin"},
     .on_case = true,
     .not_found = 2,
     .file_text = "case,event,on\n@,complaint-filed,2024-12-03\n"},
};

// A name that does not exist, standing in for an out-of-scope target: a case number of the same
// agency and year that was never given, or an agency code nobody has.
std::string missing_case(const std::string& case_no) { return case_no.substr(0, case_no.rfind('-')) + "-9999"; }
const std::string kMissingAgency = "zz";
std::string missing_name(const Command& cmd, const std::string& name) {
  return cmd.on_case ? missing_case(name) : kMissingAgency;
}

// The argument after `word` on a command line.
std::string arg_after(const std::vector<std::string>& args, const std::string& word) {
  auto it = std::find(args.begin(), args.end(), word);
  return it == args.end() || it + 1 == args.end() ? "" : *(it + 1);
}

// Runs planned side by side, then checked: exit codes, one-line refusals with nothing on stdout,
// messages that do not tell out of scope from nonexistent (nor in scope from out of scope, for a
// role's refusal).
class Plan {
 public:
  // `one_at_a_time_per_case`: runs naming the same case run one after the other, in the order
  // planned (events on one case must not race each other).
  explicit Plan(Office& o, bool one_at_a_time_per_case = false) : o_(o), per_case_(one_at_a_time_per_case) {}

  struct Run {
    std::string what;
    sec::Invocation inv;
    int code = 0;
    std::string name, file, fresh;  // the target's name, the file and the fresh name on the command line
    std::string case_no;            // the case it names, if any
    long same_message_as = -1;
  };

  // `m` runs `cmd` against the target agency `t`; the run's index.
  size_t add(const Member& m, const Command& cmd, const std::string& t) {
    const std::string name = cmd.on_case ? o_.case_at.at(t) : t;
    Run r = expand(m, cmd, name);
    r.what = m.label() + ": " + cmd.label + " on " + t + " (" + relation(m.agency, t) + ")";
    if (cmd.on_case) r.case_no = name;
    if (!may(cmd.may, m)) {
      // Refused for the role before anything else: the same message whatever it names.
      r.code = 6;
      auto first = first_runs_.find({m.login, cmd.label});
      if (first != first_runs_.end()) r.same_message_as = static_cast<long>(first->second);
    } else if (under(t, m.agency)) {
      r.code = 0;
    } else {
      r.code = cmd.not_found;
      r.same_message_as = static_cast<long>(missing(m, cmd, name));
    }
    runs_.push_back(std::move(r));
    first_runs_.emplace(std::make_pair(m.login, cmd.label), runs_.size() - 1);
    return runs_.size() - 1;
  }
  // Anything else, expected to exit `code`.
  size_t add(const std::string& what, sec::Invocation inv, int code) {
    Run r;
    r.what = what;
    r.inv = std::move(inv);
    r.code = code;
    runs_.push_back(std::move(r));
    return runs_.size() - 1;
  }

  void run(int parallel = 8) {
    // In waves: a run naming a case goes in the wave after the last one naming it.
    std::vector<std::vector<size_t>> waves;
    std::map<std::string, size_t> last_wave;
    for (size_t i = 0; i < runs_.size(); ++i) {
      size_t w = 0;
      if (per_case_ && !runs_[i].case_no.empty()) {
        auto it = last_wave.find(runs_[i].case_no);
        w = it == last_wave.end() ? 0 : it->second + 1;
        last_wave[runs_[i].case_no] = w;
      }
      if (waves.size() <= w) waves.resize(w + 1);
      waves[w].push_back(i);
    }
    results_.assign(runs_.size(), {});
    for (const auto& wave : waves) {
      std::vector<sec::Invocation> all;
      for (size_t i : wave) all.push_back(runs_[i].inv);
      auto results = sec::run_all(all, parallel);
      for (size_t k = 0; k < wave.size(); ++k) results_[wave[k]] = std::move(results[k]);
    }
  }
  const RunResult& result(size_t i) const { return results_.at(i); }
  const Run& planned(size_t i) const { return runs_.at(i); }
  size_t size() const { return runs_.size(); }

  // Every run's exit code; refusals: an error line, nothing on stdout, and the message of the run
  // it must not be told from.
  void check() const {
    for (size_t i = 0; i < runs_.size(); ++i) {
      const Run& p = runs_[i];
      const RunResult& r = results_[i];
      INFO(p.what << "\n  gongkai " << shown(p.inv.args) << "\n  exit " << r.code
                  << "\n  stdout: " << r.out.substr(0, 400) << "\n  stderr: " << r.err);
      CHECK(r.code == p.code);
      if (p.code == 0 || r.code == 0) continue;
      CHECK(r.out.empty());
      CHECK(last_line(r.err).rfind("error: ", 0) == 0);
      if (p.same_message_as >= 0) {
        const size_t j = static_cast<size_t>(p.same_message_as);
        INFO("must read as: gongkai " << shown(runs_[j].inv.args) << "\n  stderr: " << results_[j].err);
        CHECK(normalized(i) == normalized(j));
      }
    }
  }

 private:
  Run expand(const Member& m, const Command& cmd, const std::string& name) {
    Run r;
    r.name = name;
    std::vector<std::string> args = cmd.args;
    for (auto& a : args) {
      if (a == "@") a = name;
      if (a == "#") a = r.fresh = o_.logins.make("n");
      if (a == "FILE") {
        std::string text = cmd.file_text;
        for (size_t p; (p = text.find('@')) != std::string::npos;) text.replace(p, 1, name);
        // Numbered across every plan of the office: two plans must not write each other's files.
        a = r.file = o_.files.write("import-" + std::to_string(++o_.files_written) + ".csv", text);
      }
    }
    r.inv = o_.as(m, args);
    return r;
  }
  // The run of `cmd` by `m` against a name that does not exist in place of `name`.
  size_t missing(const Member& m, const Command& cmd, const std::string& name) {
    const std::string gone = missing_name(cmd, name);
    auto key = std::make_tuple(m.login, cmd.label, gone);
    if (auto it = missing_runs_.find(key); it != missing_runs_.end()) return it->second;
    Run r = expand(m, cmd, gone);
    r.what = m.label() + ": " + cmd.label + " on " + gone + " (does not exist)";
    r.code = cmd.not_found;
    runs_.push_back(std::move(r));
    missing_runs_[key] = runs_.size() - 1;
    return runs_.size() - 1;
  }
  static std::string last_line(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s.substr(s.rfind('\n') == std::string::npos ? 0 : s.rfind('\n') + 1);
  }
  // A run's message with its target's name and its file's path taken out.
  std::string normalized(size_t i) const {
    std::string err = results_[i].err;
    const Run& p = runs_[i];
    if (!p.file.empty())
      for (size_t at; (at = err.find(p.file)) != std::string::npos;) err.replace(at, p.file.size(), "FILE");
    if (!p.fresh.empty()) err = sec::replace_token(err, p.fresh, "#");
    return p.name.empty() ? err : sec::replace_token(err, p.name, "@");
  }

  Office& o_;
  bool per_case_;
  std::vector<Run> runs_;
  std::vector<RunResult> results_;
  std::map<std::pair<std::string, std::string>, size_t> first_runs_;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> missing_runs_;
};

// What a member reading `cmd` must see: what the administrator sees of the same agency, with the
// personal data masked where the member may not see it. `scope` = the member's run had no
// --agency and the administrator's had the member's agency: the fields naming it are left out.
void check_read(const Member& m, const Command& cmd, const RunResult& mine, const RunResult& admins, bool scope) {
  if (cmd.label == "show as text" || cmd.label == "list as text") {
    if (m.sees_personal_data()) {
      CHECK(mine.out.find(kApplicant) != std::string::npos);
      CHECK(mine.out == admins.out);
    } else {
      CHECK(mine.out.find(kApplicant) == std::string::npos);
      CHECK(mine.out.find(kContact) == std::string::npos);
      CHECK(mine.out.find(masked(kApplicant)) != std::string::npos);
    }
    return;
  }
  if (cmd.label == "export") {
    // A member's export is masked unless it asks (and may ask): the administrator's masked export.
    CHECK(mine.out.find(kApplicant) == std::string::npos);
    CHECK(mine.out.find(kContact) == std::string::npos);
    CHECK(case_numbers(cmd.label, mine) == case_numbers(cmd.label, admins));
    CHECK(mine.out == admins.out);
    return;
  }
  if (cmd.label == "annual-report") {
    // Counts and the agency's own texts only; without --agency the document covers the member's
    // scope under another title, so only the same target compares.
    CHECK(mine.out.find(kApplicant) == std::string::npos);
    if (!scope) CHECK(mine.out == admins.out);
    return;
  }
  json expected = admins.json(), seen = mine.json();
  if ((cmd.label == "show" || cmd.label == "list" || cmd.label == "search") && !m.sees_personal_data())
    expected = masked_view(expected);
  if (scope)
    for (auto* j : {&expected, &seen})
      if (j->is_object())
        for (const char* key : {"agency", "agency_name"}) j->erase(key);
  CHECK(seen == expected);
}

// ------------------------------------------------------------------------------------------------
// The matrix, in three parts over one office.

// Reading: every member, every read command, every target; and each read command without --agency
// (what the member sees is its scope). Reading writes nothing.
void matrix_reads(Office& o) {
  o.fold();
  const std::string before = o.db.fingerprint();
  Plan plan(o);
  struct Compare {
    const Member* m;
    const Command* cmd;
    size_t mine, admins;
    bool scope;
  };
  std::vector<Compare> compare;
  std::map<std::string, size_t> admin_runs;
  auto admin_run = [&](const Command& cmd, const std::string& t) {
    std::vector<std::string> args = cmd.args;
    for (auto& a : args)
      if (a == "@") a = cmd.on_case ? o.case_at.at(t) : t;
    if (cmd.label == "export") args.push_back("--mask-personal-data");
    const std::string key = shown(args);
    if (!admin_runs.count(key)) admin_runs[key] = plan.add("the administrator: " + key, o.as_admin(args), 0);
    return admin_runs[key];
  };
  for (const auto& m : o.members)
    for (const auto& cmd : kReads) {
      for (const auto& t : kTargets) {
        size_t i = plan.add(m, cmd, t);
        if (plan.planned(i).code == 0) compare.push_back({&m, &cmd, i, admin_run(cmd, t), false});
      }
      if (cmd.on_case) continue;
      // Without --agency: everything the member sees, which is its agency's subtree.
      std::vector<std::string> args;
      for (size_t k = 0; k < cmd.args.size(); ++k)
        if (cmd.args[k] == "--agency")
          ++k;
        else
          args.push_back(cmd.args[k]);
      size_t i = plan.add(m.label() + ": " + cmd.label + " without --agency", o.as(m, args), 0);
      compare.push_back({&m, &cmd, i, admin_run(cmd, m.agency), true});
    }
  plan.run();
  plan.check();
  for (const auto& c : compare) {
    INFO(plan.planned(c.mine).what << "\n  compared with " << plan.planned(c.admins).what);
    if (plan.result(c.mine).code != 0 || plan.result(c.admins).code != 0) continue;  // failed above
    check_read(*c.m, *c.cmd, plan.result(c.mine), plan.result(c.admins), c.scope);
  }
  const std::string after = o.db.fingerprint();
  INFO("changed by reading: " << changed_tables(before, after));
  CHECK(after == before);
}

// What a member's successful write must have done, as the database holds it.
void check_written(Office& o, const Member& m, const Command& cmd, const std::string& t, const RunResult& r,
                   const Plan::Run& p) {
  auto q = [](const std::string& text) { return "'" + text + "'"; };
  if (cmd.label == "event" || cmd.label == "import an event") {
    // Recorded, with the member as its actor (never free text).
    const std::string on = cmd.label == "event" ? arg_after(cmd.args, "--on") : "2024-12-03";  // the file's date
    CHECK(o.count("select count(*) from gk_event e join gk_case c on c.id = e.case_id where c.case_no = " +
                  q(o.case_at.at(t)) + " and e.kind = 'complaint-filed' and e.occurred_on = " + q(on) +
                  " and e.actor = " + q(m.login)) == 1);
  } else if (cmd.label == "receive") {
    const std::string no = r.out.substr(0, r.out.find('\n'));
    CHECK(no.rfind(t + "-2024-", 0) == 0);
    CHECK(o.db.scalar("select a.code || ' ' || e.actor from gk_case c join gk_agency a on a.id = c.agency_id "
                      "join gk_event e on e.case_id = c.id and e.seq = 1 where c.case_no = " +
                      q(no)) == t + " " + m.login);
  } else if (cmd.label == "figures set") {
    CHECK(o.count("select count(*) from gk_figure f join gk_agency a on a.id = f.agency_id where a.code = " + q(t) +
                  " and f.year = 2024 and f.key = 'proactive.total' and f.value = 5") == 1);
  } else if (cmd.label == "figures baseline") {
    CHECK(o.count("select count(*) from gk_baseline b join gk_agency a on a.id = b.agency_id where a.code = " + q(t) +
                  " and b.before_year = 2024 and b.key = 'complaints' and b.value = 3") == 1);
  } else if (cmd.label == "agency add") {
    CHECK(o.db.scalar("select p.code from gk_agency a join gk_agency p on p.id = a.parent_id where a.code = " +
                      q(arg_after(p.inv.args, "add"))) == t);
  } else if (cmd.label == "user add") {
    const std::string login = arg_after(p.inv.args, "add");
    CHECK(o.db.scalar("select m.role || ' ' || m.created_by || ' ' || a.code from gk_member m join gk_member_agency "
                      "ma on ma.login = m.login join gk_agency a on a.id = ma.agency_id where m.login = " +
                      q(login)) == "handler " + m.login + " " + t);
  } else if (cmd.label == "export with personal data") {
    CHECK(r.out.find(kApplicant) != std::string::npos);
    CHECK(r.out.find(kContact) != std::string::npos);
    CHECK(o.count("select count(*) from gk_access_log l join gk_agency a on a.id = l.agency_id where l.login = " +
                  q(m.login) + " and a.code = " + q(t)) == 1);
  } else if (cmd.label == "attach") {
    // Kept, its bytes and hash as written, with the member as its actor.
    CHECK(o.count("select count(*) from gk_attachment a join gk_case c on c.id = a.case_id join gk_attachment_data d "
                  "on d.attachment_id = a.id where c.case_no = " + q(o.case_at.at(t)) + " and a.actor = " + q(m.login) +
                  " and convert_from(d.data, 'UTF8') = " + q("送达回证 " + o.case_at.at(t) + "\n") +
                  " and a.sha256 = encode(sha256(d.data), 'hex')") == 1);
  } else if (cmd.label == "annual-report text set") {
    CHECK(o.count("select count(*) from gk_annual_text x join gk_agency a on a.id = x.agency_id where a.code = " +
                  q(t) + " and x.year = 2024 and x.section = 1") >= 1);
  } else if (cmd.label == "agency remedy") {
    CHECK(o.count("select count(*) from gk_notice_setting s join gk_agency a on a.id = s.agency_id where a.code = " +
                  q(t) + " and s.set_by = " + q(m.login) + " and s.court = '某县人民法院'") == 1);
  } else if (cmd.label == "correct") {
    // On the record by the member; the case's subject is its latest correction's (others may
    // have corrected it since).
    CHECK(o.count("select count(*) from gk_case c join gk_event e on e.case_id = c.id where c.case_no = " +
                  q(o.case_at.at(t)) + " and e.kind = 'corrected' and e.actor = " + q(m.login) +
                  " and e.details->>'value' = " + q(p.fresh)) == 1);
    CHECK(o.count("select count(*) from gk_case c where c.case_no = " + q(o.case_at.at(t)) +
                  " and c.subject = (select e.details->>'value' from gk_event e where e.case_id = c.id and "
                  "e.kind = 'corrected' order by e.seq desc limit 1)") == 1);
  } else if (cmd.label == "report sign-off") {
    // A new version under the installation's code, signed by the member, with the target's counts.
    CHECK(o.count("select count(*) from gk_signoff where own and installation = '320899' and agency = " + q(t) +
                  " and signed_by = " + q(m.login) + " and national->'applications'->'rows'->'new'->>'total' <> '0'") ==
          1);
  } else if (cmd.label == "import a case") {
    CHECK(o.count("select count(*) from gk_case c join gk_agency a on a.id = c.agency_id join gk_event e on "
                  "e.case_id = c.id join gk_case_personal p on p.case_id = c.id where a.code = " +
                  q(t) + " and p.applicant = '王五' and e.actor = " + q(m.login)) == 1);
  } else {
    FAIL("no check for " << cmd.label);
  }
}

// Writing: every member, every write command, every target. The refusals first, side by side
// (nothing written by any of them); then the writes that must happen, each checked for what it did.
void matrix_writes(Office& o) {
  o.fold();
  const std::string before = o.db.fingerprint();
  Plan refusals(o), writes(o, /*one_at_a_time_per_case=*/true);
  struct Write {
    const Member* m;
    const Command* cmd;
    std::string target;
  };
  std::vector<Write> to_check;
  for (const auto& cmd : kWrites)
    for (const auto& m : o.members)
      for (const auto& t : kTargets) {
        if (may(cmd.may, m) && under(t, m.agency)) {
          writes.add(m, cmd, t);
          to_check.push_back({&m, &cmd, t});
        } else {
          refusals.add(m, cmd, t);
        }
      }
  refusals.run();
  refusals.check();
  const std::string after = o.db.fingerprint();
  {
    INFO("changed by refused writes: " << changed_tables(before, after));
    CHECK(after == before);
  }
  writes.run();
  writes.check();
  for (size_t i = 0; i < to_check.size(); ++i) {
    if (writes.result(i).code != 0) continue;  // failed above
    INFO(writes.planned(i).what);
    check_written(o, *to_check[i].m, *to_check[i].cmd, to_check[i].target, writes.result(i), writes.planned(i));
  }
}

// The commands that name no agency: members (user list, passwd, disable), verify, calendar load,
// a top-level agency, init.
void matrix_member_commands(Office& o) {
  const Member& admin = o.member("admin");
  const Member& ot_registrar = o.member("registrar", "ot");
  const Member victim = o.add_member("handler", "hx-zj");  // disabled at the end, by the admin only
  const std::string nobody = o.logins.make("gone");        // a login no member has
  // A whole official year: 2025 as gongkai ships it (its own file format), from this source tree.
  std::string year_2025;
  {
    std::ifstream shipped(std::string(GONGKAI_SOURCE_DIR) + "/workflows/data/cn-calendar.txt");
    REQUIRE(shipped.good());
    for (std::string line; std::getline(shipped, line);)
      if (line.rfind("2025 ", 0) == 0) year_2025 += line + "\n";
  }
  REQUIRE(!year_2025.empty());
  const std::string calendar = o.files.write("2025.txt", year_2025);

  o.fold();
  const std::string before = o.db.fingerprint();
  Plan refusals(o);
  for (const auto& m : o.members) {
    const bool is_admin = m.role == "admin";
    refusals.add(m.label() + ": calendar load", o.as(m, {"calendar", "load", calendar}), 6);
    refusals.add(m.label() + ": init", o.as(m, {"init"}), 6);
    refusals.add(m.label() + ": a top-level agency",
                 o.as(m, {"agency", "add", "top", "--name", "顶级机构", "--kind", "government"}), 6);
    if (!is_admin) {
      refusals.add(m.label() + ": verify", o.as(m, {"verify"}), 6);
      refusals.add(m.label() + ": import", o.as(m, {"import", o.files.write("empty.csv", "case,event,on\n")}), 6);
      refusals.add(m.label() + ": user disable", o.as(m, {"user", "disable", victim.login}), 6);
      const Member& other = m.login == o.member("handler").login ? o.member("registrar") : o.member("handler");
      refusals.add(m.label() + ": another member's password",
                   o.as(m, {"user", "passwd", other.login}, kPassword + "\n"), 6);
    }
  }
  // The admin of hx does not manage ot's registrar: "no member", as for a login nobody has.
  size_t gone_disable =
      refusals.add("the admin of hx: user disable (no such member)", o.as(admin, {"user", "disable", nobody}), 4);
  size_t ot_disable = refusals.add("the admin of hx: user disable of ot's registrar",
                                   o.as(admin, {"user", "disable", ot_registrar.login}), 4);
  size_t gone_passwd = refusals.add("the admin of hx: passwd (no such member)",
                                    o.as(admin, {"user", "passwd", nobody}, kPassword + "\n"), 4);
  size_t ot_passwd = refusals.add("the admin of hx: passwd of ot's registrar",
                                  o.as(admin, {"user", "passwd", ot_registrar.login}, kPassword + "\n"), 4);
  refusals.run();
  refusals.check();
  auto message = [&](size_t i, const std::string& login) {
    return sec::replace_token(refusals.result(i).err, login, "@");
  };
  CHECK(message(ot_disable, ot_registrar.login) == message(gone_disable, nobody));
  CHECK(message(ot_passwd, ot_registrar.login) == message(gone_passwd, nobody));
  const std::string after = o.db.fingerprint();
  {
    INFO("changed by refusals: " << changed_tables(before, after));
    CHECK(after == before);
  }

  // What members may do here, side by side: list the members they may see, set their own
  // password (the admin: also those of the members it manages), verify (the admin: its scope).
  const Member city_admin = o.add_member("admin", "c");  // an admin of every agency
  Plan allowed(o);
  std::vector<size_t> lists, own_passwords;
  for (const auto& m : o.members) {
    lists.push_back(allowed.add(m.label() + ": user list", o.as(m, {"user", "list", "--json"}), 0));
    own_passwords.push_back(
        allowed.add(m.label() + ": its own password", o.as(m, {"user", "passwd", m.login}, kPassword + "\n"), 0));
  }
  allowed.add("the admin of hx: the password of a member it manages",
              o.as(admin, {"user", "passwd", victim.login}, kPassword + "\n"), 0);
  size_t verify = allowed.add("the admin of hx: verify", o.as(admin, {"verify", "--json"}), 0);
  // A top-level agency is the installation administrator's alone, even for an admin of all.
  allowed.add("the admin of c: a top-level agency",
              o.as(city_admin, {"agency", "add", "top", "--name", "顶级机构", "--kind", "government"}), 6);
  allowed.run();
  allowed.check();

  // user list: a member sees itself; the admin the members it manages (all of whose agencies are
  // in its scope): not ot's registrar, nor the city's admin.
  std::set<std::string> managed;
  for (const auto& m : o.members)
    if (under(m.agency, "hx")) managed.insert(m.login);
  for (const auto& u : o.admin_json({"user", "list", "--json"}))
    if (u["created_by"] == admin.login || u["login"] == victim.login) managed.insert(u["login"].get<std::string>());
  for (size_t k = 0; k < o.members.size(); ++k) {
    const Member& m = o.members[k];
    const RunResult& r = allowed.result(lists[k]);
    if (r.code != 0) continue;  // failed above
    INFO(m.label() << ": user list");
    std::set<std::string> seen;
    for (const auto& u : r.json()) seen.insert(u["login"].get<std::string>());
    CHECK(seen == (m.role == "admin" ? managed : std::set<std::string>{m.login}));
    CHECK(o.db.scalar("select password_set_at is not null from gk_member where login = '" + m.login + "'") == "t");
  }
  // verify: the admin's covers its scope, which is intact.
  if (allowed.result(verify).code == 0) {
    auto j = allowed.result(verify).json();
    CHECK(j["cases"] == o.count("select count(*) from gk_case c join gk_agency_closure cl on cl.agency_id = "
                                "c.agency_id join gk_agency a on a.id = cl.ancestor_id where a.code = 'hx'"));
    CHECK(j["ok"] == true);
  }

  // The calendar is every agency's: the admin of the city (all of them) may load it.
  {
    auto r = o.run(city_admin, {"calendar", "load", calendar});
    INFO("the admin of c: calendar load\n" << r.err);
    CHECK(r.code == 0);
    CHECK(o.admin({"agency", "add", "top", "--name", "顶级机构", "--kind", "government"}) == "agency top added");
  }

  // Last: the admin disables the member of its scope.
  auto r = o.run(admin, {"user", "disable", victim.login});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(o.db.scalar("select disabled_by from gk_member where login = '" + victim.login + "'") == admin.login);
}

// Runs a query as a member: its first column of every row.
std::vector<std::string> sql_column(pqxx::connection& c, const std::string& sql) {
  pqxx::work tx(c);
  std::vector<std::string> out;
  for (const auto& row : tx.exec(sql)) out.push_back(row[0].is_null() ? "" : row[0].c_str());
  return out;
}
// A failed statement's message, without "ERROR:" and its context lines.
std::string sql_message(pqxx::connection& c, const std::string& sql) {
  try {
    pqxx::work tx(c);
    tx.exec(sql);
    return "";
  } catch (const pqxx::sql_error& e) {
    std::string m = e.what();
    if (m.rfind("ERROR:  ", 0) == 0) m.erase(0, 8);
    return m.substr(0, m.find('\n'));
  }
}

std::string in_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + ("'" + i + "'");
  return out.empty() ? "null" : out;
}

}  // namespace

TEST_SUITE("security") {
  TEST_CASE(
      "the matrix: each role of a county × its own agency, a child, the parent, the sibling county × every command") {
    Office o;  // one office for the whole matrix: its parts run in order
    matrix_reads(o);
    matrix_writes(o);
    matrix_member_commands(o);
  }

  TEST_CASE("members act as themselves: --actor, and GONGKAI_ACTOR naming another, are refused") {
    Office o;
    const Member& registrar = o.member("registrar");
    const std::string& c = o.case_at.at("hx");
    o.fold();
    const std::string before = o.db.fingerprint();
    sec::Invocation forged = o.as(registrar, {"event", c, "complaint-filed", "--on", "2024-12-02"});
    forged.env["GONGKAI_ACTOR"] = o.member("handler").login;
    std::vector<sec::Invocation> attempts = {
        o.as(registrar, {"--actor", "head-zhao", "event", c, "complaint-filed", "--on", "2024-12-02"}),
        o.as(registrar, {"--actor", o.member("admin").login, "event", c, "complaint-filed", "--on", "2024-12-02"}),
        forged,
        o.as(registrar, {"--actor", "head-zhao", "receive", "--agency", "hx", "--received", "2024-06-03", "--channel",
                         "post", "--applicant-type", "person", "--applicant", "李四"}),
        o.as(o.member("admin"), {"--actor", "importer", "import",
                                 o.files.write("a.csv", "case,event,on\n" + c + ",complaint-filed,2024-12-02\n")}),
    };
    auto results = sec::run_all(attempts);
    for (size_t i = 0; i < results.size(); ++i) {
      INFO("gongkai " << shown(attempts[i].args) << "\nstderr: " << results[i].err);
      CHECK(results[i].code == 6);
    }
    CHECK(o.db.fingerprint() == before);

    // --actor is refused for members even naming itself (the contract: it is the administrator's);
    // GONGKAI_ACTOR naming itself is no lie. Either way the event records the member.
    auto self = o.run(registrar, {"--actor", registrar.login, "event", c, "complaint-filed", "--on", "2024-12-02"});
    CHECK(self.code == 6);
    CHECK(o.db.fingerprint() == before);
    sec::Invocation as_itself = o.as(registrar, {"event", c, "complaint-filed", "--on", "2024-12-02"});
    as_itself.env["GONGKAI_ACTOR"] = registrar.login;
    auto r = sec::run_all({as_itself}).at(0);
    INFO(r.err);
    CHECK(r.code == 0);
    r = o.run(o.member("handler"), {"event", c, "complaint-filed", "--on", "2024-12-03", "--json"});
    CHECK(r.code == 0);
    auto events = o.admin_json({"show", c, "--json"})["events"];
    REQUIRE(events.size() == 3);
    CHECK(events[1]["actor"] == registrar.login);
    CHECK(events[2]["actor"] == o.member("handler").login);
    // The administrator may still name the actor (bulk and test use).
    o.admin({"--actor", "clerk-wang", "event", c, "complaint-filed", "--on", "2024-12-04"});
    CHECK(o.admin_json({"show", c, "--json"})["events"][3]["actor"] == "clerk-wang");
  }

  TEST_CASE("a disabled member is refused everything and its role can no longer log in") {
    Office o;
    const Member clerk = o.add_member("registrar", "hx");
    CHECK(o.run(clerk, {"show", o.case_at.at("hx")}).code == 0);
    o.admin({"user", "disable", clerk.login});
    o.fold();
    const std::string before = o.db.fingerprint();
    std::vector<std::vector<std::string>> commands = {
        {"show", o.case_at.at("hx")},
        {"list", "--json"},
        {"receive", "--agency", "hx", "--received", "2024-06-03", "--channel", "post", "--applicant-type", "person",
         "--applicant", "李四"},
        {"event", o.case_at.at("hx"), "complaint-filed", "--on", "2024-12-02"},
        {"report", "--year", "2024", "--format", "json"},
        {"overdue", "--json"},
        {"export"},
        {"user", "list"},
    };
    // Every command as the member is refused: not permitted (exit 6), not an internal error, even
    // though what refuses it first is the server (its role may no longer log in).
    for (const auto& args : commands) {
      auto r = o.run(clerk, args);
      INFO("gongkai " << shown(args) << "\nstderr: " << r.err);
      CHECK(r.code == 6);
    }
    CHECK(o.db.fingerprint() == before);
    CHECK_THROWS(pqxx::connection(o.conninfo(clerk)));
    CHECK(o.db.scalar("select rolcanlogin from pg_roles where rolname = '" + clerk.login + "'") == "f");

    // Acting as it through gongkai_web (which may SET ROLE to any member) sees and does nothing.
    pqxx::connection web(o.db.conninfo() + " user=gongkai_web");
    pqxx::nontransaction tx(web);
    tx.exec("set role " + tx.quote_name(clerk.login));
    CHECK(tx.exec("select count(*) from gk_case")[0][0].as<int>() == 0);
    CHECK(tx.exec("select count(*) from gk_case_personal")[0][0].as<int>() == 0);
    CHECK(tx.exec("select count(*) from gk_agency")[0][0].as<int>() == 0);
    CHECK_THROWS_WITH(tx.exec("select gk_append('" + o.case_at.at("hx") +
                              "', 2, 'complaint-filed', '2024-12-02', null, '{}', null, '{}', 1)"),
                      doctest::Contains("is not an enabled member"));
    CHECK(o.db.fingerprint() == before);
    // The list of members says so.
    bool disabled = false;
    for (const auto& u : o.admin_json({"user", "list", "--json"}))
      disabled |= u["login"] == clerk.login && u["disabled"] == true;
    CHECK(disabled);
  }

  // The database keeps each member's scope (migration 007, gk_member_scope) rather than working it
  // out at every statement: it must follow the tree as it grows, and be nobody's to change.
  TEST_CASE("a member's scope follows the agency tree: an agency added under its agency is in it at once") {
    Office o;
    const Member& supervisor = o.member("supervisor");
    const Member& registrar = o.member("registrar");
    const Member& other = o.member("registrar", "ot");
    o.admin({"agency", "add", "hx-new", "--name", "海西县新设局", "--kind", "department", "--parent", "hx"});
    o.admin({"agency", "add", "ot-new", "--name", "东山县新设局", "--kind", "department", "--parent", "ot"});
    auto receive_at = [](const std::string& agency) {
      return std::vector<std::string>{"receive", "--agency", agency, "--received", "2024-06-03", "--channel",
                                      "post", "--applicant-type", "person", "--applicant", kApplicant};
    };
    auto mine = o.run(registrar, receive_at("hx-new"));
    INFO(mine.err);
    REQUIRE(mine.code == 0);
    std::string c = mine.out.substr(0, mine.out.find('\n'));
    CHECK(o.run(other, receive_at("hx-new")).code == 4);
    CHECK(o.run(registrar, receive_at("ot-new")).code == 4);
    CHECK(o.run(other, receive_at("ot-new")).code == 0);

    CHECK(o.run(supervisor, {"show", c}).code == 0);
    CHECK(o.run(other, {"show", c}).code == 4);
    std::set<std::string> listed;
    for (const auto& row : json::parse(o.run(supervisor, {"list", "--json"}).out)) listed.insert(row["case"]);
    CHECK(listed.count(c) == 1);

    // By hand: the new agency's case is in the supervisor's rows, the other county's is not; its
    // kept scope is its own to read, nobody's to write.
    pqxx::connection conn(o.conninfo(supervisor));
    CHECK(sql_column(conn, "select a.code from gk_case c join gk_agency a on a.id = c.agency_id "
                           "where a.code like '%-new'") == std::vector<std::string>{"hx-new"});
    CHECK(sql_column(conn, "select login from gk_member_scope") == std::vector<std::string>{supervisor.login});
    CHECK(sql_state(conn, "update gk_member_scope set agencies = '{}'") == "42501");
    CHECK(sql_state(conn, "insert into gk_member_scope values ('x', '{1}')") == "42501");
    CHECK(sql_state(conn, "select gk_member_scope_refresh(array['" + supervisor.login + "'])") == "42501");

    // Agencies added side by side (concurrent transactions) under the member's agency all join its
    // scope: each refresh waits for the other to commit (migration 009), none is lost or clashes.
    std::vector<sec::Invocation> adds;
    for (int i = 0; i < 8; ++i)
      adds.push_back(o.as_admin({"agency", "add", "hx-p" + std::to_string(i), "--name", "海西县并设局" + std::to_string(i),
                                 "--kind", "department", "--parent", "hx"}));
    Office::require_all(adds);
    const std::string kept = "select s.agencies::text from gk_member_scope s where s.login = '" + supervisor.login + "'";
    const std::string truth =
        "select array_agg(distinct cl.agency_id order by cl.agency_id)::text from gk_member_agency ma "
        "join gk_agency_closure cl on cl.ancestor_id = ma.agency_id where ma.login = '" + supervisor.login + "'";
    CHECK(o.db.scalar(kept) == o.db.scalar(truth));
    CHECK(o.db.scalar("select count(*) from gk_member_scope s join gk_agency_closure cl on cl.agency_id = any "
                      "(s.agencies) join gk_agency a on a.id = cl.agency_id and a.code like 'hx-p%' where s.login = '" +
                      supervisor.login + "' and cl.ancestor_id = cl.agency_id") == "8");
  }

  TEST_CASE("hand-written SQL as each member's own role sees and changes nothing outside its scope") {
    Office o;
    // Something in every table: figures and baselines in and out of hx's scope, an export with
    // personal data logged in and out of it, kept counts folded for every scope.
    o.admin({"figures", "set", "--agency", "hx", "--year", "2024", "proactive.total=5"});
    o.admin({"figures", "set", "--agency", "ot", "--year", "2024", "proactive.total=7"});
    o.admin({"figures", "baseline", "--agency", "c", "--before", "2024", "complaints=2"});
    o.admin({"figures", "baseline", "--agency", "hx-zj", "--before", "2024", "complaints=1"});
    REQUIRE(o.run(o.member("admin"), {"export", "--agency", "hx", "--include-personal-data"}).code == 0);
    o.admin({"export", "--agency", "ot", "--include-personal-data"});
    o.fold();
    const std::string before = o.db.fingerprint();

    // Out of scope, per member: the keys of rows it must not see, found by the superuser.
    auto ids = [&](const std::string& sql) {
      pqxx::connection c(o.db.conninfo());
      return sql_column(c, sql);
    };
    auto scope_ids = [&](const Member& m) {
      return ids(
          "select cl.agency_id::text from gk_agency_closure cl join gk_agency a on a.id = cl.ancestor_id "
          "where a.code = '" +
          m.agency + "'");
    };
    // Every base table of gongkai's, and a column of each.
    auto tables =
        ids("select table_name from information_schema.tables where table_schema = 'public' and "
            "table_type = 'BASE TABLE' and table_name like 'gk\\_%' order by 1");
    REQUIRE(tables.size() > 20);
    std::map<std::string, std::string> first_column;
    for (const auto& table : tables)
      first_column[table] = ids("select column_name from information_schema.columns where table_name = '" + table +
                                "' order by ordinal_position limit 1")
                                .at(0);

    for (const auto& m : o.members) {
      CAPTURE(m.label());
      pqxx::connection c(o.conninfo(m));
      const auto mine = scope_ids(m);
      const std::string in_scope = "(" + in_list(mine) + ")";
      const std::string out_cases =
          "(" + in_list(ids("select id::text from gk_case where agency_id::text not in " + in_scope)) + ")";
      const auto out_case_numbers = ids("select case_no from gk_case where agency_id::text not in " + in_scope);
      auto count = [&](const std::string& sql) { return std::stoi(sql_column(c, sql).at(0)); };

      // Reading: nothing outside the scope, the scope itself seen (rows by the agency they belong to).
      const std::vector<std::pair<std::string, std::string>> by_agency = {
          {"gk_case", "agency_id"},           {"gk_figure", "agency_id"},
          {"gk_baseline", "agency_id"},       {"gk_agency", "id"},
          {"gk_agency_closure", "agency_id"}, {"gk_agency_closure", "ancestor_id"},
          {"gk_case_counter", "agency_id"},   {"gk_case_personal", "agency_id"},
          {"gk_event_personal", "agency_id"}, {"gk_access_log", "agency_id"},
      };
      for (const auto& [table, column] : by_agency) {
        CAPTURE(table);
        CHECK(count("select count(*) from " + table + " where " + column + " is null or " + column + "::text not in " +
                    in_scope) == 0);
      }
      for (const auto& table : tables) {
        if (table.rfind("gk_tally_", 0) != 0) continue;
        CAPTURE(table);
        CHECK(count("select count(*) from " + table + " where scope_id::text not in " + in_scope) == 0);
      }
      CHECK(count("select count(*) from gk_event where case_id::text in " + out_cases) == 0);
      CHECK(count("select count(*) from gk_case_history where case_id::text in " + out_cases) == 0);
      CHECK(count("select count(*) from gk_chain_heads where case_no in (" + in_list(out_case_numbers) + ")") == 0);
      CHECK(count("select count(*) from gk_case") ==
            o.count("select count(*) from gk_case where agency_id::text in " + in_scope));
      CHECK(count("select count(*) from gk_event") ==
            o.count("select count(*) from gk_event e join gk_case c on c.id = e.case_id where c.agency_id::text in " +
                    in_scope));
      // Personal data: only for registrars, handlers and admins.
      const int personal = m.sees_personal_data()
                               ? o.count("select count(*) from gk_case_personal where agency_id::text in " + in_scope)
                               : 0;
      CHECK(count("select count(*) from gk_case_personal") == personal);
      CHECK(count("select count(*) from gk_event_personal") == personal);
      const int unmasked = m.sees_personal_data() ? count("select count(*) from gk_case_history") : 0;
      CHECK(count("select count(*) from gk_case_history where not masked") == unmasked);
      // The search's own function (migration 020) reads past row-level security: it answers with
      // the cases of the scope only (every case number has "2024"), even for an agency list forged
      // by hand, and finds none by a name the member may not read.
      const std::string ot_id = o.db.scalar("select id::text from gk_agency where code = 'ot'");
      CHECK(count("select count(*) from gk_search_hits('2024', '%2024%', null, 1000)") ==
            count("select count(*) from gk_case"));
      CHECK(count("select count(*) from gk_search_hits('2024', '%2024%', array[" + ot_id + "], 1000)") ==
            count("select count(*) from gk_case where agency_id = " + ot_id));
      CHECK(count("select count(*) from gk_search_hits('" + kApplicant + "', '%" + kApplicant + "%', null, 1000)") ==
            (m.sees_personal_data() ? count("select count(*) from gk_case") : 0));
      // Members: itself; an admin those it manages (all of whose agencies are in its scope). Never
      // a password hash.
      std::vector<std::string> expected_logins;
      for (const auto& other : o.members)
        if (other.login == m.login || (m.role == "admin" && under(other.agency, m.agency)))
          expected_logins.push_back(other.login);
      std::sort(expected_logins.begin(), expected_logins.end());
      CHECK(sql_column(c, "select login from gk_member order by login collate \"C\"") == expected_logins);
      CHECK(sql_state(c, "select password_hash from gk_member") == "42501");
      CHECK(sql_state(c, "select * from gk_member") == "42501");
      // The access log: the admin's own scope's entries only; nothing for the others.
      CHECK(
          count("select count(*) from gk_access_log") ==
          (m.role == "admin" ? o.count("select count(*) from gk_access_log where agency_id::text in " + in_scope) : 0));

      // Writing any table directly: refused by the database, whatever the rows.
      for (const auto& table : tables) {
        CAPTURE(table);
        const std::string& column = first_column.at(table);
        CHECK(sql_state(c, "insert into " + table + " default values") == "42501");
        CHECK(sql_state(c, "update " + table + " set " + column + " = " + column) == "42501");
        CHECK(sql_state(c, "delete from " + table) == "42501");
        CHECK(sql_state(c, "truncate " + table) == "42501");
      }
      // A forged event on a case of its own scope, with a hash of its choosing.
      const std::string own_case_id =
          ids("select id::text from gk_case where case_no = '" + o.case_at.at("hx") + "'").at(0);
      CHECK(sql_state(c,
                      "insert into gk_event (case_id, seq, kind, occurred_on, actor, recorded_at, details, hash) "
                      "values (" +
                          own_case_id +
                          ", 9, 'answered', '2024-04-01', 'nobody', now(), "
                          "'{\"outcome\": \"disclosed\"}', '\\x00')") == "42501");
      // Switching off the record's protections, or becoming someone else.
      for (const std::string sql :
           {"alter table gk_event disable trigger gk_event_no_update", "alter table gk_event disable trigger all",
            "alter table gk_event no force row level security", "alter table gk_case disable row level security",
            "drop policy gk_scope on gk_case", "set session_replication_role = replica", "set role gongkai_admin",
            "set role gongkai_owner", "set role gongkai_web", "set role gongkai_search",
            "set session authorization gongkai_admin", "drop policy gk_search on gk_case",
            "alter function gk_search_hits(text, text, integer[], integer) owner to gongkai_owner",
            "create table gk_forged (x int)"}) {
        CAPTURE(sql);
        CHECK(sql_state(c, sql) == "42501");
      }
      for (const auto& other : o.members) {
        if (other.login == m.login) continue;
        CHECK(sql_state(c, "set role " + other.login) == "42501");
      }

      // The writing functions themselves, called by hand.
      const std::string row = "'{\"event_count\": 2}'";
      auto append = [&](const std::string& case_no, const std::string& actor) {
        return "select gk_append('" + case_no + "', 2, 'complaint-filed', '2024-12-02', " + actor + ", '{}', null, " +
               row + ", (select version from gk_calendar_state))";
      };
      auto receive = [&](const std::string& agency, const std::string& actor) {
        return "select gk_receive('" + agency + "', " + actor +
               ", '{}', '{\"applicant\": \"李四\"}', "
               "'{\"received_on\": \"2024-06-03\", \"event_count\": 1}', (select version from gk_calendar_state))";
      };
      // Another's name as the actor: refused (for a case outside the scope: "no case" first).
      CHECK(sql_state(c, append(o.case_at.at("hx"), "'clerk-wang'")) == (m.agency == "hx" ? "GK403" : "GK404"));
      CHECK(sql_state(c, receive(m.agency, "'clerk-wang'")) == "GK403");
      // A case or agency outside the scope: "no case", "no agency", as for one that does not exist,
      // whatever the role.
      auto same_as_missing = [&](const std::string& sql_out, const std::string& out, const std::string& sql_gone,
                                 const std::string& gone) {
        CHECK(sql_state(c, sql_out) == "GK404");
        CHECK(sec::replace_token(sql_message(c, sql_out), out, "@") ==
              sec::replace_token(sql_message(c, sql_gone), gone, "@"));
      };
      for (const auto& t : kTargets) {
        if (under(t, m.agency)) continue;
        CAPTURE(t);
        const std::string case_no = o.case_at.at(t), gone = missing_case(case_no);
        same_as_missing(append(case_no, "null"), case_no, append(gone, "null"), gone);
        same_as_missing(receive(t, "null"), t, receive(kMissingAgency, "null"), kMissingAgency);
        auto figures = [](const std::string& agency) {
          return "select gk_figures_set('figure', '" + agency + "', 2024, '{\"proactive.total\": 9}')";
        };
        same_as_missing(figures(t), t, figures(kMissingAgency), kMissingAgency);
        auto log = [](const std::string& agency) {
          return "select gk_log_access('export', '" + agency + "', null, null)";
        };
        same_as_missing(log(t), t, log(kMissingAgency), kMissingAgency);
      }
      // What only some roles, or only the installation's administrator, may do.
      CHECK(sql_state(c, "select gk_member_add('" + o.logins.make("sql") +
                             "', 'x', 'admin', array['ot'], true, null)") == (m.role == "admin" ? "GK404" : "GK403"));
      CHECK(sql_state(c, "select gk_agency_add('sqltop', 'x', 'government', null)") == "GK403");
      CHECK(sql_state(c, "select gk_set_training(false)") == "GK403");
      CHECK(sql_state(c, "select gk_calendar_begin(true)") == "GK403");
      CHECK(sql_state(c, "select gk_tally_rebuild()") == "GK403");
      if (m.role != "admin") CHECK(sql_state(c, "select gk_import_begin()") == "GK403");
    }
    const std::string after = o.db.fingerprint();
    INFO("changed by hand-written SQL: " << changed_tables(before, after));
    CHECK(after == before);
  }

  TEST_CASE("the web server's login role sees nothing and becomes nobody but members") {
    Office o;
    o.fold();
    const std::string before = o.db.fingerprint();
    pqxx::connection web(o.db.conninfo() + " user=gongkai_web");
    for (const std::string table : {"gk_case", "gk_event", "gk_case_personal", "gk_event_personal", "gk_figure",
                                    "gk_tally_applications", "gk_member", "gk_access_log", "gk_agency"}) {
      CAPTURE(table);
      // Not granted to it at all, or no row under row-level security: either way, nothing seen.
      std::string state, rows;
      try {
        rows = sql_column(web, std::string("select count(*) from ") + table).at(0);
      } catch (const pqxx::sql_error& e) {
        state = state_of(e);
      }
      CHECK((state == "42501" || (state.empty() && rows == "0")));
    }
    for (const std::string sql :
         {"set role gongkai_admin", "set role gongkai_owner", "set session_replication_role = replica",
          "alter table gk_event disable trigger all", "delete from gk_event"})
      CHECK(sql_state(web, sql) == "42501");
    std::string state = sql_state(web, "select gk_append('" + o.case_at.at("hx") +
                                           "', 2, 'complaint-filed', '2024-12-02', null, '{}', null, '{}', 1)");
    CHECK((state == "42501" || state == "GK403"));
    // gongkai itself refuses it as a member.
    auto r = sec::run({{"--db", o.db.conninfo() + " user=gongkai_web", "list"}, today(), ""});
    CHECK(r.code == 6);
    // Acting as a member, it is that member, no more.
    pqxx::nontransaction tx(web);
    tx.exec("set role " + tx.quote_name(o.member("supervisor").login));
    CHECK(tx.exec("select count(*) from gk_case")[0][0].as<int>() == 2);
    CHECK(tx.exec("select count(*) from gk_case_personal")[0][0].as<int>() == 0);
    CHECK(o.db.fingerprint() == before);
  }

  TEST_CASE("the hash chain lets nobody who may not see personal data confirm a guess of it") {
    // A supervisor sees every column of an event and of its case but the applicant's name and
    // contact, masked. The chain's hash covers them: unsalted, it would confirm a guess (a name
    // whose first character is shown is a short dictionary away).
    Office o;
    const std::string& c = o.case_at.at("hx");
    for (const std::string role : {"supervisor", "statistician"}) {
      CAPTURE(role);
      pqxx::connection conn(o.conninfo(o.member(role)));
      auto confirms = [&](const std::string& applicant, const std::string& contact) {
        json guess = {{"applicant", applicant}, {"contact", contact}};
        return sql_column(conn,
                          "select coalesce(e.hash = gk_chain_step(gk_chain_genesis(c.case_no), null, gk_event_content(e.seq, "
                          "e.kind, e.occurred_on, e.actor, e.recorded_at, e.details, '" +
                              guess.dump() +
                              "'::jsonb, (select p.salt from gk_event_personal p where p.case_id = e.case_id and p.seq = e.seq))), false) "
                              "from gk_event e join gk_case c on c.id = e.case_id where c.case_no = '" +
                              c + "' and e.seq = 1")
            .at(0);
      };
      CHECK(confirms("张三", kContact) == "f");      // a wrong guess …
      CHECK(confirms(kApplicant, kContact) == "f");  // … and the right one look the same
    }
  }
}
