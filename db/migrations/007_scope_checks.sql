-- gongkai schema, version 7: the same row-level security as version 5, cheaper to check
-- (docs/performance.md, section 5; docs/security.md). Every member still reads exactly the rows of
-- its agencies and everything under them; what changes is how the database finds them out.
--
-- Measured on the 10 M-case database as a supervisor (bench/rls_proposal.sql was the proposal):
-- 1. A member's scope was recomputed at every statement (and table) from three tables: its
--    listed agencies joined to the agency tree, 501 rows for a member of the province. It is now
--    kept, one row per member (gk_member_scope), refreshed by the database whenever a member's
--    agencies or the agency tree change, so reading it is one index lookup.
-- 2. The scope functions were SQL functions with SECURITY DEFINER, which PostgreSQL never
--    inlines and plans again at every call; as PL/pgSQL their plans are made once per session.
-- 3. The policies tested `agency_id = any (array)` row by row, a linear search of the array; as
--    `agency_id in (select unnest(array))` the test is a hashed subplan: one hash table per
--    statement, one probe per row.
-- 4. "All agencies" for a member (the tops of its scope) scanned every agency it sees, twice, with
--    the per-row policy; the tops are its own listed agencies under no other of them.
-- 5. `current_user in ('gongkai_owner', 'gongkai_admin')` was tested row by row; as a subquery it
--    is evaluated once per statement (current_user does not change within one).

-- ---------------------------------------------------------------------------------------------
-- Every member's scope: its listed agencies and everything under them, sorted.
create table gk_member_scope (
  login    text primary key references gk_member(login),
  agencies integer[] not null
);

create function gk_member_scope_refresh(p_logins text[]) returns void language plpgsql
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  delete from gk_member_scope s where s.login = any (p_logins);
  insert into gk_member_scope (login, agencies)
  select ma.login, array_agg(distinct cl.agency_id order by cl.agency_id)
  from gk_member_agency ma
  join gk_agency_closure cl on cl.ancestor_id = ma.agency_id
  where ma.login = any (p_logins)
  group by ma.login;
end $$;

-- A member's agencies change (gongkai only adds them, with the member; any change is followed).
create function gk_member_scope_agencies_changed() returns trigger language plpgsql
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    perform gk_member_scope_refresh(array(select distinct login from added));
  elsif tg_op = 'DELETE' then
    perform gk_member_scope_refresh(array(select distinct login from removed));
  else
    perform gk_member_scope_refresh(array(select login from added union select login from removed));
  end if;
  return null;
end $$;
create trigger gk_member_scope_add after insert on gk_member_agency
  referencing new table as added for each statement execute function gk_member_scope_agencies_changed();
create trigger gk_member_scope_remove after delete on gk_member_agency
  referencing old table as removed for each statement execute function gk_member_scope_agencies_changed();
create trigger gk_member_scope_change after update on gk_member_agency
  referencing new table as added old table as removed
  for each statement execute function gk_member_scope_agencies_changed();

-- An agency added under a member's agencies joins its scope at once. (An agency never moves:
-- gk_agency_parent_fixed, migration 004.)
create function gk_member_scope_tree_grew() returns trigger language plpgsql
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_member_scope_refresh(array(
    select distinct ma.login from gk_member_agency ma
    where ma.agency_id in (select a.ancestor_id from added a)));
  return null;
end $$;
create trigger gk_member_scope_tree_grew after insert on gk_agency_closure
  referencing new table as added for each statement execute function gk_member_scope_tree_grew();

select gk_member_scope_refresh(array(select login from gk_member));

alter table gk_member_scope enable row level security;
alter table gk_member_scope force row level security;
create policy gk_scope on gk_member_scope
  using ((select current_user in ('gongkai_owner', 'gongkai_admin')) or login = gk_caller());

-- ---------------------------------------------------------------------------------------------
-- The scope functions, as PL/pgSQL (same results as version 5's).
create or replace function gk_my_agencies() returns integer[] language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  return coalesce((select s.agencies from gk_member_scope s join gk_member m on m.login = s.login
                   where s.login = gk_caller() and not m.disabled), '{}');
end $$;

create or replace function gk_caller_role() returns text language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  return (select m.role from gk_member m where m.login = gk_caller() and not m.disabled);
end $$;

-- The tops of the caller's scope: its listed agencies under no other of them (empty for a
-- disabled member or a role that is no member).
create function gk_my_top_agencies() returns integer[] language plpgsql stable
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

-- The scopes whose kept counts make a report of p_code's subtree: that agency (none when the
-- caller does not see it); for all agencies, scope 0 for the administrator, else the tops of the
-- caller's scope (their subtrees are disjoint, so their counts add up).
create or replace function gk_tally_scopes(p_code text) returns integer[] language plpgsql stable as $$
begin
  if p_code is not null then
    return array(select a.id from gk_agency a where a.code = p_code);
  elsif current_user in ('gongkai_owner', 'gongkai_admin') then
    return array[0];
  end if;
  return gk_my_top_agencies();
end $$;

-- ---------------------------------------------------------------------------------------------
-- The policies: the same tests, each evaluated once per statement or hashed.
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
  or (agency_id in (select unnest((select gk_my_agencies())))
      and ancestor_id in (select unnest((select gk_my_agencies())))));
alter policy gk_scope on gk_event using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or exists (select 1 from gk_case c where c.id = gk_event.case_id));
alter policy gk_scope on gk_access_log using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or ((select gk_caller_role()) = 'admin' and agency_id in (select unnest((select gk_my_agencies())))));
