#include "case_builder.h"

#include <doctest/doctest.h>

#include "db/calendar_store.h"
#include "db/case_store.h"
#include "engine/errors.h"

namespace gongkai::test {

CaseBuilder::CaseBuilder(db::Session& s) : s_(s), cal_(db::load_calendar(s)) {}

std::string CaseBuilder::create(const workflows::CaseFacts& facts, const std::vector<Step>& steps) {
  auto it = agency_ids_.find(facts.agency);
  if (it == agency_ids_.end()) it = agency_ids_.emplace(facts.agency, db::agency_or_throw(s_, facts.agency).id).first;
  workflows::DisclosureCase fresh(facts, cal_, "test");
  const std::string case_no = db::insert_case(s_, it->second, fresh);
  ++events_;
  // The stored receipt, replayed under its number: what `gongkai event` would load.
  auto c = workflows::DisclosureCase::replay({fresh.history().front()}, case_no, facts.agency, cal_);
  const Date far_future = Date::from_ymd(2999, 12, 31);
  for (const auto& step : steps) {
    EventRecord e;
    e.kind = step.kind;
    e.on = step.on;
    e.actor = "test";
    e.details = step.details;
    try {
      c.apply(e, far_future);
    } catch (const Error& err) {
      FAIL("case " << case_no << " (received " << facts.received_on.str() << "): " << step.kind << " on "
                   << step.on.str() << " " << step.details.dump() << " refused: " << std::string(err.what()));
    }
    db::append_event(s_, c);
    ++events_;
  }
  return case_no;
}

}  // namespace gongkai::test
