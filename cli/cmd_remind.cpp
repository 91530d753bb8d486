// gongkai remind: per responsible member, the replies overdue and due within N working days, and
// those nobody is responsible for; with --send, each member's list mailed through the local
// sendmail interface (docs/reminders.md). Without --send it only prints.
#include <fmt/format.h>

#include <iostream>

#include "app/printable.h"
#include "app/reminder_mail.h"
#include "app/reminders.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

// Not an error of the command's input: it ran to its end, but a mail did not go.
constexpr int kExitMailFailed = 1;

struct RemindArgs {
  app::RemindRequest request;
  bool send = false;
};

void print_cases(const std::vector<app::RemindCase>& cases, const std::string& title) {
  if (cases.empty()) return;
  std::cout << "  " << title << "\n";
  for (const auto& c : cases)
    std::cout << fmt::format("    {:<22} {:<12} 收到 {}  期限 {}{}  {:>4} 个工作日  {}  {}\n", app::printable(c.case_no),
                             app::printable(c.agency), c.received_on.str(), c.due_on.str(),
                             c.due_provisional ? "*" : "", c.working_days_left, app::printable(c.letter_ref),
                             app::printable(c.subject));
}

void print_list(const app::MemberReminders& m, const std::string& who, int within) {
  std::cout << fmt::format("\n{}：已逾期 {} 件，{} 个工作日内到期 {} 件\n", who, m.overdue.size(), within,
                           m.due_soon.size());
  print_cases(m.overdue, "已逾期");
  print_cases(m.due_soon, "即将到期");
}

void run(AppContext& ctx, const RemindArgs& a) {
  // The mail settings are checked before anything is read: a bad one is told at once.
  std::optional<app::MailSettings> mail;
  if (a.send) mail = app::mail_settings_from_environment();
  auto r = app::reminders(ctx.app(), a.request);
  std::vector<app::MailOutcome> sent;
  if (mail) sent = app::send_reminders(r, *mail);
  for (const auto& o : sent)
    if (o.status == app::MailStatus::failed) ctx.exit_status = kExitMailFailed;

  if (ctx.json) {
    auto j = app::reminders_json(r);
    for (size_t i = 0; i < sent.size(); ++i) {
      j["members"][i]["mail"] = app::mail_status_name(sent[i].status);
      if (!sent[i].problem.empty()) j["members"][i]["mail_problem"] = sent[i].problem;
    }
    ctx.print_json(j);
    return;
  }
  std::cout << fmt::format("待办提醒：截至 {}，已逾期及 {} 个工作日内到期的答复（期限后的数字为剩余工作日，负数为已逾期）\n",
                           r.as_of.str(), r.within);
  for (const auto& m : r.members)
    print_list(m, fmt::format("{}（{}{}）", app::printable(m.name), app::printable(m.login),
                              m.email ? "，" + app::printable(*m.email) : ""),
               r.within);
  if (r.members.empty()) std::cout << "\n没有由成员负责的逾期或即将到期的答复。\n";
  if (r.unassigned.total() > 0) print_list(r.unassigned, "无人负责", r.within);
  if (!sent.empty()) {
    std::cout << "\n邮件：\n";
    for (const auto& o : sent) {
      const char* what = o.status == app::MailStatus::sent         ? "已发送"
                         : o.status == app::MailStatus::no_address ? "未发送（没有邮箱地址）"
                                                                   : "发送失败";
      std::cout << fmt::format("  {:<20} {}{}\n", app::printable(o.login), what,
                               o.problem.empty() ? "" : "：" + o.problem);
    }
  } else if (!a.send) {
    std::cout << "\n（未发送邮件：加 --send 才发送，见 docs/reminders.md）\n";
  }
}

void setup(CLI::App& app, AppContext& ctx) {
  auto a = std::make_shared<RemindArgs>();
  auto* cmd = app.add_subcommand(
      "remind", "Per responsible member: replies overdue and due within N working days; --send mails each list");
  cmd->add_option("--as-of", a->request.as_of, "the date to judge on, YYYY-MM-DD (default: today)");
  cmd->add_option("--within", a->request.within,
                  fmt::format("the replies due within the next N working days too (default {})", app::kRemindWithin));
  cmd->add_flag("--send", a->send,
                "mail each member its list through GONGKAI_SENDMAIL (default /usr/sbin/sendmail), from "
                "GONGKAI_MAIL_FROM");
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { run(ctx, *a); }; });
}
const CommandRegistrar reg{"remind", &setup};

}  // namespace
}  // namespace gongkai::cli
