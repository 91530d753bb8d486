// The paperwork in PostgreSQL (migration 013): each agency's notice settings (remedy organs, 文号
// prefix) and its wording of each kind of notice, both versioned; and the notices issued,
// numbered per agency and year and frozen (their canonical JSON and its SHA-256).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"
#include "engine/date.h"

namespace gongkai::db {

struct NoticeSetting {
  std::string agency;
  int version = 0;
  std::string reconsideration_organ, court;
  bool reconsideration_first = false;
  std::string number_prefix, set_at, set_by;
};
// A new version of the agency's settings; admins of the agency. Returns the version.
int set_notice_setting(Session& s, const NoticeSetting& v);
// The settings in force of the agencies the reader sees (agency "" = all), by agency code.
std::vector<NoticeSetting> notice_settings(Session& s, const std::string& agency = "");

struct NoticeTemplate {
  int version = 0;  // 0 = gongkai's shipped wording (not stored)
  std::string body, set_at, set_by;
};
// A new version of the agency's wording of `kind`; admins of the agency. Returns the version.
int set_notice_template(Session& s, const std::string& agency, const std::string& kind, const std::string& body);
// The agency's wording of `kind` in force, if it has one of its own.
std::optional<NoticeTemplate> notice_template(Session& s, const std::string& agency, const std::string& kind);

struct StoredNotice {
  long long id = 0;
  std::string kind, number, actor, sha256, recorded_at;
  int step_seq = 0, template_version = 0;
  Date issued_on;
  std::optional<std::string> document;  // the frozen JSON; none for a reader of masked data
};
// The notices of a case, without their documents.
std::vector<StoredNotice> list_notices(Session& s, const std::string& case_no);
// The frozen document of a notice, if the reader may read it.
std::optional<std::string> notice_document(Session& s, long long id);

// Issues the notice of step `step_seq` of the case, in one transaction: gk_notice_begin gives the
// notice issued for that step already (returned as it is, nothing written) or the next number of
// the agency's year, locked until the end; `compose(number)` makes the document's canonical JSON
// with it, and gk_notice_store freezes it. RuleViolation, NotFound, NotPermitted as the database
// says; nothing written then.
struct IssueResult {
  StoredNotice notice;
  bool existing = false;  // the step's notice was issued before: reprinted, not issued again
};
IssueResult issue_notice(Session& s, const std::string& case_no, const std::string& kind, int step_seq,
                         const std::string& actor, int template_version,
                         const std::function<std::string(const std::string& number)>& compose);

}  // namespace gongkai::db
