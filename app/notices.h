// The paperwork of a case (interface.md "Paperwork"): issuing the statutory notices — correction,
// third-party letter, extension, fee, reply — filled from the case's replayed history, numbered
// and frozen; re-printing them; the agency's notice settings (remedy organs, 文号 prefix) and its
// wording of each kind. docs/notices.md says what each notice says and who may print it.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/case_view.h"
#include "app/context.h"
#include "db/notice_store.h"
#include "report/document.h"
#include "report/notice_template.h"

namespace gongkai::app {

struct NoticeRequest {
  std::string case_no, kind;
  std::string to;  // third-party: whom the letter is addressed to (else the event's note)
};
struct IssuedNotice {
  std::string case_no;
  db::StoredNotice stored;
  report::Document document;
  bool reprinted = false;  // issued before: the frozen document, not a new number
};
// The notice of the case's latest step of that kind: issued now (a new number of the agency's
// year), or, if that step's notice was issued before, the frozen one again. UsageError for an
// unknown kind; NotPermitted for members who may not read the applicant's name; NotFound; and
// RuleViolation (nothing written) when the case has no such step or the agency has no settings.
// `deliver`, when given, gets the document before a new notice is committed (writing the file):
// if it throws, the notice is not issued and its number not taken.
IssuedNotice issue_notice(Context& ctx, const NoticeRequest& r,
                          const std::function<void(const report::Document&)>& deliver = {});

// The notice already issued for the case's latest step of that kind, as frozen (a GET may print it,
// never issue it): RuleViolation when there is no such step or its notice is not issued yet.
IssuedNotice frozen_notice(Context& ctx, const std::string& case_no, const std::string& kind);

// The notices issued for a case, oldest first (no documents).
std::vector<db::StoredNotice> case_notices(Context& ctx, const std::string& case_no);
nlohmann::json notice_json(const db::StoredNotice& n);  // {kind, number, issued_on, sha256, actor, …}
// The kinds of notice the case has a step for now (what a page offers to issue or print).
std::vector<report::NoticeKind> notice_kinds_available(const CaseView& v);

struct NoticeSettingRequest {
  std::string agency, reconsideration_organ, court, number_prefix;
  bool reconsideration_first = false;
};
// A new version of the agency's notice settings; admins of the agency.
db::NoticeSetting set_notice_setting(Context& ctx, const NoticeSettingRequest& r);
// The settings in force of every agency the member sees.
std::vector<db::NoticeSetting> notice_settings(Context& ctx);
nlohmann::json notice_setting_json(const db::NoticeSetting& s);

// A new version of the agency's wording of a kind; admins of the agency. UsageError naming unknown
// placeholders (nothing written).
db::NoticeTemplate set_notice_template(Context& ctx, const std::string& agency, const std::string& kind,
                                       const std::string& body);
// The agency's wording in force (version 0: gongkai's shipped wording).
db::NoticeTemplate show_notice_template(Context& ctx, const std::string& agency, const std::string& kind);

}  // namespace gongkai::app
