-- The supervisor's list: cases awaiting a reply (due_on is set only then) whose due date is
-- before $2, in the subtree of agency $1 (every agency when null), by due date. The caller passes
-- the as-of date for the overdue cases alone, or a later date to add those due soon. The range
-- on due_on is what the partial index gk_case_due serves.
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, a.code as agency, a.name as agency_name, array_to_string(s.path, '/') as agency_path,
       c.state, c.received_on, c.due_on, c.due_provisional
from gk_case c
join scope s on s.id = c.agency_id
join gk_agency a on a.id = c.agency_id
where c.due_on is not null and c.due_on < $2::date
order by c.due_on, c.case_no;
