-- Cases of an agency's subtree (all agencies the reader sees when $1 is null), optionally one
-- state, one year of receipt, a search text ($4: part of the case number or the letter ref) and
-- only those awaiting a reply due before $5; by agency code, receipt date and case number, at
-- most $6 rows (all when null), after case $7 (from the start when null; nothing when the reader
-- cannot see that case). The applicant as the reader may see it: the name, or its masked form.
--
-- A page is a keyset, never an offset and never a count of all that match: for each agency in
-- code order, its cases in receipt order from gk_case_agency_received, each agency's run cut at
-- $6 rows, the whole cut at $6. PostgreSQL stops at the first agencies that fill the page, so
-- page 2,000 of a county of a million cases costs what page 1 does.
with scope as (
  select s.id, a.code from gk_agency_subtree($1::text) s join gk_agency a on a.id = s.id
), after as (
  select a.code, c.received_on, c.case_no
  from gk_case c join gk_agency a on a.id = c.agency_id
  where $7::text is not null and c.case_no = $7::text
)
select c.case_no, s.code as agency, c.state, c.appeal_state, c.received_on, c.due_on,
       c.outcome, c.closed_on, coalesce(cp.applicant, c.applicant_masked) as applicant, c.subject,
       c.correction_notice_on, c.late_correction_notice, c.due_provisional, c.letter_ref
from scope s
cross join lateral (
  select c.*
  from gk_case c
  where c.agency_id = s.id
    and ($7::text is null
         or s.code > (select code from after)
         or (s.code = (select code from after)
             and (c.received_on, c.case_no) > (select received_on, case_no from after)))
    and ($2::text is null
         or c.state = $2
         or ($2 = 'under-review' and c.state in ('consulting-third-party', 'awaiting-fee'))
         or ($2 = 'open' and c.is_open))
    and ($3::int is null or (c.received_on >= make_date($3::int, 1, 1) and c.received_on < make_date($3::int + 1, 1, 1)))
    and ($4::text is null or strpos(c.case_no, $4) > 0 or strpos(c.letter_ref, $4) > 0)
    and ($5::date is null or c.due_on < $5::date)
  order by c.received_on, c.case_no
  limit $6::int
) c
left join gk_case_personal cp on cp.case_id = c.id
where $7::text is null or s.code >= (select code from after)
order by s.code, c.received_on, c.case_no
limit $6::int;
