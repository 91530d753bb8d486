#include "workflows/correction.h"

#include "engine/errors.h"
#include "workflows/case_row.h"
#include "workflows/input_checks.h"
#include "workflows/regime.h"
#include "workflows/vocabulary.h"

namespace gongkai::workflows {

const std::vector<CorrectableField>& correctable_fields() {
  static const std::vector<CorrectableField> all = {
      {"applicant", "申请人", true, true, false},         {"contact", "联系方式", true, false, false},
      {"letter_ref", "来文编号", false, false, false},     {"subject", "申请公开的信息", false, false, false},
      {"received", "收到日期", false, true, true},    {"channel", "申请方式", false, true, false},
      {"applicant_type", "申请人类型", false, true, false}, {"agency", "机构", false, true, false},
  };
  return all;
}

const CorrectableField& correctable_field_or_throw(std::string_view key) {
  std::string k(key);
  for (char& ch : k)
    if (ch == '-') ch = '_';
  for (const auto& f : correctable_fields())
    if (f.key == k) return f;
  std::string valid;
  for (const auto& f : correctable_fields()) valid += (valid.empty() ? "" : ", ") + std::string(f.key);
  throw UsageError("field '" + printable(key) + "' cannot be corrected (valid: " + valid + ")");
}

std::string fact_value(const CaseFacts& f, std::string_view field) {
  if (field == "applicant") return f.applicant;
  if (field == "contact") return f.contact;
  if (field == "letter_ref") return f.letter_ref;
  if (field == "subject") return f.subject;
  if (field == "received") return f.received_on.str();
  if (field == "channel") return f.channel;
  if (field == "applicant_type") return f.applicant_type;
  if (field == "agency") return f.agency;
  throw InternalError("no fact named " + std::string(field));
}

namespace {

// Sets one fact, unchecked; a receipt date brings the regime in force on it (check_regime_fits).
void set_fact(CaseFacts& f, std::string_view field, const std::string& value) {
  if (field == "applicant") f.applicant = value;
  else if (field == "contact") f.contact = value;
  else if (field == "letter_ref") f.letter_ref = value;
  else if (field == "subject") f.subject = value;
  else if (field == "channel") f.channel = value;
  else if (field == "applicant_type") f.applicant_type = value;
  else if (field == "agency") f.agency = value;
  else if (field == "received") {
    f.received_on = parse_date(value, "received");
    f.regime = default_regime(f.received_on);
  } else {
    throw InternalError("no fact named " + std::string(field));
  }
}

}  // namespace

CaseFacts corrected_facts(CaseFacts f, std::string_view field, const std::string& value) {
  const CorrectableField& c = correctable_field_or_throw(field);
  if (c.required && value.empty()) throw UsageError("corrected " + std::string(c.key) + " needs a value");
  set_fact(f, c.key, value);
  validate_facts(f);
  return f;
}

void check_new_correction(const CaseFacts& now, std::string_view field, const std::string& value) {
  const CorrectableField& c = correctable_field_or_throw(field);
  if (c.key == "applicant") check_text(value, "applicant", TextRule{kMaxNameChars, true, false});
  else if (c.key == "contact") check_text(value, "contact", TextRule{kMaxContactChars, false, false});
  else if (c.key == "letter_ref") check_text(value, "letter ref", TextRule{kMaxLetterRefChars, false, false});
  else if (c.key == "subject") check_text(value, "subject", TextRule{kMaxSubjectChars, false, true});
  else if (c.key == "channel") check_word(value, kChannels, "channel");
  else if (c.key == "applicant_type") check_word(value, kApplicantTypes, "applicant type");
  else if (c.key == "agency") check_agency_code(value, "agency");
  CaseFacts after = corrected_facts(now, c.key, value);
  if (c.key == "received") check_receipt_date(after.received_on);
  if (fact_value(now, c.key) == fact_value(after, c.key))
    throw UsageError("the case's " + std::string(c.key) + " is that already: nothing to correct");
}

std::vector<Change> changes_of(const std::vector<EventRecord>& history) {
  std::vector<Change> out;
  if (history.empty()) return out;
  CaseFacts f;
  f.received_on = history.front().on;
  for (const auto& field : correctable_fields())
    if (auto it = history.front().details.find(std::string(field.key)); it != history.front().details.end() && it->is_string())
      set_fact(f, field.key, it->get<std::string>());
  for (const auto& e : history) {
    if (e.kind != "corrected") continue;
    const CorrectableField& field = correctable_field_or_throw(e.details.value("field", ""));
    Change c{e.seq, field.key, field.label, fact_value(f, field.key), e.details.value("value", "")};
    set_fact(f, field.key, c.to);
    c.to = fact_value(f, field.key);
    out.push_back(std::move(c));
  }
  return out;
}

const Change* change_at(const std::vector<Change>& changes, int seq) {
  for (const auto& c : changes)
    if (c.seq == seq) return &c;
  return nullptr;
}

bool is_personal_detail(const nlohmann::json& details, std::string_view key) {
  if (is_personal_key(key)) return true;
  if (key != "value") return false;
  auto it = details.find("field");
  if (it == details.end() || !it->is_string()) return false;
  const auto& field = it->get_ref<const std::string&>();
  return field == "applicant" || field == "contact";
}

}  // namespace gongkai::workflows
