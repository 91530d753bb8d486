// A list of cases as `gongkai list` and `gongkai search` print it: one line a case, then the count.
#pragma once
#include <ostream>
#include <vector>

#include "app/cases.h"

namespace gongkai::cli {

void print_case_list(const std::vector<app::CaseListItem>& rows, std::ostream& out);

}  // namespace gongkai::cli
