// Backing up the embedded default and restoring it into a fresh home: taken while a clerk keeps
// writing, the copy is consistent (verify passes, every history a prefix of the original's); taken
// quietly, it restores to the same cases, members and reports. A home that has a database, a file
// that is not a backup and --db are refused without leaving anything behind.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "embedded_home.h"
#include "harness.h"

using gongkai::test::run_gongkai;
namespace fs = std::filesystem;

namespace {

// A home of its own, with today fixed inside the year the cases are of.
struct Home : gongkai::test::EmbeddedHome {
  explicit Home(const std::string& name) : EmbeddedHome("gk-bk", name, {{"GONGKAI_TODAY", "2025-03-31"}}) {}
};

std::string receive(const Home& h, const std::string& agency, const std::string& on, const std::string& who) {
  std::string c = h.ok({"receive", "--agency", agency, "--received", on, "--channel", "post", "--applicant-type",
                        "person", "--applicant", who, "--subject", "征地补偿方案"});
  return c.substr(0, c.find('\n'));
}

// Everything a restore must give back, as the users see it.
std::string everything(const Home& h) {
  std::string s;
  for (const char* year : {"2024", "2025"})
    for (const char* tmpl : {"national", "legacy"})
      s += h.ok({"report", "--year", year, "--template", tmpl, "--format", "json"});
  s += h.ok({"export", "--include-personal-data"});
  s += h.ok({"user", "list", "--json"});
  s += h.ok({"figures", "list", "--agency", "cty", "--json"});
  return s;
}

}  // namespace

TEST_SUITE("backup") {
  TEST_CASE("a backup restores into a fresh home: the same cases, members, figures and reports; verify passes") {
    Home a("a"), b("b");
    a.ok({"agency", "add", "cty", "--name", "某县人民政府", "--kind", "government"});
    a.ok({"agency", "add", "cty-zj", "--name", "某县住房和城乡建设局", "--kind", "department", "--parent", "cty"});
    a.ok({"user", "add", "wangfang", "--name", "王芳", "--role", "registrar", "--agency", "cty", "--password-stdin"},
         "wangfang-secret-1\n");
    a.ok({"figures", "set", "--agency", "cty", "--year", "2024", "proactive.total=120", "complaints=2"});
    for (int i = 0; i < 6; ++i) {
      std::string c = receive(a, i % 2 ? "cty" : "cty-zj", "2024-11-0" + std::to_string(i + 1), "申请人" + std::to_string(i));
      if (i < 4) a.ok({"event", c, "answered", "--on", "2024-12-0" + std::to_string(i + 2), "--outcome", "disclosed"});
    }
    const fs::path file = a.path.parent_path() / ("gk-bk-" + std::to_string(getpid()) + ".tar.gz");
    auto r = a.run({"db", "backup", file.string()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(fs::file_size(file) > 1000);
    CHECK_FALSE(fs::exists(file.string() + ".partial"));

    auto restored = b.run({"db", "restore", file.string()});
    INFO(restored.err);
    REQUIRE(restored.code == 0);
    CHECK(everything(b) == everything(a));
    auto verify = b.run({"verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.code == 0);
    // Both live on: the restored one is a database of its own.
    std::string later = receive(b, "cty", "2025-01-06", "新申请人");
    CHECK(later == "cty-2025-0001");
    CHECK(a.run({"show", later}).code == 4);

    // A home with a database is not overwritten (exit 5), and nothing in it changes.
    std::string before = everything(b);
    auto again = b.run({"db", "restore", file.string()});
    CHECK(again.code == 5);
    CHECK(again.err.find("exists already") != std::string::npos);
    CHECK(everything(b) == before);
    fs::remove(file);
  }

  TEST_CASE("a backup taken while a clerk writes is consistent: verify passes, every history a prefix of the original") {
    Home a("w"), b("x");
    a.ok({"agency", "add", "cty", "--name", "某县人民政府", "--kind", "government"});
    std::vector<std::string> cases;
    for (int i = 0; i < 3; ++i) cases.push_back(receive(a, "cty", "2025-01-0" + std::to_string(i + 6), "甲" + std::to_string(i)));
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::thread clerk([&] {
      for (int i = 0; !stop && i < 200; ++i) {
        if (run_gongkai({"receive", "--agency", "cty", "--received", "2025-02-10", "--channel", "online",
                         "--applicant-type", "business", "--applicant", "乙公司"}, a.env).code == 0)
          ++written;
      }
    });
    while (written < 2) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const fs::path file = a.path.parent_path() / ("gk-bk-live-" + std::to_string(getpid()) + ".tar.gz");
    auto r = a.run({"db", "backup", file.string()});
    int during = written;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
    clerk.join();
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(written > during);  // the clerk was not held up by the backup

    REQUIRE(b.run({"db", "restore", file.string()}).code == 0);
    auto verify = b.run({"verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.code == 0);
    // Every case the copy has, the original has, with the same history up to the copy's end.
    auto copy = nlohmann::json::parse(b.ok({"list", "--json", "--limit", "10000"}));
    auto original = nlohmann::json::parse(a.ok({"list", "--json", "--limit", "10000"}));
    CHECK(copy.size() >= cases.size() + 2);
    CHECK(copy.size() <= original.size());
    for (const auto& c : copy) {
      std::string no = c["case"];
      CHECK(b.ok({"show", no, "--json"}) == a.ok({"show", no, "--json"}));
    }
    fs::remove(file);
  }

  TEST_CASE("restore refuses a file that is not a backup and leaves the home without a database; --db is refused") {
    Home b("y");
    const fs::path junk = b.path.parent_path() / ("gk-bk-junk-" + std::to_string(getpid()) + ".tar.gz");
    std::ofstream(junk) << "not a backup\n";
    auto r = b.run({"db", "restore", junk.string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("is not a gongkai backup") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(b.run({"db", "status", "--json"}).json()["exists"] == false);
    CHECK(b.run({"db", "restore", (b.path / "missing.tar.gz").string()}).code == 2);
    CHECK(b.run({"--db", "host=/tmp", "db", "backup", junk.string()}).code == 2);
    CHECK(b.run({"db", "backup", junk.string()}).code == 2);  // nothing to back up yet
    fs::remove(junk);
  }
}
