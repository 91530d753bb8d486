-- The supervisor's list: cases awaiting a reply (due_on is set only then) whose due date is
-- before $2, in the subtree of agency $1 (every agency when null), by due date; $3 rows from row
-- $4 (all when $3 is null), a page of a page (the list is already in the index's order). The caller passes
-- the as-of date for the overdue cases alone, or a later date to add those due soon.
-- Read from the covering indexes alone (migration 004): for all agencies gk_case_due, already in
-- this order; for a subtree gk_case_agency_due, its agencies' entries only. Each row names its
-- agency by id; the caller reads the scope's agencies once (agency_scope.sql), so that a list of
-- 100 000 rows does not repeat their names and paths.
select c.case_no, c.agency_id, c.state, c.received_on, c.due_on, c.due_provisional
from gk_case c
where c.due_on < $2::date
  and ($1::text is null or c.agency_id = any(array(select id from gk_agency_subtree($1::text))))
order by c.due_on, c.case_no
limit $3::int offset coalesce($4::int, 0);
