-- Raw-PostgreSQL ceiling for gongkai search of a text of one or two characters: a whole
-- applicant's name, letter reference or case number, each from its b-tree index, as the superuser
-- (no row-level security, no scope). $1 the text, $2 at most this many cases.
select c.case_no
from gk_case c
where c.id in (select cp.case_id from gk_case_personal cp where cp.applicant = $1::text
               union select x.id from gk_case x where x.letter_ref = $1::text
               union select x.id from gk_case x where x.case_no = $1::text)
order by c.received_on desc, c.case_no desc
limit $2::int;
