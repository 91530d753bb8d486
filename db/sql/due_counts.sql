-- The supervisor's glance: per agency of the subtree of $1 (every agency the reader sees when
-- null), the cases awaiting a reply due before $2 (overdue) and those due on or after $2 but
-- before $3 (due soon). Agencies with neither are left out. From the covering indexes alone, as
-- overdue.sql: a count per agency instead of every row.
select a.code as agency, count(*) filter (where c.due_on < $2::date) as overdue,
       count(*) filter (where c.due_on >= $2::date) as soon
from gk_case c
join gk_agency a on a.id = c.agency_id
where c.due_on < $3::date
  and ($1::text is null or c.agency_id = any(array(select id from gk_agency_subtree($1::text))))
group by a.code;
