#include "app/notices.h"

#include <map>

#include "app/cases.h"
#include "app/permissions.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "report/chinese_date.h"
#include "report/notice_texts.h"
#include "workflows/input_checks.h"
#include "workflows/outcome.h"
#include "workflows/regime.h"

namespace gongkai::app {
namespace {

using report::NoticeKind;

// The correction period gongkai gives by default: Art. 30 asks for "a reasonable period"; 15
// working days, the same as a third party's (docs/notices.md).
constexpr int kCorrectionDays = 15;

std::string note_of(const EventRecord& e) {
  auto it = e.details.find("note");
  return it != e.details.end() && it->is_string() ? it->get<std::string>() : "";
}
std::string detail_of(const EventRecord& e, const char* key) {
  auto it = e.details.find(key);
  return it != e.details.end() && it->is_string() ? it->get<std::string>() : "";
}

// The latest event of the step a kind of notice is the letter of.
const EventRecord* step_of(const CaseView& v, NoticeKind k) {
  const auto want = report::notice_step_event(k);
  const EventRecord* found = nullptr;
  for (const auto& e : v.c.history())
    if (e.kind == want) found = &e;
  return found;
}

// The reply's due date as the case stood after its first `n` events.
std::optional<DueDate> due_after(Context& ctx, const CaseView& v, size_t n) {
  std::vector<EventRecord> prefix(v.c.history().begin(), v.c.history().begin() + n);
  auto c = workflows::DisclosureCase::replay(prefix, v.c.facts().case_no, v.c.facts().agency, ctx.calendar());
  return c.machine().current_due();
}

void require_printer(const Member& m) {
  if (!m.sees_personal_data())
    throw NotPermitted("a " + m.role +
                       " may not issue or print notices (registrars, handlers and admins do): a notice carries the "
                       "applicant's name");
}

// Every placeholder's value for the notice of step `e`.
std::map<std::string, std::string> values_for(Context& ctx, const CaseView& v, NoticeKind k, const EventRecord& e,
                                              const db::NoticeSetting& s, const NoticeRequest& r) {
  const auto& f = v.c.facts();
  const auto& cal = ctx.calendar();
  const auto agency = db::agency_or_throw(ctx.db(), f.agency);
  std::map<std::string, std::string> m = {
      {"applicant", f.applicant},
      {"case", f.case_no},
      {"letter_ref", f.letter_ref},
      {"received_on", report::chinese_date(f.received_on)},
      {"subject", f.subject.empty() ? "未注明" : f.subject},
      {"agency", agency.name},
      {"issued_on", report::chinese_date(e.on)},
      {"regulation", report::regulation_name(f.regime)},
      {"basis", report::notice_basis(k, f.regime)},
  };
  const std::string note = note_of(e);
  switch (k) {
    case NoticeKind::correction:
      m["items"] = note.empty() ? "请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。" : note;
      m["correction_days"] = std::to_string(kCorrectionDays);
      m["correction_by"] = report::chinese_date(cal.add_working_days(e.on, kCorrectionDays));
      m["consequence"] = report::notice_consequence(k, f.regime);
      break;
    case NoticeKind::third_party: {
      std::string to = r.to.empty() ? note : r.to;
      if (to.empty())
        throw UsageError("give --to NAME: the third party the letter is addressed to (the event has no note naming it)");
      workflows::check_text(to, "to", workflows::TextRule{workflows::kMaxNameChars, true, false});
      m["third_party"] = to;
      m["third_party_days"] = std::to_string(workflows::kThirdPartyDays);
      m["reply_by"] = report::chinese_date(cal.add_working_days(e.on, workflows::kThirdPartyDays));
      m["consequence"] = report::notice_consequence(k, f.regime);
      break;
    }
    case NoticeKind::extension: {
      auto before = due_after(ctx, v, e.seq - 1), after = due_after(ctx, v, e.seq);
      if (!before || !after) throw InternalError("case " + f.case_no + ": no reply due around its extension");
      m["reason"] = note.empty() ? "所申请的政府信息情况复杂" : note;
      m["due_before"] = report::chinese_date(before->due);
      m["due_on"] = report::chinese_date(after->due);
      m["extension_days"] = std::to_string(workflows::regime_for(f.regime).extension);
      break;
    }
    case NoticeKind::fee:
      m["amount"] = detail_of(e, "amount");
      m["reason"] = note.empty() ? report::fee_reason(f.regime) : note;
      m["pay_days"] = std::to_string(workflows::kFeeDays);
      m["pay_by"] = report::chinese_date(cal.add_working_days(e.on, workflows::kFeeDays));
      m["consequence"] = report::notice_consequence(k, f.regime);
      break;
    case NoticeKind::reply: {
      const std::string outcome = detail_of(e, "outcome");
      const auto* o = workflows::find_outcome(outcome);
      std::optional<Date> correction_on;
      for (const auto& x : v.c.history())
        if (x.kind == "correction-requested") correction_on = x.on;
      m["outcome"] = outcome;
      m["outcome_label"] = o ? std::string(o->national_label) : outcome;
      m["decision"] = report::reply_decision(outcome, f.regime, correction_on);
      m["reason"] = note;
      m["reconsideration_organ"] = s.reconsideration_organ;
      m["court"] = s.court;
      m["remedy"] = report::remedy_paragraph(
          s.reconsideration_organ, s.court, report::reconsideration_first(outcome, e.on, s.reconsideration_first), e.on);
      break;
    }
  }
  return m;
}

IssuedNotice from_stored(const std::string& case_no, db::StoredNotice n, bool reprinted) {
  if (!n.document) throw NotPermitted("notice " + n.number + " carries personal data this member may not read");
  auto doc = report::document_from_json(nlohmann::json::parse(*n.document));
  return {case_no, std::move(n), std::move(doc), reprinted};
}

}  // namespace

IssuedNotice issue_notice(Context& ctx, const NoticeRequest& r,
                          const std::function<void(const report::Document&)>& deliver) {
  const NoticeKind k = report::parse_notice_kind(r.kind);
  require_printer(ctx.me());
  CaseView v = show(ctx, r.case_no);
  if (v.personal_masked)
    throw NotPermitted("case " + r.case_no + ": its applicant's name is masked for this member, who may not print its notices");
  const EventRecord* step = step_of(v, k);
  if (!step) {
    if (k == NoticeKind::reply)
      throw RuleViolation("case " + r.case_no + " is not answered (state " + v.c.snapshot().state +
                          "): there is no reply to issue");
    throw RuleViolation("case " + r.case_no + " has no " + std::string(report::notice_step_event(k)) +
                        " event: there is no " + std::string(report::notice_kind_name(k)) + " notice to issue");
  }
  const std::string kind(report::notice_kind_name(k));
  // The step's notice issued before is re-printed as frozen, whatever the settings or wording now.
  for (auto& n : db::list_notices(ctx.db(), r.case_no))
    if (n.kind == kind && n.step_seq == step->seq) {
      n.document = db::notice_document(ctx.db(), n.id);
      auto out = from_stored(r.case_no, std::move(n), true);
      if (deliver) deliver(out.document);
      return out;
    }
  const auto agency = v.c.facts().agency;
  auto settings = db::notice_settings(ctx.db(), agency);
  if (settings.empty())
    throw RuleViolation("agency " + agency + " has no notice settings: set them with 'gongkai agency remedy " + agency +
                        " --reconsideration-organ TEXT --court TEXT --number-prefix TEXT'");
  const auto& s = settings.front();
  auto own = db::notice_template(ctx.db(), agency, kind);
  const std::string body = own ? own->body : report::default_notice_template(k);
  const auto values = values_for(ctx, v, k, *step, s, r);
  report::Document composed;
  auto result = db::issue_notice(ctx.db(), r.case_no, kind, step->seq, ctx.actor(), own ? own->version : 0,
                                 [&](const std::string& number) {
                                   auto m = values;
                                   m["number"] = number;
                                   composed = report::fill_notice_template(body, m);
                                   if (deliver) deliver(composed);
                                   return report::document_json(composed).dump();
                                 });
  if (result.existing) {  // issued by another user meanwhile
    auto out = from_stored(r.case_no, std::move(result.notice), true);
    if (deliver) deliver(out.document);
    return out;
  }
  return {r.case_no, std::move(result.notice), std::move(composed), false};
}

IssuedNotice frozen_notice(Context& ctx, const std::string& case_no, const std::string& kind_name) {
  const NoticeKind k = report::parse_notice_kind(kind_name);
  require_printer(ctx.me());
  CaseView v = show(ctx, case_no);
  const EventRecord* step = step_of(v, k);
  const std::string kind(report::notice_kind_name(k));
  if (step)
    for (auto& n : db::list_notices(ctx.db(), case_no))
      if (n.kind == kind && n.step_seq == step->seq) {
        n.document = db::notice_document(ctx.db(), n.id);
        return from_stored(case_no, std::move(n), true);
      }
  throw RuleViolation("case " + case_no + " has no issued " + kind + " notice for its latest " +
                      std::string(report::notice_step_event(k)) + " step: issue it first");
}

std::vector<db::StoredNotice> case_notices(Context& ctx, const std::string& case_no) {
  return db::list_notices(ctx.db(), case_no);
}

nlohmann::json notice_json(const db::StoredNotice& n) {
  return {{"kind", n.kind},         {"number", n.number}, {"issued_on", n.issued_on.str()},
          {"sha256", n.sha256},     {"actor", n.actor},   {"recorded_at", n.recorded_at},
          {"event_seq", n.step_seq}, {"template_version", n.template_version}};
}

std::vector<NoticeKind> notice_kinds_available(const CaseView& v) {
  std::vector<NoticeKind> out;
  for (auto k : report::all_notice_kinds())
    if (step_of(v, k)) out.push_back(k);
  return out;
}

db::NoticeSetting set_notice_setting(Context& ctx, const NoticeSettingRequest& r) {
  // The role first: the same refusal whatever agency it names (in scope or not, existing or not).
  require(ctx.me(), Action::manage_agencies);
  workflows::check_agency_code(r.agency, "agency");
  workflows::check_text(r.reconsideration_organ, "reconsideration organ", workflows::TextRule{200, true, false});
  workflows::check_text(r.court, "court", workflows::TextRule{200, true, false});
  workflows::check_text(r.number_prefix, "number prefix", workflows::TextRule{40, true, false});
  db::NoticeSetting s{r.agency, 0, r.reconsideration_organ, r.court, r.reconsideration_first, r.number_prefix, "", ""};
  db::set_notice_setting(ctx.db(), s);
  return db::notice_settings(ctx.db(), r.agency).at(0);
}

std::vector<db::NoticeSetting> notice_settings(Context& ctx) { return db::notice_settings(ctx.db()); }

nlohmann::json notice_setting_json(const db::NoticeSetting& s) {
  return {{"reconsideration_organ", s.reconsideration_organ},
          {"court", s.court},
          {"reconsideration_first", s.reconsideration_first},
          {"number_prefix", s.number_prefix},
          {"version", s.version},
          {"set_at", s.set_at},
          {"set_by", s.set_by}};
}

db::NoticeTemplate set_notice_template(Context& ctx, const std::string& agency, const std::string& kind,
                                       const std::string& body) {
  require(ctx.me(), Action::manage_agencies);
  workflows::check_agency_code(agency, "agency");
  const NoticeKind k = report::parse_notice_kind(kind);
  workflows::check_text(body, "wording", workflows::TextRule{20000, true, true});
  report::check_notice_template(k, body);
  db::set_notice_template(ctx.db(), agency, kind, body);
  return *db::notice_template(ctx.db(), agency, kind);
}

db::NoticeTemplate show_notice_template(Context& ctx, const std::string& agency, const std::string& kind) {
  workflows::check_agency_code(agency, "agency");
  const NoticeKind k = report::parse_notice_kind(kind);
  db::agency_or_throw(ctx.db(), agency);
  if (auto own = db::notice_template(ctx.db(), agency, kind)) return *own;
  return {0, report::default_notice_template(k), "", ""};
}

}  // namespace gongkai::app
