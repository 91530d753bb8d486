#include "tests/support/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gongkai::test {
namespace {

void say(int fd, const std::string& line) {
  std::string out = line + "\r\n";
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::send(fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// The address inside "MAIL FROM:<a@b> SIZE=…" or "RCPT TO:<a@b>".
std::string address_in(const std::string& line) {
  auto open = line.find('<'), close = line.find('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return "";
  return line.substr(open + 1, close - open - 1);
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Reads one line (without its \r\n) from fd, with what was read ahead in `buf`; false at the end.
bool read_line(int fd, std::string& buf, std::string& line) {
  for (;;) {
    auto eol = buf.find("\r\n");
    if (eol != std::string::npos) {
      line = buf.substr(0, eol);
      buf.erase(0, eol + 2);
      return true;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10000) <= 0) return false;  // a stuck client ends its conversation
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace

SmtpSink::SmtpSink(std::set<std::string> refused) : refused_(std::move(refused)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) throw std::runtime_error("smtp sink: no socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // the kernel picks a free port
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 16) != 0)
    throw std::runtime_error("smtp sink: cannot listen");
  socklen_t len = sizeof addr;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  thread_.join();  // the accept loop polls, and sees stopping_ within 100 ms
  ::close(listener_);
}

std::vector<SinkMessage> SmtpSink::messages() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_;
}

void SmtpSink::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    converse(fd);  // one client at a time: a sendmail program sends one message per run
    ::close(fd);
  }
}

void SmtpSink::converse(int fd) {
  std::string buf, line;
  SinkMessage m;
  say(fd, "220 127.0.0.1 gongkai test sink");
  while (read_line(fd, buf, line)) {
    const std::string verb = upper(line.substr(0, line.find(' ')));
    const std::string head = upper(line.substr(0, 10));
    if (verb == "EHLO") {
      say(fd, "250-127.0.0.1");
      say(fd, "250 8BITMIME");
    } else if (verb == "HELO") {
      say(fd, "250 127.0.0.1");
    } else if (head.rfind("MAIL FROM:", 0) == 0) {
      m = SinkMessage{};
      m.from = address_in(line);
      say(fd, "250 ok");
    } else if (head.rfind("RCPT TO:", 0) == 0) {
      std::string to = address_in(line);
      if (refused_.count(to)) {
        say(fd, "550 no such mailbox here");
      } else {
        m.to.push_back(to);
        say(fd, "250 ok");
      }
    } else if (verb == "DATA") {
      if (m.to.empty()) {
        say(fd, "554 no valid recipients");
        continue;
      }
      say(fd, "354 end with <CRLF>.<CRLF>");
      std::string data;
      bool ended = false;
      while (read_line(fd, buf, line)) {
        if (line == ".") {
          ended = true;
          break;
        }
        if (!line.empty() && line[0] == '.') line.erase(0, 1);  // dot-stuffing
        data += line + "\r\n";
      }
      if (!ended) return;
      m.data = data;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        messages_.push_back(m);
      }
      say(fd, "250 ok: queued");
      m = SinkMessage{};
    } else if (verb == "RSET") {
      m = SinkMessage{};
      say(fd, "250 ok");
    } else if (verb == "NOOP") {
      say(fd, "250 ok");
    } else if (verb == "QUIT") {
      say(fd, "221 bye");
      return;
    } else {
      say(fd, "502 not implemented");
    }
  }
}

}  // namespace gongkai::test
