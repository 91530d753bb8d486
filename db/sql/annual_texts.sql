-- The annual report's texts of agency $1 for year $2 (section $3, null = every section), every
-- version, newest first within each section; row-level security limits them to the caller's scope.
select t.section, t.version, t.body, t.set_by,
       to_char(t.set_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as set_at
from gk_annual_text t
join gk_agency a on a.id = t.agency_id
where a.code = $1::text and t.year = $2::int and ($3::int is null or t.section = $3::int)
order by t.section, t.version desc;
