// Reminders through the real executable (docs/reminders.md): who is responsible for each reply
// (the handler the review named, by login or name; else the nearest registrars; else nobody), the
// lists and their JSON, --as-of a past day, the mails through Debian's msmtp to an SMTP sink of the
// test's own (recipients, the decoded Chinese subject and body, exactly the right cases, no
// applicant anywhere), a member without an address, a sendmail that fails, the scope of a member
// of another county, bad input, members' addresses, and the home page's 我的待办.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "harness.h"
#include "security_support.h"
#include "tests/support/smtp_sink.h"
#include "web_support.h"

using gongkai::test::RunResult;
using gongkai::test::SinkMessage;
using gongkai::test::SmtpSink;
using gongkai::test::TestDb;
using Env = std::map<std::string, std::string>;
namespace sec = gongkai::test::security;

namespace {

const Env kToday = {{"GONGKAI_TODAY", "2024-11-04"}};  // a Monday
// Whoever applied: none of it may reach a list or a mail.
const std::string kApplicant = "欧阳娜娜", kContact = "13800138000";

// hx (county) ── hx-edu (department); qz: another county; yy: a county nobody works for.
// Registrars of hx and of hx-edu, two handlers of hx (one without an address), a registrar of qz.
// The cases, on the official 2024 calendar (tests/integration/deadlines_test.cpp counts them):
//   a  hx-edu  received 09-27, due 10-30: overdue 3 — no review: hx-edu's registrar (the nearest)
//   b  hx      received 09-30, due 11-01: overdue 1 — reviewed, handler by login
//   c  hx      received 10-09, due 11-05: 1 left — reviewed on 11-01, handler by name (no address)
//   d  hx-edu  received 10-08, due 11-04: due today — reviewed, handler nobody: hx-edu's registrar
//   k  hx      received 10-15, due 11-12: 6 left, beyond 5 — in no list by default
//   e  yy      received 09-20, due 10-23: overdue 8 — nobody (无人负责)
//   f  qz      received 09-30, due 11-01: overdue 1 — qz's registrar
//   g  hx      received 09-27, answered 11-01 — closed: in no list today; overdue on 10-31
struct Office {
  sec::Logins logins;  // dropped after the database (declared first)
  TestDb db;
  std::string reg_hx, reg_edu, han, han2, reg_qz;
  std::string a, b, c, d, k, e, f, g;

  Office() {
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-edu", "--name", "花溪县教育局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "qz", "--name", "另一县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "yy", "--name", "无人县人民政府", "--kind", "government"});
    reg_hx = member("registrar", "hx", "赵县登记", "reg-hx@example.org");
    reg_edu = member("registrar", "hx-edu", "钱教登记", "reg-edu@example.org");
    han = member("handler", "hx", "李四", "han@example.org");
    han2 = member("handler", "hx", "王五", "");
    reg_qz = member("registrar", "qz", "孙外县", "reg-qz@example.org");
    a = receive("hx-edu", "2024-09-27", "学校收费标准", "教申〔2024〕1号");
    b = receive("hx", "2024-09-30", "征地补偿方案", "县申〔2024〕2号");
    c = receive("hx", "2024-10-09", "道路规划图", "");
    d = receive("hx-edu", "2024-10-08", "招生计划", "");
    k = receive("hx", "2024-10-15", "预算公开", "");
    e = receive("yy", "2024-09-20", "无人之事", "");
    f = receive("qz", "2024-09-30", "外县之事", "");
    g = receive("hx", "2024-09-27", "已答复之事", "");
    db.ok({"event", b, "reviewed", "--on", "2024-10-08", "--handler", han}, kToday);
    db.ok({"event", c, "reviewed", "--on", "2024-11-01", "--handler", "王五"}, kToday);
    db.ok({"event", d, "reviewed", "--on", "2024-10-09", "--handler", "查无此人"}, kToday);
    db.ok({"event", g, "answered", "--on", "2024-11-01", "--outcome", "disclosed"}, kToday);
  }

