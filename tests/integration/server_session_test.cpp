// A long-lived process (the web server) logs in once as gongkai_web and acts for each request's
// member, transaction by transaction (SET LOCAL ROLE): through the library API, one connection
// serves members of different roles and counties in turn, each seeing and doing exactly what its
// role allows, and nothing of one request's member outlives it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>

#include "app/cases.h"
#include "app/connect.h"
#include "db/session.h"
#include "engine/errors.h"
#include "harness.h"

using namespace gongkai;
using gongkai::test::TestDb;

namespace {

std::string unique_login(const std::string& role) {
  static std::atomic<int> n{0};
  return "srv" + std::to_string(getpid()) + "x" + std::to_string(n++) + role.substr(0, 3);
}

app::ConnectOptions acting_for(const std::string& login) {
  app::ConnectOptions o;
  o.act_for = login;
  o.today = Date::from_ymd(2024, 12, 31);
  return o;
}

}  // namespace

TEST_SUITE("security") {
  TEST_CASE("one gongkai_web connection acts for member after member, each as its role allows") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "某县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "ot", "--name", "另一县人民政府", "--kind", "government"});
    const std::string clerk = unique_login("registrar"), boss = unique_login("supervisor"),
                      other = unique_login("registrar");
    db.ok({"user", "add", clerk, "--name", "王芳", "--role", "registrar", "--agency", "hx"});
    db.ok({"user", "add", boss, "--name", "赵强", "--role", "supervisor", "--agency", "hx"});
    db.ok({"user", "add", other, "--name", "李四", "--role", "registrar", "--agency", "ot"});

    // The members' roles may not log in (no --db-login): only gongkai_web reaches them.
    auto web = db::Session::open(db.conninfo() + " user=gongkai_web");
    app::CalendarCache calendar;

    std::string case_no;
    {
      auto ctx = app::context_for(*web, calendar, acting_for(clerk));
      CHECK(ctx->me().role == "registrar");
      auto v = app::receive(*ctx, {"hx", "2024-10-08", "post", "person", "张三", "征地补偿", "", "13800000000", ""});
      case_no = v.c.facts().case_no;
      app::record_event(*ctx, {case_no, "reviewed", "2024-10-09", {}});
    }
    CHECK(db.scalar("select string_agg(actor, ',' order by seq) from gk_event e join gk_case c on c.id = e.case_id "
                    "where c.case_no = '" + case_no + "'") == clerk + "," + clerk);
    CHECK(calendar.calendar != nullptr);  // read once, kept for the next requests on this connection

    {
      auto ctx = app::context_for(*web, calendar, acting_for(boss));
      CHECK(ctx->me().role == "supervisor");
      auto v = app::show(*ctx, case_no);
      CHECK(v.personal_masked);
      CHECK(v.c.facts().applicant == "张*");
      CHECK_THROWS_AS(app::record_event(*ctx, {case_no, "answered", "2024-10-10", {{"outcome", "disclosed"}}}),
                      NotPermitted);
      // The refusal ended its transaction, and the role with it.
    }
    {
      auto ctx = app::context_for(*web, calendar, acting_for(other));
      CHECK(ctx->me().agencies == std::vector<std::string>{"ot"});
      CHECK_THROWS_AS(app::show(*ctx, case_no), NotFound);
      CHECK(app::list_cases(*ctx, {}).empty());
    }
    {
      // Back to the clerk: the case is as the clerk left it; nothing of the supervisor's attempt.
      auto ctx = app::context_for(*web, calendar, acting_for(clerk));
      auto v = app::show(*ctx, case_no);
      CHECK(!v.personal_masked);
      CHECK(v.c.facts().applicant == "张三");
      CHECK(v.c.history().size() == 2);
    }

    // Acting for nobody, gongkai_web is nobody: not a member, never the administrator.
    app::ConnectOptions as_itself;
    CHECK_THROWS_AS(app::context_for(*web, calendar, as_itself), NotPermitted);
    // It cannot act for a role it was not granted.
    CHECK_THROWS(app::context_for(*web, calendar, acting_for("gongkai_admin")));
    // A disabled member's requests are refused at once.
    db.ok({"user", "disable", clerk});
    CHECK_THROWS_AS(app::context_for(*web, calendar, acting_for(clerk)), NotPermitted);
    // And the connection serves the next member as before.
    auto ctx = app::context_for(*web, calendar, acting_for(boss));
    CHECK(app::list_cases(*ctx, {}).size() == 1);
  }
}
