-- The notices and files whose content no longer hashes to the SHA-256 kept with it when it was
-- stored — changed behind gongkai's back (a superuser with the insert-only triggers off, or a
-- restore from a damaged copy). Read by `verify` as an administrator, who sees every row.
select c.case_no, 'notice ' || n.number || ' (' || n.kind || ')' as what
from gk_notice n
join gk_notice_document d on d.notice_id = n.id
join gk_case c on c.id = n.case_id
where pg_catalog.sha256(convert_to(d.document, 'UTF8')) <> n.sha256
union all
select c.case_no, 'file ' || a.file_no || ' (' || a.name || ')'
from gk_attachment a
join gk_attachment_data d on d.attachment_id = a.id
join gk_case c on c.id = a.case_id
where encode(pg_catalog.sha256(d.data), 'hex') <> a.sha256 or octet_length(d.data) <> a.size
order by 1, 2;
