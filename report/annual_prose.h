// The generated prose of the annual report (政府信息公开工作年度报告): the sentences that repeat
// the tables in words — received, by applicant type or channel and agency kind, carried in, the
// outcomes with their shares, carried over, reconsiderations and lawsuits with their results.
// Every figure is read from a report's JSON document (the contract's shape, interface.md), never
// from a table's row positions, so that prose and tables cannot disagree.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gongkai::report {

// Shares (docs/annual-report.md): a percentage to one decimal place, rounded half away from zero,
// printed without a trailing ".0" ("24", "7.7"); a share that rounds to 0 but is not 0 is
// "不足0.1". Each share is rounded on its own: shares of a breakdown are never adjusted to add up
// to 100, and a breakdown whose rounded shares do not is followed by kRoundingRemark.
long long share_tenths(long long part, long long whole);  // 24% → 240
std::string share_text(long long part, long long whole);  // "24", "7.7", "不足0.1"
inline constexpr const char* kRoundingRemark = "（占比经四舍五入，合计不等于百分之百）";

// Who the prose speaks of: the agency's name, or all agencies the report covers.
std::string prose_subject(const std::string& agency_name);

// National template (json = national_report's JSON): section 三 (received by applicant type,
// carried in; outcomes with shares; carried over) and section 四 (reconsiderations, lawsuits,
// results). One string per paragraph.
std::vector<std::string> national_applications_prose(const nlohmann::json& report, const std::string& subject);
std::vector<std::string> national_appeals_prose(const nlohmann::json& report, const std::string& subject);

// Legacy table (json = legacy_report's JSON): section 二 (proactive disclosure), section 三's
// (一) received and (二) answered, and section 四. `appeals` is the national JSON's "appeals"
// object of the same year, or null: the legacy table has no results of reconsiderations, so they
// are told from it when its count of reconsiderations is the legacy table's.
std::vector<std::string> legacy_proactive_prose(const nlohmann::json& report, const std::string& subject);
std::vector<std::string> legacy_received_prose(const nlohmann::json& report, const std::string& subject);
std::vector<std::string> legacy_answered_prose(const nlohmann::json& report, const std::string& subject);
std::vector<std::string> legacy_appeals_prose(const nlohmann::json& report, const nlohmann::json& appeals,
                                              const std::string& subject);

}  // namespace gongkai::report
