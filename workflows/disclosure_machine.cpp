#include "workflows/disclosure_machine.h"

#include <boost/mpl/list.hpp>
#include <boost/statechart/custom_reaction.hpp>
#include <boost/statechart/state.hpp>
#include <boost/statechart/transition.hpp>

#include "workflows/disclosure_events.h"
#include "workflows/outcome.h"

namespace gongkai::workflows {
namespace mpl = boost::mpl;
using M = DisclosureMachine;

namespace {
// Main region.
struct Received;
struct AwaitingCorrection;
struct UnderReview;
struct Reviewing;
struct ConsultingThirdParty;
struct AwaitingFee;
struct AnsweredState;
struct WithdrawnState;
// Appeal region.
struct NoAppeal;
struct InReconsideration;
struct Reconsidered;
struct InLitigation;
struct Litigated;

std::string outcome_refusal(const M& m, const std::string& code) {
  if (m.regime.year == 2019 && find_outcome(code) && find_outcome(code)->regime_2008_only)
    return "outcome " + code + " belongs to the 2008 rules; under the 2019 rules use " +
           std::string(national_replacement(code));
  return "";
}

// Ends the running pause (if any) on `on`: the resuming event's date.
void end_pause(M& m, Date on) {
  if (!m.clock.pauses.empty() && !m.clock.pauses.back().end) m.clock.pauses.back().end = on;
}

void close(M& m, Date on, const std::string& kind, std::optional<std::string> outcome) {
  end_pause(m, on);
  m.final_due = m.due_closed_on(on);
  m.closed_on = on;
  m.closed_kind = kind;
  if (outcome) {
    m.outcome = outcome;
    m.answered_on = on;
  }
}
}  // namespace

// The top state: holds the two regions, and what every state allows (complaints).
struct Active : sc::state<Active, M, mpl::list<Received, NoAppeal>> {
  using reactions = sc::custom_reaction<ev::ComplaintFiled>;
  explicit Active(my_context c) : my_base(c) {}
  sc::result react(const ev::ComplaintFiled&) {
    ++outermost_context().complaints;
    return discard_event();
  }
};

namespace {
// A refusal: record the reason and consume the event, so no other region takes it.
template <class State>
sc::result refuse(State& s, const std::string& why) {
  s.outermost_context().refusal = why;
  return s.discard_event();
}

// An answer with any outcome but the two reserved for a lapsed correction or fee, from Received
// or UnderReview (a template: the target state is only complete further down).
template <class State>
sc::result answer(State& s, const ev::Answered& e) {
  M& m = s.outermost_context();
  if (e.outcome == "other/no-correction")
    return refuse(s, "other/no-correction is only for an application awaiting correction");
  if (e.outcome == "other/fee-unpaid")
    return refuse(s, "other/fee-unpaid is only for an application whose fee is outstanding");
  if (auto why = outcome_refusal(m, e.outcome); !why.empty()) return refuse(s, why);
  close(m, e.on, "answered", e.outcome);
  return s.template transit<AnsweredState>();
}

struct Received : sc::state<Received, Active::orthogonal<0>> {
  using reactions = mpl::list<sc::custom_reaction<ev::CorrectionRequested>, sc::transition<ev::Reviewed, UnderReview>,
                              sc::custom_reaction<ev::Answered>, sc::custom_reaction<ev::Withdrawn>>;
  explicit Received(my_context c) : my_base(c) { outermost_context().state = "received"; }

  sc::result react(const ev::CorrectionRequested& e) {
    M& m = outermost_context();
    if (m.correction_used)
      return refuse(*this, "a correction was already requested on " + m.correction_notice_on->str() +
                               " (once per application, Art. 30)");
    m.correction_used = true;
    m.correction_notice_on = e.on;
    m.late_correction_notice = e.on > m.cal.add_working_days(m.received_on, kLateCorrectionDays);
    return transit<AwaitingCorrection>();
  }
  sc::result react(const ev::Answered& e) { return answer(*this, e); }
  sc::result react(const ev::Withdrawn& e);
};

struct AwaitingCorrection : sc::state<AwaitingCorrection, Active::orthogonal<0>> {
  using reactions = mpl::list<sc::custom_reaction<ev::CorrectionReceived>, sc::custom_reaction<ev::Answered>,
                              sc::custom_reaction<ev::Withdrawn>>;
  explicit AwaitingCorrection(my_context c) : my_base(c) { outermost_context().state = "awaiting-correction"; }

  sc::result react(const ev::CorrectionReceived& e) {
    M& m = outermost_context();
    m.clock.start = e.on;  // Art. 30: the period runs from the corrected application
    m.clock.start_reason = "correction received";
    return transit<Received>();
  }
  sc::result react(const ev::Answered& e) {
    if (e.outcome != "other/no-correction")
      return refuse(*this, "while awaiting correction the only answer is other/no-correction");
    close(outermost_context(), e.on, "answered", e.outcome);
    return transit<AnsweredState>();
  }
  sc::result react(const ev::Withdrawn& e) {
    close(outermost_context(), e.on, "withdrawn", std::nullopt);
    return transit<WithdrawnState>();
  }
};

struct UnderReview : sc::state<UnderReview, Active::orthogonal<0>, Reviewing> {
  using reactions = mpl::list<sc::custom_reaction<ev::Answered>, sc::custom_reaction<ev::Withdrawn>,
                              sc::custom_reaction<ev::Extended>>;
  explicit UnderReview(my_context c) : my_base(c) {}

