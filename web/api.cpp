#include "web/api.h"

#include "app/cases.h"
#include "app/notices.h"
#include "app/federation.h"
#include "app/reports.h"
#include "app/supervision.h"
#include "engine/errors.h"

namespace gongkai::web {
namespace {

nlohmann::json body_of(const Request& r) {
  try {
    auto j = nlohmann::json::parse(r.body);
    if (!j.is_object()) throw UsageError("the body must be a JSON object");
    return j;
  } catch (const nlohmann::json::exception&) {
    throw UsageError("the body is not valid JSON");
  }
}

// A text field of the body ("" when absent or null); a number is taken as its digits.
std::string field(const nlohmann::json& j, const std::string& name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  throw UsageError(name + " must be text");
}

std::optional<int> number(const Request& r, const std::string& name) {
  const std::string s = r.param(name);
  if (s.empty()) return std::nullopt;
  if (s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(name + " '" + s + "' is not a whole number");
  return std::stoi(s);
}

}  // namespace

Response api(Visit& v) {
  const auto& r = v.req;
  const std::string& p = r.path;
  if (p == "/api/cases" && r.method == "POST") {
    auto j = body_of(r);
    app::ReceiveRequest q{field(j, "agency"),    field(j, "received"), field(j, "channel"),
                          field(j, "applicant_type"), field(j, "applicant"), field(j, "subject"),
                          field(j, "letter_ref"), field(j, "contact"),  field(j, "regime"),
                          field(j, "form_id")};
    auto c = app::receive(v.ctx, q);
    auto shown = app::case_json(c);
    shown["possible_repeats"] = app::repeats_json(app::possible_repeats(v.ctx, c));
    return Response::json(201, shown);
  }
  if (p == "/api/cases" && r.method == "GET") {
    app::ListRequest q;
    q.agency = r.param("agency");
    q.state = r.param("state");
    q.year = number(r, "year");
    q.text = r.param("q");
    q.limit = number(r, "limit");
    q.after = r.param("after");
    return Response::json(200, app::cases_json(app::list_cases(v.ctx, q)));
  }
  if (p.rfind("/api/cases/", 0) == 0) {
    std::string rest = p.substr(11);
    const std::string events = "/events";
    if (rest.size() > events.size() && rest.compare(rest.size() - events.size(), events.size(), events) == 0 &&
        r.method == "POST") {
      auto j = body_of(r);
      app::EventRequest q{rest.substr(0, rest.size() - events.size()), field(j, "kind"), field(j, "on"), {}, {}};
      for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "kind" && it.key() != "on" && it.key() != "seen_events") q.options[it.key()] = field(j, it.key());
      if (j.contains("seen_events")) q.seen_events = std::stoi(field(j, "seen_events"));
      return Response::json(200, app::case_json(app::record_event(v.ctx, q)));
    }
    if (rest.find('/') == std::string::npos && r.method == "GET") {
      // As `show --json`, with the notices issued (docs/notices.md).
      auto j = app::case_json(app::show(v.ctx, rest));
      j["notices"] = nlohmann::json::array();
      for (const auto& n : app::case_notices(v.ctx, rest)) j["notices"].push_back(app::notice_json(n));
      return Response::json(200, j);
    }
  }
  if (p == "/api/overdue" && r.method == "GET") {
    const app::OverdueRequest q{r.param("as_of"), r.param("agency"), number(r, "within"), number(r, "limit"),
                                number(r, "offset").value_or(0)};
    return Response::json(200, app::overdue_json(app::overdue(v.ctx, q)));
  }
  if (p == "/api/report" && r.method == "GET") {
    app::ReportRequest q;
    auto year = number(r, "year");
    if (!year) throw UsageError("year is required");
    q.year = *year;
    q.agency = r.param("agency");
    if (!r.param("template").empty()) q.template_name = r.param("template");
    if (r.param("federation") == "1") return Response::json(200, app::report_json(app::federated_report(v.ctx, q)));
    return Response::json(200, app::report_json(app::make_report(v.ctx, q)));
  }
  if (p == "/api/federation" && r.method == "GET")
    return Response::json(200, app::federation_list_json(app::federation_list(v.ctx)));
  return Response::json(404, {{"error", "no such API: " + r.method + " " + p}});
}

}  // namespace gongkai::web
