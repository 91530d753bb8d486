#include "app/cases.h"

#include <fmt/format.h>
#include <sodium.h>

#include "app/case_cache.h"
#include "app/permissions.h"
#include "db/session.h"
#include "engine/errors.h"
#include "workflows/allowed_events.h"
#include "workflows/case_row.h"
#include "workflows/event_catalogue.h"
#include "workflows/input_checks.h"
#include "workflows/correction.h"
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

// Keeps a copy of a case as the database has just given it to this member (read, or written by
// it), for the next write: only an unmasked one (a member who may see the personal data), replayed
// on the calendar the context holds now, which the entry keeps alive. A state machine cannot be
// copied: the copy is the history replayed again (no database round trip). Never throws: it runs
// after a write, which must not then look failed.
void keep(Context& ctx, const CaseView& v) noexcept {
  CaseCache* cache = ctx.case_cache();
  if (!cache || v.personal_masked || !ctx.me().sees_personal_data()) return;
  try {
    auto cal = ctx.calendar_shared();
    const long long version = ctx.calendar_version();
    auto copy = workflows::DisclosureCase::replay(v.c.history(), v.c.facts().case_no, v.c.facts().agency, *cal);
    const int n = static_cast<int>(copy.history().size());
    cache->put({std::move(copy), n, version, std::move(cal)});
  } catch (const std::exception&) {
    cache->drop(v.c.facts().case_no);
  }
}

// An event recorded from the cached replay of its case: the state machine's check, then gk_append,
// which writes only if the case still has the number of events the entry says (else nothing is
// written) and only for a member whose role and scope allow it. Returns the case written, or
// nullopt when the database path must answer instead: no entry, an entry of another calendar, a
// form that saw another number of events, an event the cached state refuses, or a write refused
// for any reason but who is asking (the entry may be stale: another process wrote). Then the caller
// reads and replays the case as this member, as without a cache, and answers from that. Nothing of
// the entry reaches the member unless the database accepted the member's write; a refusal of who is
// asking (not found, not permitted) is the database's own, with the words a read would give.
std::optional<CaseView> record_cached(Context& ctx, const EventRequest& r, const EventRecord& e) {
  CaseCache* cache = ctx.case_cache();
  if (!cache || !ctx.me().sees_personal_data()) return std::nullopt;
  auto entry = cache->take(r.case_no);  // out of the cache: it goes back only once written
  if (!entry || entry->calendar_version != ctx.calendar_version()) return std::nullopt;
  if (r.seen_events && *r.seen_events != entry->event_count) return std::nullopt;
  try {
    entry->c.apply(e, ctx.today());
  } catch (const std::exception&) {
    return std::nullopt;  // perhaps stale: the database's state decides (and says it as it would)
  }
  try {
    entry->c.set_recorded_at(db::append_event(ctx.db(), entry->c, ctx.calendar_version()));
  } catch (const NotFound&) {
    throw NotFound("no case '" + r.case_no + "'");  // as load_case_or_throw says it
  } catch (const NotPermitted&) {
    throw;
  } catch (const db::CalendarChanged&) {
    cache->note_stale();
    ctx.refresh_calendar(true);
    return std::nullopt;
  } catch (const Error&) {
    cache->note_stale();  // another writer (the count differed), or a date the stored case refuses
    return std::nullopt;
  }
  // The member gets the case replayed on its context's calendar, as the database path gives it (the
  // entry's calendar may be another worker's, alive only as long as the entry); the cache keeps the
  // written replay, with the calendar it refers to.
  const auto& written = entry->c;
  std::optional<CaseView> v;
  try {
    v = CaseView{workflows::DisclosureCase::replay(written.history(), written.facts().case_no, written.facts().agency,
                                                   ctx.calendar()),
                 false};
  } catch (const std::exception&) {
    return load_and_replay(ctx, r.case_no);  // written: the answer must not look failed
  }
  const int n = static_cast<int>(written.history().size());
  cache->put({std::move(entry->c), n, entry->calendar_version, std::move(entry->calendar)});
  return v;
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
  if (!r.form_id.empty()) {
    if (r.form_id.size() != 32 || r.form_id.find_first_not_of("0123456789abcdef") != std::string::npos)
      throw UsageError("form id '" + workflows::printable(r.form_id) + "' is not 32 hex digits (reload the intake page)");
    if (auto kept = db::intake_case(ctx.db(), r.form_id)) return show(ctx, *kept);
  }

  for (int attempt = 0;; ++attempt) {
    workflows::DisclosureCase c(f, ctx.calendar(), ctx.actor());
    try {
      auto stored = db::insert_case(ctx.db(), c, ctx.calendar_version(), r.form_id);
      // The case as stored: its number, and its receipt's audit timestamp.
      EventRecord receipt = c.history().front();
      receipt.recorded_at = stored.recorded_at;
      return {workflows::DisclosureCase::replay({receipt}, stored.case_no, f.agency, ctx.calendar()), false};
    } catch (const db::CalendarChanged&) {
      if (attempt > 0) throw;
      ctx.refresh_calendar(true);
    } catch (const db::FormSentAlready&) {
      // The same form, sent twice at once: the other send registered it.
      if (auto kept = db::intake_case(ctx.db(), r.form_id)) return show(ctx, *kept);
      throw;
    }
  }
}

