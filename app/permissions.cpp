#include "app/permissions.h"

#include <string>

#include "engine/errors.h"

namespace gongkai::app {
namespace {

struct Rule {
  Action action;
  const char* what;
  std::initializer_list<std::string_view> roles;
  const char* who;
};

const Rule& rule_of(Action a) {
  static const Rule rules[] = {
      {Action::receive, "receive applications", {"registrar", "admin"}, "registrars and admins do"},
      {Action::record_event, "record events on a case", {"registrar", "handler", "admin"},
       "registrars, handlers and admins do"},
      {Action::enter_figures, "enter report figures", {"statistician", "admin"}, "statisticians and admins do"},
      {Action::sign_off, "sign off report tables", {"statistician", "admin"}, "statisticians and admins do"},
      {Action::set_installation, "set the installation's code", {"admin"},
       "the installation's administrator does"},
      {Action::manage_agencies, "add agencies", {"admin"}, "an admin does"},
      {Action::manage_members, "manage members", {"admin"}, "an admin does"},
      {Action::import_cases, "import cases", {"admin"}, "an admin does"},
      {Action::export_personal, "export personal data", {"admin"}, "an admin does"},
      {Action::verify, "verify the record", {"admin"}, "an admin does"},
      {Action::change_calendar, "change the calendar", {"admin"}, "an administrator of every agency does"},
  };
  for (const auto& r : rules)
    if (r.action == a) return r;
  return rules[0];
}

}  // namespace

bool allowed(const Member& m, Action a) {
  if (m.installation_admin) return true;
  for (auto role : rule_of(a).roles)
    if (role == m.role) return true;
  return false;
}

void require(const Member& m, Action a) {
  if (allowed(m, a)) return;
  const Rule& r = rule_of(a);
  throw NotPermitted("a " + m.role + " may not " + r.what + " (" + r.who + ")");
}

}  // namespace gongkai::app
