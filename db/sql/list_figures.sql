-- Hand-entered figures and baselines of an agency's subtree ($1 agency code, null = all), in
-- agency, kind and year order.
with scope as (select id, path from gk_agency_subtree($1::text))
select a.code as agency, 'figure' as kind, f.year, f.key, f.value
from gk_figure f join gk_agency a on a.id = f.agency_id
where f.agency_id in (select id from scope)
union all
select a.code, 'baseline', g.before_year, g.key, g.value
from gk_baseline g join gk_agency a on a.id = g.agency_id
where g.agency_id in (select id from scope)
order by 1, 2, 3, 4;
