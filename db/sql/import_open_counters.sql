-- Makes sure each (agency, year) an import numbers cases in has its counter row.
-- $1: a JSON array of [agency_id, year] pairs.
insert into gk_case_counter (agency_id, year, last_seq)
select (x->>0)::int, (x->>1)::int, 0 from jsonb_array_elements($1::jsonb) x
on conflict (agency_id, year) do nothing;
