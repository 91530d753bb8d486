-- gongkai schema, version 2: indexes for the year-end statistics run (docs/statistics.md).
-- Section 三 of year Y reads the cases closed on or after Y-01-01 and those still open (closed_on
-- NULL, which a btree indexes too): without this, a report over all agencies reads every case
-- of every past year.
create index gk_case_closed_on on gk_case(closed_on);
-- Section 四 and the legacy table count appeals by the year they were filed; few cases are
-- appealed, so these stay small.
create index gk_case_reconsideration_filed on gk_case(reconsideration_filed_on)
  where reconsideration_filed_on is not null;
create index gk_case_litigation_filed on gk_case(litigation_filed_on)
  where litigation_filed_on is not null;
