#include "cli/case_list_text.h"

#include <fmt/format.h>

#include "app/printable.h"

namespace gongkai::cli {

void print_case_list(const std::vector<app::CaseListItem>& rows, std::ostream& out) {
  out << fmt::format("{:<22} {:<22} {:<10} {:<10} {}\n", "case", "state", "received", "due", "applicant / notes");
  for (const auto& r : rows) {
    std::string note = app::printable(r.applicant);
    if (r.correction_notice_on) note += "; correction notice " + r.correction_notice_on->str();
    if (r.late_correction_notice) note += " (late notice)";
    if (!r.outcome.empty()) note += "; " + app::printable(r.outcome);
    if (r.appeal_state != "none") note += "; appeal " + app::printable(r.appeal_state);
    // Every stored text escaped, not only the free ones: the database may hold what a superuser
    // put there by hand.
    out << fmt::format("{:<22} {:<22} {:<10} {:<10} {}\n", app::printable(r.case_no), app::printable(r.state),
                       r.received_on.str(), r.due_on ? r.due_on->str() + (r.due_provisional ? "*" : "") : "-", note);
  }
  out << rows.size() << " case(s)\n";
}

}  // namespace gongkai::cli
