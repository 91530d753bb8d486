// The text a clerk reads for `gongkai show`: the case, how its due date was reached, its history.
#pragma once
#include <string>

#include "app/case_view.h"

namespace gongkai::cli {

std::string case_text(const app::CaseView& v);

}  // namespace gongkai::cli
