#include "web/view.h"

#include <map>

#include "engine/embedded_file.h"
#include "engine/errors.h"
#include "workflows/event_catalogue.h"
#include "workflows/outcome.h"
#include "workflows/vocabulary.h"

namespace gongkai::web {

std::vector<EmbeddedFile> template_files();  // generated: web/templates/*, web/static/*

namespace {

const std::string& file(const std::string& name) {
  static const std::map<std::string, std::string> all = [] {
    std::map<std::string, std::string> m;
    for (auto& f : template_files()) m[f.name] = f.contents;
    return m;
  }();
  auto it = all.find(name);
  if (it == all.end()) throw InternalError("no page template compiled in: web/templates/" + name);
  return it->second;
}

std::string render(const std::string& name, const Data& data) {
  kainjow::mustache::mustache t{file(name + ".mustache")};
  if (!t.is_valid()) throw InternalError("page template " + name + ": " + t.error_message());
  return t.render(data);
}

Response layout(const std::string& title, const std::string& body, Data frame, int status) {
  frame.set("title", title);
  frame.set("body", body);
  Response r;
  r.status = status;
  r.body = render("layout", frame);
  return r;
}

std::string label(const std::map<std::string_view, const char*>& names, std::string_view code) {
  auto it = names.find(code);
  return it == names.end() ? std::string(code) : it->second;
}

}  // namespace

void set_list(Data& d, const std::string& name, const List& items) {
  d.set(name, items);
  d.set("has_" + name, !items.empty());
}

Response render_page(const Visit& v, const std::string& name, const std::string& title, Data data, int status) {
  data.set("csrf", v.csrf);
  Data frame;
  frame.set("member", true);
  frame.set("member_name", v.ctx.me().name);
  frame.set("member_login", v.ctx.me().login);
  frame.set("member_role", role_label(v.ctx.me().role));
  frame.set("csrf", v.csrf);
  const std::string& role = v.ctx.me().role;
  frame.set("may_receive", role == "registrar" || role == "admin");
  frame.set("may_admin", role == "admin");
  return layout(title, render(name, data), frame, status);
}

Response render_login(const std::string& next, const std::string& login, const std::string& error, int status) {
  Data d;
  d.set("next", next);
  d.set("login", login);
  if (!error.empty()) d.set("error", error);
  return layout("登录", render("login", d), Data{}, status);
}

Response error_page(int status, const std::string& message) {
  Data d;
  d.set("status", std::to_string(status));
  d.set("message", message);
  d.set("not_found", status == 404);
  d.set("conflict", status == 409);
  return layout(status == 404 ? "未找到" : status == 403 ? "无权操作" : "出错了", render("error", d), Data{}, status);
}

Response static_file(const std::string& name, const std::string& content_type) {
  Response r;
  r.content_type = content_type;
  r.body = file(name);
  return r;
}

std::string state_label(std::string_view s) { return workflows::state_label_zh(s); }

std::string appeal_state_label(std::string_view s) {
  static const std::map<std::string_view, const char*> m = {{"none", "无"},
                                                            {"in-reconsideration", "行政复议中"},
                                                            {"reconsidered", "行政复议已决定"},
                                                            {"in-litigation", "行政诉讼中"},
                                                            {"litigated", "行政诉讼已判决"}};
  return label(m, s);
}

std::string channel_label(std::string_view c) {
  static const std::map<std::string_view, const char*> m = {{"in-person", "当面申请"}, {"online", "网上平台"},
                                                            {"post", "信函"},          {"fax", "传真"},
                                                            {"email", "电子邮件"},     {"other", "其他"}};
  return label(m, c);
}

std::string applicant_type_label(std::string_view t) {
  static const std::map<std::string_view, const char*> m = {
      {"person", "自然人"},           {"business", "商业企业"},       {"research", "科研机构"},
      {"nonprofit", "社会公益组织"}, {"legal", "法律服务机构"}, {"other-org", "其他"}};
  return label(m, t);
}

std::string role_label(std::string_view r) {
  static const std::map<std::string_view, const char*> m = {{"registrar", "登记员"}, {"handler", "承办人"},
                                                            {"supervisor", "督办人"}, {"statistician", "统计员"},
                                                            {"admin", "管理员"}};
  return label(m, r);
}

std::string agency_kind_label(std::string_view k) {
  static const std::map<std::string_view, const char*> m = {
      {"government", "人民政府"}, {"township", "下级政府（乡镇）"}, {"department", "政府工作部门"}};
  return label(m, k);
}

std::string result_label(std::string_view r) {
  static const std::map<std::string_view, const char*> m = {{"upheld", "维持"}, {"corrected", "纠正"}, {"other", "其他"}};
  return label(m, r);
}

std::string event_label(std::string_view kind) {
  if (kind == "received") return "收到申请";
  if (const auto* k = workflows::find_event_kind(kind)) return std::string(k->label);
  return std::string(kind);
}

std::string option_label(std::string_view key) {
  static const std::map<std::string_view, const char*> m = {{"note", "备注"},        {"handler", "承办人"},
                                                            {"approved_by", "批准人"}, {"amount", "收费金额（元）"},
                                                            {"outcome", "办理结果"},   {"result", "结果"},
                                                            {"field", "更正事项"},     {"value", "更正为"}};
  return label(m, key);
}

std::string outcome_label(std::string_view code) {
  if (const auto* o = workflows::find_outcome(code)) return std::string(o->national_label);
  return std::string(code);
}

}  // namespace gongkai::web
