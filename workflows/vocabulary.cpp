#include "workflows/vocabulary.h"

#include "engine/errors.h"
#include "workflows/event_catalogue.h"

namespace gongkai::workflows {

const std::vector<std::string_view> kChannels = {"in-person", "online", "post", "fax", "email", "other"};
const std::vector<std::string_view> kApplicantTypes = {"person", "business", "research",
                                                       "nonprofit", "legal", "other-org"};
const std::vector<std::string_view> kAgencyKinds = {"government", "township", "department"};
const std::vector<std::string_view> kAppealResults = {"upheld", "corrected", "other"};
const std::vector<std::string_view> kStates = {"received", "awaiting-correction", "under-review",
                                               "consulting-third-party", "awaiting-fee", "answered",
                                               "withdrawn"};
const std::vector<std::string_view> kAppealStates = {"none", "in-reconsideration", "reconsidered",
                                                     "in-litigation", "litigated"};
const std::vector<std::string_view> kEventKinds = [] {
  std::vector<std::string_view> kinds;
  for (const auto& k : event_catalogue()) kinds.push_back(k.kind);
  return kinds;
}();

std::string check_word(std::string_view value, const std::vector<std::string_view>& valid,
                       std::string_view what) {
  for (auto v : valid)
    if (v == value) return std::string(value);
  std::string list;
  for (auto v : valid) {
    if (!list.empty()) list += ", ";
    list += v;
  }
  throw UsageError("unknown " + std::string(what) + " '" + std::string(value) + "' (valid: " + list + ")");
}

bool is_open_state(std::string_view s) {
  return s == "received" || s == "awaiting-correction" || s == "under-review" ||
         s == "consulting-third-party" || s == "awaiting-fee";
}

std::string state_label_zh(std::string_view state) {
  static const std::vector<std::pair<std::string_view, const char*>> labels = {
      {"received", "已收到"},  {"awaiting-correction", "待补正"}, {"under-review", "审查中"},
      {"consulting-third-party", "征求第三方意见中"}, {"awaiting-fee", "待缴费"},
      {"answered", "已答复"},  {"withdrawn", "已撤回"},          {"open", "办理中"}};
  for (const auto& [code, label] : labels)
    if (code == state) return label;
  return std::string(state);
}

}  // namespace gongkai::workflows