  std::string member(const std::string& role, const std::string& agency, const std::string& name,
                     const std::string& email) {
    std::string login = logins.make(role.substr(0, 3));
    std::vector<std::string> args = {"user", "add", login, "--name", name, "--role", role, "--agency", agency,
                                     "--db-login", "--password-stdin"};
    if (!email.empty()) args.insert(args.end(), {"--email", email});
    auto r = db.run(args, kToday, password + "\n");
    INFO(r.err);
    REQUIRE(r.code == 0);
    return login;
  }

  std::string receive(const std::string& agency, const std::string& on, const std::string& subject,
                      const std::string& ref) {
    std::vector<std::string> args = {"receive", "--agency", agency, "--received", on, "--channel", "online",
                                     "--applicant-type", "person", "--applicant", kApplicant, "--contact", kContact,
                                     "--subject", subject};
    if (!ref.empty()) args.insert(args.end(), {"--letter-ref", ref});
    return db.ok(args, kToday);
  }

  RunResult as(const std::string& login, std::vector<std::string> args, Env env = kToday) const {
    args.insert(args.begin(), {"--db", db.conninfo() + " user=" + login});
    env["GONGKAI_ACTOR"] = "";
    return gongkai::test::run_gongkai(args, env);
  }

  const std::string password = "pass-word-1";
};

std::vector<std::string> numbers(const nlohmann::json& cases) {
  std::vector<std::string> out;
  for (const auto& c : cases) out.push_back(c["case_no"]);
  return out;
}

const nlohmann::json* member_of(const nlohmann::json& r, const std::string& login) {
  for (const auto& m : r["members"])
    if (m["login"] == login) return &m;
  return nullptr;
}

std::set<std::string> keys_of(const nlohmann::json& o) {
  std::set<std::string> keys;
  for (auto it = o.begin(); it != o.end(); ++it) keys.insert(it.key());
  return keys;
}

// --- reading a mail back -------------------------------------------------------------------------

std::string unbase64(const std::string& in) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  for (char ch : in) {
    auto p = alphabet.find(ch);
    if (p == std::string::npos) continue;  // line ends, padding
    buf = buf << 6 | static_cast<unsigned>(p);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(buf >> bits & 0xFF);
    }
  }
  return out;
}

struct Mail {
  std::map<std::string, std::string> headers;  // unfolded, by lower-case name
  std::string body;                             // decoded
};

// RFC 2047 encoded words (B, UTF-8) decoded; whitespace between adjacent words dropped.
std::string decode_words(const std::string& value) {
  std::string out, pending_space;
  size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 10, "=?UTF-8?B?") == 0) {
      auto end = value.find("?=", i + 10);
      REQUIRE(end != std::string::npos);
      out += unbase64(value.substr(i + 10, end - i - 10));
      pending_space.clear();
      i = end + 2;
    } else if (value[i] == ' ' || value[i] == '\t') {
      pending_space += value[i++];
    } else {
      out += pending_space;
      pending_space.clear();
      out += value[i++];
    }
  }
  return out;
}

Mail parse_mail(const std::string& data) {
  Mail m;
  auto split = data.find("\r\n\r\n");
  REQUIRE(split != std::string::npos);
  std::string head = data.substr(0, split), last;
  size_t pos = 0;
  while (pos <= head.size()) {
    auto eol = head.find("\r\n", pos);
    std::string line = head.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      m.headers[last] += line;  // a folded line
    } else if (auto colon = line.find(':'); colon != std::string::npos) {
      last = line.substr(0, colon);
      std::transform(last.begin(), last.end(), last.begin(), [](unsigned char ch) { return std::tolower(ch); });
      m.headers[last] = line.substr(colon + 1 + (line.size() > colon + 1 && line[colon + 1] == ' '));
    }
    if (eol == std::string::npos) break;
    pos = eol + 2;
  }
  CHECK(m.headers["content-transfer-encoding"] == "base64");
  m.body = unbase64(data.substr(split + 4));
  return m;
}

