-- Makes sure each (agency, year) an import numbers new cases in has its counter row.
insert into gk_case_counter (agency_id, year, last_seq)
select distinct agency_id, extract(year from received_on)::int, 0
from gk_import_case where kind = 'fresh'
on conflict (agency_id, year) do nothing;
