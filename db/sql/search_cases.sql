-- The cases the reader sees whose case number, letter reference, subject, applicant or a note of
-- their history contains $1 (case-insensitive for Latin letters), in the subtree of $2 (all the
-- reader sees when null), the latest received first, at most $3. The applicant is searched only
-- where the reader may see it: gk_case_personal's row-level security hides the other rows, so a
-- supervisor cannot find a case by a name the pages mask for them. A text of three characters or
-- more is a substring, from the trigram indexes (migration 015); a shorter one matches a whole
-- applicant's name, letter reference or case number, from the b-tree indexes.
with hits as (
  -- $4: $1 as a LIKE pattern ('%' around it, its own % _ \ escaped); each branch is one index's.
  select c.id from gk_case c where char_length($1::text) >= 3 and c.subject ilike $4::text
  union select c.id from gk_case c where char_length($1::text) >= 3 and c.letter_ref ilike $4::text
  union select c.id from gk_case c where char_length($1::text) >= 3 and c.case_no ilike $4::text
  union select cp.case_id from gk_case_personal cp where char_length($1::text) >= 3 and cp.applicant ilike $4::text
  union select e.case_id from gk_event e
        where char_length($1::text) >= 3 and e.details ? 'note' and e.details->>'note' ilike $4::text
  union select cp.case_id from gk_case_personal cp where char_length($1::text) < 3 and cp.applicant = $1::text
  union select c.id from gk_case c where char_length($1::text) < 3 and c.letter_ref = $1::text
  union select c.id from gk_case c where char_length($1::text) < 3 and c.case_no = $1::text
)
select c.case_no, a.code as agency, c.state, c.appeal_state, c.received_on, c.due_on,
       c.outcome, c.closed_on, coalesce(cp.applicant, c.applicant_masked) as applicant, c.subject,
       c.correction_notice_on, c.late_correction_notice, c.due_provisional, c.letter_ref
from hits h
join gk_case c on c.id = h.id
join gk_agency a on a.id = c.agency_id
left join gk_case_personal cp on cp.case_id = c.id
where $2::text is null or c.agency_id = any(array(select id from gk_agency_subtree($2::text)))
order by c.received_on desc, c.case_no desc
limit $3::int;