std::string new_form_id() {
  if (sodium_init() < 0) throw InternalError("libsodium could not be initialised");
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
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

  const bool correction = !kind.deliver;
  if (correction && e.details.contains("field"))  // kept as the catalogue names it: letter_ref, not letter-ref
    e.details["field"] = std::string(workflows::correctable_field_or_throw(e.details.value("field", "")).key);
  if (correction && e.details.value("field", "") == "agency") {
    // Only to an agency the member may see (the database checks it may handle it, too).
    workflows::check_agency_code(e.details.value("value", ""), "value");
    db::agency_or_throw(ctx.db(), e.details.value("value", ""));
  }
  // A correction is rare: it always goes to the database's copy, never the cache's.
  if (!correction)
    if (auto v = record_cached(ctx, r, e)) return std::move(*v);
  for (int attempt = 0;; ++attempt) {
    CaseView v = load_and_replay(ctx, r.case_no);
    if (r.seen_events && static_cast<int>(v.c.history().size()) != *r.seen_events)
      throw Conflict(fmt::format("case {} changed meanwhile (it has {} events now, {} when you looked at it); "
                                 "nothing was written: look at it again",
                                 r.case_no, v.c.history().size(), *r.seen_events));
    if (correction) workflows::check_new_correction(v.c.facts(), e.details.value("field", ""), e.details.value("value", ""));
    v.c.apply(e, ctx.today());
    try {
      v.c.set_recorded_at(db::append_event(ctx.db(), v.c, ctx.calendar_version()));
      keep(ctx, v);
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
  CaseView v = load_and_replay(ctx, case_no);
  // The case page comes before a form is posted: the post then finds the case replayed.
  keep(ctx, v);
  return v;
}

std::vector<CaseListItem> list_cases(Context& ctx, const ListRequest& r) {
  if (!r.state.empty() && r.state != "open") workflows::check_word(r.state, workflows::kStates, "state");
  if (!r.agency.empty()) {
    workflows::check_agency_code(r.agency, "agency");
    db::agency_or_throw(ctx.db(), r.agency);
  }
  if (!r.text.empty()) check_text(r.text, "search text", TextRule{workflows::kMaxLetterRefChars, false, false});
  workflows::check_page_limit(r.limit);
  if (!r.after.empty()) workflows::check_case_number(r.after, "after");
  db::CaseFilter f{r.agency, r.state, r.year, r.text, std::nullopt, r.limit, r.after};
  if (r.overdue) f.due_before = ctx.today();
  return db::list_cases(ctx.db(), f);
}

std::vector<RepeatCandidate> possible_repeats(Context& ctx, const CaseView& v) {
  const auto& f = v.c.facts();
  return db::possible_repeats(ctx.db(), f.agency, f.applicant, f.subject, f.received_on, f.case_no);
}

nlohmann::json repeats_json(const std::vector<RepeatCandidate>& repeats) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : repeats) j.push_back(r.case_no);
  return j;
}

std::vector<CaseListItem> search_cases(Context& ctx, const SearchRequest& r) {
  if (r.text.empty()) throw UsageError("search text must not be empty");
  check_text(r.text, "search text", TextRule{workflows::kMaxLetterRefChars, false, false});
  if (!r.agency.empty()) {
    workflows::check_agency_code(r.agency, "agency");
    db::agency_or_throw(ctx.db(), r.agency);
  }
  workflows::check_page_limit(r.limit);
  return db::search_cases(ctx.db(), r.text, r.agency, r.limit);
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
