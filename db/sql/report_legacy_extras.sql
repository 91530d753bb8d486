-- The legacy table's other sources for year $2 over an agency's subtree ($1 agency code, null =
-- all), as (source, key, year value, cumulative value) rows:
--   complaints     complaint-filed events (year; cumulative from each agency's baseline year), from
--                  the kept counts (gk_tally_complaints; gk_tally_parts says which, weighted)
--   figure         hand-entered figures of the subtree's agencies, summed per key
--   baseline       the opening totals that apply: per agency the latest baseline taken before a
--                  year ≤ $2 + 1
--   baseline-used  which baseline that is, per agency (key = agency code, year value = before year)
-- The scope as `= any(array(...))`: a subtree is read through the agency indexes; with all
-- agencies ($1 null) the test folds away (each command plans the statement with its values).
with scope as (select id, path from gk_agency_subtree($1::text)),
base as (select agency_id, before_year from gk_baseline_in_force($1::text, $2::int))
select 'complaints' as source, 'complaints' as key,
       coalesce(sum(t.n) filter (where p.yearly and t.filed_year = $2::int), 0)::bigint as year_value,
       coalesce(sum(p.w * t.n) filter (where t.filed_year < p.below), 0)::bigint as cumulative_value
from gk_tally_parts($1::text, $2::int) p
join gk_tally_complaints_now t on t.scope_id = p.scope_id and t.filed_year <= $2::int
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
