// gongkai overdue | chase: the supervisor's views (domain.md §3, docs/deadlines.md).
//  - overdue: cases awaiting a reply past their due date (and with --within N, due soon). Its JSON
//    is the contract's list; its text adds the chase sections below, titled apart.
//  - chase: cases with no reply overdue that a supervisor must still chase: third-party
//    consultations past their 15 working days, fee notices unpaid after 20, late correction
//    notices of open cases. Its own JSON object, so that the overdue list stays a plain list.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "app/printable.h"
#include "app/supervision.h"
#include "cli/command_registry.h"
#include "workflows/regime.h"

namespace gongkai::cli {
namespace {

std::string scope_text(const std::string& agency) {
  return agency.empty() ? "all agencies" : "agency " + agency + " and everything under it";
}

void print_chase(const app::ChaseLists& l) {
  auto paused = [&](const std::vector<app::PausedRow>& list, const std::string& title, const char* started,
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
      std::cout << fmt::format("  {:<22} {:<14} {:<12} {:<12} {:<12} {}{}\n", app::printable(c.case_no),
                               app::printable(c.agency), c.paused_on.str(),
                               c.lapses_on.str(), c.due_on ? c.due_on->str() : "-", c.working_days_since_lapse,
                               c.amount.empty() ? "" : "   fee " + app::printable(c.amount) + " yuan");
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
    std::cout << fmt::format("  {:<22} {:<14} {:<24} {:<12} {:<12} {}\n", app::printable(c.case_no),
                             app::printable(c.agency), app::printable(c.state),
                             c.received_on.str(), c.notice_on.str(), c.notice_due_by.str());
}

void run_overdue(AppContext& ctx, const app::OverdueRequest& o) {
  auto l = app::overdue(ctx.app(), o);
  if (ctx.json) {
    ctx.print_json(app::overdue_json(l));
    return;
  }
  std::cout << fmt::format("Replies overdue as of {}{} — {}\n", l.as_of.str(),
                           o.within ? fmt::format(", and due within the next {} working days", *o.within) : "",
                           scope_text(o.agency));
  // For people: grouped by agency (tree order), by due date within each.
  auto rows = l.rows;
  std::stable_sort(rows.begin(), rows.end(),
                   [](const app::OverdueRow& a, const app::OverdueRow& b) { return a.agency_path < b.agency_path; });
  int overdue = 0;
  std::string group;
  for (const auto& r : rows) {
    if (r.agency_path != group || group.empty()) {
      group = r.agency_path;
      std::cout << fmt::format("\n{}  {}\n", app::printable(r.agency), app::printable(r.agency_name));
      std::cout << fmt::format("  {:<22} {:<24} {:<12} {:<13} {}\n", "case", "state", "received", "due",
                               "working days left");
    }
    bool late = r.due_on < l.as_of;
    overdue += late;
    std::string note = late ? "OVERDUE" : (r.working_days_left == 0 ? "due today" : "");
    std::cout << fmt::format("  {:<22} {:<24} {:<12} {:<13} {:>4}  {}\n", app::printable(r.case_no),
                             app::printable(r.state), r.received_on.str(),
                             r.due_on.str() + (r.due_provisional ? "*" : ""), r.working_days_left, note);
  }
  if (rows.empty()) std::cout << "\nnone\n";
  const bool paged = o.limit || o.offset > 0;
  if (paged) {
    // A page's own rows are not the list's totals: those are counted, not listed.
    auto all = app::due_counts(ctx.app(), o);
    std::cout << fmt::format("\nrows {}–{} of the whole list, which has {} overdue", o.offset + 1,
                             o.offset + static_cast<int>(rows.size()), all.overdue);
    if (o.within) std::cout << fmt::format(", {} due within {} working days", all.soon, *o.within);
  } else {
    std::cout << fmt::format("\n{} overdue", overdue);
    if (o.within) std::cout << fmt::format(", {} due within {} working days", rows.size() - overdue, *o.within);
  }
  std::cout << "\n";
  if (std::any_of(rows.begin(), rows.end(), [](const app::OverdueRow& r) { return r.due_provisional; }))
    std::cout << "* provisional: the year's official calendar is not loaded (see 'gongkai calendar show YEAR')\n";

  print_chase(app::chase(ctx.app(), {o.as_of, o.agency}));
}

void run_chase(AppContext& ctx, const app::ChaseRequest& o) {
  auto lists = app::chase(ctx.app(), o);
  if (ctx.json) {
    ctx.print_json(app::chase_json(lists));
    return;
  }
  std::cout << fmt::format("Cases to chase as of {} — {}\n", lists.as_of.str(), scope_text(o.agency));
  print_chase(lists);
}

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<app::OverdueRequest>();
  auto* cmd = app.add_subcommand("overdue", "Replies overdue (and with --within N, due soon), and the cases to chase");
  cmd->add_option("--as-of", o->as_of, "the date to judge on, YYYY-MM-DD (default: today)");
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->add_option("--within", o->within, "also the replies due within the next N working days");
  cmd->add_option("--limit", o->limit, "at most N cases (a page)");
  cmd->add_option("--offset", o->offset, "from this row of the whole list (a page)");
  cmd->callback([&ctx, o] { ctx.run = [&ctx, o] { run_overdue(ctx, *o); }; });

  auto c = std::make_shared<app::ChaseRequest>();
  auto* chase = app.add_subcommand(
      "chase", "Cases to chase with no reply overdue: lapsed consultations, unpaid fees, late correction notices");
  chase->add_option("--as-of", c->as_of, "the date to judge on, YYYY-MM-DD (default: today)");
  chase->add_option("--agency", c->agency, "an agency and everything under it");
  chase->callback([&ctx, c] { ctx.run = [&ctx, c] { run_chase(ctx, *c); }; });
}
const CommandRegistrar reg{"overdue", &setup};

}  // namespace
}  // namespace gongkai::cli
