#include "cli/app_context.h"

#include <cstdlib>
#include <iostream>

#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::cli {

app::ConnectOptions AppContext::connect_options() const {
  app::ConnectOptions o;
  o.conninfo = db;
  if (o.conninfo.empty())
    if (const char* env = std::getenv("GONGKAI_DB"); env && *env) o.conninfo = env;
  o.actor = actor;
  if (!o.actor)
    if (const char* env = std::getenv("GONGKAI_ACTOR"); env && *env) o.actor = env;
  if (o.actor) workflows::check_text(*o.actor, "actor", workflows::TextRule{workflows::kMaxNameChars, true, false});
  if (const char* env = std::getenv("GONGKAI_TODAY"); env && *env) o.today = parse_date(env, "GONGKAI_TODAY");
  o.warn = [](const std::string& w) { std::cerr << "warning: " << w << "\n"; };
  return o;
}

app::Context& AppContext::app() {
  if (!app_) app_ = app::connect(connect_options());
  return *app_;
}

void AppContext::print_json(const nlohmann::json& j) const { std::cout << j.dump(2) << "\n"; }

}  // namespace gongkai::cli
