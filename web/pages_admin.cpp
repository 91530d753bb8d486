// The administrator's page (管理): agencies, members (add, disable, reset a password), the calendar
// (upload a year's holiday file), import (upload a CSV) and export (download one). Statisticians'
// figures are posted here too. Each action answers with the page and what it did, or what is wrong.
#include <fmt/format.h>

#include <map>
#include <sstream>

#include "app/agencies.h"
#include "app/bulk.h"
#include "app/calendar.h"
#include "app/members.h"
#include "app/permissions.h"
#include "app/federation.h"
#include "app/reports.h"
#include "engine/errors.h"
#include "web/pages.h"
#include "web/view.h"

namespace gongkai::web {
namespace {

const Upload* upload(const Request& r, const std::string& field) {
  for (const auto& f : r.files)
    if (f.field == field) return &f;
  return nullptr;
}

// A form's year: four digits.
int year_param(const Request& r) {
  const std::string y = r.param("year");
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("year '" + y + "' is not a year (YYYY)");
  return std::stoi(y);
}

std::string do_action(Visit& v) {
  const auto& r = v.req;
  const std::string action = r.param("action");
  if (action == "figures") {
    app::FiguresRequest q;
    q.agency = r.param("agency");
    q.year = year_param(r);
    q.pairs = {r.param("key") + "=" + r.param("value")};
    if (r.param("kind") == "baseline") app::set_baseline(v.ctx, q);
    else app::set_figures(v.ctx, q);
    return "已保存 " + r.param("key");
  }
  if (action == "sign-off") {
    app::SignOffRequest q;
    q.agency = r.param("agency");
    q.year = year_param(r);
    q.federation = r.param("federation") == "1";
    auto done = app::sign_off(v.ctx, q);
    return std::to_string(done.version);
  }
  if (action == "agency-add") {
    app::Agency a{0, r.param("code"), r.param("name"), r.param("kind"), r.param("parent")};
    app::add_agency(v.ctx, a);
    return "已添加机构 " + a.code;
  }
  if (action == "member-add") {
    app::MemberRequest m;
    m.login = r.param("login");
    m.name = r.param("name");
    m.role = r.param("role");
    for (const auto& a : r.params("agency"))
      if (!a.empty()) m.agencies.push_back(a);
    m.db_login = r.param("db_login") == "1";
    if (!r.param("password").empty()) m.password = r.param("password");
    app::add_member(v.ctx, m);
    return "已添加成员 " + m.login;
  }
  if (action == "member-disable") {
    app::disable_member(v.ctx, r.param("login"));
    return "已停用成员 " + r.param("login");
  }
  if (action == "member-password") {
    app::set_password(v.ctx, r.param("login"), r.param("password"));
    return "已重设 " + r.param("login") + " 的密码";
  }
  if (action == "calendar-load") {
    const Upload* f = upload(r, "file");
    if (!f || f->data.empty()) throw UsageError("choose a holiday file to upload");
    app::CalendarLoadRequest q{f->filename.empty() ? "upload" : f->filename, r.param("force") == "1"};
    auto l = app::load_calendar_text(v.ctx, q, f->data);
    return fmt::format("已载入 {}：重新计算 {} 件办理中的案件，{} 件期限变化", l.source, l.result.open_cases,
                       l.result.moved.size());
  }
  if (action == "import") {
    const Upload* f = upload(r, "file");
    if (!f || f->data.empty()) throw UsageError("choose a CSV file to upload");
    std::istringstream in(f->data);
    app::ImportRequest q;
    q.source = f->filename.empty() ? "the upload" : f->filename;
    q.dry_run = r.param("dry_run") == "1";
    std::string problems;
    q.on_problem = [&](const workflows::RowProblem& p) {
      if (problems.size() < 4000) problems += fmt::format("\n第{}行：{}", p.row, p.message);
    };
    try {
      auto s = app::import_csv(v.ctx, in, q);
      return fmt::format("{}：{} 件案件，{} 条记录", s.dry_run ? "检查通过（未写入）" : "已导入", s.cases, s.events);
    } catch (const Error& e) {
      throw_error(Error(e.kind(), std::string(e.what()) + problems));
    }
  }
  throw UsageError("unknown action '" + action + "'");
}

}  // namespace

Response admin_page(Visit& v, const std::string& notice, const std::string& error, int status) {
  const auto& me = v.ctx.me();
  if (!app::allowed(me, app::Action::manage_members) && !app::allowed(me, app::Action::enter_figures))
    app::require(me, app::Action::manage_members);
  Data d;
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  List agencies;
  std::map<std::string, int> depth;
  for (const auto& a : app::list_agencies(v.ctx)) {
    int dep = a.parent.empty() || !depth.count(a.parent) ? 0 : depth[a.parent] + 1;
    depth[a.code] = dep;
    Data ad;
    std::string indent;
    for (int i = 0; i < dep; ++i) indent += "　";
    ad.set("indent", indent);
    ad.set("code", a.code);
    ad.set("name", a.name);
    ad.set("kind", agency_kind_label(a.kind));
    agencies.push_back(ad);
  }
  d.set("agencies", agencies);
  List members;
  for (const auto& m : app::list_members(v.ctx)) {
    Data md;
    md.set("login", m.login);
    md.set("name", m.name);
    md.set("role", role_label(m.role));
    std::string scope;
    for (const auto& a : m.agencies) scope += (scope.empty() ? "" : "、") + a;
    md.set("agencies", scope);
    md.set("disabled", m.disabled);
    md.set("csrf", v.csrf);
    members.push_back(md);
  }
  d.set("members", members);
  const int year = v.ctx.today().year();
  List years;
  for (int y : {year - 1, year, year + 1}) {
    auto cy = app::calendar_year(v.ctx, y);
    Data yd;
    yd.set("year", std::to_string(y));
    yd.set("loaded", cy.stored.loaded);
    yd.set("source", cy.stored.source);
    yd.set("working_days", std::to_string(cy.working_days));
    years.push_back(yd);
  }
  d.set("years", years);
  d.set("may_manage", app::allowed(me, app::Action::manage_members));
  return render_page(v, "admin", "管理", d, status);
}

Response admin_action(Visit& v) {
  try {
    std::string done = do_action(v);
    if (v.req.param("action") == "figures") return Response::redirect("/reports", 303);
    if (v.req.param("action") == "sign-off")
      return Response::redirect("/reports?year=" + v.req.param("year") + "&agency=" + url_encode(v.req.param("agency")) +
                                    "#sign-off",
                                303);
    return admin_page(v, done);
  } catch (const UsageError& e) {
    return admin_page(v, "", e.what(), 400);
  } catch (const RuleViolation& e) {
    return admin_page(v, "", e.what(), 422);
  }
}

Response export_download(Visit& v) {
  app::ExportRequest q;
  q.agency = v.req.param("agency");
  if (const std::string y = v.req.param("year"); !y.empty()) {
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("year '" + y + "' is not a year (YYYY)");
    q.year = std::stoi(y);
  }
  q.personal_data = v.req.param("personal_data") == "1";
  q.bom = v.req.param("bom") == "1";
  std::ostringstream out;
  app::export_csv(v.ctx, out, q);
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = out.str();
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"gongkai-export.csv\"");
  return res;
}

}  // namespace gongkai::web
