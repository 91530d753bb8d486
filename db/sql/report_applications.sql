-- Section 三 of the national template: one pass over the cases of an agency's subtree ($1 agency
-- code, null = all agencies) that matter for year $2 — received by its last day and not closed
-- before its first — grouped by applicant type and closing, each part of the table a FILTER count.
-- The outcome code → row mapping is applied to these few groups (report/national_template.cpp).
-- The scope as `= any(array(...))`: a subtree is read through the agency indexes; with all
-- agencies ($1 null) the test folds away (each command plans the statement with its values).
with scope as (select id, path from gk_agency_subtree($1::text)), bounds as (
  select make_date($2::int, 1, 1) as first_day, make_date($2::int, 12, 31) as last_day
)
select c.applicant_type,
       coalesce(c.closed_kind, '') as closed_kind,
       coalesce(c.outcome, '') as outcome,
       count(*) filter (where c.received_on >= b.first_day) as received_in_year,
       count(*) filter (where c.received_on < b.first_day) as carried_in,
       count(*) filter (where c.closed_on <= b.last_day) as closed_in_year,
       count(*) filter (where c.closed_on is null or c.closed_on > b.last_day) as carried_out
from gk_case c
cross join bounds b
where ($1::text is null or c.agency_id = any(array(select id from scope)))
  and c.received_on <= b.last_day
  and (c.closed_on is null or c.closed_on >= b.first_day)
group by 1, 2, 3;
