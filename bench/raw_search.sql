-- Raw-PostgreSQL ceiling for gongkai search of a text of three characters or more
-- (db/sql/search_cases.sql): the same five places, as the superuser (no row-level security, no
-- scope), so that the trigram indexes of migration 015 serve; each place its own query, newest
-- first, so that a text found in a million subjects stops at the page. $1 the text as an ILIKE
-- pattern, $2 at most this many cases.
select c.case_no
from (
  (select c.id, c.received_on, c.case_no from gk_case c where c.subject ilike $1::text
   order by c.received_on desc, c.case_no desc limit $2::int)
  union all
  (select c.id, c.received_on, c.case_no from gk_case c where c.letter_ref ilike $1::text
   order by c.received_on desc, c.case_no desc limit $2::int)
  union all
  (select c.id, c.received_on, c.case_no from gk_case c where c.case_no ilike $1::text
   order by c.received_on desc, c.case_no desc limit $2::int)
  union all
  (select c.id, c.received_on, c.case_no from gk_case c
   where exists (select 1 from gk_case_personal cp where cp.case_id = c.id and cp.applicant ilike $1::text)
   order by c.received_on desc, c.case_no desc limit $2::int)
  union all
  (select c.id, c.received_on, c.case_no from gk_case c
   where exists (select 1 from gk_event e where e.case_id = c.id and e.details ? 'note'
                 and e.details->>'note' ilike $1::text)
   order by c.received_on desc, c.case_no desc limit $2::int)
) c
group by c.id, c.received_on, c.case_no
order by c.received_on desc, c.case_no desc
limit $2::int;
