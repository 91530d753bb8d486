// The case row's projected columns as statement parameters, shared by every db/ file that writes
// case rows (single commands, recomputation, bulk import). Only db/*.cpp include this.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "workflows/disclosure_case.h"

namespace gongkai::db {

using Params = std::vector<std::optional<std::string>>;

// Appends the projected columns of workflows/case_row.h in its order (state … event_count; as
// text, NULL = nullopt).
void snapshot_params(const workflows::CaseSnapshot& s, Params& p);
std::optional<std::string> bool_param(bool v);
// A case-row value (workflows::case_row) as a statement parameter.
std::optional<std::string> json_param(const nlohmann::json& v);
// const char* views of `p` for pqxx::prepare::make_dynamic_params (nullptr = NULL).
std::vector<const char*> pointers(const Params& p);

}  // namespace gongkai::db
