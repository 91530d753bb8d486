-- gongkai schema, version 4: the year-end tables' counts kept ahead of time ("tallies"), rolled
-- up the agency tree; and covering indexes for the overdue list.
--
-- Counting gk_case when a report is asked for reads every case of the year and every case still
-- open: 1–2 million rows for a province's decade, seconds of work. Instead, every write to gk_case
-- (and every complaint event) adjusts small tables of counts, kept for the case's agency, for every
-- agency above it, and for scope 0, "all agencies". A report then reads only the rows of its scope:
-- a few hundred to a few thousand rows, whatever the number of cases.
--
-- The triggers below keep the tallies for every writer — the commands, the bulk import, SQL by
-- hand — inside the writer's own transaction, so a report never sees a case without its counts.
-- A writer only appends its changes to a count (gk_tally_*_delta, insert-only): the all-agencies
-- counts are shared by every office, and updating them in place would make every two writers of
-- the same category take turns at the commit. Now and then a writer folds the pending changes into
-- the kept rows (gk_tally_fold, one folder at a time, never waited for); a report reads kept rows
-- plus pending changes (the gk_tally_*_now views) in one snapshot, so it is exact at any moment.
--
-- gk_case and gk_event stay the record: the gk_tally_*_expected views recount every tally from
-- them, `gongkai verify` compares the two, and gk_tally_rebuild() replaces the kept counts with the
-- recount. A count that reaches zero keeps its row (harmless to a sum, and cheaper than deleting).

-- ---------------------------------------------------------------------------------------------
-- The agency tree as pairs (ancestor, agency), each agency its own ancestor too, and ancestor 0
-- ("all agencies", no agency row) of every agency: "an agency and everything under it" as one
-- indexed join, for the tallies' roll-up.
create table gk_agency_closure (
  ancestor_id integer not null,  -- an agency's id, or 0 for all agencies
  agency_id   integer not null references gk_agency(id),
  primary key (ancestor_id, agency_id)
);
create index gk_agency_closure_agency on gk_agency_closure(agency_id, ancestor_id);

insert into gk_agency_closure (ancestor_id, agency_id)
with recursive up as (
  select a.id as agency_id, a.id as ancestor_id, a.parent_id from gk_agency a
  union all
  select up.agency_id, p.id, p.parent_id from up join gk_agency p on p.id = up.parent_id
)
select ancestor_id, agency_id from up
union all
select 0, id from gk_agency;

create function gk_agency_closure_add() returns trigger language plpgsql as $$
begin
  insert into gk_agency_closure (ancestor_id, agency_id)
  select new.id, new.id
  union all
  select 0, new.id where new.parent_id is null
  union all
  -- the parent's ancestors, 0 among them
  select c.ancestor_id, new.id from gk_agency_closure c where c.agency_id = new.parent_id;
  return null;
end $$;
create trigger gk_agency_closure_add after insert on gk_agency
  for each row execute function gk_agency_closure_add();

-- Moving an agency would move its cases' counts between subtrees; gongkai has no command for it,
-- so the database refuses it rather than leave the roll-up wrong.
create function gk_agency_parent_fixed() returns trigger language plpgsql as $$
begin
  raise exception 'agency % cannot move to another parent: its cases are counted under its ancestors', old.code
    using errcode = 'integrity_constraint_violation';
end $$;
create trigger gk_agency_parent_fixed before update of parent_id on gk_agency
  for each row when (old.parent_id is distinct from new.parent_id)
  execute function gk_agency_parent_fixed();

-- ---------------------------------------------------------------------------------------------
-- The year of a date, as the tallies key it; 9999 when there is no date (still open, not yet
-- decided), so that "not closed by the end of year Y" is simply `closed_year > Y`.
create function gk_tally_year(d date) returns smallint language sql immutable parallel safe as $$
  select coalesce(extract(year from d)::smallint, 9999::smallint)
$$;

