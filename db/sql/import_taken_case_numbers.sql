-- The new cases of an import whose kept case number (from an export) already exists.
select t.first_row, t.ref
from gk_import_case t
where t.kind = 'fresh' and t.kept_number and exists (select 1 from gk_case c where c.case_no = t.ref)
order by t.first_row;
