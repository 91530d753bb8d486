// The annual report's own inputs kept in the database: the office's texts of sections 1, 5 and 6
// (gk_annual_text, migration 014: insert-only, one version per setting, the newest in force) and
// the hand-entered section 二 figures of an agency's subtree.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::db {

// Stores `body` as the newest version of the section's text; returns its version. NotFound
// outside the caller's scope, NotPermitted unless a statistician or an admin, UsageError for an
// empty text. `actor`: the administrator's name for itself ("" for members: themselves).
int set_annual_text(Session& s, const std::string& agency, int year, int section, const std::string& body,
                    const std::string& actor);

struct StoredAnnualText {
  int section = 0;
  int version = 0;
  std::string body, set_by, set_at;  // set_at: ISO 8601, UTC
};
// Every version of the agency's texts of `year` (one section, or all), newest first per section.
std::vector<StoredAnnualText> annual_texts(Session& s, const std::string& agency, int year,
                                           std::optional<int> section = std::nullopt);

// The figures with these keys of `year`, summed over the agency's subtree ("" = all agencies);
// keys nobody entered are absent.
std::map<std::string, long long> summed_figures(Session& s, const std::string& agency, int year,
                                                const std::vector<std::string>& keys);

}  // namespace gongkai::db
