-- A proposal for migration 005, measured by scripts/bench.sh (part rls-proposal) on a copy of the
-- read-path database: the same row-level security — every member still reads exactly the rows of
-- its agencies and everything under them — at a fraction of its cost. gongkai never runs this
-- file; it is the change the migration's owner may copy (docs/performance.md, section 5, says
-- what each part buys). Run as a superuser, in one transaction.
--
-- What costs today, found with EXPLAIN ANALYZE as a supervisor (bench-results/plans):
-- 1. gk_my_agencies() and gk_caller_role() are SQL functions with SECURITY DEFINER and SET
--    search_path: PostgreSQL never inlines them and plans their query again at every call — and
--    every policy calls gk_my_agencies() once per table reference in every statement (an InitPlan
--    each), gk_may_see_personal() calls gk_caller_role(). As PL/pgSQL functions their plans are
--    made once per session.
-- 2. The policies test `agency_id = any ((select gk_my_agencies())::integer[])` row by row: a
--    linear search of the scope's array (501 entries for a member of the province) for every row
--    read. PostgreSQL hashes `= any` only for a constant array; `agency_id in (select
--    unnest(gk_my_agencies()))` is a hashed SubPlan: one hash table per statement, one probe per
--    row.
-- 3. gk_tally_scopes(null) — "all agencies" for a member: the tops of its scope — scans every
--    agency the member sees with the per-row policy, twice (the agency and its parent), and is
--    evaluated both when the statement is planned and when it runs. The tops are the member's
--    own listed agencies that lie under no other listed agency: read from gk_member_agency. And
--    gk_tally_scopes is an SQL function too, planned again at every call.
-- 4. `current_user in ('gongkai_owner', 'gongkai_admin')`, the administrator's and the owner's
--    pass, is tested row by row too (≈ 0.1 µs a row: +50 % on the 100,000-row overdue list for the
--    administrator against the superuser); as `(select current_user in (…))` it is an InitPlan,
--    evaluated once per statement. Same meaning: current_user does not change within a statement.
begin;

create or replace function gk_my_agencies() returns integer[] language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  return (select coalesce(array_agg(distinct cl.agency_id), '{}')
          from gk_member m
          join gk_member_agency ma on ma.login = m.login
          join gk_agency_closure cl on cl.ancestor_id = ma.agency_id
          where m.login = gk_caller() and not m.disabled);
end $$;

create or replace function gk_caller_role() returns text language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  return (select m.role from gk_member m where m.login = gk_caller() and not m.disabled);
end $$;

-- The tops of the caller's scope: its listed agencies under no other of them (empty for a
-- disabled member or a role that is no member).
create or replace function gk_my_top_agencies() returns integer[] language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  return array(select ma.agency_id
               from gk_member m
               join gk_member_agency ma on ma.login = m.login
               where m.login = gk_caller() and not m.disabled
                 and not exists (select 1 from gk_member_agency mb
                                 join gk_agency_closure cl on cl.ancestor_id = mb.agency_id
                                 where mb.login = ma.login and mb.agency_id <> ma.agency_id
                                   and cl.agency_id = ma.agency_id)
               order by ma.agency_id);
end $$;
alter function gk_my_top_agencies() owner to gongkai_owner;
revoke all on function gk_my_top_agencies() from public;
grant execute on function gk_my_top_agencies() to gongkai_admin, gongkai_member;

-- As PL/pgSQL, like the two above: today an SQL function, planned again at each of its three or four
-- calls per report statement (when the statement is planned, for its estimates, then once per
-- scan of a count table and its pending changes).
create or replace function gk_tally_scopes(p_code text) returns integer[] language plpgsql stable as $$
begin
  if p_code is not null then
    return array(select a.id from gk_agency a where a.code = p_code);
  elsif current_user in ('gongkai_owner', 'gongkai_admin') then
    return array[0];
  end if;
  return gk_my_top_agencies();
end $$;

-- The policies: the same test, hashed.
do $$
declare
  r record;
begin
  for r in select * from (values ('gk_agency', 'id'), ('gk_case_counter', 'agency_id'),
             ('gk_case', 'agency_id'), ('gk_figure', 'agency_id'), ('gk_baseline', 'agency_id'),
             ('gk_tally_applications', 'scope_id'), ('gk_tally_receipts', 'scope_id'),
             ('gk_tally_closings', 'scope_id'), ('gk_tally_appeals', 'scope_id'),
             ('gk_tally_complaints', 'scope_id'), ('gk_tally_applications_delta', 'scope_id'),
             ('gk_tally_receipts_delta', 'scope_id'), ('gk_tally_closings_delta', 'scope_id'),
             ('gk_tally_appeals_delta', 'scope_id'), ('gk_tally_complaints_delta', 'scope_id'))
           as x(t, col)
  loop
    execute format('alter policy gk_scope on %I using ((select current_user in (''gongkai_owner'', ''gongkai_admin'')) '
                   'or %I in (select unnest((select gk_my_agencies()))))', r.t, r.col);
  end loop;
  for r in select unnest(array['gk_case_personal', 'gk_event_personal']) as t loop
    execute format('alter policy gk_scope on %I using ((select current_user in (''gongkai_owner'', ''gongkai_admin'')) '
                   'or ((select gk_may_see_personal()) and agency_id in (select unnest((select gk_my_agencies())))))', r.t);
  end loop;
end $$;
alter policy gk_scope on gk_agency_closure using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or (agency_id in (select unnest((select gk_my_agencies()))) and ancestor_id in (select unnest((select gk_my_agencies())))));
alter policy gk_scope on gk_event using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or exists (select 1 from gk_case c where c.id = gk_event.case_id));

commit;
