// A case's notices on the web: the case page's list of those issued (with downloads) and a button
// to issue each one the case has a step for; GET prints a frozen notice (never issues one), POST
// (a form with the CSRF token) issues it. Same access as the case page; printing needs a member
// who reads personal data (docs/notices.md).
#include <set>

#include "app/notices.h"
#include "engine/errors.h"
#include "report/document_writer.h"
#include "web/pages.h"
#include "web/view.h"

namespace gongkai::web {
namespace {

const char* content_type(report::DocFormat f) {
  switch (f) {
    case report::DocFormat::html: return "text/html; charset=utf-8";
    case report::DocFormat::md: return "text/markdown; charset=utf-8";
    case report::DocFormat::docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case report::DocFormat::pdf: return "application/pdf";
  }
  return "application/octet-stream";
}

}  // namespace

Data notices_data(Visit& v, const app::CaseView& view) {
  Data d;
  const std::string case_no = view.c.facts().case_no;
  List issued;
  std::set<std::pair<std::string, int>> done;
  for (const auto& n : app::case_notices(v.ctx, case_no)) {
    Data row;
    row.set("case", case_no);
    row.set("kind", n.kind);
    row.set("label", std::string(report::notice_kind_label(report::parse_notice_kind(n.kind))));
    row.set("number", n.number);
    row.set("issued_on", n.issued_on.str());
    row.set("actor", n.actor);
    row.set("sha256", n.sha256);
    issued.push_back(row);
    done.insert({n.kind, n.step_seq});
  }
  set_list(d, "notices", issued);
  const bool may_print = v.ctx.me().sees_personal_data() && !view.personal_masked;
  d.set("may_print", may_print);
  List issuable;
  if (may_print)
    for (auto k : app::notice_kinds_available(view)) {
      const std::string kind(report::notice_kind_name(k));
      int step = 0;
      for (const auto& e : view.c.history())
        if (e.kind == report::notice_step_event(k)) step = e.seq;
      if (done.count({kind, step})) continue;  // its latest step's notice is issued: download it above
      Data a;
      a.set("case", case_no);
      a.set("kind", kind);
      a.set("label", std::string(report::notice_kind_label(k)));
      a.set("third_party", k == report::NoticeKind::third_party);
      a.set("csrf", v.csrf);
      issuable.push_back(a);
    }
  set_list(d, "issuable", issuable);
  return d;
}

Response notice_download(Visit& v, const std::string& case_no, const std::string& kind) {
  const std::string format_name = v.req.param("format").empty() ? "pdf" : v.req.param("format");
  const auto format = report::parse_doc_format(format_name);
  auto n = app::frozen_notice(v.ctx, case_no, kind);
  Response res;
  res.body = report::document_bytes(n.document, format);
  res.content_type = content_type(format);
  // An ASCII file name (case number and kind); the number itself is in the document.
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"notice-" + case_no + "-" + kind + "-" +
                                                      std::to_string(n.stored.step_seq) + "." + format_name + "\"");
  return res;
}

Response notice_issue(Visit& v, const std::string& case_no, const std::string& kind) {
  app::NoticeRequest q{case_no, kind, v.req.param("to")};
  auto n = app::issue_notice(v.ctx, q);
  return Response::redirect("/cases/" + url_encode(case_no) + "?notice=" + url_encode(n.stored.number), 303);
}

}  // namespace gongkai::web
