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
  // Before libpq reads it: its own messages about a mangled string are no help, and a server
  // would answer bytes in another encoding with an encoding error. Not quoted: it may hold a
  // password.
  if (workflows::printable(o.conninfo) != o.conninfo)
    throw UsageError(
        "the database connection string (--db or GONGKAI_DB) holds a control character or bytes that are not "
        "UTF-8 text; it is not shown here, as it may hold a password");
  o.actor = actor;
  o.actor_named = actor.has_value();
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
