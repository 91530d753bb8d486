#include "app/events.h"

#include <fmt/format.h>

namespace gongkai::app {

std::string event_kinds_help() {
  std::string out = "Kinds (options besides --note, which every event takes):\n";
  for (const auto& k : event_catalogue()) {
    std::string opts;
    for (auto key : k.required)
      for (const auto& o : event_options())
        if (o.key == key) opts += " " + std::string(o.flag) + " X";
    for (auto key : k.optional)
      for (const auto& o : event_options())
        if (o.key == key) opts += " [" + std::string(o.flag) + " X]";
    out += fmt::format("  {:<24}{:<22} {} ({})\n", k.kind, opts, k.help, k.label);
  }
  return out;
}

std::vector<std::string> event_options_keys() {
  std::vector<std::string> out;
  for (const auto& o : event_options()) out.emplace_back(o.key);
  return out;
}

}  // namespace gongkai::app
