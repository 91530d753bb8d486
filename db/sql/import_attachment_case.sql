-- What the import made of the case the archive's CSV calls $1 (a file of the archive's manifest
-- names its case so): whether it is new in the file ('fresh') or already stored ('existing'), and
-- its case number once the import has written it (null before).
select t.kind, c.case_no
from pg_temp.gk_import_case t
left join gk_case c on c.id = case when t.kind = 'fresh' then t.new_id else t.id end
where t.ref = $1;
