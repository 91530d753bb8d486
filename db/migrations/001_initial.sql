-- gongkai schema, version 1.
-- The event table is the record: append-only, enforced by the database itself.
-- gk_case is a projection of it (the current state) that SQL can index and aggregate; it is
-- rewritten by every command from the replayed state machine, never edited by hand.

create table gk_agency (
  id          serial primary key,
  code        text not null unique check (code ~ '^[a-z0-9-]{1,32}$'),
  name        text not null,
  kind        text not null check (kind in ('government', 'township', 'department')),
  parent_id   integer references gk_agency(id),
  created_at  timestamptz not null default now()
);
create index gk_agency_parent on gk_agency(parent_id);

-- Case numbers are CODE-YYYY-NNNN: a sequence per agency and year of receipt, never reused.
create table gk_case_counter (
  agency_id  integer not null references gk_agency(id),
  year       integer not null,
  last_seq   integer not null,
  primary key (agency_id, year)
);

create table gk_case (
  id                  bigserial primary key,
  case_no             text not null unique,
  agency_id           integer not null references gk_agency(id),
  regime              smallint not null check (regime in (2008, 2019)),
  received_on         date not null,
  channel             text not null,
  applicant_type      text not null,
  applicant           text not null,
  subject             text,
  letter_ref          text,
  contact             text,
  -- projection of the replayed history
  state               text not null,
  appeal_state        text not null default 'none',
  is_open             boolean not null,
  due_on              date,            -- reply due date while a reply is due, else null
  due_provisional     boolean not null default false,
  final_due_on        date,            -- the due date in force when the case was closed
  outcome             text,            -- outcome code; 'withdrawn' is not an outcome (closed_kind)
  answered_on         date,
  closed_on           date,            -- answered or withdrawn
  closed_kind         text,            -- 'answered' | 'withdrawn'
  correction_notice_on date,           -- while awaiting correction: the date of the notice
  late_correction_notice boolean not null default false,
  pause_kind          text,            -- 'third-party' | 'fee' while the clock is stopped
  pause_lapses_on     date,            -- the last day of the running pause's statutory period
  reconsideration_filed_on   date,
  reconsideration_result     text,
  reconsideration_decided_on date,
  litigation_filed_on        date,
  litigation_direct          boolean,
  litigation_result          text,
  litigation_decided_on      date,
  last_event_on       date not null,
  event_count         integer not null,  -- the version: a writer appends event_count + 1
  updated_at          timestamptz not null default now()
);
create unique index gk_case_letter_ref on gk_case(agency_id, letter_ref) where letter_ref is not null;
-- Year-end tables count by agency and by the dates a case was received and closed.
create index gk_case_agency_received on gk_case(agency_id, received_on);
create index gk_case_agency_closed on gk_case(agency_id, closed_on);
-- The supervisor's overdue list reads open cases by due date.
create index gk_case_due on gk_case(due_on) where due_on is not null;
create index gk_case_state on gk_case(state) where is_open;

create table gk_event (
  case_id      bigint not null references gk_case(id),
  seq          integer not null,
  kind         text not null,
  occurred_on  date not null,
  actor        text not null,
  recorded_at  timestamptz not null default now(),
  details      jsonb not null default '{}'::jsonb,
  primary key (case_id, seq)
);
-- Appeals and complaints are counted by the year they were filed.
create index gk_event_kind_on on gk_event(kind, occurred_on);

create function gk_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'gk_event is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege';
end $$;
create trigger gk_event_no_update before update or delete on gk_event
  for each row execute function gk_event_is_append_only();
create trigger gk_event_no_truncate before truncate on gk_event
  for each statement execute function gk_event_is_append_only();

-- The official working-day calendar: one row per listed day of each loaded year's notice.
create table gk_calendar_year (
  year       integer primary key,
  source     text not null,
  loaded_at  timestamptz not null default now()
);
create table gk_calendar_day (
  year      integer not null references gk_calendar_year(year) on delete cascade,
  day       date not null primary key,
  off       boolean not null,
  name      text not null default ''
);

-- Figures the cases cannot give (proactive disclosure counts …), entered by hand per year,
-- and opening totals for the years before gongkai.
create table gk_figure (
  agency_id  integer not null references gk_agency(id),
  year       integer not null,
  key        text not null,
  value      bigint not null,
  primary key (agency_id, year, key)
);
create table gk_baseline (
  agency_id  integer not null references gk_agency(id),
  before_year integer not null,
  key        text not null,
  value      bigint not null,
  primary key (agency_id, before_year, key)
);
