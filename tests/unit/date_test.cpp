#include <doctest/doctest.h>

#include "engine/date.h"
#include "engine/errors.h"

using gongkai::Date;

TEST_CASE("dates parse strictly and round-trip") {
  CHECK(gongkai::parse_date("2019-05-15").str() == "2019-05-15");
  CHECK(gongkai::parse_date("2024-02-29").weekday() == 4);
  CHECK_THROWS_AS(gongkai::parse_date("2023-02-29"), gongkai::UsageError);
  CHECK_THROWS_AS(gongkai::parse_date("2023-2-1"), gongkai::UsageError);
  CHECK_THROWS_AS(gongkai::parse_date("20230201"), gongkai::UsageError);
  CHECK_THROWS_AS(gongkai::parse_date("2023-13-01"), gongkai::UsageError);
  CHECK(Date::from_ymd(2019, 9, 25) + 33 == Date::from_ymd(2019, 10, 28));
  CHECK(Date::from_ymd(1970, 1, 1).days() == 0);
}
