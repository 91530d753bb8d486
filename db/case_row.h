// The case row's projected columns as statement parameters, shared by every db/ file that writes
// case rows (single commands, recomputation, bulk import). Only db/*.cpp include this.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "workflows/disclosure_case.h"

namespace gongkai::db {

using Params = std::vector<std::optional<std::string>>;

// Appends, in this order: state, appeal_state, is_open, due_on, due_provisional, final_due_on,
// outcome, answered_on, closed_on, closed_kind, correction_notice_on, late_correction_notice,
// pause_kind, pause_lapses_on, reconsideration_filed_on, reconsideration_result,
// reconsideration_decided_on, litigation_filed_on, litigation_direct, litigation_result,
// litigation_decided_on, last_event_on, event_count (23 values; as text, NULL = nullopt).
void snapshot_params(const workflows::CaseSnapshot& s, Params& p);
std::optional<std::string> bool_param(bool v);
// const char* views of `p` for pqxx::prepare::make_dynamic_params (nullptr = NULL).
std::vector<const char*> pointers(const Params& p);

}  // namespace gongkai::db
