// gongkai overdue | chase: the supervisor's views (domain.md §3, docs/deadlines.md).
//  - overdue: cases awaiting a reply past their due date (and with --within N, due soon). Its JSON
//    is the contract's list; its text adds the chase sections below, titled apart.
//  - chase: cases with no reply overdue that a supervisor must still chase: third-party
//    consultations past their 15 working days, fee notices unpaid after 20, late correction
//    notices of open cases. Its own JSON object, so that the overdue list stays a plain list.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/command_registry.h"
#include "db/case_store.h"
#include "db/supervision_store.h"
#include "engine/deadline.h"
#include "engine/errors.h"
#include "workflows/regime.h"

namespace gongkai::cli {
namespace {

constexpr int kMaxWithin = 1000;  // working days; about four years

struct SupervisionOptions {
  std::string as_of, agency;
  std::optional<int> within;
};

struct Scope {
  Date as_of;
  std::string agency;  // "" = all
};

Scope resolve_scope(AppContext& ctx, const SupervisionOptions& o) {
  Scope s{o.as_of.empty() ? today() : parse_date(o.as_of, "--as-of"), o.agency};
  if (!s.agency.empty()) db::agency_or_throw(ctx.session(), s.agency);
  return s;
}

std::string scope_text(const Scope& s) {
  return s.agency.empty() ? "all agencies" : "agency " + s.agency + " and everything under it";
}

// ---- the chase lists ----

struct ChaseLists {
  std::vector<db::PausedCase> consultations, fees;
  std::vector<db::LateCorrectionCase> corrections;
};

ChaseLists chase_lists(AppContext& ctx, const Scope& s) {
  return {db::lapsed_pauses(ctx.session(), s.agency, "third-party", s.as_of),
          db::lapsed_pauses(ctx.session(), s.agency, "fee", s.as_of),
          db::late_correction_notices(ctx.session(), s.agency, s.as_of)};
}

nlohmann::json opt_date(const std::optional<Date>& d) { return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr); }

nlohmann::json chase_json(const ChaseLists& l, const Scope& s, const WorkingCalendar& cal) {
  auto paused = [&](const std::vector<db::PausedCase>& list, const char* started) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : list) {
      nlohmann::json row = {{"case", c.case_no},
                            {"agency", c.agency},
                            {"state", c.state},
                            {"received_on", c.received_on.str()},
                            {"due_on", opt_date(c.due_on)},
                            {started, c.paused_on.str()},
                            {"lapsed_on", c.lapses_on.str()},
                            {"working_days_since_lapse", cal.working_days_between(c.lapses_on, s.as_of)}};
      if (!c.amount.empty()) row["amount"] = c.amount;
      j.push_back(row);
    }
    return j;
  };
  nlohmann::json corrections = nlohmann::json::array();
  for (const auto& c : l.corrections) {
    Date by = cal.add_working_days(c.received_on, workflows::kLateCorrectionDays);
    corrections.push_back({{"case", c.case_no},
                           {"agency", c.agency},
                           {"state", c.state},
                           {"received_on", c.received_on.str()},
                           {"notice_on", c.notice_on.str()},
                           {"notice_due_by", by.str()},
                           {"working_days_late", cal.working_days_between(by, c.notice_on)}});
  }
  return {{"as_of", s.as_of.str()},
          {"agency", s.agency.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.agency)},
          {"lapsed_consultations", paused(l.consultations, "consulted_on")},
          {"unpaid_fees", paused(l.fees, "fee_requested_on")},
          {"late_correction_notices", corrections}};
}

void print_chase(const ChaseLists& l, const Scope& s, const WorkingCalendar& cal) {
  auto paused = [&](const std::vector<db::PausedCase>& list, const std::string& title, const char* started,
                    const std::string& todo) {
    std::cout << "\n" << title << "\n";
    if (list.empty()) {
      std::cout << "  none\n";
      return;
    }
    std::cout << "  " << todo << "\n";
    std::cout << fmt::format("  {:<22} {:<14} {:<12} {:<12} {:<12} {}\n", "case", "agency", started, "lapsed",
                             "reply due", "working days since");
    for (const auto& c : list)
      std::cout << fmt::format("  {:<22} {:<14} {:<12} {:<12} {:<12} {}{}\n", c.case_no, c.agency, c.paused_on.str(),
                               c.lapses_on.str(), c.due_on ? c.due_on->str() : "-",
                               cal.working_days_between(c.lapses_on, s.as_of),
                               c.amount.empty() ? "" : "   fee " + c.amount + " yuan");
  };
  paused(l.consultations,
         fmt::format("Third-party consultations past their {} working days (Art. 32)", workflows::kThirdPartyDays),
         "consulted",
         "The third party's period has lapsed: the reply clock runs again. Record third-party-replied and answer.");
  paused(l.fees, fmt::format("Fee notices unpaid after {} working days", workflows::kFeeDays), "fee notice",
         "The applicant did not pay in time: close these as other/fee-unpaid (or record fee-paid if it was paid).");

  std::cout << "\n"
            << fmt::format("Late correction notices of open cases (sent more than {} working days after receipt, Art. 30)",
                           workflows::kLateCorrectionDays)
            << "\n";
  if (l.corrections.empty()) {
    std::cout << "  none\n";
    return;
  }
  std::cout << fmt::format("  {:<22} {:<14} {:<24} {:<12} {:<12} {}\n", "case", "agency", "state", "received",
                           "notice", "due by");
  for (const auto& c : l.corrections)
    std::cout << fmt::format("  {:<22} {:<14} {:<24} {:<12} {:<12} {}\n", c.case_no, c.agency, c.state,
                             c.received_on.str(), c.notice_on.str(),
                             cal.add_working_days(c.received_on, workflows::kLateCorrectionDays).str());
}

