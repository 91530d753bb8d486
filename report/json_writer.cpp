#include "report/json_writer.h"

namespace gongkai::report {

nlohmann::json report_json(const Report& r) {
  nlohmann::json j = r.json.is_object() ? r.json : nlohmann::json::object();
  j["warnings"] = r.warnings;
  j["notes"] = r.notes;
  return j;
}

void write_json(const Report& r, std::ostream& out) { out << report_json(r).dump(2) << "\n"; }

}  // namespace gongkai::report
