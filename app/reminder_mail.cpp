#include "app/reminder_mail.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

#include "app/members.h"
#include "app/printable.h"
#include "app/sendmail.h"
#include "engine/errors.h"
#include "workflows/vocabulary.h"

namespace gongkai::app {
namespace {

std::string days_text(const RemindCase& c, Date as_of) {
  if (c.due_on < as_of) return fmt::format("已逾期 {} 个工作日", -c.working_days_left);
  if (c.working_days_left == 0) return "今天到期";
  return fmt::format("还剩 {} 个工作日", c.working_days_left);
}

void list_cases(std::string& out, const std::vector<RemindCase>& cases, Date as_of) {
  int n = 0;
  for (const auto& c : cases) {
    out += fmt::format("{}. 案件编号：{}\n", ++n, c.case_no);
    out += fmt::format("   机构：{}（{}）\n", c.agency_name, c.agency);
    if (!c.subject.empty()) out += fmt::format("   申请内容：{}\n", c.subject);
    if (!c.letter_ref.empty()) out += fmt::format("   来文编号：{}\n", c.letter_ref);
    out += fmt::format("   收到日期：{}\n", c.received_on.str());
    out += fmt::format("   答复期限：{}{}（{}）\n", c.due_on.str(), c.due_provisional ? "（暂定）" : "",
                       days_text(c, as_of));
    out += fmt::format("   状态：{}\n", workflows::state_label_zh(c.state));
  }
}

std::string default_from() {
  char buf[256] = {};
  std::string host = gethostname(buf, sizeof buf - 1) == 0 ? buf : "";
  try {
    check_email("gongkai@" + host);
    return "gongkai@" + host;
  } catch (const UsageError&) {
    return "gongkai@localhost";
  }
}

}  // namespace

MailSettings mail_settings_from_environment() {
  MailSettings s;
  const char* program = std::getenv("GONGKAI_SENDMAIL");
  s.sendmail = program && *program ? program : "/usr/sbin/sendmail";
  if (s.sendmail.find('/') != std::string::npos && access(s.sendmail.c_str(), X_OK) != 0)
    throw UsageError("no sendmail program to run at " + printable(s.sendmail) +
                     " (set GONGKAI_SENDMAIL to a sendmail-compatible program, such as /usr/bin/msmtp)");
  const char* from = std::getenv("GONGKAI_MAIL_FROM");
  if (from && *from) {
    check_email(from, "GONGKAI_MAIL_FROM");
    s.from = from;
  } else {
    s.from = default_from();
  }
  return s;
}

MailMessage reminder_mail(const MemberReminders& m, const Reminders& all, const MailSettings& s) {
  MailMessage mail;
  mail.from = {"政府信息公开案件提醒", s.from};
  mail.to = {m.name, m.email.value_or("")};
  mail.subject = fmt::format("【政府信息公开】待办提醒：已逾期 {} 件，{} 个工作日内到期 {} 件（{}）", m.overdue.size(),
                             all.within, m.due_soon.size(), all.as_of.str());
  std::string& b = mail.body;
  b += fmt::format("{}：\n\n", m.name);
  b += fmt::format("截至 {}，由您负责答复的政府信息公开申请中，已逾期 {} 件，{} 个工作日内到期 {} 件。\n",
                   all.as_of.str(), m.overdue.size(), all.within, m.due_soon.size());
  if (!m.overdue.empty()) {
    b += fmt::format("\n一、已逾期（{} 件）\n", m.overdue.size());
    list_cases(b, m.overdue, all.as_of);
  }
  if (!m.due_soon.empty()) {
    b += fmt::format("\n{}、{} 个工作日内到期（{} 件）\n", m.overdue.empty() ? "一" : "二", all.within,
                     m.due_soon.size());
    list_cases(b, m.due_soon, all.as_of);
  }
  b += "\n请登录系统查看案件详情并及时办理。本邮件由 gongkai 自动发送，请勿回复。\n";
  return mail;
}

std::vector<MailOutcome> send_reminders(const Reminders& r, const MailSettings& s) {
  std::vector<MailOutcome> out;
  for (const auto& m : r.members) {
    MailOutcome o{m.login, MailStatus::no_address, ""};
    if (m.email) {
      auto sent = run_sendmail(s.sendmail, mail_text(reminder_mail(m, r, s)));
      o.status = sent.ok ? MailStatus::sent : MailStatus::failed;
      o.problem = sent.problem;
      // The member's login only: the mail's content stays out of the log.
      if (!sent.ok) spdlog::warn("the reminder to {} was not sent: {}", m.login, sent.problem);
    }
    out.push_back(std::move(o));
  }
  return out;
}

const char* mail_status_name(MailStatus s) {
  switch (s) {
    case MailStatus::sent: return "sent";
    case MailStatus::no_address: return "no-address";
    case MailStatus::failed: return "failed";
  }
  return "failed";
}

}  // namespace gongkai::app
