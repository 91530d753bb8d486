-- Reserves case numbers for an import, per agency and year: the counter moves past the highest
-- number the import keeps (k) and then on by the numbers it gives out (g); the new cases get
-- base + 1 … base + g (kept in gk_import_base). Row locks on the counters hold off concurrent
-- `receive`s until commit.
with t as (
  select agency_id as a, extract(year from received_on)::int as y,
         count(*) filter (where not kept_number) as g,
         coalesce(max(number) filter (where kept_number), 0) as k
  from gk_import_case where kind = 'fresh'
  group by 1, 2
), moved as (
  update gk_case_counter c set last_seq = greatest(c.last_seq, t.k) + t.g
  from t
  where c.agency_id = t.a and c.year = t.y
  returning c.agency_id, c.year, c.last_seq - t.g as base
)
insert into gk_import_base (agency_id, year, base) select agency_id, year, base from moved;
