#include "workflows/regime.h"

#include <string>

#include "engine/errors.h"

namespace gongkai::workflows {

Regime regime_for(int year) {
  if (year == 2008) return {2008, 15, 15};
  if (year == 2019) return {2019, 20, 20};
  throw UsageError("unknown regime '" + std::to_string(year) + "' (valid: 2008, 2019)");
}

int default_regime(Date received) {
  return received < Date::from_ymd(2019, 5, 15) ? 2008 : 2019;
}

}  // namespace gongkai::workflows
