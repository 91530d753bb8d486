-- The files of case $1 the reader sees, in the order they were attached; for each, the number of
-- the later file of the same name that supersedes it (null for the current one).
select a.file_no, a.name, a.size, a.sha256, a.type, a.note, a.supersedes, a.actor,
       a.attached_at::date::text as attached_on, a.attached_at::text as attached_at,
       (select min(b.file_no) from gk_attachment b where b.case_id = a.case_id and b.supersedes = a.file_no)
         as superseded_by
from gk_attachment a
join gk_case c on c.id = a.case_id
where c.case_no = $1
order by a.file_no;
