// Test helper: creates cases in-process through the library API, the way the CLI does it but
// without a process per event — app::receive and app::record_event, as the installation's
// administrator ("test") of a training database whose today is far in the future. For tests that
// need thousands of cases.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/context.h"
#include "engine/calendar.h"
#include "harness.h"
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
  explicit CaseBuilder(const TestDb& db);
  ~CaseBuilder();
  // Receives the case and applies `steps` in order; fails the test (naming the case and the step)
  // when the rules refuse one. Returns the case number.
  std::string create(const workflows::CaseFacts& facts, const std::vector<Step>& steps);
  size_t events_written() const { return events_; }
  app::Context& context() { return *ctx_; }
  const WorkingCalendar& calendar() { return ctx_->calendar(); }

 private:
  std::unique_ptr<app::Context> ctx_;
  size_t events_ = 0;
};

}  // namespace gongkai::test
