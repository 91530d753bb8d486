-- The legacy table's case counts for year $2 over an agency's subtree ($1 agency code, null =
-- all): one pass over the cases received by the year's last day, grouped by channel, agency kind
-- and closing, with a FILTER count for each column. The year column counts year $2; the
-- cumulative column counts from each agency's baseline year on (the latest baseline taken before a
-- year ≤ $2 + 1; everything earlier is in that baseline), or everything when it has none.
-- The scope as `= any(array(...))`: a subtree is read through the agency indexes; with all
-- agencies ($1 null) the test folds away (each command plans the statement with its values).
with scope as (select id, path from gk_agency_subtree($1::text)), bounds as (
  select make_date($2::int, 1, 1) as first_day, make_date($2::int, 12, 31) as last_day
), base as (
  select distinct on (agency_id) agency_id, before_year
  from gk_baseline
  where agency_id in (select id from scope) and before_year <= $2::int + 1
  order by agency_id, before_year desc
)
select c.channel,
       a.kind as agency_kind,
       coalesce(c.closed_kind, '') as closed_kind,
       coalesce(c.outcome, '') as outcome,
       count(*) filter (where c.received_on >= b.first_day) as received_year,
       count(*) filter (where c.received_on >= f.from_day) as received_cumulative,
       count(*) filter (where c.closed_on between b.first_day and b.last_day) as closed_year,
       count(*) filter (where c.closed_on between f.from_day and b.last_day) as closed_cumulative,
       count(*) filter (where c.reconsideration_filed_on between b.first_day and b.last_day) as reconsiderations_year,
       count(*) filter (where c.reconsideration_filed_on between f.from_day and b.last_day) as reconsiderations_cumulative,
       count(*) filter (where c.litigation_filed_on between b.first_day and b.last_day) as litigations_year,
       count(*) filter (where c.litigation_filed_on between f.from_day and b.last_day) as litigations_cumulative
from gk_case c
join gk_agency a on a.id = c.agency_id
cross join bounds b
left join base on base.agency_id = c.agency_id
cross join lateral (select coalesce(make_date(base.before_year, 1, 1), '-infinity'::date) as from_day) f
where ($1::text is null or c.agency_id = any(array(select id from scope)))
  and c.received_on <= b.last_day
group by 1, 2, 3, 4;
