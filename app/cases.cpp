#include "app/cases.h"

#include <fmt/format.h>

#include "app/permissions.h"
#include "db/session.h"
#include "engine/errors.h"
#include "workflows/allowed_events.h"
#include "workflows/case_row.h"
#include "workflows/event_catalogue.h"
#include "workflows/input_checks.h"
#include "workflows/regime.h"
#include "workflows/vocabulary.h"

namespace gongkai::app {
namespace {

using workflows::check_text;
using workflows::TextRule;

// The stored case replayed on the context's calendar, and what differs from its stored row.
struct Replayed {
  CaseView view;
  std::vector<std::string> differences;
};
Replayed replay_stored(Context& ctx, const db::StoredCase& stored) {
  auto c = workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, ctx.calendar());
  auto differences = workflows::case_row_differences(stored.row, workflows::case_row(c));
  return {{std::move(c), stored.personal_masked}, std::move(differences)};
}

// Loads and replays a case. A row that differs from its replay is corruption — unless the
// calendar changed since this process read it: then it is read again and the case replayed once
// more before anything is said.
CaseView load_and_replay(Context& ctx, const std::string& case_no) {
  auto stored = db::load_case_or_throw(ctx.db(), case_no);
  auto r = replay_stored(ctx, stored);
  if (!r.differences.empty() && ctx.refresh_calendar()) r = replay_stored(ctx, stored);
  if (!r.differences.empty()) {
    std::string what;
    for (const auto& d : r.differences) what += (what.empty() ? "" : "; ") + d;
    throw InternalError("case " + case_no + ": its stored row differs from what its history replays to (" + what +
                        "): corruption, run 'gongkai verify'");
  }
  return std::move(r.view);
}

int parse_regime(const std::string& text, Date received) {
  if (text.empty()) return workflows::default_regime(received);
  if (text != "2008" && text != "2019")
    throw UsageError("regime '" + workflows::printable(text) + "' is not one of 2008, 2019");
  int regime = std::stoi(text);
  workflows::check_regime_fits(regime, received);
  return regime;
}

}  // namespace

CaseView receive(Context& ctx, const ReceiveRequest& r) {
  require(ctx.me(), Action::receive);
  workflows::CaseFacts f;
  workflows::check_agency_code(r.agency, "agency");
  f.agency = r.agency;
  f.received_on = parse_date(r.received, "received");
  if (f.received_on > ctx.today())
    throw UsageError("received " + f.received_on.str() + " is in the future (today is " + ctx.today().str() + ")");
  workflows::check_receipt_date(f.received_on);
  f.regime = parse_regime(r.regime, f.received_on);
  f.channel = workflows::check_word(r.channel, workflows::kChannels, "channel");
  f.applicant_type = workflows::check_word(r.applicant_type, workflows::kApplicantTypes, "applicant type");
  check_text(r.applicant, "applicant", TextRule{workflows::kMaxNameChars, true, false});
  check_text(r.subject, "subject", TextRule{workflows::kMaxSubjectChars, false, true});
  check_text(r.letter_ref, "letter ref", TextRule{workflows::kMaxLetterRefChars, false, false});
  check_text(r.contact, "contact", TextRule{workflows::kMaxContactChars, false, false});
  f.applicant = r.applicant;
  f.subject = r.subject;
  f.letter_ref = r.letter_ref;
  f.contact = r.contact;
  workflows::validate_facts(f);

  for (int attempt = 0;; ++attempt) {
    workflows::DisclosureCase c(f, ctx.calendar(), ctx.actor());
    try {
      auto stored = db::insert_case(ctx.db(), c, ctx.calendar_version());
      // The case as stored: its number, and its receipt's audit timestamp.
      EventRecord receipt = c.history().front();
      receipt.recorded_at = stored.recorded_at;
      return {workflows::DisclosureCase::replay({receipt}, stored.case_no, f.agency, ctx.calendar()), false};
    } catch (const db::CalendarChanged&) {
      if (attempt > 0) throw;
      ctx.refresh_calendar(true);
    }
  }
}

