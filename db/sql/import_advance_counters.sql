-- Reserves case numbers for an import, per agency and year: the counter moves past the highest
-- number the import keeps (k) and then on by the numbers it gives out (g); the new cases get
-- base + 1 … base + g. Row locks on the counters hold off concurrent `receive`s until commit.
-- $1: a JSON array of [agency_id, year, g, k].
with t as (
  select (x->>0)::int as a, (x->>1)::int as y, (x->>2)::int as g, (x->>3)::int as k
  from jsonb_array_elements($1::jsonb) x
)
update gk_case_counter c set last_seq = greatest(c.last_seq, t.k) + t.g
from t
where c.agency_id = t.a and c.year = t.y
returning c.agency_id, c.year, c.last_seq - t.g as base;
