// The agencies whose cases gongkai keeps, as a tree: a report, a list or a member's scope for an
// agency covers it and everything under it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/case_store.h"

namespace gongkai::app {

using Agency = db::Agency;
// Admins, under an agency of their scope; a top-level agency is the installation administrator's.
Agency add_agency(Context& ctx, const Agency& a);
// The agencies the member sees, parents before children.
std::vector<Agency> list_agencies(Context& ctx);
nlohmann::json agency_json(const Agency& a);

}  // namespace gongkai::app
