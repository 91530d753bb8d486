// A report as its JSON document (shared/spec/interface.md): the template's own shape, with the
// report's warnings and notes.
#pragma once
#include <ostream>

#include "report/table.h"

namespace gongkai::report {

nlohmann::json report_json(const Report& r);
void write_json(const Report& r, std::ostream& out);

}  // namespace gongkai::report
