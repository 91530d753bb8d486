// The text a clerk reads for `gongkai show`: the case, how its due date was reached, its history.
#pragma once
#include <string>

#include <vector>

#include "app/case_view.h"
#include "db/notice_store.h"

namespace gongkai::cli {

std::string case_text(const app::CaseView& v);
// The notices issued for the case (docs/notices.md), "" when none.
std::string notices_text(const std::vector<db::StoredNotice>& notices);

}  // namespace gongkai::cli
