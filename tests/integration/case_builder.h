// Test helper: creates cases in-process through the library, the way the CLI does it but without
// a process per event — workflows::DisclosureCase checks every event against the state chart,
// db::insert_case and db::append_event store it. For tests that need thousands of cases.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/session.h"
#include "engine/calendar.h"
#include "engine/event_record.h"
#include "workflows/disclosure_case.h"

namespace gongkai::test {

// One event to apply after the receipt: kind, date and options (outcome, result, …).
struct Step {
  std::string kind;
  Date on;
  nlohmann::json details = nlohmann::json::object();
};

class CaseBuilder {
 public:
  explicit CaseBuilder(db::Session& s);
  // Receives the case and applies `steps` in order; fails the test (naming the case and the step)
  // when the rules refuse one. Returns the case number.
  std::string create(const workflows::CaseFacts& facts, const std::vector<Step>& steps);
  size_t events_written() const { return events_; }

 private:
  db::Session& s_;
  WorkingCalendar cal_;
  std::map<std::string, int> agency_ids_;
  size_t events_ = 0;
};

}  // namespace gongkai::test
