-- Raw-PostgreSQL comparison for the overdue list (db/sql/overdue.sql): cases awaiting a reply due
-- before $1, by due date, with their agency's code, from the due-date indexes. $2 the scope's
-- agency ids.
select c.case_no, a.code as agency, c.state, c.received_on, c.due_on
from gk_case c
join gk_agency a on a.id = c.agency_id
where c.due_on < $1::date and c.agency_id = any($2::int[])
order by c.due_on, c.case_no;
