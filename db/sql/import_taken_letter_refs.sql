-- The new cases of an import whose letter ref is already registered at their agency (a case whose
-- kept number is taken is reported for that alone).
select t.first_row, t.ref, t.agency_id, t.letter_ref
from gk_import_case t
where t.kind = 'fresh' and t.letter_ref is not null
  and not (t.kept_number and exists (select 1 from gk_case c where c.case_no = t.ref))
  and exists (select 1 from gk_case c where c.agency_id = t.agency_id and c.letter_ref = t.letter_ref)
order by t.first_row;
