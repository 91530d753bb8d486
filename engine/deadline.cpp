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

namespace {
// The Chinese of the clock's own words (Clock::start_reason, Pause::what).
std::string zh(const std::string& s) {
  if (s == "received") return "收到申请之日";
  if (s == "correction received") return "收到补正申请之日";
  if (s == "third-party consultation") return "征求第三方意见";
  if (s == "fee notice") return "收费通知";
  return s;
}
std::string zh_date(Date d) { return fmt::format("{}年{}月{}日", d.year(), d.month(), d.day()); }
}  // namespace

DueDate compute_due(const Clock& c, const WorkingCalendar& cal) {
  DueDate out;
  int total = c.period + c.extension;
  out.steps.push_back(fmt::format("start {} ({}), period {} working days", c.start.str(),
                                  c.start_reason, c.period));
  out.steps_zh.push_back(fmt::format("自{}（{}）起算，答复期限{}个工作日", zh_date(c.start), zh(c.start_reason), c.period));
  if (c.extension > 0) {
    out.steps.push_back(fmt::format("extension +{} working days", c.extension));
    out.steps_zh.push_back(fmt::format("延长答复期限{}个工作日", c.extension));
  }
  for (const auto& p : c.pauses) {
    int days = p.working_days(cal);
    total += days;
    Date until = p.effective_end(cal);
    std::string how = !p.end ? fmt::format("still running, assumed to its full {} working days", p.cap)
                      : (*p.end > until ? fmt::format("lapsed after {} working days", p.cap)
                                        : fmt::format("ended {}", p.end->str()));
    out.steps.push_back(fmt::format("{} from {} to {} ({}): +{} working days", p.what,
                                    p.start.str(), until.str(), how, days));
    std::string how_zh = !p.end ? fmt::format("尚未结束，按最长{}个工作日计", p.cap)
                         : (*p.end > until ? fmt::format("{}个工作日期满", p.cap)
                                           : fmt::format("{}结束", zh_date(*p.end)));
    out.steps_zh.push_back(fmt::format("{}：{}至{}（{}），不计入期限{}个工作日", zh(p.what), zh_date(p.start),
                                       zh_date(until), how_zh, days));
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
  std::string tail_zh = fmt::format("{}后第{}个工作日为{}", zh_date(c.start), total, zh_date(out.due));
  if (out.provisional) {
    std::string ys;
    for (int y : out.provisional_years) ys += (ys.empty() ? "" : "、") + std::to_string(y) + "年";
    tail_zh += fmt::format("（暂定：{}的官方节假日安排尚未载入，按周一至周五计）", ys);
  }
  out.steps_zh.push_back(tail_zh);
  return out;
}

int working_days_left(Date due, Date as_of, const WorkingCalendar& cal) {
  if (due >= as_of) return cal.working_days_between(as_of, due);
  return -cal.working_days_between(due, as_of);
}

}  // namespace gongkai