  sc::result react(const ev::Answered& e) { return answer(*this, e); }
  sc::result react(const ev::Withdrawn& e) {
    close(outermost_context(), e.on, "withdrawn", std::nullopt);
    return transit<WithdrawnState>();
  }
  sc::result react(const ev::Extended& e) {
    M& m = outermost_context();
    if (m.extended) return refuse(*this, "the reply period was already extended (once per application)");
    Date due = m.current_due()->due;
    if (e.on > due)
      return refuse(*this, "an extension must be decided on or before the due date " + due.str());
    m.extended = true;
    m.clock.extension = m.regime.extension;
    return discard_event();  // stays in the same inner state
  }
};

struct Reviewing : sc::state<Reviewing, UnderReview> {
  using reactions = mpl::list<sc::custom_reaction<ev::ThirdPartyConsulted>, sc::custom_reaction<ev::FeeRequested>>;
  explicit Reviewing(my_context c) : my_base(c) { outermost_context().state = "under-review"; }

  sc::result react(const ev::ThirdPartyConsulted& e) {
    outermost_context().clock.pauses.push_back({"third-party consultation", e.on, std::nullopt, kThirdPartyDays});
    return transit<ConsultingThirdParty>();
  }
  sc::result react(const ev::FeeRequested& e) {
    outermost_context().clock.pauses.push_back({"fee notice", e.on, std::nullopt, kFeeDays});
    return transit<AwaitingFee>();
  }
};

struct ConsultingThirdParty : sc::state<ConsultingThirdParty, UnderReview> {
  using reactions = sc::custom_reaction<ev::ThirdPartyReplied>;
  explicit ConsultingThirdParty(my_context c) : my_base(c) { outermost_context().state = "consulting-third-party"; }
  sc::result react(const ev::ThirdPartyReplied& e) {
    end_pause(outermost_context(), e.on);
    return transit<Reviewing>();
  }
};

struct AwaitingFee : sc::state<AwaitingFee, UnderReview> {
  using reactions = mpl::list<sc::custom_reaction<ev::FeePaid>, sc::custom_reaction<ev::Answered>>;
  explicit AwaitingFee(my_context c) : my_base(c) { outermost_context().state = "awaiting-fee"; }
  sc::result react(const ev::FeePaid& e) {
    end_pause(outermost_context(), e.on);
    return transit<Reviewing>();
  }
  sc::result react(const ev::Answered& e) {
    if (e.outcome != "other/fee-unpaid")
      return refuse(*this, "while a fee is outstanding the only answer is other/fee-unpaid (or record fee-paid first)");
    close(outermost_context(), e.on, "answered", e.outcome);
    return transit<AnsweredState>();
  }
};

struct AnsweredState : sc::state<AnsweredState, Active::orthogonal<0>> {
  explicit AnsweredState(my_context c) : my_base(c) { outermost_context().state = "answered"; }
};

struct WithdrawnState : sc::state<WithdrawnState, Active::orthogonal<0>> {
  explicit WithdrawnState(my_context c) : my_base(c) { outermost_context().state = "withdrawn"; }
};

sc::result Received::react(const ev::Withdrawn& e) {
  close(outermost_context(), e.on, "withdrawn", std::nullopt);
  return transit<WithdrawnState>();
}

// ---- Appeal region ----

struct NoAppeal : sc::state<NoAppeal, Active::orthogonal<1>> {
  using reactions = mpl::list<sc::custom_reaction<ev::ReconsiderationFiled>, sc::custom_reaction<ev::LitigationFiled>>;
  explicit NoAppeal(my_context c) : my_base(c) { outermost_context().appeal_state = "none"; }

