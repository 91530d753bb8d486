#include "engine/deadline.h"

#include <fmt/format.h>

namespace gongkai {

Date Pause::effective_end(const WorkingCalendar& cal) const {
  Date lapse = cal.add_working_days(start, cap);
  if (end && *end < lapse) return *end;
  return lapse;
}

int Pause::working_days(const WorkingCalendar& cal) const {
  return cal.working_days_between(start, effective_end(cal));
}

DueDate compute_due(const Clock& c, const WorkingCalendar& cal) {
  DueDate out;
  int total = c.period + c.extension;
  out.steps.push_back(fmt::format("start {} ({}), period {} working days", c.start.str(),
                                  c.start_reason, c.period));
  if (c.extension > 0) out.steps.push_back(fmt::format("extension +{} working days", c.extension));
  for (const auto& p : c.pauses) {
    int days = p.working_days(cal);
    total += days;
    Date until = p.effective_end(cal);
    std::string how = !p.end ? fmt::format("still running, assumed to its full {} working days", p.cap)
                      : (*p.end > until ? fmt::format("lapsed after {} working days", p.cap)
                                        : fmt::format("ended {}", p.end->str()));
    out.steps.push_back(fmt::format("{} from {} to {} ({}): +{} working days", p.what,
                                    p.start.str(), until.str(), how, days));
  }
  out.due = cal.add_working_days(c.start, total);
  for (int y = c.start.year(); y <= out.due.year(); ++y)
    if (!cal.is_loaded(y)) out.provisional_years.push_back(y);
  out.provisional = !out.provisional_years.empty();
  std::string tail = fmt::format("{} + {} working days = {}", c.start.str(), total, out.due.str());
  if (out.provisional) {
    std::string ys;
    for (int y : out.provisional_years) ys += (ys.empty() ? "" : ", ") + std::to_string(y);
    tail += fmt::format(" (provisional: no official calendar loaded for {}; plain week assumed)", ys);
  }
  out.steps.push_back(tail);
  return out;
}

int working_days_left(Date due, Date as_of, const WorkingCalendar& cal) {
  if (due >= as_of) return cal.working_days_between(as_of, due);
  return -cal.working_days_between(due, as_of);
}

}  // namespace gongkai
