// The closed word lists of the interface: channels, applicant types, agency kinds, appeal
// results, case states. Each check throws UsageError naming the bad value and the valid ones.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::workflows {

extern const std::vector<std::string_view> kChannels;        // in-person, online, post, fax, email, other
extern const std::vector<std::string_view> kApplicantTypes;  // person, business, … other-org
extern const std::vector<std::string_view> kAgencyKinds;     // government, township, department
extern const std::vector<std::string_view> kAppealResults;   // upheld, corrected, other
extern const std::vector<std::string_view> kStates;          // received … withdrawn
extern const std::vector<std::string_view> kAppealStates;    // none … litigated
extern const std::vector<std::string_view> kEventKinds;      // every KIND of `gongkai event` (event_catalogue)

// Returns `value` if it is one of `valid`, else throws UsageError("<what> '<value>' … (valid: …)").
std::string check_word(std::string_view value, const std::vector<std::string_view>& valid,
                       std::string_view what);

bool is_open_state(std::string_view state);

// A case state as pages, letters and mails name it (已收到, 待补正 …; "open": 办理中); an
// unknown code as it is.
std::string state_label_zh(std::string_view state);

}  // namespace gongkai::workflows
