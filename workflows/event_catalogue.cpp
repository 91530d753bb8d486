#include "workflows/event_catalogue.h"

#include <algorithm>

#include "engine/errors.h"
#include "workflows/correction.h"
#include "workflows/disclosure_events.h"
#include "workflows/disclosure_machine.h"
#include "workflows/input_checks.h"
#include "workflows/outcome.h"
#include "workflows/vocabulary.h"

namespace gongkai::workflows {
namespace {

std::string text_of(const EventRecord& e, std::string_view key) {
  auto it = e.details.find(std::string(key));
  if (it == e.details.end() || it->is_null()) return "";
  if (!it->is_string()) throw UsageError(std::string(key) + " must be text");
  return it->get<std::string>();
}

template <class Event>
void plain(DisclosureMachine& m, const EventRecord& e) {
  m.handle(Event(e.on));
}
template <class Event>
void with_result(DisclosureMachine& m, const EventRecord& e) {
  m.handle(Event(e.on, text_of(e, "result")));
}
void answered(DisclosureMachine& m, const EventRecord& e) { m.handle(ev::Answered(e.on, text_of(e, "outcome"))); }

}  // namespace

const std::vector<EventOption>& event_options() {
  static const std::vector<EventOption> all = {
      {"note", "--note", "free text kept with the event"},
      {"handler", "--handler", "reviewed: who handles it"},
      {"approved_by", "--approved-by", "extended: who approved the extension"},
      {"amount", "--amount", "fee-requested: the fee in yuan (like 25 or 12.50)"},
      {"outcome", "--outcome", "answered: the outcome code (see docs/rules.md)"},
      {"result", "--result", "reconsideration-decided, litigation-decided: upheld | corrected | other"},
      {"field", "--field",
       "corrected: the fact to correct: applicant, contact, letter_ref, subject, received, channel, "
       "applicant_type, agency (转办: the case moves to that agency, its number kept)"},
      {"value", "--value", "corrected: the right value (empty clears contact, letter_ref or subject)"},
  };
  return all;
}

const std::vector<EventKind>& event_catalogue() {
  static const std::vector<EventKind> all = {
      {"correction-requested", "补正告知", "notice to the applicant to complete or clarify the application (补正)",
       {}, {}, &plain<ev::CorrectionRequested>},
      {"correction-received", "收到补正", "the corrected application arrived; the reply clock starts again", {}, {},
       &plain<ev::CorrectionReceived>},
      {"reviewed", "审查受理", "the application has been examined and taken into handling", {}, {"handler"},
       &plain<ev::Reviewed>},
      {"third-party-consulted", "征求第三方意见", "opinion of a third party requested; the clock stops", {}, {},
       &plain<ev::ThirdPartyConsulted>},
      {"third-party-replied", "第三方答复", "the third party answered or its period lapsed; the clock runs again", {},
       {}, &plain<ev::ThirdPartyReplied>},
      {"extended", "延期答复", "the reply period is extended, once", {"approved_by"}, {}, &plain<ev::Extended>},
      {"fee-requested", "收费通知", "notice that a processing fee is due; the clock stops", {"amount"}, {},
       &plain<ev::FeeRequested>},
      {"fee-paid", "缴费", "the fee was paid; the clock runs again", {}, {}, &plain<ev::FeePaid>},
      {"answered", "答复", "the written reply with its outcome code", {"outcome"}, {}, &answered},
      {"withdrawn", "撤回申请", "the applicant withdrew the application", {}, {}, &plain<ev::Withdrawn>},
      {"reconsideration-filed", "申请行政复议", "the applicant applied for administrative reconsideration", {}, {},
       &plain<ev::ReconsiderationFiled>},
      {"reconsideration-decided", "行政复议决定", "the reconsideration's decision: 维持 / 纠正 / 其他", {"result"}, {},
       &with_result<ev::ReconsiderationDecided>},
      {"litigation-filed", "提起行政诉讼", "the applicant sued (after a reconsideration, if one was filed)", {}, {},
       &plain<ev::LitigationFiled>},
      {"litigation-decided", "行政诉讼判决", "the judgment: 维持 / 纠正 / 其他", {"result"}, {},
       &with_result<ev::LitigationDecided>},
      {"complaint-filed", "申诉、举报", "a complaint or report about the handling", {}, {}, &plain<ev::ComplaintFiled>},
      // Not a step of the handling: the machine never sees it (DisclosureCase::correct).
      {"corrected", "更正", "a registered fact corrected, or the case moved to another agency (转办); --note says why",
       {"field", "note"}, {"value"}, nullptr},
  };
  return all;
}

const EventKind* find_event_kind(std::string_view kind) {
  for (const auto& k : event_catalogue())
    if (k.kind == kind) return &k;
  return nullptr;
}

const EventKind& event_kind_or_throw(std::string_view kind) {
  if (const auto* k = find_event_kind(kind)) return *k;
  check_word(kind, kEventKinds, "event kind");  // throws, listing the valid kinds
  throw UsageError("unknown event kind '" + printable(kind) + "'");
}

bool takes_option(const EventKind& k, std::string_view key) {
  return key == "note" || std::find(k.required.begin(), k.required.end(), key) != k.required.end() ||
         std::find(k.optional.begin(), k.optional.end(), key) != k.optional.end();
}

void check_event_options(const EventKind& k, const EventRecord& e) {
  if (!e.details.is_object()) throw UsageError("event details must be an object");
  for (auto it = e.details.begin(); it != e.details.end(); ++it) {
    if (it.value().is_null()) continue;
    if (!takes_option(k, it.key())) throw UsageError(printable(it.key()) + " is not an option of " + std::string(k.kind));
    if (!it.value().is_string()) throw UsageError(it.key() + " must be text");
  }
  for (auto key : k.required)
    if (text_of(e, key).empty()) throw UsageError(std::string(k.kind) + " needs a value for " + std::string(key));
  if (takes_option(k, "outcome")) outcome_or_throw(text_of(e, "outcome"));
  if (takes_option(k, "result")) check_word(text_of(e, "result"), kAppealResults, "result");
  if (takes_option(k, "field")) correctable_field_or_throw(text_of(e, "field"));
  if (takes_option(k, "amount")) {
    // Yuan with at most two decimals (10, 10.5, 10.50); its bounds are a new entry's check.
    const std::string amount = text_of(e, "amount");
    size_t dot = amount.find('.');
    bool ok = !amount.empty() && dot != 0 && (dot == std::string::npos || (amount.size() - dot - 1 >= 1 && amount.size() - dot - 1 <= 2));
    for (size_t i = 0; ok && i < amount.size(); ++i) ok = i == dot || (amount[i] >= '0' && amount[i] <= '9');
    if (!ok) throw UsageError("amount '" + printable(amount) + "' is not a sum in yuan (like 25 or 12.50)");
  }
}

void check_new_event_input(const EventKind& k, const EventRecord& e) {
  check_event_options(k, e);
  const TextRule name{kMaxNameChars, true, false};
  const TextRule note{kMaxNoteChars, false, true};
  for (auto it = e.details.begin(); it != e.details.end(); ++it) {
    if (!it.value().is_string()) continue;
    const std::string& v = it.value().get_ref<const std::string&>();
    if (it.key() == "note") check_text(v, "note", note);
    else if (it.key() == "handler" || it.key() == "approved_by") check_text(v, it.key(), name);
    else if (it.key() == "amount") check_fee_amount(v);
    else if (it.key() == "field" || it.key() == "value") check_text(v, it.key(), TextRule{kMaxSubjectChars, false, true});
  }
}

}  // namespace gongkai::workflows
