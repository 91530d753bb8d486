// How a case is shown: the JSON of `show --json` (interface.md) and the text a clerk reads.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "workflows/disclosure_case.h"

namespace gongkai::cli {

nlohmann::json case_json(const workflows::DisclosureCase& c);
std::string case_text(const workflows::DisclosureCase& c);

}  // namespace gongkai::cli
