#include "app/agencies.h"

#include "app/permissions.h"
#include "workflows/input_checks.h"

namespace gongkai::app {

Agency add_agency(Context& ctx, const Agency& a) {
  require(ctx.me(), Action::manage_agencies);
  workflows::check_agency_code(a.code, "code");
  workflows::check_text(a.name, "name", workflows::TextRule{workflows::kMaxAgencyNameChars, true, false});
  if (!a.parent.empty()) workflows::check_agency_code(a.parent, "parent");
  db::add_agency(ctx.db(), a);
  return a;
}

std::vector<Agency> list_agencies(Context& ctx) { return db::list_agencies(ctx.db()); }

nlohmann::json agency_json(const Agency& a) {
  return {{"code", a.code}, {"name", a.name}, {"kind", a.kind},
          {"parent", a.parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.parent)}};
}

}  // namespace gongkai::app
