// Handing a mail to the local sendmail interface: a sendmail-compatible program (sendmail, msmtp,
// Postfix's or Exim's) run without a shell as `PROGRAM -oi -t`, the message on its standard input,
// its recipients read from the message's headers.
#pragma once
#include <chrono>
#include <string>

namespace gongkai::app {

struct SendmailResult {
  bool ok = false;
  std::string problem;  // when not ok: one line (how it ended, and the first line it wrote on stderr)
};

// Runs `program` (a path; a bare name is looked up in PATH) and feeds it `message`. Not ok when it
// cannot be started, exits non-zero or by a signal, or has not ended after `timeout` (then killed).
SendmailResult run_sendmail(const std::string& program, const std::string& message,
                            std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace gongkai::app
