-- Raw-PostgreSQL comparison for the national table's section 三 (what db/sql/report_applications.sql
-- counts) written as plain queries on the existing indexes, for one year: $1 the year's first day,
-- $2 its last day, $3 the agency ids of the scope (every agency for "all").
-- Cases received in the year come from gk_case_agency_received; cases carried in (received before,
-- closed on or after the first day, or still open) from gk_case_agency_closed.
select applicant_type, coalesce(closed_kind, '') as closed_kind, coalesce(outcome, '') as outcome,
       count(*) filter (where received_on >= $1::date) as received_in_year,
       count(*) filter (where received_on < $1::date) as carried_in,
       count(*) filter (where closed_on <= $2::date) as closed_in_year,
       count(*) filter (where closed_on is null or closed_on > $2::date) as carried_out
from (
  select applicant_type, closed_kind, outcome, received_on, closed_on from gk_case
  where agency_id = any($3::int[]) and received_on between $1::date and $2::date
  union all
  select applicant_type, closed_kind, outcome, received_on, closed_on from gk_case
  where agency_id = any($3::int[]) and closed_on >= $1::date and received_on < $1::date
  union all
  select applicant_type, closed_kind, outcome, received_on, closed_on from gk_case
  where agency_id = any($3::int[]) and closed_on is null and received_on < $1::date
) c
group by 1, 2, 3;
