#include "workflows/case_row.h"

#include <fmt/format.h>

namespace gongkai::workflows {
namespace {

using json = nlohmann::json;

json date(const std::optional<Date>& d) { return d ? json(d->str()) : json(nullptr); }
json text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json due_of(const std::optional<DueDate>& d) { return d ? json(d->due.str()) : json(nullptr); }

// Dates from to_jsonb are YYYY-MM-DD already; numbers and booleans compare as JSON.
std::string shown(const json& v) { return v.is_null() ? "null" : v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

const std::vector<CaseRowColumn>& case_row_columns() {
  using F = const CaseFacts&;
  using S = const CaseSnapshot&;
  static const std::vector<CaseRowColumn> all = {
      {"agency", true, false, [](F f, S) { return json(f.agency); }},
      {"regime", true, false, [](F f, S) { return json(f.regime); }},
      {"received_on", true, false, [](F f, S) { return json(f.received_on.str()); }},
      {"channel", true, false, [](F f, S) { return json(f.channel); }},
      {"applicant_type", true, false, [](F f, S) { return json(f.applicant_type); }},
      {"applicant", true, true, [](F f, S) { return json(f.applicant); }},
      {"subject", true, false, [](F f, S) { return text(f.subject); }},
      {"letter_ref", true, false, [](F f, S) { return text(f.letter_ref); }},
      {"contact", true, true, [](F f, S) { return text(f.contact); }},
      {"state", false, false, [](F, S s) { return json(s.state); }},
      {"appeal_state", false, false, [](F, S s) { return json(s.appeal_state); }},
      {"is_open", false, false, [](F, S s) { return json(s.is_open); }},
      {"due_on", false, false, [](F, S s) { return due_of(s.due); }},
      {"due_provisional", false, false, [](F, S s) { return json(s.due && s.due->provisional); }},
      {"final_due_on", false, false, [](F, S s) { return due_of(s.final_due); }},
      {"outcome", false, false, [](F, S s) { return s.outcome ? json(*s.outcome) : json(nullptr); }},
      {"answered_on", false, false, [](F, S s) { return date(s.answered_on); }},
      {"closed_on", false, false, [](F, S s) { return date(s.closed_on); }},
      {"closed_kind", false, false, [](F, S s) { return text(s.closed_kind); }},
      {"correction_notice_on", false, false, [](F, S s) { return date(s.correction_notice_on); }},
      {"late_correction_notice", false, false, [](F, S s) { return json(s.late_correction_notice); }},
      {"pause_kind", false, false, [](F, S s) { return text(s.pause_kind); }},
      {"pause_lapses_on", false, false, [](F, S s) { return date(s.pause_lapses_on); }},
      {"reconsideration_filed_on", false, false, [](F, S s) { return date(s.reconsideration_filed_on); }},
      {"reconsideration_result", false, false, [](F, S s) { return text(s.reconsideration_result); }},
      {"reconsideration_decided_on", false, false, [](F, S s) { return date(s.reconsideration_decided_on); }},
      {"litigation_filed_on", false, false, [](F, S s) { return date(s.litigation_filed_on); }},
      {"litigation_direct", false, false,
       [](F, S s) { return s.litigation_direct ? json(*s.litigation_direct) : json(nullptr); }},
      {"litigation_result", false, false, [](F, S s) { return text(s.litigation_result); }},
      {"litigation_decided_on", false, false, [](F, S s) { return date(s.litigation_decided_on); }},
      {"last_event_on", false, false, [](F, S s) { return json(s.last_event_on.str()); }},
      {"event_count", false, false, [](F, S s) { return json(s.event_count); }},
  };
  return all;
}

bool is_personal_key(std::string_view key) {
  for (const auto& c : case_row_columns())
    if (c.personal && c.name == key) return true;
  return false;
}

json case_row(const CaseFacts& f, const CaseSnapshot& s) {
  json row = json::object();
  for (const auto& c : case_row_columns()) row[std::string(c.name)] = c.value(f, s);
  return row;
}

std::vector<std::string> case_row_differences(const json& stored, const json& projected) {
  std::vector<std::string> out;
  for (const auto& c : case_row_columns()) {
    const std::string name(c.name);
    if (!stored.contains(name)) continue;
    const json& a = stored[name];
    const json& b = projected.contains(name) ? projected[name] : json(nullptr);
    if (a == b) continue;
    // Personal data is named, never shown: verify's output goes to logs and to auditors.
    if (c.personal) out.push_back(name + ": the stored value differs from the history's");
    else out.push_back(fmt::format("{}: stored {}, replayed {}", name, shown(a), shown(b)));
  }
  return out;
}

}  // namespace gongkai::workflows