CaseView record_event(Context& ctx, const EventRequest& r) {
  require(ctx.me(), Action::record_event);
  workflows::check_case_number(r.case_no, "case");
  const auto& kind = workflows::event_kind_or_throw(r.kind);
  // The fee's own check first: it says why a sum like -5 or 0 is refused, where the catalogue's
  // shape check would only call it "not a sum".
  if (auto it = r.options.find("amount"); it != r.options.end() && !it->second.empty() &&
                                          workflows::takes_option(kind, "amount"))
    workflows::check_fee_amount(it->second);
  EventRecord e;
  e.kind = r.kind;
  e.on = parse_date(r.on, "on");
  e.actor = ctx.actor();
  for (const auto& [key, value] : r.options)
    if (!value.empty()) e.details[key] = value;
  workflows::check_new_event_input(kind, e);

  for (int attempt = 0;; ++attempt) {
    CaseView v = load_and_replay(ctx, r.case_no);
    if (r.seen_events && static_cast<int>(v.c.history().size()) != *r.seen_events)
      throw Conflict(fmt::format("case {} changed meanwhile (it has {} events now, {} when you looked at it); "
                                 "nothing was written: look at it again",
                                 r.case_no, v.c.history().size(), *r.seen_events));
    v.c.apply(e, ctx.today());
    try {
      v.c.set_recorded_at(db::append_event(ctx.db(), v.c, ctx.calendar_version()));
      return v;
    } catch (const db::CalendarChanged&) {
      if (attempt > 0) throw;
      ctx.refresh_calendar(true);
    }
  }
}

std::vector<AllowedStep> allowed_steps(Context& ctx, const CaseView& v) {
  std::vector<AllowedStep> out;
  if (!allowed(ctx.me(), Action::record_event)) return out;
  for (auto& a : workflows::allowed_events(v.c, ctx.today(), ctx.calendar())) {
    AllowedStep s{std::string(a.kind->kind), std::string(a.kind->label), std::string(a.kind->help), {}, {}, a.outcomes};
    for (auto k : a.kind->required) s.required.emplace_back(k);
    for (auto k : a.kind->optional) s.optional.emplace_back(k);
    out.push_back(std::move(s));
  }
  return out;
}

CaseView show(Context& ctx, const std::string& case_no) {
  workflows::check_case_number(case_no, "case");
  return load_and_replay(ctx, case_no);
}

std::vector<CaseListItem> list_cases(Context& ctx, const ListRequest& r, size_t* total) {
  if (!r.state.empty() && r.state != "open") workflows::check_word(r.state, workflows::kStates, "state");
  if (!r.agency.empty()) {
    workflows::check_agency_code(r.agency, "agency");
    db::agency_or_throw(ctx.db(), r.agency);
  }
  if (!r.text.empty()) check_text(r.text, "search text", TextRule{workflows::kMaxLetterRefChars, false, false});
  if (r.limit && (*r.limit < 1 || *r.limit > 10000)) throw UsageError("limit must be from 1 to 10000");
  if (r.offset && *r.offset < 0) throw UsageError("offset must be 0 or more");
  db::CaseFilter f{r.agency, r.state, r.year, r.text, std::nullopt, r.limit, r.offset};
  if (r.overdue) f.due_before = ctx.today();
  return db::list_cases(ctx.db(), f, total);
}

nlohmann::json cases_json(const std::vector<CaseListItem>& rows) {
  auto d = [](const std::optional<Date>& x) { return x ? nlohmann::json(x->str()) : nlohmann::json(nullptr); };
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : rows)
    j.push_back({{"case", r.case_no}, {"agency", r.agency}, {"state", r.state},
                 {"appeal_state", r.appeal_state}, {"received_on", r.received_on.str()},
                 {"due_on", d(r.due_on)}, {"due_provisional", r.due_provisional},
                 {"outcome", r.outcome.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.outcome)},
                 {"closed_on", d(r.closed_on)}, {"applicant", r.applicant},
                 {"correction_notice_on", d(r.correction_notice_on)},
                 {"late_correction_notice", r.late_correction_notice}});
  return j;
}

}  // namespace gongkai::app