// ---- overdue ----

void run_overdue(AppContext& ctx, const SupervisionOptions& o) {
  if (o.within && (*o.within < 0 || *o.within > kMaxWithin))
    throw UsageError(fmt::format("--within must be a number of working days from 0 to {}: {}", kMaxWithin, *o.within));
  Scope s = resolve_scope(ctx, o);
  const auto& cal = ctx.calendar();
  // Due within the next N working days = working_days_left <= N = due before day N + 1.
  Date before = o.within ? cal.add_working_days(s.as_of, *o.within + 1) : s.as_of;
  auto rows = db::cases_due_before(ctx.session(), s.agency, before);

  if (ctx.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows)
      j.push_back({{"case", r.case_no},
                   {"agency", r.agency},
                   {"state", r.state},
                   {"received_on", r.received_on.str()},
                   {"due_on", r.due_on.str()},
                   {"working_days_left", working_days_left(r.due_on, s.as_of, cal)}});
    ctx.print_json(j);
    return;
  }

  std::cout << fmt::format("Replies overdue as of {}{} — {}\n", s.as_of.str(),
                           o.within ? fmt::format(", and due within the next {} working days", *o.within) : "",
                           scope_text(s));
  // For people: grouped by agency (tree order), by due date within each.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const db::DueCase& a, const db::DueCase& b) { return a.agency_path < b.agency_path; });
  int overdue = 0;
  std::string group;
  for (const auto& r : rows) {
    if (r.agency_path != group || group.empty()) {
      group = r.agency_path;
      std::cout << fmt::format("\n{}  {}\n", r.agency, r.agency_name);
      std::cout << fmt::format("  {:<22} {:<24} {:<12} {:<13} {}\n", "case", "state", "received", "due",
                               "working days left");
    }
    int left = working_days_left(r.due_on, s.as_of, cal);
    bool late = r.due_on < s.as_of;
    overdue += late;
    std::string note = late ? "OVERDUE" : (left == 0 ? "due today" : "");
    std::cout << fmt::format("  {:<22} {:<24} {:<12} {:<13} {:>4}  {}\n", r.case_no, r.state, r.received_on.str(),
                             r.due_on.str() + (r.due_provisional ? "*" : ""), left, note);
  }
  if (rows.empty()) std::cout << "\nnone\n";
  std::cout << fmt::format("\n{} overdue", overdue);
  if (o.within) std::cout << fmt::format(", {} due within {} working days", rows.size() - overdue, *o.within);
  std::cout << "\n";
  if (std::any_of(rows.begin(), rows.end(), [](const db::DueCase& r) { return r.due_provisional; }))
    std::cout << "* provisional: the year's official calendar is not loaded (see 'gongkai calendar show YEAR')\n";

  print_chase(chase_lists(ctx, s), s, cal);
}

// ---- chase ----

void run_chase(AppContext& ctx, const SupervisionOptions& o) {
  Scope s = resolve_scope(ctx, o);
  const auto& cal = ctx.calendar();
  auto lists = chase_lists(ctx, s);
  if (ctx.json) {
    ctx.print_json(chase_json(lists, s, cal));
    return;
  }
  std::cout << fmt::format("Cases to chase as of {} — {}\n", s.as_of.str(), scope_text(s));
  print_chase(lists, s, cal);
}

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<SupervisionOptions>();
  auto* cmd = app.add_subcommand("overdue", "Replies overdue (and with --within N, due soon), and the cases to chase");
  cmd->add_option("--as-of", o->as_of, "the date to judge on, YYYY-MM-DD (default: today)");
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->add_option("--within", o->within, "also the replies due within the next N working days");
  cmd->callback([&ctx, o] { ctx.run = [&ctx, o] { run_overdue(ctx, *o); }; });

  auto c = std::make_shared<SupervisionOptions>();
  auto* chase = app.add_subcommand(
      "chase", "Cases to chase with no reply overdue: lapsed consultations, unpaid fees, late correction notices");
  chase->add_option("--as-of", c->as_of, "the date to judge on, YYYY-MM-DD (default: today)");
  chase->add_option("--agency", c->agency, "an agency and everything under it");
  chase->callback([&ctx, c] { ctx.run = [&ctx, c] { run_chase(ctx, *c); }; });
}
const CommandRegistrar reg{"overdue", &setup};

}  // namespace
}  // namespace gongkai::cli
