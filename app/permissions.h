// What each role may do (docs/security.md's table), asked before an operation starts so that a
// member hears "not permitted" before anything else. The database enforces the same rules itself
// (migration 005); this is for the message, never the only check.
#pragma once
#include <string_view>

#include "app/context.h"

namespace gongkai::app {

enum class Action {
  receive,          // registrar, admin
  record_event,     // registrar, handler, admin
  enter_figures,    // statistician, admin
  sign_off,         // statistician, admin
  set_installation, // admin of every agency
  manage_agencies,  // admin
  manage_members,   // admin
  import_cases,     // admin
  export_personal,  // admin
  verify,           // admin
  change_calendar,  // admin of every agency
};

bool allowed(const Member& m, Action a);
// NotPermitted, naming the member's role and who may ("a supervisor may not record events on a
// case (registrars, handlers and admins do)").
void require(const Member& m, Action a);

}  // namespace gongkai::app
