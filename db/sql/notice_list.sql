-- The notices issued for a case ($1 case number), in the order they were issued, without their
-- documents (which only readers of personal data may read: notice_document.sql).
select n.id, n.kind, n.step_seq, n.number, n.issued_on, n.actor, n.template_version,
       encode(n.sha256, 'hex') as sha256, n.recorded_at::text as recorded_at
from gk_notice n
join gk_case c on c.id = n.case_id
where c.case_no = $1
order by n.id;
