-- Hand-entered figures and baselines of an agency's subtree ($1 agency code, null = all), in
-- agency, kind and year order.
with recursive scope as (
  select id from gk_agency where $1::text is null or code = $1
  union
  select a.id from gk_agency a join scope s on a.parent_id = s.id
)
select a.code as agency, 'figure' as kind, f.year, f.key, f.value
from gk_figure f join gk_agency a on a.id = f.agency_id
where f.agency_id in (select id from scope)
union all
select a.code, 'baseline', g.before_year, g.key, g.value
from gk_baseline g join gk_agency a on a.id = g.agency_id
where g.agency_id in (select id from scope)
order by 1, 2, 3, 4;
