-- Cases of an agency's subtree (all agencies the reader sees when $1 is null), optionally one
-- state, one year of receipt, a search text ($4: part of the case number or the letter ref) and
-- only those awaiting a reply due before $5; in case-number order, $6 rows from row $7 (all when
-- $6 is null), each with how many match in all. The applicant as the reader may see it: the
-- name, or its masked form.
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, a.code as agency, c.state, c.appeal_state, c.received_on, c.due_on,
       c.outcome, c.closed_on, coalesce(cp.applicant, c.applicant_masked) as applicant, c.subject,
       c.correction_notice_on, c.late_correction_notice, c.due_provisional, c.letter_ref,
       count(*) over () as total
from gk_case c
join gk_agency a on a.id = c.agency_id
left join gk_case_personal cp on cp.case_id = c.id
where c.agency_id in (select id from scope)
  and ($2::text is null
       or c.state = $2
       or ($2 = 'under-review' and c.state in ('consulting-third-party', 'awaiting-fee'))
       or ($2 = 'open' and c.is_open))
  and ($3::int is null or (c.received_on >= make_date($3::int, 1, 1) and c.received_on < make_date($3::int + 1, 1, 1)))
  and ($4::text is null or strpos(c.case_no, $4) > 0 or strpos(c.letter_ref, $4) > 0)
  and ($5::date is null or c.due_on < $5::date)
order by a.code, c.received_on, c.case_no
limit $6::int offset coalesce($7::int, 0);