// The msmtp configuration the test writes: its home, with .msmtprc pointing at the sink.
struct MsmtpHome {
  sec::ScratchDir dir;
  explicit MsmtpHome(int port) {
    auto rc = dir.write(".msmtprc", "defaults\nauth off\ntls off\n\naccount sink\nhost 127.0.0.1\nport " +
                                        std::to_string(port) + "\nfrom gongkai@example.org\n\naccount default : sink\n");
    chmod(rc.c_str(), 0600);  // msmtp refuses a configuration others may read
  }
  Env env() const {
    Env e = kToday;
    e["HOME"] = dir.path().string();
    e["GONGKAI_SENDMAIL"] = "/usr/bin/msmtp";
    e["GONGKAI_MAIL_FROM"] = "gongkai@example.org";
    return e;
  }
};

void no_applicant_in(const std::string& text) {
  CHECK(text.find(kApplicant) == std::string::npos);
  CHECK(text.find(kApplicant.substr(0, 3) + "*") == std::string::npos);  // nor its masked form
  CHECK(text.find(kContact) == std::string::npos);
}

}  // namespace

TEST_SUITE("reminders") {

TEST_CASE("remind --json: per responsible member, handler by login or name, nearest registrars, nobody") {
  Office o;
  auto r = o.db.run({"remind", "--json"}, kToday);
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = r.json();
  CHECK(keys_of(j) == std::set<std::string>{"as_of", "within", "members", "unassigned"});
  CHECK(j["as_of"] == "2024-11-04");
  CHECK(j["within"] == 5);

  std::vector<std::string> logins;
  for (const auto& m : j["members"]) logins.push_back(m["login"]);
  std::vector<std::string> expected = {o.han, o.han2, o.reg_edu, o.reg_qz};
  std::sort(expected.begin(), expected.end());
  CHECK(logins == expected);  // by login; the county's registrar has nothing: a nearer one and handlers do

  const auto* han = member_of(j, o.han);
  REQUIRE(han);
  CHECK(keys_of(*han) == std::set<std::string>{"login", "name", "email", "overdue", "due_soon"});
  CHECK((*han)["name"] == "李四");
  CHECK((*han)["email"] == "han@example.org");
  CHECK(numbers((*han)["overdue"]) == std::vector<std::string>{o.b});
  CHECK((*han)["due_soon"].empty());
  CHECK((*han)["overdue"][0] == nlohmann::json{{"case_no", o.b}, {"agency", "hx"}, {"agency_name", "花溪县人民政府"},
                                               {"subject", "征地补偿方案"}, {"letter_ref", "县申〔2024〕2号"},
                                               {"state", "under-review"}, {"received_on", "2024-09-30"},
                                               {"due_on", "2024-11-01"}, {"due_provisional", false},
                                               {"working_days_left", -1}});

  const auto* han2 = member_of(j, o.han2);
  REQUIRE(han2);
  CHECK((*han2)["email"].is_null());
  CHECK((*han2)["overdue"].empty());
  CHECK(numbers((*han2)["due_soon"]) == std::vector<std::string>{o.c});
  CHECK((*han2)["due_soon"][0]["working_days_left"] == 1);
  CHECK((*han2)["due_soon"][0]["letter_ref"].is_null());

  const auto* edu = member_of(j, o.reg_edu);
  REQUIRE(edu);
  CHECK(numbers((*edu)["overdue"]) == std::vector<std::string>{o.a});
  CHECK((*edu)["overdue"][0]["working_days_left"] == -3);
  CHECK(numbers((*edu)["due_soon"]) == std::vector<std::string>{o.d});  // its handler is nobody here
  CHECK((*edu)["due_soon"][0]["working_days_left"] == 0);

  const auto* qz = member_of(j, o.reg_qz);
  REQUIRE(qz);
  CHECK(numbers((*qz)["overdue"]) == std::vector<std::string>{o.f});

  CHECK(numbers(j["unassigned"]["overdue"]) == std::vector<std::string>{o.e});
  CHECK(j["unassigned"]["due_soon"].empty());
  no_applicant_in(r.out);

  // --within widens the list (k: 6 working days left, no review: hx's registrar, the nearest to hx);
  // 0 keeps what is due today.
  auto wide = o.db.run({"remind", "--within", "6", "--json"}, kToday).json();
  CHECK(wide["within"] == 6);
  const auto* hx = member_of(wide, o.reg_hx);
  REQUIRE(hx);
  CHECK(numbers((*hx)["due_soon"]) == std::vector<std::string>{o.k});
  CHECK((*hx)["due_soon"][0]["working_days_left"] == 6);
  auto none = o.db.run({"remind", "--within", "0", "--json"}, kToday).json();
  CHECK(numbers((*member_of(none, o.reg_edu))["due_soon"]) == std::vector<std::string>{o.d});
  CHECK(member_of(none, o.han2) == nullptr);

  // The text: the same lists, in Chinese, no applicant.
  auto text = o.db.run({"remind"}, kToday);
  CHECK(text.code == 0);
  CHECK(text.out.find("无人负责") != std::string::npos);
  CHECK(text.out.find(o.b) != std::string::npos);
  CHECK(text.out.find(o.k) == std::string::npos);
  CHECK(text.out.find(o.g) == std::string::npos);
  CHECK(text.out.find("--send") != std::string::npos);  // it only printed
  no_applicant_in(text.out);
}

TEST_CASE("remind --as-of a past day: the cases as they stood, the handler as then reviewed") {
  Office o;
  // On Thu 10-31: a (due 10-30) and g (not yet answered, due 10-30) overdue 1; b due 11-01 (1
  // left); c, due 11-05 (3 left), not yet reviewed: hx's registrar's; d due 11-04 (2 left).
  auto j = o.db.run({"remind", "--as-of", "2024-10-31", "--json"}, kToday).json();
  CHECK(j["as_of"] == "2024-10-31");
  const auto* hx = member_of(j, o.reg_hx);
  REQUIRE(hx);
  CHECK(numbers((*hx)["overdue"]) == std::vector<std::string>{o.g});
  CHECK((*hx)["overdue"][0]["working_days_left"] == -1);
  CHECK(numbers((*hx)["due_soon"]) == std::vector<std::string>{o.c});
  CHECK((*hx)["due_soon"][0]["working_days_left"] == 3);
  CHECK(member_of(j, o.han2) == nullptr);  // reviewed only on 11-01
  CHECK(numbers((*member_of(j, o.han))["due_soon"]) == std::vector<std::string>{o.b});
  CHECK(numbers((*member_of(j, o.reg_edu))["overdue"]) == std::vector<std::string>{o.a});
  CHECK(numbers((*member_of(j, o.reg_edu))["due_soon"]) == std::vector<std::string>{o.d});
  CHECK(numbers(j["unassigned"]["overdue"]) == std::vector<std::string>{o.e});
}

TEST_CASE("remind --send: one mail per member with an address, through msmtp, in Chinese, no applicant") {
  Office o;
  SmtpSink sink;
  MsmtpHome home(sink.port());
  auto r = o.db.run({"remind", "--send", "--json"}, home.env());
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = r.json();
  CHECK((*member_of(j, o.han))["mail"] == "sent");
  CHECK((*member_of(j, o.reg_edu))["mail"] == "sent");
  CHECK((*member_of(j, o.reg_qz))["mail"] == "sent");
  CHECK((*member_of(j, o.han2))["mail"] == "no-address");

  auto mails = sink.messages();
  REQUIRE(mails.size() == 3);
  std::map<std::string, Mail> by_to;
  for (const auto& m : mails) {
    REQUIRE(m.to.size() == 1);
    CHECK(m.from == "gongkai@example.org");
    no_applicant_in(m.data);
    by_to[m.to[0]] = parse_mail(m.data);
  }
  CHECK(by_to.size() == 3);
  REQUIRE(by_to.count("han@example.org"));
  REQUIRE(by_to.count("reg-edu@example.org"));
  REQUIRE(by_to.count("reg-qz@example.org"));

  const Mail& han = by_to["han@example.org"];
  CHECK(han.headers.at("content-type") == "text/plain; charset=UTF-8");
  CHECK(han.headers.at("mime-version") == "1.0");
  CHECK(han.headers.at("subject").rfind("=?UTF-8?B?", 0) == 0);  // encoded words, not raw 8-bit
  CHECK(decode_words(han.headers.at("subject")) == "【政府信息公开】待办提醒：已逾期 1 件，5 个工作日内到期 0 件（2024-11-04）");
  CHECK(decode_words(han.headers.at("to")) == "李四 <han@example.org>");
  CHECK(han.headers.at("from").find("<gongkai@example.org>") != std::string::npos);
  CHECK(han.body.find("李四：") == 0);
  CHECK(han.body.find("案件编号：" + o.b) != std::string::npos);
  CHECK(han.body.find("征地补偿方案") != std::string::npos);
  CHECK(han.body.find("县申〔2024〕2号") != std::string::npos);
  CHECK(han.body.find("答复期限：2024-11-01（已逾期 1 个工作日）") != std::string::npos);
  CHECK(han.body.find("状态：审查中") != std::string::npos);
  for (const auto& other : {o.a, o.c, o.d, o.e, o.f, o.g, o.k}) CHECK(han.body.find(other) == std::string::npos);
  no_applicant_in(han.body);

  const Mail& edu = by_to["reg-edu@example.org"];
  CHECK(decode_words(edu.headers.at("subject")) == "【政府信息公开】待办提醒：已逾期 1 件，5 个工作日内到期 1 件（2024-11-04）");
  CHECK(edu.body.find("案件编号：" + o.a) != std::string::npos);
  CHECK(edu.body.find("案件编号：" + o.d) != std::string::npos);
  CHECK(edu.body.find("今天到期") != std::string::npos);
  for (const auto& other : {o.b, o.c, o.e, o.f, o.g, o.k}) CHECK(edu.body.find(other) == std::string::npos);
  no_applicant_in(edu.body);

  const Mail& qz = by_to["reg-qz@example.org"];
  CHECK(qz.body.find("案件编号：" + o.f) != std::string::npos);
  for (const auto& other : {o.a, o.b, o.c, o.d, o.e, o.g, o.k}) CHECK(qz.body.find(other) == std::string::npos);

  // The text says per member what became of its mail.
  SmtpSink again;
  MsmtpHome home2(again.port());
  auto text = o.db.run({"remind", "--send"}, home2.env());
  CHECK(text.code == 0);
  CHECK(text.out.find("没有邮箱地址") != std::string::npos);
  CHECK(text.out.find("已发送") != std::string::npos);
  CHECK(again.messages().size() == 3);
}

TEST_CASE("remind --send: a mail that fails is reported, the others still go, the exit is not 0") {
  Office o;
  SmtpSink sink({"reg-edu@example.org"});  // refuses that recipient: msmtp exits non-zero
  MsmtpHome home(sink.port());
  auto r = o.db.run({"remind", "--send", "--json"}, home.env());
  CHECK(r.code == 1);
  auto j = r.json();
  CHECK((*member_of(j, o.reg_edu))["mail"] == "failed");
  CHECK((*member_of(j, o.reg_edu))["mail_problem"].get<std::string>().find("msmtp") != std::string::npos);
  CHECK((*member_of(j, o.han))["mail"] == "sent");
  CHECK((*member_of(j, o.reg_qz))["mail"] == "sent");
  std::set<std::string> got;
  for (const auto& m : sink.messages()) got.insert(m.to.at(0));
  CHECK(got == std::set<std::string>{"han@example.org", "reg-qz@example.org"});
  CHECK(r.err.find(o.reg_edu) != std::string::npos);  // the warning names the member, not the mail
  no_applicant_in(r.err);

  // A sendmail program that fails every time.
  Env env = home.env();
  env["GONGKAI_SENDMAIL"] = "/bin/false";
  auto all = o.db.run({"remind", "--send"}, env);
  CHECK(all.code == 1);
  CHECK(all.out.find("发送失败") != std::string::npos);
  CHECK(all.out.find("exited with 1") != std::string::npos);

  // Misconfigured: a line, exit 2, nothing sent.
  env["GONGKAI_SENDMAIL"] = "/nonexistent/sendmail";
  auto missing = o.db.run({"remind", "--send"}, env);
  CHECK(missing.code == 2);
  CHECK(missing.err.find("GONGKAI_SENDMAIL") != std::string::npos);
  env = home.env();
  env["GONGKAI_MAIL_FROM"] = "not an address";
  auto bad_from = o.db.run({"remind", "--send"}, env);
  CHECK(bad_from.code == 2);
  CHECK(bad_from.err.find("GONGKAI_MAIL_FROM") != std::string::npos);
  CHECK(sink.messages().size() == 2);
}

TEST_CASE("remind as a member: its scope only; others' addresses hidden") {
  Office o;
  // A registrar of another county sees none of the county's cases: its own list only.
  auto qz = o.as(o.reg_qz, {"remind", "--json"});
  INFO(qz.err);
  REQUIRE(qz.code == 0);
  auto j = qz.json();
  REQUIRE(j["members"].size() == 1);
  CHECK(j["members"][0]["login"] == o.reg_qz);
  CHECK(j["members"][0]["email"] == "reg-qz@example.org");
  CHECK(numbers(j["members"][0]["overdue"]) == std::vector<std::string>{o.f});
  CHECK(j["unassigned"]["overdue"].empty());
  for (const auto& c : {o.a, o.b, o.c, o.d, o.e, o.g, o.k}) CHECK(qz.out.find(c) == std::string::npos);

  // A handler of the county: the county's lists, who is responsible as for anyone; an address only
  // its own.
  auto han = o.as(o.han, {"remind", "--json"});
  REQUIRE(han.code == 0);
  auto h = han.json();
  CHECK(numbers((*member_of(h, o.han))["overdue"]) == std::vector<std::string>{o.b});
  CHECK((*member_of(h, o.han))["email"] == "han@example.org");
  REQUIRE(member_of(h, o.reg_edu));
  CHECK((*member_of(h, o.reg_edu))["email"].is_null());
  CHECK(numbers((*member_of(h, o.reg_edu))["overdue"]) == std::vector<std::string>{o.a});
  CHECK(member_of(h, o.reg_qz) == nullptr);
  CHECK(h["unassigned"]["overdue"].empty());
  CHECK(han.out.find(o.f) == std::string::npos);

  // Hand-written SQL as a member reads no address but its own, and nobody else's list.
  pqxx::connection conn(o.db.conninfo() + " user=" + o.reg_qz);
  CHECK(sec::sql_state(conn, "select email from gk_member") == "42501");
  pqxx::nontransaction tx(conn);
  CHECK(tx.exec("select count(*) from gk_member_emails() where email is not null")[0][0].as<int>() == 1);
  CHECK(tx.exec("select count(*) from gk_remind_responsible(array['" + o.b + "', '" + o.e + "'], '2024-11-04')")[0][0]
            .as<int>() == 0);
}

TEST_CASE("remind and addresses: bad input is one line and exit 2") {
  Office o;
  for (const auto& args : std::vector<std::vector<std::string>>{{"remind", "--within", "-1"},
                                                                {"remind", "--within", "1001"},
                                                                {"remind", "--as-of", "2024-13-01"},
                                                                {"remind", "--as-of", "yesterday"}}) {
    auto r = o.db.run(args, kToday);
    INFO(args.back());
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }

  // Addresses: set on adding, set and cleared later, shown in user list --json; bad ones refused.
  auto list = [&] {
    std::map<std::string, nlohmann::json> out;
    for (const auto& m : o.db.run({"user", "list", "--json"}, kToday).json()) out[m["login"]] = m["email"];
    return out;
  };
  CHECK(list()[o.han] == "han@example.org");
  CHECK(list()[o.han2].is_null());
  CHECK(o.db.run({"user", "email", o.han2, "wang.wu+gk@mail.example.org"}, kToday).code == 0);
  CHECK(list()[o.han2] == "wang.wu+gk@mail.example.org");
  CHECK(o.db.run({"user", "email", o.han2}, kToday).code == 0);
  CHECK(list()[o.han2].is_null());
  for (const std::string bad : {"no-at-sign", "a@b", "two@example.org, three@example.org", "x@example.org\nBcc: y@evil.org",
                                "名字@example.org", "<a@example.org>", "a b@example.org"}) {
    INFO(bad);
    auto r = o.db.run({"user", "email", o.han2, bad}, kToday);
    CHECK(r.code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    auto added = o.db.run({"user", "add", "zz" + std::to_string(bad.size()), "--name", "某", "--role", "handler",
                           "--agency", "hx", "--email", bad},
                          kToday);
    CHECK(added.code == 2);
  }
  CHECK(list()[o.han2].is_null());
  CHECK(o.db.run({"user", "email", "nosuchmember", "a@example.org"}, kToday).code == 4);
  // Members do not set addresses, not even their own (the admin decides where case lists go).
  CHECK(o.as(o.han, {"user", "email", o.han, "private@example.org"}).code == 6);
  CHECK(list()[o.han] == "han@example.org");
  // The database refuses a bad address whoever writes it (here the superuser, by hand).
  pqxx::connection owner(o.db.conninfo());
  CHECK(sec::sql_state(owner, "update gk_member set email = 'x@y' where login = '" + o.han + "'") == "23514");
  CHECK(sec::sql_state(owner, "update gk_member set email = 'a@example.org>, b@example.org' where login = '" +
                                  o.han + "'") == "23514");
}

TEST_CASE("the home page shows the member's own list (我的待办) above the rest") {
  Office o;
  gongkai::test::Server s(o.db, kToday);
  auto page = [&](const std::string& login) {
    const std::string cookie = gongkai::test::browser_login(s, login, o.password);
    REQUIRE(!cookie.empty());
    auto r = s.request("GET", "/", "", {{"Cookie", cookie}});
    REQUIRE(r.status == 200);
    return r.body;
  };
  auto mine = [](const std::string& body) {
    auto from = body.find("id=\"mine\"");
    REQUIRE(from != std::string::npos);
    return body.substr(from, body.find("</section>", from) - from);
  };
  std::string han = page(o.han);
  CHECK(han.find("我的待办（1 件）") != std::string::npos);
  CHECK(han.find("我的待办") < han.find("已逾期或五个工作日内到期"));  // above what it showed before
  CHECK(mine(han).find(o.b) != std::string::npos);
  CHECK(mine(han).find("征地补偿方案") != std::string::npos);
  for (const auto& other : {o.a, o.c, o.d, o.e, o.f, o.g, o.k}) CHECK(mine(han).find(other) == std::string::npos);
  no_applicant_in(mine(han));

  std::string edu = mine(page(o.reg_edu));
  CHECK(edu.find("我的待办（2 件）") != std::string::npos);
  CHECK(edu.find(o.a) != std::string::npos);
  CHECK(edu.find(o.d) != std::string::npos);
  CHECK(edu.find(o.a) < edu.find(o.d));  // by due date

  std::string hx = mine(page(o.reg_hx));
  CHECK(hx.find("我的待办（0 件）") != std::string::npos);
  CHECK(hx.find("您没有逾期或即将到期的待办") != std::string::npos);

  std::string qz = mine(page(o.reg_qz));
  CHECK(qz.find(o.f) != std::string::npos);
  CHECK(qz.find(o.b) == std::string::npos);
}

}  // TEST_SUITE
