-- Which (agency id, letter ref) pairs of an import are already registered.
-- $1: a JSON array of [agency_id, letter_ref] pairs.
select (x->>0)::int as agency_id, x->>1 as letter_ref
from jsonb_array_elements($1::jsonb) x
where exists (select 1 from gk_case c where c.agency_id = (x->>0)::int and c.letter_ref = x->>1);
