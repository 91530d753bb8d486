// One stored event of a case's history: the unit of the append-only record.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "engine/date.h"

namespace gongkai {

struct EventRecord {
  int seq = 0;               // 1 = the receipt; consecutive, never reused
  std::string kind;          // received, reviewed, answered, …
  Date on;                   // the civil date the thing happened
  std::string actor;         // who recorded it
  std::string recorded_at;   // audit timestamp (timestamptz, as text), empty before it is stored
  nlohmann::json details = nlohmann::json::object();  // the event's options
};

}  // namespace gongkai
