-- The cases the reader sees whose case number, letter reference, subject, applicant or a note of
-- their history contains $1 (case-insensitive for Latin letters), in the subtree of $2 (all the
-- reader sees when null), the latest received first, at most $3. The applicant is searched only
-- where the reader may see it, so a supervisor cannot find a case by a name the pages mask for
-- them. A text of three characters or more is a substring, from the trigram indexes (migration
-- 015); a shorter one matches a whole applicant's name, letter reference or case number, from the
-- b-tree indexes. $4: $1 as a LIKE pattern ('%' around it, its own % _ \ escaped).
--
-- gk_search_hits (migration 020) finds the candidates where the indexes serve (under row-level
-- security they cannot: ILIKE is not leakproof); the rows are then read here under row-level
-- security, as the reader, and the text checked again on them, so nothing the policies hide is
-- returned.
with within as (
  select case when $2::text is null then null else array(select id from gk_agency_subtree($2::text)) end as ids
)
select c.case_no, a.code as agency, c.state, c.appeal_state, c.received_on, c.due_on,
       c.outcome, c.closed_on, coalesce(cp.applicant, c.applicant_masked) as applicant, c.subject,
       c.correction_notice_on, c.late_correction_notice, c.due_provisional, c.letter_ref
from within w
cross join lateral gk_search_hits($1::text, $4::text, w.ids, $3::int) h
join gk_case c on c.id = h.case_id
join gk_agency a on a.id = c.agency_id
left join gk_case_personal cp on cp.case_id = c.id
where (w.ids is null or c.agency_id = any(w.ids))
  and case when char_length($1::text) >= 3
           then c.subject ilike $4::text or c.letter_ref ilike $4::text or c.case_no ilike $4::text
                or cp.applicant ilike $4::text
                or exists (select 1 from gk_event e
                           where e.case_id = c.id and e.details ? 'note' and e.details->>'note' ilike $4::text)
           else cp.applicant = $1::text or c.letter_ref = $1::text or c.case_no = $1::text end
order by c.received_on desc, c.case_no desc
limit $3::int;