  sc::result react(const ev::ReconsiderationFiled& e) {
    M& m = outermost_context();
    std::string why;
    if (!m.appealable_on(e.on, &why)) return refuse(*this, "reconsideration " + why);
    m.reconsideration_filed_on = e.on;
    return transit<InReconsideration>();
  }
  sc::result react(const ev::LitigationFiled& e) {
    M& m = outermost_context();
    std::string why;
    if (!m.appealable_on(e.on, &why)) return refuse(*this, "litigation " + why);
    if (m.outcome && m.outcome->rfind("withheld/", 0) == 0 && e.on >= Date::from_ymd(2024, 1, 1))
      return refuse(*this, "an answer withheld (" + *m.outcome +
                               ") must go to administrative reconsideration before court since 2024-01-01 "
                               "(行政复议法 2023, Art. 23)");
    m.litigation_filed_on = e.on;
    m.litigation_direct = true;
    return transit<InLitigation>();
  }
};

struct InReconsideration : sc::state<InReconsideration, Active::orthogonal<1>> {
  using reactions = mpl::list<sc::custom_reaction<ev::ReconsiderationDecided>, sc::custom_reaction<ev::ReconsiderationFiled>,
                              sc::custom_reaction<ev::LitigationFiled>>;
  explicit InReconsideration(my_context c) : my_base(c) { outermost_context().appeal_state = "in-reconsideration"; }
  sc::result react(const ev::ReconsiderationDecided& e) {
    M& m = outermost_context();
    m.reconsideration_decided_on = e.on;
    m.reconsideration_result = e.result;
    return transit<Reconsidered>();
  }
  sc::result react(const ev::ReconsiderationFiled&) {
    return refuse(*this, "a reconsideration is already pending (one per application)");
  }
  sc::result react(const ev::LitigationFiled&) {
    return refuse(*this, "the reconsideration is still pending: record reconsideration-decided first");
  }
};

struct Reconsidered : sc::state<Reconsidered, Active::orthogonal<1>> {
  using reactions = mpl::list<sc::custom_reaction<ev::LitigationFiled>, sc::custom_reaction<ev::ReconsiderationFiled>>;
  explicit Reconsidered(my_context c) : my_base(c) { outermost_context().appeal_state = "reconsidered"; }
  sc::result react(const ev::LitigationFiled& e) {
    M& m = outermost_context();
    m.litigation_filed_on = e.on;
    m.litigation_direct = false;
    return transit<InLitigation>();
  }
  sc::result react(const ev::ReconsiderationFiled&) {
    return refuse(*this, "a reconsideration was already decided (one per application)");
  }
};

struct InLitigation : sc::state<InLitigation, Active::orthogonal<1>> {
  using reactions = mpl::list<sc::custom_reaction<ev::LitigationDecided>, sc::custom_reaction<ev::LitigationFiled>,
                              sc::custom_reaction<ev::ReconsiderationFiled>>;
  explicit InLitigation(my_context c) : my_base(c) { outermost_context().appeal_state = "in-litigation"; }
  sc::result react(const ev::LitigationDecided& e) {
    M& m = outermost_context();
    m.litigation_decided_on = e.on;
    m.litigation_result = e.result;
    return transit<Litigated>();
  }
  sc::result react(const ev::LitigationFiled&) {
    return refuse(*this, "a lawsuit is already pending (one per application)");
  }
  sc::result react(const ev::ReconsiderationFiled&) {
    return refuse(*this, "the case is already in court; no reconsideration can follow");
  }
};

struct Litigated : sc::state<Litigated, Active::orthogonal<1>> {
  using reactions = mpl::list<sc::custom_reaction<ev::LitigationFiled>, sc::custom_reaction<ev::ReconsiderationFiled>>;
  explicit Litigated(my_context c) : my_base(c) { outermost_context().appeal_state = "litigated"; }
  sc::result react(const ev::LitigationFiled&) {
    return refuse(*this, "the lawsuit was already decided (one per application)");
  }
  sc::result react(const ev::ReconsiderationFiled&) {
    return refuse(*this, "the case was already decided in court");
  }
};
}  // namespace

// ---- The machine ----

DisclosureMachine::DisclosureMachine(const WorkingCalendar& c, Regime r, Date received)
    : cal(c), regime(r), received_on(received) {
  clock.start = received;
  clock.start_reason = "received";
  clock.period = r.reply_period;
}

DisclosureMachine::~DisclosureMachine() { terminate(); }
void DisclosureMachine::start() { initiate(); }
void DisclosureMachine::handle(const sc::event_base& e) { process_event(e); }

void DisclosureMachine::unconsumed_event(const sc::event_base&) {
  unhandled = true;
  refusal = "not allowed in that state";
}

bool DisclosureMachine::is_open() const { return !closed_on.has_value(); }

std::optional<DueDate> DisclosureMachine::current_due() const {
  if (!is_open() || state == "awaiting-correction") return std::nullopt;
  return compute_due(clock, cal);
}

DueDate DisclosureMachine::due_closed_on(Date closed) const {
  // Closed while awaiting correction (other/no-correction, or withdrawn): no reply was due, so
  // the closing cannot be late. The clock of the first application is not the measure.
  if (state == "awaiting-correction") {
    DueDate d;
    d.due = closed;
    d.steps = {"correction requested " + correction_notice_on->str() +
                   ": no reply is due while awaiting correction (Art. 30)",
               "closed " + closed.str() + " while awaiting correction: no reply was due, counted on time"};
    d.steps_zh = {correction_notice_on->str() + "告知补正：等待补正期间不计答复期限（第三十条）",
                  closed.str() + "在等待补正期间办结：无答复期限，按时办结"};
    return d;
  }
  Clock c = clock;
  if (!c.pauses.empty() && !c.pauses.back().end) c.pauses.back().end = closed;
  return compute_due(c, cal);
}

bool DisclosureMachine::appealable_on(Date on, std::string* why) const {
  if (!is_open()) return true;
  auto due = current_due();
  if (due && due->due < on) return true;
  *why = "is only possible once the case is answered or withdrawn, or overdue; it is " + state +
         (due ? " and due " + due->due.str() : " with no reply due");
  return false;
}

}  // namespace gongkai::workflows
