// A tiny SMTP server for tests: a thread accepting on 127.0.0.1 and a free port, speaking just
// enough SMTP (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT) for a sendmail program such as
// msmtp to deliver to it, and keeping every message it accepted.
#pragma once
#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace gongkai::test {

struct SinkMessage {
  std::string from;                 // MAIL FROM's address
  std::vector<std::string> to;      // RCPT TO's addresses
  std::string data;                 // as sent after DATA, dot-unstuffed, lines ending in \r\n
};

class SmtpSink {
 public:
  // Listens at once. RCPT TO an address of `refused` is answered 550 (a mail that fails).
  explicit SmtpSink(std::set<std::string> refused = {});
  ~SmtpSink();  // stops the thread
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  std::vector<SinkMessage> messages() const;  // those accepted so far, in order

 private:
  void serve();
  void converse(int fd);

  std::set<std::string> refused_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<SinkMessage> messages_;
  std::thread thread_;
};

}  // namespace gongkai::test
