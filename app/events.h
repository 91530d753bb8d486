// The event catalogue as front ends show it: every kind with its options and help
// (workflows/event_catalogue.h, where they are defined once).
#pragma once
#include <string>
#include <vector>

#include "workflows/event_catalogue.h"

namespace gongkai::app {

using workflows::event_catalogue;
using workflows::event_options;
using workflows::EventKind;
using workflows::EventOption;

// A table of the kinds, their options and meanings, for --help.
std::string event_kinds_help();
// Every option's key (note, handler, approved_by, amount, outcome, result): a form's fields.
std::vector<std::string> event_options_keys();

}  // namespace gongkai::app
