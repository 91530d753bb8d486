// Shared steps of the commands that read or move one case.
#pragma once
#include <string>

#include "cli/app_context.h"
#include "workflows/disclosure_case.h"

namespace gongkai::cli {

// Loads the case's history and replays it through a fresh state machine. NotFound for an unknown
// case; InternalError if the history does not replay to the stored state (corruption, reported).
workflows::DisclosureCase load_and_replay(AppContext& ctx, const std::string& case_no);

}  // namespace gongkai::cli
