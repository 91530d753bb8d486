#include "case_builder.h"

#include <doctest/doctest.h>

#include "app/cases.h"
#include "app/connect.h"
#include "engine/errors.h"

namespace gongkai::test {

CaseBuilder::CaseBuilder(const TestDb& db) {
  app::ConnectOptions o;
  o.conninfo = db.conninfo();
  o.actor = "test";
  o.today = Date::from_ymd(2999, 12, 31);
  ctx_ = app::connect(o);
}

CaseBuilder::~CaseBuilder() = default;

std::string CaseBuilder::create(const workflows::CaseFacts& f, const std::vector<Step>& steps) {
  app::ReceiveRequest r{f.agency,  f.received_on.str(), f.channel,  f.applicant_type, f.applicant,
                        f.subject, f.letter_ref,        f.contact,  std::to_string(f.regime)};
  std::string case_no;
  try {
    case_no = app::receive(*ctx_, r).c.facts().case_no;
  } catch (const Error& err) {
    FAIL("receiving a case of " << f.agency << " on " << f.received_on.str() << " refused: " << err.what());
  }
  ++events_;
  for (const auto& step : steps) {
    app::EventRequest e{case_no, step.kind, step.on.str(), {}};
    for (auto it = step.details.begin(); it != step.details.end(); ++it) e.options[it.key()] = it.value().get<std::string>();
    try {
      app::record_event(*ctx_, e);
    } catch (const Error& err) {
      FAIL("case " << case_no << " (received " << f.received_on.str() << "): " << step.kind << " on "
                   << step.on.str() << " " << step.details.dump() << " refused: " << std::string(err.what()));
    }
    ++events_;
  }
  return case_no;
}

}  // namespace gongkai::test
