-- A stored case and its whole history for a bulk import, in one round trip: one row per event,
-- with the case's id, agency and stored projection repeated on each (for the replay check).
select c.id, c.case_no, a.code as agency, c.agency_id, c.state, c.appeal_state, c.event_count, c.updated_at,
       e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at,
       e.details || coalesce(ep.data, e.personal_masked, '{}'::jsonb) as details
from gk_case c
join gk_agency a on a.id = c.agency_id
join gk_event e on e.case_id = c.id
left join gk_event_personal ep on ep.case_id = e.case_id and ep.seq = e.seq
where c.case_no = $1
order by e.seq;
