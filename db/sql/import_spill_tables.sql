-- Every case of a file being imported, as the check pass leaves it (db/import_spill.cpp): what it
-- is, the facts of its receipt, its history in compact form (to take it back and go on checking),
-- the events the import adds, and its new case-row projection. The write is `insert … select`
-- from here; so the client keeps only the cases it is working on. Dropped with the transaction.
create temp table gk_import_case (
  ref text not null,
  kind text not null,  -- 'fresh', 'existing' or 'unknown'
  kept_number boolean not null,
  -- fresh: with a kept number its sequence part, else its place among the file's new cases of
  -- its agency and year that get a number (1, 2 … in file order)
  number integer not null,
  agency_id integer not null,
  regime smallint not null,
  received_on date,
  first_row integer not null,
  bad_row integer not null,
  id bigint not null,  -- existing: gk_case.id
  -- fresh: the id it will have, drawn as the row arrives (so that the write needs no join; a
  -- dry run or a failed import leaves a gap in the ids, as a failed `receive` does)
  new_id bigint not null default nextval(pg_get_serial_sequence('gk_case', 'id')),
  base_count integer not null,  -- existing: the stored event count the import checked against
  version text,  -- existing: gk_case.updated_at as read (with base_count, the write's guard)
  channel text, applicant_type text, applicant text, subject text, letter_ref text, contact text,
  history bigint[] not null,  -- compact events: days · 65536 + kind · 256 + option
  -- the events the import adds (dates as days since 1970-01-01); a new case's receipt has NULL
  -- details (import_insert_events.sql)
  ev_kind text[] not null, ev_on integer[] not null, ev_actor text[] not null, ev_details text[] not null,
  state text, appeal_state text, is_open boolean, due_on date, due_provisional boolean,
  final_due_on date, outcome text, answered_on date, closed_on date, closed_kind text,
  correction_notice_on date, late_correction_notice boolean, pause_kind text, pause_lapses_on date,
  reconsideration_filed_on date, reconsideration_result text, reconsideration_decided_on date,
  litigation_filed_on date, litigation_direct boolean, litigation_result text,
  litigation_decided_on date, last_event_on date, event_count integer
) on commit drop;
-- Per agency and year, the counter's value before this import's new numbers.
create temp table gk_import_base (agency_id integer, year integer, base integer) on commit drop;
