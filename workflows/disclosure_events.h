// The events of a disclosure case, as plain structs the state chart reacts to.
#pragma once
#include <boost/statechart/event.hpp>
#include <string>

#include "engine/date.h"

namespace gongkai::workflows::ev {
namespace sc = boost::statechart;

struct CorrectionRequested : sc::event<CorrectionRequested> {
  explicit CorrectionRequested(Date d) : on(d) {}
  Date on;
};
struct CorrectionReceived : sc::event<CorrectionReceived> {
  explicit CorrectionReceived(Date d) : on(d) {}
  Date on;
};
struct Reviewed : sc::event<Reviewed> {
  explicit Reviewed(Date d) : on(d) {}
  Date on;
};
struct ThirdPartyConsulted : sc::event<ThirdPartyConsulted> {
  explicit ThirdPartyConsulted(Date d) : on(d) {}
  Date on;
};
struct ThirdPartyReplied : sc::event<ThirdPartyReplied> {
  explicit ThirdPartyReplied(Date d) : on(d) {}
  Date on;
};
struct Extended : sc::event<Extended> {
  explicit Extended(Date d) : on(d) {}
  Date on;
};
struct FeeRequested : sc::event<FeeRequested> {
  explicit FeeRequested(Date d) : on(d) {}
  Date on;
};
struct FeePaid : sc::event<FeePaid> {
  explicit FeePaid(Date d) : on(d) {}
  Date on;
};
struct Answered : sc::event<Answered> {
  Answered(Date d, std::string v) : on(d), outcome(std::move(v)) {}
  Date on;
  std::string outcome;
};
struct Withdrawn : sc::event<Withdrawn> {
  explicit Withdrawn(Date d) : on(d) {}
  Date on;
};
struct ReconsiderationFiled : sc::event<ReconsiderationFiled> {
  explicit ReconsiderationFiled(Date d) : on(d) {}
  Date on;
};
struct ReconsiderationDecided : sc::event<ReconsiderationDecided> {
  ReconsiderationDecided(Date d, std::string v) : on(d), result(std::move(v)) {}
  Date on;
  std::string result;
};
struct LitigationFiled : sc::event<LitigationFiled> {
  explicit LitigationFiled(Date d) : on(d) {}
  Date on;
};
struct LitigationDecided : sc::event<LitigationDecided> {
  LitigationDecided(Date d, std::string v) : on(d), result(std::move(v)) {}
  Date on;
  std::string result;
};
struct ComplaintFiled : sc::event<ComplaintFiled> {
  explicit ComplaintFiled(Date d) : on(d) {}
  Date on;
};

}  // namespace gongkai::workflows::ev
