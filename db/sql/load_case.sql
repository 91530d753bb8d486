-- A case's whole history in one round trip: one row per event, with the case's stored
-- projection repeated on each (for the replay check).
select c.case_no, a.code as agency, c.state, c.appeal_state, c.due_on, c.event_count,
       e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at, e.details
from gk_case c
join gk_agency a on a.id = c.agency_id
join gk_event e on e.case_id = c.id
where c.case_no = $1
order by e.seq;
