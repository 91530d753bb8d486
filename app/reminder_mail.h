// A member's reminder as a mail (in Chinese: its cases overdue and due soon), and sending each
// member's through the local sendmail interface (app/sendmail.h), member by member: one that fails
// does not stop the others.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/mail_message.h"
#include "app/reminders.h"

namespace gongkai::app {

struct MailSettings {
  std::string sendmail;  // the program (GONGKAI_SENDMAIL, else /usr/sbin/sendmail)
  std::string from;      // a plain address (GONGKAI_MAIL_FROM, else gongkai@HOST)
};
// The settings from the environment; UsageError for a GONGKAI_MAIL_FROM that is not a plain
// address, or a sendmail program that is not there to run.
MailSettings mail_settings_from_environment();

// The subject and body of a member's reminder.
MailMessage reminder_mail(const MemberReminders& m, const Reminders& all, const MailSettings& s);

enum class MailStatus { sent, no_address, failed };
struct MailOutcome {
  std::string login;
  MailStatus status = MailStatus::no_address;
  std::string problem;  // failed: why, one line
};
// One mail per member of `r.members` with an address, in order. Never throws for a failed send.
std::vector<MailOutcome> send_reminders(const Reminders& r, const MailSettings& s);
const char* mail_status_name(MailStatus s);  // "sent" | "no-address" | "failed"

}  // namespace gongkai::app
