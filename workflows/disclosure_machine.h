// The state chart of one disclosure application (domain.md §2), in Boost.Statechart.
// Two orthogonal regions: the handling of the application, and its appeals. The machine does no
// I/O: its reactions decide and record what they decided in the context data below; the caller
// reads that and writes. A forbidden event is never dropped: it leaves `refusal` set.
#pragma once
#include <boost/statechart/event_base.hpp>
#include <boost/statechart/state_machine.hpp>
#include <optional>
#include <string>

#include "engine/calendar.h"
#include "engine/deadline.h"
#include "workflows/regime.h"

namespace gongkai::workflows {
namespace sc = boost::statechart;

struct Active;  // the top state; everything else is in disclosure_machine.cpp

struct DisclosureMachine : sc::state_machine<DisclosureMachine, Active> {
  DisclosureMachine(const WorkingCalendar& cal, Regime regime, Date received_on);
  ~DisclosureMachine();
  void start();                           // enters the initial states
  void handle(const sc::event_base& e);   // process_event, instantiated where the states are complete

  // Called by Boost.Statechart when no state reacts to an event.
  void unconsumed_event(const sc::event_base&);
  // The reply due date while a reply is due (none while awaiting correction or once closed).
  std::optional<DueDate> current_due() const;
  // The due date as it stood when the case closed, for on-time counting.
  DueDate due_closed_on(Date closed) const;
  bool is_open() const;
  // Failing to reply in time is itself appealable: closed, or open and past due on `on`.
  bool appealable_on(Date on, std::string* why) const;

  const WorkingCalendar& cal;
  Regime regime;
  Date received_on;

  // What the reactions decided.
  std::string state = "received";
  std::string appeal_state = "none";
  std::string refusal;       // set when the last event was refused, with the reason
  bool unhandled = false;    // … because no state reacts to it at all
  std::string current_kind;  // the event being processed, for messages

  Clock clock;
  bool correction_used = false;
  std::optional<Date> correction_notice_on;
  bool late_correction_notice = false;
  bool extended = false;

  std::optional<std::string> outcome;
  std::optional<Date> answered_on;
  std::optional<Date> closed_on;
  std::string closed_kind;  // answered | withdrawn
  std::optional<DueDate> final_due;

  std::optional<Date> reconsideration_filed_on, reconsideration_decided_on;
  std::string reconsideration_result;
  std::optional<Date> litigation_filed_on, litigation_decided_on;
  std::optional<bool> litigation_direct;
  std::string litigation_result;
  int complaints = 0;
};

}  // namespace gongkai::workflows
