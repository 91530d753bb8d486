-- Cases of an agency's subtree (all agencies the reader sees when $1 is null), optionally one
-- state and one year of receipt, in case-number order. The applicant as the reader may see it:
-- the name, or its masked form.
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, a.code as agency, c.state, c.appeal_state, c.received_on, c.due_on,
       c.outcome, c.closed_on, coalesce(cp.applicant, c.applicant_masked) as applicant, c.subject,
       c.correction_notice_on, c.late_correction_notice, c.due_provisional
from gk_case c
join gk_agency a on a.id = c.agency_id
left join gk_case_personal cp on cp.case_id = c.id
where c.agency_id in (select id from scope)
  and ($2::text is null
       or c.state = $2
       or ($2 = 'under-review' and c.state in ('consulting-third-party', 'awaiting-fee'))
       or ($2 = 'open' and c.is_open))
  and ($3::int is null or (c.received_on >= make_date($3::int, 1, 1) and c.received_on < make_date($3::int + 1, 1, 1)))
order by a.code, c.received_on, c.case_no;
