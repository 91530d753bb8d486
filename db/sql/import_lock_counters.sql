-- Locks the counters an import numbers cases in, always in the same order, so that two imports
-- running at once wait for each other instead of deadlocking.
select count(*) from (
  select 1 from gk_case_counter c
  where (c.agency_id, c.year) in
        (select agency_id, extract(year from received_on)::int from gk_import_case where kind = 'fresh')
  order by c.agency_id, c.year
  for update of c
) locked;
