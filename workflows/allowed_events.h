// What the rules allow a case now — for a page that offers exactly those steps, nothing hard-coded:
// each event kind the state machine accepts on a date (and, for an answer, the outcomes it accepts).
#pragma once
#include <string>
#include <vector>

#include "workflows/disclosure_case.h"
#include "workflows/event_catalogue.h"

namespace gongkai::workflows {

struct AllowedEvent {
  const EventKind* kind = nullptr;
  std::vector<std::string> outcomes;  // answered: the outcome codes accepted now
};

// Tries each kind of the catalogue on a copy of the case (replayed from its history), dated `on`
// (or the last event's date, if later). The case itself is not changed.
std::vector<AllowedEvent> allowed_events(const DisclosureCase& c, Date on, const WorkingCalendar& cal);

}  // namespace gongkai::workflows
