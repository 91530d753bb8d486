// A case's files: kept byte for byte with their SHA-256 and sniffed type, never replaced (a later
// file of the same name supersedes, both kept), under the case's rules — a supervisor sees that
// they are there but not their contents, another county not even that — and a changed byte in
// the database is caught when the file is read.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness.h"
#include "security_support.h"
#include "web_support.h"

using gongkai::test::read_bytes;
using gongkai::test::TestDb;
using gongkai::test::write_bytes;
namespace sec = gongkai::test::security;
namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

namespace {

const Env kToday = {{"GONGKAI_TODAY", "2025-01-10"}};


// SHA-256 by coreutils, independently of gongkai.
std::string sha256sum(const fs::path& p) {
  std::string out;
  FILE* f = popen(("sha256sum '" + p.string() + "'").c_str(), "r");
  REQUIRE(f);
  char buf[256];
  while (fgets(buf, sizeof buf, f)) out += buf;
  pclose(f);
  return out.substr(0, 64);
}

}  // namespace

TEST_SUITE("attachments") {
  TEST_CASE("attach, list, get back byte for byte; a later file supersedes, both kept; limits and refusals") {
    sec::Logins logins;  // first: the member roles are dropped after the database
    TestDb db;
    sec::ScratchDir dir;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-zj", "--name", "花溪县住房和城乡建设局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "qz", "--name", "青州县人民政府", "--kind", "government"});
    std::string c = db.ok({"receive", "--agency", "hx-zj", "--received", "2024-09-02", "--channel", "post",
                           "--applicant-type", "person", "--applicant", "张三", "--subject", "征地补偿"},
                          kToday);

    // A "scanned letter": PDF magic, then every byte value, NULs included.
    std::string letter = "%PDF-1.4\n";
    for (int i = 0; i < 4096; ++i) letter += static_cast<char>(i % 256);
    const fs::path letter_path = dir.path() / "来信.pdf";
    std::ofstream(letter_path, std::ios::binary) << letter;
    auto r = db.run({"attach", c, letter_path.string(), "--note", "申请人来信原件", "--json"}, kToday);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.json()["id"] == 1);
    CHECK(r.json()["sha256"] == sha256sum(letter_path));
    CHECK(r.json()["type"] == "application/pdf");
    CHECK(r.json()["size"] == letter.size());

    const fs::path receipt = fs::path(dir.write("送达回证.txt", "送达回证：2024年9月30日签收。\n"));
    CHECK(db.run({"attach", c, receipt.string()}, kToday).code == 0);
    // The letter again, rescanned: file 3 supersedes file 1; both kept.
    std::string rescanned = letter + "rescanned";
    std::ofstream(letter_path, std::ios::binary | std::ios::trunc) << rescanned;
    auto again = db.run({"attach", c, letter_path.string(), "--json"}, kToday).json();
    CHECK(again["id"] == 3);
    CHECK(again["supersedes"] == 1);

    auto files = db.run({"files", c, "--json"}, kToday).json();
    REQUIRE(files.size() == 3);
    CHECK(files[0]["name"] == "来信.pdf");
    CHECK(files[0]["superseded_by"] == 3);
    CHECK(files[0]["note"] == "申请人来信原件");
    CHECK(files[1]["type"] == "text/plain");
    CHECK(files[2]["superseded_by"].is_null());
    for (const char* key : {"id", "name", "size", "sha256", "type", "attached_on", "actor"}) CHECK(files[0].contains(key));
    CHECK(db.ok({"files", c}, kToday).find("(superseded by 3)") != std::string::npos);

    const fs::path out = dir.path() / "got.pdf";
    CHECK(db.run({"file", "get", c, "1", "--output", out.string()}, kToday).code == 0);
    CHECK(read_bytes(out) == letter);
    CHECK(db.run({"file", "get", c, "3", "--output", out.string()}, kToday).code == 0);
    CHECK(read_bytes(out) == rescanned);

    // Refusals: one line, the contract's codes, nothing written.
    const std::string before = db.fingerprint();
    const fs::path big = dir.path() / "扫描件.tif";
    std::ofstream(big, std::ios::binary).close();
    fs::resize_file(big, 25LL * 1024 * 1024 + 1);
    auto too_big = db.run({"attach", c, big.string()}, kToday);
    CHECK(too_big.code == 2);
    CHECK(too_big.err.find("MiB") != std::string::npos);
    CHECK(db.run({"attach", c, (dir.path() / "missing.pdf").string()}, kToday).code == 2);
    CHECK(db.run({"attach", "hx-zj-2024-0099", receipt.string()}, kToday).code == 4);
    CHECK(db.run({"files", "hx-zj-2024-0099"}, kToday).code == 4);
    CHECK(db.run({"file", "get", c, "9", "--output", out.string()}, kToday).code == 4);
    CHECK(db.fingerprint() == before);

    // Members: a supervisor of the county sees that the files are there, not their contents, and
    // may not attach; a registrar of another county does not find the case.
    auto member = [&](const std::string& role, const std::string& agency) {
      std::string login = logins.make(role.substr(0, 3));
      db.ok({"user", "add", login, "--name", "成员", "--role", role, "--agency", agency, "--db-login"}, kToday);
      return login;
    };
    std::string supervisor = member("supervisor", "hx"), stranger = member("registrar", "qz"),
                clerk = member("registrar", "hx-zj");
    auto as = [&](const std::string& login, std::vector<std::string> args) {
      args.insert(args.begin(), {"--db", db.conninfo() + " user=" + login});
      return gongkai::test::run_gongkai(args, {{"GONGKAI_TODAY", "2025-01-10"}, {"GONGKAI_ACTOR", ""}});
    };
    CHECK(as(supervisor, {"files", c, "--json"}).json().size() == 3);
    auto denied = as(supervisor, {"file", "get", c, "1", "--output", out.string()});
    CHECK(denied.code == 6);
    CHECK(as(supervisor, {"attach", c, receipt.string()}).code == 6);
    CHECK(as(stranger, {"files", c}).code == 4);
    CHECK(as(stranger, {"file", "get", c, "1", "--output", out.string()}).code == 4);
    auto by_clerk = as(clerk, {"attach", c, receipt.string(), "--json"});
    INFO(by_clerk.err);
    CHECK(by_clerk.code == 0);
    CHECK(by_clerk.json()["actor"] == clerk);
    CHECK(by_clerk.json()["supersedes"] == 2);

    // Hand-written SQL as the member changes nothing; the owner cannot update either.
    pqxx::connection conn(db.conninfo() + " user=" + clerk);
    CHECK(sec::sql_state(conn, "update gk_attachment set name = 'x'") == "42501");
    CHECK(sec::sql_state(conn, "delete from gk_attachment_data") == "42501");
    CHECK(sec::sql_state(conn, "insert into gk_attachment_data values (1, 1, 'x')") == "42501");
    pqxx::connection owner(db.conninfo());
    CHECK(!sec::sql_state(owner, "update gk_attachment_data set data = 'x'").empty());

    // A byte changed behind gongkai's back (a superuser with the triggers off) is caught on reading,
    // and verify names it — a notice's text too.
    CHECK(db.run({"verify"}, kToday).code == 0);
    db.ok({"agency", "remedy", "hx-zj", "--reconsideration-organ", "花溪县人民政府", "--court", "花溪县人民法院",
           "--number-prefix", "花住建信"},
          kToday);
    db.ok({"event", c, "correction-requested", "--on", "2024-09-04", "--note", "请写明所需信息的年份"}, kToday);
    db.ok({"notice", c, "correction", "--format", "html", "--output", (dir.path() / "n.html").string()}, kToday);
    {
      pqxx::work tx(owner);
      tx.exec("alter table gk_notice_document disable trigger user");
      tx.exec("update gk_notice_document set document = replace(document, '年份', '月份')");
      tx.exec("alter table gk_notice_document enable trigger user");
      tx.commit();
    }
    {
      pqxx::work tx(owner);
      tx.exec("alter table gk_attachment_data disable trigger user");
      tx.exec("update gk_attachment_data d set data = overlay(data placing '\\x00'::bytea from 20) "
              "from gk_attachment a where a.id = d.attachment_id and a.file_no = 1");
      tx.exec("alter table gk_attachment_data enable trigger user");
      tx.commit();
    }
    auto tampered = db.run({"file", "get", c, "1", "--output", out.string()}, kToday);
    CHECK(tampered.code == 1);
    CHECK(tampered.err.find("does not match the SHA-256") != std::string::npos);
    auto verify = db.run({"verify"}, kToday);
    CHECK(verify.code == 1);
    CHECK(verify.err.find("case " + c + ": file 1 (来信.pdf) does not match the SHA-256 kept with it") !=
          std::string::npos);
    CHECK(verify.err.find("case " + c + ": notice 花住建信〔2024〕1号 (correction) does not match the SHA-256") !=
          std::string::npos);
  }

  TEST_CASE("the case page: upload with the CSRF token, download as an attachment; a supervisor sees the list only") {
    gongkai::test::WebOffice o("at");
    std::string c = o.db.ok({"--actor", "clerk", "receive", "--agency", "hx-zj", "--received", "2024-09-02",
                             "--channel", "post", "--applicant-type", "person", "--applicant", "张三"},
                            kToday);
    gongkai::test::Server server(o.db, kToday);
    std::string cookie = gongkai::test::browser_login(server, o.registrar, o.password);
    REQUIRE(!cookie.empty());
    auto page = server.request("GET", "/cases/" + c, "", {{"Cookie", cookie}});
    REQUIRE(page.status == 200);
    CHECK(page.body.find("案卷材料") != std::string::npos);
    CHECK(page.body.find("enctype=\"multipart/form-data\"") != std::string::npos);
    const std::string csrf = gongkai::test::csrf_of(page.body.substr(page.body.find("/files\"")));

    std::string scan = "\x89PNG\r\n\x1a\n";
    for (int i = 0; i < 3000; ++i) scan += static_cast<char>((i * 7) % 256);
    auto multipart = [&](const std::string& token) {
      const std::string b = "----gkboundary7d1";
      std::string body = "--" + b + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n";
      body += "--" + b + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n送达回证扫描件\r\n";
      body += "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"回证.png\"\r\n"
              "Content-Type: image/png\r\n\r\n" + scan + "\r\n--" + b + "--\r\n";
      return std::make_pair(body, "multipart/form-data; boundary=" + b);
    };
    auto [body, type] = multipart(csrf);
    auto no_token = multipart("").first;
    auto refused = server.request("POST", "/cases/" + c + "/files", no_token,
                                  {{"Cookie", cookie}, {"Content-Type", type}, {"Origin", server.url("")}});
    CHECK(refused.status == 403);
    auto posted = server.request("POST", "/cases/" + c + "/files", body,
                                 {{"Cookie", cookie}, {"Content-Type", type}, {"Origin", server.url("")}});
    CHECK(posted.status == 303);
    auto files = o.db.run({"files", c, "--json"}, kToday).json();
    REQUIRE(files.size() == 1);
    CHECK(files[0]["name"] == "回证.png");
    CHECK(files[0]["type"] == "image/png");
    CHECK(files[0]["note"] == "送达回证扫描件");
    CHECK(files[0]["actor"] == o.registrar);

    auto got = server.request("GET", "/cases/" + c + "/files/1", "", {{"Cookie", cookie}});
    CHECK(got.status == 200);
    CHECK(got.body == scan);
    CHECK(got.headers["content-type"] == "application/octet-stream");
    CHECK(got.headers["content-disposition"].rfind("attachment;", 0) == 0);
    CHECK(server.request("GET", "/cases/" + c + "/files/2", "", {{"Cookie", cookie}}).status == 404);

    std::string boss = gongkai::test::browser_login(server, o.supervisor, o.password);
    auto seen = server.request("GET", "/cases/" + c, "", {{"Cookie", boss}});
    CHECK(seen.body.find("回证.png") != std::string::npos);
    CHECK(seen.body.find("/cases/" + c + "/files/1\"") == std::string::npos);  // no link
    CHECK(server.request("GET", "/cases/" + c + "/files/1", "", {{"Cookie", boss}}).status == 403);
    std::string stranger = gongkai::test::browser_login(server, o.other, o.password);
    CHECK(server.request("GET", "/cases/" + c + "/files/1", "", {{"Cookie", stranger}}).status == 404);
  }
}
