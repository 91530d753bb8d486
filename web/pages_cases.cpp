// The registry's and the handlers' pages: home, the list, a case with the steps allowed now, intake.
#include <map>

#include "app/agencies.h"
#include "app/cases.h"
#include "app/events.h"
#include "app/permissions.h"
#include "app/supervision.h"
#include "engine/errors.h"
#include "web/pages.h"
#include "web/view.h"
#include "workflows/correction.h"

namespace gongkai::web {
namespace {

constexpr int kPageSize = 50;

// The agencies the member sees, as options of a select, indented by depth.
List agency_options(Visit& v, const std::string& selected) {
  List out;
  std::map<std::string, int> depth;
  for (const auto& a : app::list_agencies(v.ctx)) {
    int d = a.parent.empty() || !depth.count(a.parent) ? 0 : depth[a.parent] + 1;
    depth[a.code] = d;
    Data o;
    o.set("code", a.code);
    o.set("name", a.name);
    std::string indent;
    for (int i = 0; i < d; ++i) indent += "　";
    o.set("indent", indent);
    o.set("selected", a.code == selected);
    out.push_back(o);
  }
  return out;
}

List choices(const std::vector<std::pair<std::string, std::string>>& values, const std::string& selected) {
  List out;
  for (const auto& [value, label] : values) {
    Data o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == selected);
    out.push_back(o);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> labelled(std::initializer_list<const char*> codes,
                                                          std::string (*label)(std::string_view)) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* c : codes) out.emplace_back(c, label(c));
  return out;
}

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

Response page(Visit& v) {
  const auto& r = v.req;
  const std::string& p = r.path;
  const bool get = r.method == "GET" || r.method == "HEAD";
  if (p == "/" && get) return home_page(v);
  if (p == "/cases" && get) return cases_page(v);
  if (p == "/cases" && r.method == "POST") return receive_form(v);
  if (p == "/cases/new" && get) return intake_page(v);
  if (p.rfind("/cases/", 0) == 0) {
    std::string rest = p.substr(7);
    const std::string events = "/events";
    if (rest.size() > events.size() && rest.compare(rest.size() - events.size(), events.size(), events) == 0 &&
        r.method == "POST")
      return event_form(v, rest.substr(0, rest.size() - events.size()));
    // /cases/CASE/files: attach (POST); /cases/CASE/files/N: download (GET).
    if (const size_t at = rest.find("/files"); at != std::string::npos && at > 0) {
      const std::string case_no = rest.substr(0, at), tail = rest.substr(at + 6);
      if (tail.empty() && r.method == "POST") return file_upload(v, case_no);
      if (tail.size() > 1 && tail[0] == '/' && tail.find('/', 1) == std::string::npos && get)
        return file_download(v, case_no, tail.substr(1));
    }
    // /cases/CASE/notices/KIND: print (GET) or issue (POST) a notice.
    if (const size_t at = rest.find("/notices/"); at != std::string::npos && at > 0) {
      const std::string case_no = rest.substr(0, at), kind = rest.substr(at + 9);
      if (kind.find('/') == std::string::npos) {
        if (get) return notice_download(v, case_no, kind);
        if (r.method == "POST") return notice_issue(v, case_no, kind);
      }
    }
    if (rest.find('/') == std::string::npos && get) {
      std::string notice;
      if (!r.param("notice").empty()) notice = "已出具文书 " + r.param("notice");
      if (!r.param("attached").empty()) notice = "已附上材料 " + r.param("attached");
      if (!r.param("received").empty()) notice = "已登记，案件编号 " + rest;
      if (!r.param("recorded").empty()) notice = "已记录：" + event_label(r.param("recorded"));
      return case_page(v, rest, notice);
    }
  }
  if (p == "/supervise" && get) return supervise_page(v);
  if (p == "/reports" && get) return reports_page(v);
  if (p == "/reports/download" && get) return report_download(v);
  if (p == "/admin" && get) return admin_page(v);
  if (p == "/admin" && r.method == "POST") return admin_action(v);
  if (p == "/admin/export" && get) return export_download(v);
  return error_page(404, "没有这个页面（no such page）");
}

Response cases_page(Visit& v) {
  const auto& r = v.req;
  app::ListRequest q;
  q.agency = r.param("agency");
  q.state = r.param("state");
  if (const std::string y = r.param("year"); !y.empty()) {
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("year '" + y + "' is not a year (YYYY)");
    q.year = std::stoi(y);
  }
  q.text = r.param("q");
  q.overdue = r.param("overdue") == "1";
  // A page is the cases after the previous page's last (a keyset): page 2,000 costs what page 1
  // does, and nothing counts every case of a county to print a total.
  q.after = r.param("after");
  q.limit = kPageSize + 1;  // one more than shown: whether there is a next page
  // 全文查找: any part of subject, notes, reference or name (gongkai search), the latest first.
  const std::string search = r.param("search");
  auto rows = search.empty() ? app::list_cases(v.ctx, q) : app::search_cases(v.ctx, {search, q.agency, kPageSize});
  const bool more = search.empty() && rows.size() > static_cast<size_t>(kPageSize);
  if (more) rows.resize(kPageSize);

  Data d;
  List list;
  for (const auto& c : rows) {
    Data row;
    row.set("case", c.case_no);
    row.set("agency", c.agency);
    row.set("state", state_label(c.state));
    row.set("received_on", c.received_on.str());
    row.set("due_on", c.due_on ? c.due_on->str() : "");
    row.set("applicant", c.applicant);
    row.set("outcome", c.outcome.empty() ? "" : outcome_label(c.outcome));
    list.push_back(row);
  }
  set_list(d, "rows", list);
  d.set("shown", std::to_string(rows.size()));
  d.set("continued", !q.after.empty());
  auto link = [&](const std::string& after) {
    std::string query;
    for (const char* k : {"agency", "state", "year", "q", "overdue"})
      if (!r.param(k).empty()) query += std::string(query.empty() ? "?" : "&") + k + "=" + url_encode(r.param(k));
    if (!after.empty()) query += std::string(query.empty() ? "?" : "&") + "after=" + url_encode(after);
    return "/cases" + query;
  };
  if (!q.after.empty()) d.set("first", link(""));
  if (more) d.set("next", link(rows.back().case_no));
  std::vector<std::pair<std::string, std::string>> states = {{"", "全部"}, {"open", "办理中"}};
  for (auto s : labelled({"received", "awaiting-correction", "under-review", "consulting-third-party", "awaiting-fee",
                          "answered", "withdrawn"},
                         &state_label))
    states.push_back(s);
  d.set("states", choices(states, q.state));
  d.set("agencies", agency_options(v, q.agency));
  d.set("year", q.year ? std::to_string(*q.year) : "");
  d.set("q", q.text);
  d.set("overdue", q.overdue);
  d.set("search", search);
  d.set("searching", !search.empty());
  d.set("search_agency", q.agency);
  d.set("search_limit", std::to_string(kPageSize));
  return render_page(v, "cases", "案件列表", d);
}

Response case_page(Visit& v, const std::string& case_no, const std::string& notice) {
  auto view = app::show(v.ctx, case_no);
  const auto& f = view.c.facts();
  auto s = view.c.snapshot();
  Data d;
  if (!notice.empty()) d.set("recorded", notice);
  d.set("case", f.case_no);
  d.set("agency", f.agency);
  std::string agency_name = f.agency;
  for (const auto& a : app::list_agencies(v.ctx))
    if (a.code == f.agency) agency_name = a.name;
  d.set("agency_name", agency_name);
  d.set("state", state_label(s.state));
  if (s.appeal_state != "none") d.set("appeal", appeal_state_label(s.appeal_state));
  d.set("regime", f.regime == 2008 ? "2008年《条例》（国务院令第492号）" : "2019年《条例》（国务院令第711号）");
  d.set("received_on", f.received_on.str());
  d.set("channel", channel_label(f.channel));
  if (!f.letter_ref.empty()) d.set("letter_ref", f.letter_ref);
  d.set("applicant", f.applicant);
  d.set("applicant_type", applicant_type_label(f.applicant_type));
  if (!f.contact.empty()) d.set("contact", f.contact);
  d.set("masked", view.personal_masked);
  if (!f.subject.empty()) d.set("subject", f.subject);
  if (s.due) {
    d.set("due_on", s.due->due.str());
    d.set("provisional", s.due->provisional);
    d.set("overdue", s.due->due < v.ctx.today());
  }
  if (s.outcome) {
    d.set("outcome", outcome_label(*s.outcome));
    d.set("answered_on", s.answered_on->str());
  }
  if (s.closed_on)
    d.set("closed", s.closed_on->str() + (s.closed_kind == "withdrawn" ? " 撤回" : " 答复") +
                        (*s.closed_on <= s.final_due->due ? "，按时办结" : "，逾期办结") + "（期限 " +
                        s.final_due->due.str() + "）");
  const auto& due = s.due ? s.due : s.final_due;
  List steps;
  if (due)
    for (const auto& step : due->steps_zh) steps.push_back(Data(step));
  set_list(d, "due_steps", steps);
  List events;
  const auto changes = workflows::changes_of(view.c.history());
  for (const auto& e : view.c.history()) {
    Data row;
    row.set("seq", std::to_string(e.seq));
    row.set("on", e.on.str());
    row.set("label", event_label(e.kind));
    row.set("actor", e.actor);
    row.set("recorded_at", e.recorded_at.substr(0, 19));
    std::string details;
    if (const auto* change = workflows::change_at(changes, e.seq)) {
      auto shown = [&](const std::string& x) {
        if (x.empty()) return std::string("（空）");
        if (change->field == "channel") return channel_label(x);
        if (change->field == "applicant_type") return applicant_type_label(x);
        return x;
      };
      details = std::string(change->label) + "：" + shown(change->from) + " → " + shown(change->to);
    }
    for (auto it = e.details.begin(); it != e.details.end(); ++it) {
      if (e.kind == "received") continue;  // shown above
      if (e.kind == "corrected" && (it.key() == "field" || it.key() == "value")) continue;
      std::string value = text_of(it.value());
      if (it.key() == "outcome") value = outcome_label(value);
      if (it.key() == "result") value = result_label(value);
      const std::string label = e.kind == "corrected" && it.key() == "note" ? "更正理由" : option_label(it.key());
      details += (details.empty() ? "" : "\n") + label + "：" + value;
    }
    row.set("details", details);
    events.push_back(row);
  }
  d.set("events", events);
  const bool may_act = app::allowed(v.ctx.me(), app::Action::record_event);
  d.set("may_act", may_act);
  List allowed;
  for (const auto& step : app::allowed_steps(v.ctx, view)) {
    Data a;
    a.set("case", f.case_no);
    a.set("kind", step.kind);
    a.set("label", step.label);
    a.set("seen", std::to_string(view.c.history().size()));
    a.set("today", v.ctx.today().str());
    List outcomes;
    for (const auto& o : step.outcomes) {
      Data od;
      od.set("code", o);
      od.set("label", outcome_label(o));
      outcomes.push_back(od);
    }
    set_list(a, "outcomes", outcomes);
    for (const auto& key : step.required) a.set(key, true);
    for (const auto& key : step.optional) a.set(key, true);
    a.set("csrf", v.csrf);
    allowed.push_back(a);
  }
  set_list(d, "allowed", allowed);
  if (may_act) {
    // Corrections and 转办: always possible, open or closed; the reason is required.
    List fields;
    for (const auto& fld : workflows::correctable_fields()) {
      if (fld.key == "agency") continue;  // its own form, with the agencies to choose from
      Data o;
      o.set("code", std::string(fld.key));
      o.set("label", std::string(fld.label));
      fields.push_back(o);
    }
    set_list(d, "correctable", fields);
    d.set("move_agencies", agency_options(v, f.agency));
    d.set("seen", std::to_string(view.c.history().size()));
    d.set("today", v.ctx.today().str());
    d.set("csrf", v.csrf);
  }
  if (s.is_open && !view.personal_masked) {
    // Before answering: the same applicant's earlier cases on a similar subject (可能重复申请).
    List repeats;
    for (const auto& rep : app::possible_repeats(v.ctx, view)) {
      Data r;
      r.set("case", rep.case_no);
      r.set("received_on", rep.received_on.str());
      r.set("subject", rep.subject);
      repeats.push_back(r);
    }
    set_list(d, "repeats", repeats);
  }
  d.set("paperwork", notices_data(v, view));
  d.set("case_files", files_data(v, view));
  return render_page(v, "case", "案件 " + f.case_no, d);
}

Response intake_page(Visit& v, const std::string& error, int status) {
  app::require(v.ctx.me(), app::Action::receive);
  const auto& r = v.req;
  Data d;
  if (!error.empty()) d.set("error", error);
  d.set("agencies", agency_options(v, r.param("agency")));
  d.set("received", r.param("received").empty() ? v.ctx.today().str() : r.param("received"));
  d.set("channels", choices(labelled({"post", "in-person", "online", "fax", "email", "other"}, &channel_label),
                            r.param("channel")));
  d.set("applicant_types",
        choices(labelled({"person", "business", "research", "nonprofit", "legal", "other-org"}, &applicant_type_label),
                r.param("applicant_type")));
  for (const char* k : {"applicant", "contact", "letter_ref", "subject"}) d.set(k, r.param(k));
  // The form's own number: sent again (a double click, a retry after an error) it finds the case
  // it registered. Shown again with an error, the form keeps it: nothing was registered.
  d.set("form_id", r.param("form_id").empty() ? app::new_form_id() : r.param("form_id"));
  return render_page(v, "intake", "登记", d, status);
}

Response receive_form(Visit& v) {
  const auto& r = v.req;
  app::ReceiveRequest q{r.param("agency"), r.param("received"),   r.param("channel"),
                        r.param("applicant_type"), r.param("applicant"), r.param("subject"),
                        r.param("letter_ref"), r.param("contact"), "", r.param("form_id")};
  try {
    auto c = app::receive(v.ctx, q);
    std::string repeats;
    for (const auto& rep : app::possible_repeats(v.ctx, c)) repeats += (repeats.empty() ? "" : ",") + rep.case_no;
    return Response::redirect("/cases/" + url_encode(c.c.facts().case_no) + "?received=1" +
                                  (repeats.empty() ? "" : "&repeats=" + url_encode(repeats)),
                              303);
  } catch (const UsageError& e) {
    return intake_page(v, e.what(), 400);  // the form again, as typed, with what is wrong
  }
}

Response event_form(Visit& v, const std::string& case_no) {
  const auto& r = v.req;
  app::EventRequest q{case_no, r.param("kind"), r.param("on"), {}, std::nullopt};
  for (const auto& o : app::event_options_keys()) q.options[o] = r.param(o);
  if (const std::string seen = r.param("seen"); !seen.empty() && seen.size() < 6 &&
                                                seen.find_first_not_of("0123456789") == std::string::npos)
    q.seen_events = std::stoi(seen);
  auto c = app::record_event(v.ctx, q);
  return Response::redirect("/cases/" + url_encode(case_no) + "?recorded=" + url_encode(q.kind), 303);
}

}  // namespace gongkai::web
