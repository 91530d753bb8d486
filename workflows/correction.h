// A correction of a registered fact (the `corrected` event): which facts of a receipt may be
// corrected, how a new value is checked, and the facts after it. A correction never rewrites the
// receipt: the history keeps both, and replaying it gives the corrected facts.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/disclosure_case.h"

namespace gongkai::workflows {

struct CorrectableField {
  std::string_view key;    // as `--field` takes it and the details keep it: letter_ref
  std::string_view label;  // how pages name it: 来文编号
  bool personal;           // its value is the applicant's personal data (kept apart, masked)
  bool required;           // a receipt cannot go without it, so it cannot be corrected to nothing
  bool replays;            // it steers the deadlines: the history is replayed on the corrected facts
};

// applicant, contact, letter_ref, subject, received, channel, applicant_type, agency (转办).
const std::vector<CorrectableField>& correctable_fields();
// The field named by `key` (a '-' read as '_': letter-ref); UsageError listing the valid ones.
const CorrectableField& correctable_field_or_throw(std::string_view key);

// The fact's value as the receipt's details hold it (received as YYYY-MM-DD; "" for none).
std::string fact_value(const CaseFacts& f, std::string_view field);
// The facts with `field` set to `value`, checked as the receipt's are (validate_facts); a corrected
// receipt date brings the regime that fits it. UsageError naming the field.
CaseFacts corrected_facts(CaseFacts f, std::string_view field, const std::string& value);
// What a clerk types, checked only for new corrections (a stored one is replayed as recorded):
// the value as `receive` checks it, and different from what the case holds now.
void check_new_correction(const CaseFacts& now, std::string_view field, const std::string& value);

// What one `corrected` event of a history changed: the fact, its value before and after.
struct Change {
  int seq = 0;
  std::string_view field, label;
  std::string from, to;
};
// Every correction of a history (its receipt first), in order. As the reader sees the history:
// personal values it may not read are masked in both.
std::vector<Change> changes_of(const std::vector<EventRecord>& history);
// The change event `seq` made, among `changes`; null when it is no correction.
const Change* change_at(const std::vector<Change>& changes, int seq);

// Whether an event's detail is personal data: the applicant's name and contact, and a
// correction's value of either.
bool is_personal_detail(const nlohmann::json& details, std::string_view key);

}  // namespace gongkai::workflows
