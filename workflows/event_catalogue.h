// The events a case records after its receipt — their kinds, options, help and the statechart
// event each becomes — defined once for the state machine, the CLI, the import and the pages.
#pragma once
#include <string_view>
#include <vector>

#include "engine/event_record.h"

namespace gongkai::workflows {

struct DisclosureMachine;

// One option an event may carry in its details.
struct EventOption {
  std::string_view key;   // in the details, the JSON and the import's column: approved_by
  std::string_view flag;  // on the command line: --approved-by
  std::string_view help;  // what to give, for --help and forms
};

struct EventKind {
  std::string_view kind;   // extended
  std::string_view label;  // 延期: how pages and letters name it
  std::string_view help;   // what it means (interface.md)
  std::vector<std::string_view> required;  // option keys it cannot go without
  std::vector<std::string_view> optional;  // further option keys (`note` is allowed on every event)
  // Turns the stored record into the statechart's event and hands it to the machine; null for a
  // correction of the facts, which is no step of the handling (DisclosureCase applies it).
  void (*deliver)(DisclosureMachine& m, const EventRecord& e);
};

// Every option of every kind: note, handler, approved_by, amount, outcome, result, field, value.
const std::vector<EventOption>& event_options();
// Every kind after `received`, in the order of the interface's table.
const std::vector<EventKind>& event_catalogue();
// Null for an unknown kind and for `received` (which only `receive` records).
const EventKind* find_event_kind(std::string_view kind);
// The kind, or UsageError naming it and listing the valid ones.
const EventKind& event_kind_or_throw(std::string_view kind);
bool takes_option(const EventKind& k, std::string_view key);

// What the machine cannot do without, checked for stored and new events alike: only the kind's
// options, the required ones present, outcome and result codes known. UsageError naming the field.
void check_event_options(const EventKind& k, const EventRecord& e);

// What a clerk types, checked only for new events (a stored history is replayed as it was
// recorded): names and notes as readable text of a sane length, a fee within its bounds.
void check_new_event_input(const EventKind& k, const EventRecord& e);

}  // namespace gongkai::workflows
