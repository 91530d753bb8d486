// A case as an operation returns it: replayed from its history, with whether its personal data is
// masked for the reader; and its JSON, as `show --json` prints it (interface.md).
#pragma once
#include <nlohmann/json.hpp>

#include "workflows/disclosure_case.h"

namespace gongkai::app {

struct CaseView {
  workflows::DisclosureCase c;
  bool personal_masked = false;  // applicant and contact are shown masked (first character, '*')
};

nlohmann::json case_json(const CaseView& v);

}  // namespace gongkai::app
