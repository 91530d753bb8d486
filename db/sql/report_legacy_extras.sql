-- The legacy table's other sources for year $2 over an agency's subtree ($1 agency code, null =
-- all), as (source, key, year value, cumulative value) rows:
--   complaints     complaint-filed events (year; cumulative from each agency's baseline year)
--   figure         hand-entered figures of the subtree's agencies, summed per key
--   baseline       the opening totals that apply: per agency the latest baseline taken before a
--                  year ≤ $2 + 1
--   baseline-used  which baseline that is, per agency (key = agency code, year value = before year)
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
select 'complaints' as source, 'complaints' as key,
       count(*) filter (where e.occurred_on >= b.first_day) as year_value,
       count(*) filter (where e.occurred_on >= coalesce(make_date(base.before_year, 1, 1), '-infinity'::date))
         as cumulative_value
from gk_event e
join gk_case c on c.id = e.case_id
cross join bounds b
left join base on base.agency_id = c.agency_id
where e.kind = 'complaint-filed' and e.occurred_on <= b.last_day
  and ($1::text is null or c.agency_id = any(array(select id from scope)))
union all
select 'figure', f.key,
       coalesce(sum(f.value) filter (where f.year = $2::int), 0),
       coalesce(sum(f.value) filter (where f.year >= coalesce(base.before_year, f.year)), 0)
from gk_figure f
left join base on base.agency_id = f.agency_id
where ($1::text is null or f.agency_id = any(array(select id from scope))) and f.year <= $2::int
group by f.key
union all
select 'baseline', g.key, 0, sum(g.value)
from gk_baseline g
join base on base.agency_id = g.agency_id and base.before_year = g.before_year
group by g.key
union all
select 'baseline-used', a.code, base.before_year, 0
from base
join gk_agency a on a.id = base.agency_id;
