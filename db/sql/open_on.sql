-- The cases of the subtree of $1 (every agency when null) that were open on $2 as their dates say
-- — received on or before it, not closed by then — each with its history up to that day (one row
-- per event), for replaying it as it stood: `overdue --as-of` a past day. Events are dated in
-- order (a case refuses an event dated before its last), so those up to $2 are a prefix.
select c.case_no, c.agency_id, a.code as agency, c.received_on,
       e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at,
       e.details || coalesce(ep.data, e.personal_masked, '{}'::jsonb) as details
from gk_case c
join gk_agency a on a.id = c.agency_id
join gk_event e on e.case_id = c.id and e.occurred_on <= $2::date
left join gk_event_personal ep on ep.case_id = e.case_id and ep.seq = e.seq
where c.received_on <= $2::date
  and (c.closed_on is null or c.closed_on > $2::date)
  and ($1::text is null or c.agency_id = any(array(select id from gk_agency_subtree($1::text))))
order by c.id, e.seq;
