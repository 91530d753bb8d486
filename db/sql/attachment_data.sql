-- The bytes of file $2 of case $1, with what they must hash to; no row when the file is not there
-- or the reader may not see its bytes (gk_attachment_data's row-level security).
select a.name, a.sha256, d.data
from gk_attachment a
join gk_case c on c.id = a.case_id
join gk_attachment_data d on d.attachment_id = a.id
where c.case_no = $1 and a.file_no = $2;
