-- Hand-entered figures of year $2 with the keys $3 over an agency's subtree ($1 agency code, null =
-- all agencies the caller sees), summed per key.
with scope as (select id from gk_agency_subtree($1::text))
select f.key, sum(f.value)::bigint as value
from gk_figure f
where f.year = $2::int and f.key = any($3::text[])
  and ($1::text is null or f.agency_id = any(array(select id from scope)))
group by f.key
order by f.key;
