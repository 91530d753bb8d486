-- Locks the counters an import numbers cases in, always in the same order, so that two imports
-- running at once wait for each other instead of deadlocking.
-- $1: a JSON array of [agency_id, year] pairs.
select c.agency_id, c.year
from gk_case_counter c
join (select (x->>0)::int as a, (x->>1)::int as y from jsonb_array_elements($1::jsonb) x) t
  on c.agency_id = t.a and c.year = t.y
order by c.agency_id, c.year
for update of c;
