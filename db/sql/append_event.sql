-- Appends one event and rewrites the case row in one statement (one round trip, atomic).
-- Guarded: the event goes in only if the case still has $2 - 1 events. A concurrent writer that
-- got there first makes this return no row (or fail on the (case_id, seq) key): a conflict.
-- $1 case_no, $2 seq, $3 kind, $4 occurred_on, $5 actor, $6 details, $7.. the snapshot.
with ev as (
  insert into gk_event (case_id, seq, kind, occurred_on, actor, details)
  select id, $2::int, $3, $4::date, $5, $6::jsonb
  from gk_case where case_no = $1 and event_count = $2::int - 1
  returning case_id, recorded_at
)
update gk_case c set
  state = $7, appeal_state = $8, is_open = $9::boolean, due_on = $10::date,
  due_provisional = $11::boolean, final_due_on = $12::date, outcome = $13, answered_on = $14::date,
  closed_on = $15::date, closed_kind = $16, correction_notice_on = $17::date,
  late_correction_notice = $18::boolean, pause_kind = $19, pause_lapses_on = $20::date,
  reconsideration_filed_on = $21::date, reconsideration_result = $22,
  reconsideration_decided_on = $23::date, litigation_filed_on = $24::date,
  litigation_direct = $25::boolean, litigation_result = $26, litigation_decided_on = $27::date,
  last_event_on = $28::date, event_count = $29::int, updated_at = now()
from ev
where c.id = ev.case_id
returning ev.recorded_at;
