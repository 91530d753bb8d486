#include "workflows/allowed_events.h"

#include "engine/errors.h"
#include "workflows/outcome.h"

namespace gongkai::workflows {
namespace {

// An option value the machine accepts in shape, for a probe (the machine reads only outcome and
// result; the others need only be there).
const char* probe_value(std::string_view key) {
  if (key == "amount") return "1";
  if (key == "result") return "upheld";
  return "-";
}

bool accepts(const DisclosureCase& c, const WorkingCalendar& cal, EventRecord e) {
  auto copy = DisclosureCase::replay(c.history(), c.facts().case_no, c.facts().agency, cal);
  try {
    copy.apply(std::move(e), Date::from_ymd(2999, 12, 31));
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

std::vector<AllowedEvent> allowed_events(const DisclosureCase& c, Date on, const WorkingCalendar& cal) {
  if (on < c.history().back().on) on = c.history().back().on;
  std::vector<AllowedEvent> out;
  for (const auto& kind : event_catalogue()) {
    if (!kind.deliver) continue;  // a correction is no step: the case page has its own form for it
    EventRecord e;
    e.kind = std::string(kind.kind);
    e.on = on;
    for (auto key : kind.required) e.details[std::string(key)] = probe_value(key);
    AllowedEvent allowed{&kind, {}};
    if (kind.kind == "answered") {
      for (const auto& o : all_outcomes()) {
        e.details["outcome"] = std::string(o.code);
        if (accepts(c, cal, e)) allowed.outcomes.emplace_back(o.code);
      }
      if (allowed.outcomes.empty()) continue;
    } else if (!accepts(c, cal, e)) {
      continue;
    }
    out.push_back(std::move(allowed));
  }
  return out;
}

}  // namespace gongkai::workflows
