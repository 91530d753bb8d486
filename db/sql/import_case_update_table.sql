-- The new projections of existing cases that an import appends events to, COPYed in and applied
-- with one UPDATE (import_update_cases.sql). Dropped at the end of the transaction.
create temp table gk_import_case_update (
  id bigint primary key,
  -- the case row as the import saw it: the concurrency guard (an appended event moves the count,
  -- a recomputation with a newly loaded calendar the time)
  expected_count integer not null,
  expected_updated_at timestamptz not null,
  state text, appeal_state text, is_open boolean, due_on date, due_provisional boolean,
  final_due_on date, outcome text, answered_on date, closed_on date, closed_kind text,
  correction_notice_on date, late_correction_notice boolean, pause_kind text, pause_lapses_on date,
  reconsideration_filed_on date, reconsideration_result text, reconsideration_decided_on date,
  litigation_filed_on date, litigation_direct boolean, litigation_result text,
  litigation_decided_on date, last_event_on date, event_count integer
) on commit drop;
