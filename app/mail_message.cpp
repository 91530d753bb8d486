#include "app/mail_message.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <ctime>

namespace gongkai::app {
namespace {

bool plain_ascii(const std::string& s) {
  for (unsigned char ch : s)
    if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '=' || ch == '?' || ch == '<' || ch == '>' || ch == '(' ||
        ch == ')' || ch == ',' || ch == ';' || ch == ':' || ch == '@' || ch == '\\')
      return false;
  return true;
}

// The base64 text wrapped at 76 characters a line (RFC 2045).
std::string wrapped(const std::string& b64) {
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\n";
  return out;
}

std::string header_address(const MailAddress& a) {
  if (a.name.empty()) return a.address;
  return encoded_words(a.name) + " <" + a.address + ">";
}

// This host's name for a Message-ID, when it is a plain one.
std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  std::string h = buf;
  if (h.empty() || h.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
                       std::string::npos)
    return "localhost";
  return h;
}

}  // namespace

std::string base64(const std::string& bytes) {
  static const char* const kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encoded_words(const std::string& text) {
  if (plain_ascii(text) && text.size() <= 60) return text;
  // "=?UTF-8?B?" + base64 of at most 45 bytes (60 characters) + "?=" = 72 ≤ 75.
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    // Back off to the start of a UTF-8 character (never split one between words).
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string mail_text(const MailMessage& m) {
  static std::atomic<unsigned> sequence{0};
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  // RFC 5322's English names whatever the process's locale.
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const long offset = tm.tm_gmtoff / 60;
  const std::string date = fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} {}{:02}{:02}", kDays[tm.tm_wday], tm.tm_mday,
                                       kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                                       offset < 0 ? '-' : '+', std::labs(offset) / 60, std::labs(offset) % 60);
  const std::string host = host_name();
  std::string out;
  out += "From: " + header_address(m.from) + "\n";
  out += "To: " + header_address(m.to) + "\n";
  out += "Subject: " + encoded_words(m.subject) + "\n";
  out += "Date: " + date + "\n";
  out += fmt::format("Message-ID: <gongkai.{}.{}.{}@{}>\n", now, getpid(), sequence++, host);
  out += "MIME-Version: 1.0\n";
  out += "Content-Type: text/plain; charset=UTF-8\n";
  out += "Content-Transfer-Encoding: base64\n";
  out += "Auto-Submitted: auto-generated\n";  // RFC 3834: no vacation replies to a program
  out += "\n";
  out += wrapped(base64(m.body));
  return out;
}

}  // namespace gongkai::app
