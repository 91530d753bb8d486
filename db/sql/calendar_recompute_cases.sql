-- The cases a change of the calendar can touch, with their whole histories (one row per event):
-- every open case, and the closed cases whose dates reach into [$1, $2] (their final due date is
-- recomputed too). No writer changes them meanwhile: every writer holds the calendar's lock
-- shared while it writes, and the change holds it exclusively (gk_calendar_begin).
select c.case_no, a.code as agency, c.is_open, c.state, c.appeal_state, c.event_count,
       c.due_on, c.due_provisional, c.final_due_on, c.pause_lapses_on, c.late_correction_notice,
       e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at,
       e.details || coalesce(ep.data, e.personal_masked, '{}'::jsonb) as details
from gk_case c
join gk_agency a on a.id = c.agency_id
join gk_event e on e.case_id = c.id
left join gk_event_personal ep on ep.case_id = e.case_id and ep.seq = e.seq
where c.is_open
   or (c.received_on <= $2::date and greatest(c.closed_on, c.final_due_on) >= $1::date)
order by c.id, e.seq;
