#include "cli/case_text.h"

#include <fmt/format.h>

#include "app/printable.h"
#include "workflows/correction.h"
#include "workflows/outcome.h"

namespace gongkai::cli {

using app::printable;

std::string case_text(const app::CaseView& v) {
  const auto& c = v.c;
  const auto& f = c.facts();
  auto s = c.snapshot();
  std::string out;
  auto line = [&](const std::string& label, const std::string& value) {
    out += fmt::format("  {:<17}{}\n", label, value);
  };
  out += fmt::format("Case {}  (agency {})\n", f.case_no, f.agency);
  line("state:", s.state + (s.appeal_state == "none" ? "" : "   appeal: " + s.appeal_state));
  line("regime:", fmt::format("{} rules", f.regime));
  line("received:", fmt::format("{} via {}{}", f.received_on.str(), f.channel,
                                f.letter_ref.empty() ? "" : ", letter ref " + printable(f.letter_ref)));
  line("applicant:", fmt::format("{} ({}){}{}", printable(f.applicant), f.applicant_type,
                                 f.contact.empty() ? "" : ", " + printable(f.contact),
                                 v.personal_masked ? "  (masked: personal data)" : ""));
  if (!f.subject.empty()) line("subject:", printable(f.subject));
  if (s.correction_notice_on)
    line("correction:", "notice sent " + s.correction_notice_on->str() + "; no reply is due until the corrected application arrives");
  if (s.late_correction_notice) line("", "late correction notice: sent more than 7 working days after receipt (Art. 30)");
  if (!s.pause_kind.empty())
    line("clock stopped:", fmt::format("{} since the notice; lapses {}",
                                       s.pause_kind == "fee" ? "awaiting the fee" : "consulting a third party",
                                       s.pause_lapses_on->str()));
  const auto& due = s.due ? s.due : s.final_due;
  if (s.due) line("due:", s.due->due.str() + (s.due->provisional ? "  (provisional)" : ""));
  if (s.outcome) {
    const auto* o = workflows::find_outcome(*s.outcome);
    line("outcome:", *s.outcome + (o ? "  " + std::string(o->national_label) : ""));
  }
  if (s.closed_on)
    line("closed:", fmt::format("{} {}, {} (due {})", s.closed_kind, s.closed_on->str(),
                                *s.closed_on <= s.final_due->due ? "on time" : "LATE", s.final_due->due.str()));
  if (due) {
    out += "  how the due date was reached:\n";
    for (const auto& step : due->steps) out += "    " + step + "\n";
  }
  if (s.reconsideration_filed_on)
    line("reconsideration:", "filed " + s.reconsideration_filed_on->str() +
                                 (s.reconsideration_decided_on
                                      ? ", decided " + s.reconsideration_decided_on->str() + ": " + s.reconsideration_result
                                      : ", pending"));
  if (s.litigation_filed_on)
    line("litigation:", "filed " + s.litigation_filed_on->str() + (*s.litigation_direct ? " (direct)" : " (after reconsideration)") +
                            (s.litigation_decided_on
                                 ? ", decided " + s.litigation_decided_on->str() + ": " + s.litigation_result
                                 : ", pending"));
  out += "History:\n";
  const auto changes = workflows::changes_of(c.history());
  for (const auto& e : c.history()) {
    std::string opts;
    if (const auto* change = workflows::change_at(changes, e.seq))
      opts += fmt::format(" {}: {} -> {}", change->field, printable(change->from.empty() ? "(none)" : change->from),
                          printable(change->to.empty() ? "(none)" : change->to));
    for (auto it = e.details.begin(); it != e.details.end(); ++it) {
      if (e.kind == "received" && it.key() == "agency") continue;
      if (e.kind == "corrected" && (it.key() == "field" || it.key() == "value")) continue;
      opts += " " + it.key() + "=" + printable(it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
    out += fmt::format("  {:>3}  {}  {:<24} by {:<12} recorded {}{}\n", e.seq, e.on.str(), e.kind, printable(e.actor),
                       e.recorded_at, opts.empty() ? "" : "\n       " + opts);
  }
  return out;
}

std::string notices_text(const std::vector<db::StoredNotice>& notices) {
  if (notices.empty()) return "";
  std::string out = "Notices:\n";
  for (const auto& n : notices)
    out += fmt::format("  {:<12} {}  issued {}  by {:<12} sha256 {}\n", n.kind, printable(n.number), n.issued_on.str(),
                       printable(n.actor), n.sha256);
  return out;
}

}  // namespace gongkai::cli
