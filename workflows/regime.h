// The two rule sets: the 2008 Regulation (Decree 492) and the 2019 Regulation (Decree 711).
#pragma once
#include "engine/date.h"

namespace gongkai::workflows {

struct Regime {
  int year;                  // 2008 or 2019
  int reply_period;          // working days (2008 Art. 24: 15; 2019 Art. 33: 20)
  int extension;             // working days, once (same as the period under both)
};

inline constexpr int kThirdPartyDays = 15;       // 2019 Art. 32: the third party's period
inline constexpr int kFeeDays = 20;              // the applicant's period to pay a fee notice
inline constexpr int kLateCorrectionDays = 7;    // 2019 Art. 30: correction notice within 7 working days

Regime regime_for(int year);                     // throws UsageError unless 2008 or 2019
int default_regime(Date received);               // before 2019-05-15: 2008, from then 2019

}  // namespace gongkai::workflows