-- National template, section 三: cases by applicant type and closing, by the years received and
-- closed. scope_id is the case's agency, any agency above it, or 0 (all agencies).
create table gk_tally_applications (
  scope_id       integer not null,
  received_year  smallint not null,
  closed_year    smallint not null,  -- 9999 while open
  applicant_type text not null,
  closed_kind    text not null,      -- 'answered' | 'withdrawn' | '' while open
  outcome        text not null,      -- the outcome code of an answer, else ''
  n              bigint not null,
  primary key (scope_id, received_year, closed_year, applicant_type, closed_kind, outcome)
);
-- The legacy table: receipts by the case's agency kind and channel, per year received.
create table gk_tally_receipts (
  scope_id      integer not null,
  received_year smallint not null,
  agency_kind   text not null,
  channel       text not null,
  n             bigint not null,
  primary key (scope_id, received_year, agency_kind, channel)
);
-- The legacy table: closings (answers and withdrawals) by agency kind, channel and outcome, per
-- year closed.
create table gk_tally_closings (
  scope_id    integer not null,
  closed_year smallint not null,
  agency_kind text not null,
  channel     text not null,
  closed_kind text not null,
  outcome     text not null,
  n           bigint not null,
  primary key (scope_id, closed_year, agency_kind, channel, closed_kind, outcome)
);
-- Section 四 and the legacy table's appeal rows: reconsiderations and lawsuits by the year filed,
-- their result and the year it was decided (a result is reported only from that year's end on).
create table gk_tally_appeals (
  scope_id     integer not null,
  filed_year   smallint not null,
  kind         text not null,      -- reconsideration | litigation-direct | litigation-after-reconsideration
  decided_year smallint not null,  -- 9999 while pending
  result       text not null,      -- '' while pending
  agency_kind  text not null,
  channel      text not null,
  n            bigint not null,
  primary key (scope_id, filed_year, kind, decided_year, result, agency_kind, channel)
);
-- The legacy table's complaints: complaint-filed events by the year filed.
create table gk_tally_complaints (
  scope_id   integer not null,
  filed_year smallint not null,
  n          bigint not null,
  primary key (scope_id, filed_year)
);

-- What writers add: each change to a count appended as a row of its own, never updated, so that
-- two writers never wait on each other for a count row (a receipt and an answer in different
-- offices change the same all-agencies count). gk_tally_fold() adds them into the counts above
-- from time to time; until then a count is its kept row plus its pending changes, which is what
-- the gk_tally_*_now views give the reports.
create table gk_tally_applications_delta (like gk_tally_applications);
create table gk_tally_receipts_delta (like gk_tally_receipts);
create table gk_tally_closings_delta (like gk_tally_closings);
create table gk_tally_appeals_delta (like gk_tally_appeals);
create table gk_tally_complaints_delta (like gk_tally_complaints);
create view gk_tally_applications_now as
  select * from gk_tally_applications union all select * from gk_tally_applications_delta;
create view gk_tally_receipts_now as
  select * from gk_tally_receipts union all select * from gk_tally_receipts_delta;
create view gk_tally_closings_now as
  select * from gk_tally_closings union all select * from gk_tally_closings_delta;
create view gk_tally_appeals_now as
  select * from gk_tally_appeals union all select * from gk_tally_appeals_delta;
create view gk_tally_complaints_now as
  select * from gk_tally_complaints union all select * from gk_tally_complaints_delta;

-- ---------------------------------------------------------------------------------------------
-- What the tallies must hold, recounted from the record.
create view gk_tally_applications_expected as
select cl.ancestor_id as scope_id, gk_tally_year(c.received_on) as received_year,
       gk_tally_year(c.closed_on) as closed_year, c.applicant_type, coalesce(c.closed_kind, '') as closed_kind,
       coalesce(c.outcome, '') as outcome, count(*)::bigint as n
from gk_case c join gk_agency_closure cl on cl.agency_id = c.agency_id
group by 1, 2, 3, 4, 5, 6;

create view gk_tally_receipts_expected as
select cl.ancestor_id as scope_id, gk_tally_year(c.received_on) as received_year, a.kind as agency_kind,
       c.channel, count(*)::bigint as n
from gk_case c join gk_agency a on a.id = c.agency_id join gk_agency_closure cl on cl.agency_id = c.agency_id
group by 1, 2, 3, 4;

create view gk_tally_closings_expected as
select cl.ancestor_id as scope_id, gk_tally_year(c.closed_on) as closed_year, a.kind as agency_kind, c.channel,
       c.closed_kind, coalesce(c.outcome, '') as outcome, count(*)::bigint as n
from gk_case c join gk_agency a on a.id = c.agency_id join gk_agency_closure cl on cl.agency_id = c.agency_id
where c.closed_on is not null
group by 1, 2, 3, 4, 5, 6;

-- A case's appeals as rows (kind, filed, decided, result): at most a reconsideration and a lawsuit.
create function gk_case_appeals(c gk_case) returns table (kind text, filed_on date, decided_on date, result text)
language sql immutable parallel safe as $$
  select 'reconsideration', c.reconsideration_filed_on, c.reconsideration_decided_on, c.reconsideration_result
  where c.reconsideration_filed_on is not null
  union all
  select case when c.litigation_direct then 'litigation-direct' else 'litigation-after-reconsideration' end,
         c.litigation_filed_on, c.litigation_decided_on, c.litigation_result
  where c.litigation_filed_on is not null
$$;

create view gk_tally_appeals_expected as
select cl.ancestor_id as scope_id, gk_tally_year(f.filed_on) as filed_year, f.kind,
       gk_tally_year(f.decided_on) as decided_year, coalesce(f.result, '') as result, a.kind as agency_kind,
       c.channel, count(*)::bigint as n
from gk_case c cross join lateral gk_case_appeals(c) f
join gk_agency a on a.id = c.agency_id join gk_agency_closure cl on cl.agency_id = c.agency_id
group by 1, 2, 3, 4, 5, 6, 7;

create view gk_tally_complaints_expected as
select cl.ancestor_id as scope_id, gk_tally_year(e.occurred_on) as filed_year, count(*)::bigint as n
from gk_event e join gk_case c on c.id = e.case_id join gk_agency_closure cl on cl.agency_id = c.agency_id
where e.kind = 'complaint-filed'
group by 1, 2;

-- Adds the pending changes into the kept counts and empties the change tables, in one
-- transaction (a reader sees the counts before or after, and both sum the same). One folder at a
-- time (an advisory lock); with `wait` false it returns false at once when another is folding.
create function gk_tally_fold(wait boolean default true) returns boolean language plpgsql as $$
begin
  if wait then
    perform pg_advisory_xact_lock(4711004);
  elsif not pg_try_advisory_xact_lock(4711004) then
    return false;
  end if;
  with d as (delete from gk_tally_applications_delta returning *)
  insert into gk_tally_applications as t
  select scope_id, received_year, closed_year, applicant_type, closed_kind, outcome, sum(n) from d
  group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
  on conflict (scope_id, received_year, closed_year, applicant_type, closed_kind, outcome)
  do update set n = t.n + excluded.n;

  with d as (delete from gk_tally_receipts_delta returning *)
  insert into gk_tally_receipts as t
  select scope_id, received_year, agency_kind, channel, sum(n) from d
  group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4
  on conflict (scope_id, received_year, agency_kind, channel) do update set n = t.n + excluded.n;

  with d as (delete from gk_tally_closings_delta returning *)
  insert into gk_tally_closings as t
  select scope_id, closed_year, agency_kind, channel, closed_kind, outcome, sum(n) from d
  group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
  on conflict (scope_id, closed_year, agency_kind, channel, closed_kind, outcome) do update set n = t.n + excluded.n;

  with d as (delete from gk_tally_appeals_delta returning *)
  insert into gk_tally_appeals as t
  select scope_id, filed_year, kind, decided_year, result, agency_kind, channel, sum(n) from d
  group by 1, 2, 3, 4, 5, 6, 7 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6, 7
  on conflict (scope_id, filed_year, kind, decided_year, result, agency_kind, channel)
  do update set n = t.n + excluded.n;

  with d as (delete from gk_tally_complaints_delta returning *)
  insert into gk_tally_complaints as t
  select scope_id, filed_year, sum(n) from d
  group by 1, 2 having sum(n) <> 0 order by 1, 2
  on conflict (scope_id, filed_year) do update set n = t.n + excluded.n;
  return true;
end $$;

-- Writers fold now and then, so that the change tables stay small without a scheduler: about one
-- counted write in 64 (a fold then takes a few hundred rows), never waiting for another folder.
create function gk_tally_fold_sometimes() returns void language plpgsql as $$
begin
  if random() < 1.0 / 64 then
    perform gk_tally_fold(false);
  end if;
end $$;

-- Replaces every kept count with the recount (after a bulk load with the triggers off, or to
-- repair what `gongkai verify` found). Writers of cases and events wait for it (SHARE locks), so
-- that no change is both in the recount and pending.
create function gk_tally_rebuild() returns void language plpgsql as $$
begin
  lock table gk_case, gk_event in share mode;
  perform pg_advisory_xact_lock(4711004);
  delete from gk_tally_applications_delta;
  delete from gk_tally_receipts_delta;
  delete from gk_tally_closings_delta;
  delete from gk_tally_appeals_delta;
  delete from gk_tally_complaints_delta;
  delete from gk_tally_applications;
  delete from gk_tally_receipts;
  delete from gk_tally_closings;
  delete from gk_tally_appeals;
  delete from gk_tally_complaints;
  insert into gk_tally_applications select * from gk_tally_applications_expected;
  insert into gk_tally_receipts select * from gk_tally_receipts_expected;
  insert into gk_tally_closings select * from gk_tally_closings_expected;
  insert into gk_tally_appeals select * from gk_tally_appeals_expected;
  insert into gk_tally_complaints select * from gk_tally_complaints_expected;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Keeping them. New cases (one from `receive`, a million from an import's COPY): once per
-- statement, over all its rows.
create function gk_tally_cases_inserted() returns trigger language plpgsql as $$
begin
  insert into gk_tally_applications_delta
  select cl.ancestor_id, gk_tally_year(c.received_on), gk_tally_year(c.closed_on), c.applicant_type,
         coalesce(c.closed_kind, ''), coalesce(c.outcome, ''), count(*)
  from gk_new_cases c join gk_agency_closure cl on cl.agency_id = c.agency_id
  group by 1, 2, 3, 4, 5, 6;

  insert into gk_tally_receipts_delta
  select cl.ancestor_id, gk_tally_year(c.received_on), a.kind, c.channel, count(*)
  from gk_new_cases c join gk_agency a on a.id = c.agency_id join gk_agency_closure cl on cl.agency_id = c.agency_id
  group by 1, 2, 3, 4;

  insert into gk_tally_closings_delta
  select cl.ancestor_id, gk_tally_year(c.closed_on), a.kind, c.channel, c.closed_kind, coalesce(c.outcome, ''),
         count(*)
  from gk_new_cases c join gk_agency a on a.id = c.agency_id join gk_agency_closure cl on cl.agency_id = c.agency_id
  where c.closed_on is not null
  group by 1, 2, 3, 4, 5, 6;

  insert into gk_tally_appeals_delta
  select cl.ancestor_id, gk_tally_year(f.filed_on), f.kind, gk_tally_year(f.decided_on), coalesce(f.result, ''),
         a.kind, c.channel, count(*)
  from gk_new_cases c cross join lateral gk_case_appeals(c::gk_case) f
  join gk_agency a on a.id = c.agency_id join gk_agency_closure cl on cl.agency_id = c.agency_id
  group by 1, 2, 3, 4, 5, 6, 7;
  perform gk_tally_fold_sometimes();
  return null;
end $$;
create trigger gk_tally_cases_inserted after insert on gk_case
  referencing new table as gk_new_cases
  for each statement execute function gk_tally_cases_inserted();

-- A case row rewritten: only when a counted column changed (a closing, an appeal — a few times in
-- a case's life; most events change none), the case leaves its old groups and joins its new ones.
-- Per row, so that the many events that change nothing cost nothing here. Its statements are
-- kept trivial to plan (the scopes looked up once, then unnest) and their plans generic: a CLI
-- process plans each once, a long-lived session never again.
create function gk_tally_case_moved() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
declare
  old_scopes int[] := array(select cl.ancestor_id from gk_agency_closure cl where cl.agency_id = old.agency_id);
  new_scopes int[] := array(select cl.ancestor_id from gk_agency_closure cl where cl.agency_id = new.agency_id);
  old_kind text := (select a.kind from gk_agency a where a.id = old.agency_id);
  new_kind text := (select a.kind from gk_agency a where a.id = new.agency_id);
begin
  if (old.agency_id, old.received_on, old.closed_on, old.applicant_type, old.closed_kind, old.outcome)
     is distinct from (new.agency_id, new.received_on, new.closed_on, new.applicant_type, new.closed_kind, new.outcome)
  then
    insert into gk_tally_applications_delta
    select s, gk_tally_year(old.received_on), gk_tally_year(old.closed_on), old.applicant_type,
           coalesce(old.closed_kind, ''), coalesce(old.outcome, ''), -1
    from unnest(old_scopes) s
    union all
    select s, gk_tally_year(new.received_on), gk_tally_year(new.closed_on), new.applicant_type,
           coalesce(new.closed_kind, ''), coalesce(new.outcome, ''), 1
    from unnest(new_scopes) s;
  end if;

  if (old.agency_id, old.received_on, old.channel) is distinct from (new.agency_id, new.received_on, new.channel) then
    insert into gk_tally_receipts_delta
    select s, gk_tally_year(old.received_on), old_kind, old.channel, -1 from unnest(old_scopes) s
    union all
    select s, gk_tally_year(new.received_on), new_kind, new.channel, 1 from unnest(new_scopes) s;
  end if;

  if (old.agency_id, old.closed_on, old.channel, old.closed_kind, old.outcome)
     is distinct from (new.agency_id, new.closed_on, new.channel, new.closed_kind, new.outcome)
  then
    insert into gk_tally_closings_delta
    select s, gk_tally_year(old.closed_on), old_kind, old.channel, old.closed_kind, coalesce(old.outcome, ''), -1
    from unnest(old_scopes) s where old.closed_on is not null
    union all
    select s, gk_tally_year(new.closed_on), new_kind, new.channel, new.closed_kind, coalesce(new.outcome, ''), 1
    from unnest(new_scopes) s where new.closed_on is not null;
  end if;

  if (old.agency_id, old.channel, old.reconsideration_filed_on, old.reconsideration_decided_on,
      old.reconsideration_result, old.litigation_filed_on, old.litigation_direct, old.litigation_decided_on,
      old.litigation_result)
     is distinct from
     (new.agency_id, new.channel, new.reconsideration_filed_on, new.reconsideration_decided_on,
      new.reconsideration_result, new.litigation_filed_on, new.litigation_direct, new.litigation_decided_on,
      new.litigation_result)
  then
    insert into gk_tally_appeals_delta
    select s, gk_tally_year(f.filed_on), f.kind, gk_tally_year(f.decided_on), coalesce(f.result, ''), old_kind,
           old.channel, -1
    from unnest(old_scopes) s cross join gk_case_appeals(old) f
    union all
    select s, gk_tally_year(f.filed_on), f.kind, gk_tally_year(f.decided_on), coalesce(f.result, ''), new_kind,
           new.channel, 1
    from unnest(new_scopes) s cross join gk_case_appeals(new) f;
  end if;
  perform gk_tally_fold_sometimes();
  return null;
end $$;
create trigger gk_tally_case_moved after update on gk_case
  for each row
  when ((old.agency_id, old.applicant_type, old.channel, old.received_on, old.closed_on, old.closed_kind,
         old.outcome, old.reconsideration_filed_on, old.reconsideration_decided_on, old.reconsideration_result,
         old.litigation_filed_on, old.litigation_direct, old.litigation_decided_on, old.litigation_result)
        is distinct from
        (new.agency_id, new.applicant_type, new.channel, new.received_on, new.closed_on, new.closed_kind,
         new.outcome, new.reconsideration_filed_on, new.reconsideration_decided_on, new.reconsideration_result,
         new.litigation_filed_on, new.litigation_direct, new.litigation_decided_on, new.litigation_result))
  execute function gk_tally_case_moved();

-- Complaints: per row, and only for complaint events, so other events cost nothing here.
create function gk_tally_complaint_filed() returns trigger language plpgsql
set plan_cache_mode = force_generic_plan as $$
begin
  insert into gk_tally_complaints_delta
  select cl.ancestor_id, gk_tally_year(new.occurred_on), 1
  from gk_agency_closure cl
  where cl.agency_id = (select c.agency_id from gk_case c where c.id = new.case_id);
  perform gk_tally_fold_sometimes();
  return null;
end $$;
create trigger gk_tally_complaint_filed after insert on gk_event
  for each row when (new.kind = 'complaint-filed')
  execute function gk_tally_complaint_filed();

-- Cases are never deleted (their events refer to them, and gk_event refuses deletion), so there
-- is no delete trigger: a TRUNCATE of everything (the benchmark's generator) empties the tallies
-- with the cases and calls gk_tally_rebuild() after its load.

-- The baseline in force for each agency of p_code's subtree (every agency when null) in the
-- legacy table of year p_year: the latest one taken before a year ≤ p_year + 1 (everything earlier
-- is in it).
create function gk_baseline_in_force(p_code text, p_year int) returns table (agency_id int, before_year int)
language sql stable as $$
  select distinct on (g.agency_id) g.agency_id, g.before_year
  from gk_baseline g
  where g.before_year <= p_year + 1 and g.agency_id in (select id from gk_agency_subtree(p_code))
  order by g.agency_id, g.before_year desc
$$;

-- The scope whose kept rows hold the counts of p_code's subtree: the agency's id, or 0 for all
-- agencies when p_code is null (null for an unknown code, which then counts nothing).
create function gk_tally_scope(p_code text) returns int language sql stable as $$
  select case when p_code is null then 0 else (select a.id from gk_agency a where a.code = p_code) end
$$;

-- Which kept counts make the legacy table of p_code's subtree (all agencies when null) for year
-- p_year, each with a weight w, counted for the years before `below`:
-- - the scope's own rows (gk_tally_scope), w = 1, every year ≤ p_year; only these count in the
--   year column (`yearly`);
-- - for each agency with a baseline in force, its own cases of the years before the baseline year
--   taken out again — those are in the baseline: its rows (itself and everything under it) w = -1,
--   and its children's rows w = +1, which leaves its own cases alone.
-- In PL/pgSQL, not inlined, so that the planner takes it for the few rows it is (ROWS) and reads
-- each part's tally rows through their primary key rather than hashing a whole tally table.
create function gk_tally_parts(p_code text, p_year int) returns table (scope_id int, w int, below int, yearly boolean)
language plpgsql stable rows 4 as $$
begin
  return query
  with base as (select * from gk_baseline_in_force(p_code, p_year))
  select s.id, 1, p_year + 1, true from (select gk_tally_scope(p_code) as id) s where s.id is not null
  union all
  select b.agency_id, -1, b.before_year, false from base b
  union all
  select c.id, 1, b.before_year, false from base b join gk_agency c on c.parent_id = b.agency_id;
end $$;

select gk_tally_rebuild();

-- The overdue list reads only these indexes (index-only scans: the columns it shows are in them):
-- gk_case_due for all agencies, already in the list's order (due date, case number), and
-- gk_case_agency_due for one subtree, which then reads only its own agencies' entries instead of
-- every overdue case in the database.
drop index gk_case_due;
create index gk_case_due on gk_case(due_on, case_no) include (agency_id, state, received_on, due_provisional)
  where due_on is not null;
create index gk_case_agency_due on gk_case(agency_id, due_on) include (case_no, state, received_on, due_provisional)
  where due_on is not null;

-- The chase lists (docs/deadlines.md) read the few open cases whose clock is paused, or whose
-- correction notice went out late: without these, each reads the whole case table.
create index gk_case_pause_lapses on gk_case(pause_lapses_on) where pause_kind is not null;
create index gk_case_late_correction on gk_case(agency_id) where late_correction_notice and is_open;
