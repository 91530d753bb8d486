-- Numbers, creates and records a new case in one statement (one round trip):
-- the per-agency-per-year counter, the case row, and its `received` event.
-- $1 agency id, $2 year, $3 agency code, $4 regime, $5 received_on, $6 channel,
-- $7 applicant_type, $8 applicant, $9 subject, $10 letter_ref, $11 contact, $12 actor,
-- $13 details, $14.. the snapshot (see snapshot_params in db/case_store.cpp).
with n as (
  insert into gk_case_counter as k (agency_id, year, last_seq) values ($1::int, $2::int, 1)
  on conflict (agency_id, year) do update set last_seq = k.last_seq + 1
  returning last_seq
), c as (
  insert into gk_case (case_no, agency_id, regime, received_on, channel, applicant_type, applicant,
                       subject, letter_ref, contact,
                       state, appeal_state, is_open, due_on, due_provisional, final_due_on, outcome,
                       answered_on, closed_on, closed_kind, correction_notice_on, late_correction_notice,
                       pause_kind, pause_lapses_on, reconsideration_filed_on, reconsideration_result,
                       reconsideration_decided_on, litigation_filed_on, litigation_direct, litigation_result,
                       litigation_decided_on, last_event_on, event_count)
  select $3 || '-' || $2 || '-' || lpad(n.last_seq::text, greatest(4, length(n.last_seq::text)), '0'),
         $1::int, $4::smallint, $5::date, $6, $7, $8, $9, $10, $11,
         $14, $15, $16::boolean, $17::date, $18::boolean, $19::date, $20, $21::date, $22::date, $23,
         $24::date, $25::boolean, $26, $27::date, $28::date, $29, $30::date, $31::date, $32::boolean,
         $33, $34::date, $35::date, $36::int
  from n
  returning id, case_no, received_on
), e as (
  insert into gk_event (case_id, seq, kind, occurred_on, actor, details)
  select c.id, 1, 'received', c.received_on, $12, $13::jsonb from c
  returning recorded_at
)
select c.case_no, e.recorded_at from c, e;
