// A plain-text mail as a sendmail program reads it (RFC 5322 with MIME, lines ending in LF): UTF-8
// text, its Subject and display names as RFC 2047 encoded words, its body in base64 — so that
// Chinese reaches any mail server intact, whatever it does with 8-bit text.
#pragma once
#include <string>

namespace gongkai::app {

struct MailAddress {
  std::string name;     // a display name, any text; "" = none
  std::string address;  // a plain address (app::check_email)
};

struct MailMessage {
  MailAddress from, to;
  std::string subject, body;  // UTF-8; the body's lines end in \n
};

// The whole message: headers (From, To, Subject, Date, Message-ID, MIME-Version, Content-Type,
// Content-Transfer-Encoding, Auto-Submitted), a blank line, the body in base64.
std::string mail_text(const MailMessage& m);

// RFC 2047: `text` as "=?UTF-8?B?…?=" words of at most 75 characters, split between UTF-8
// characters, joined by "\n " (a folded header line). Plain ASCII without specials stays as it is.
std::string encoded_words(const std::string& text);
std::string base64(const std::string& bytes);

}  // namespace gongkai::app
