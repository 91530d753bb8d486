-- After the migrations, in their transaction: every gongkai object handed to gongkai_owner, and
-- exactly what the other roles may use granted (docs/security.md). Idempotent.
do $$
declare
  r record;
begin
  -- The owner of every object may own them in the schema (a non-superuser's init needs it said).
  grant usage, create on schema public to gongkai_owner;
  -- Tables, views and sequences (a serial column's sequence follows its table).
  for r in select c.oid::regclass as obj, c.relkind
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relname like 'gk\_%' and c.relkind in ('r', 'p', 'v', 'm', 'S')
             and c.relowner <> 'gongkai_owner'::regrole
             and not (c.relkind = 'S' and exists (select 1 from pg_depend d
                                                  where d.classid = 'pg_class'::regclass and d.objid = c.oid
                                                    and d.deptype in ('a', 'i')))
  loop
    execute format('alter %s %s owner to gongkai_owner',
                   case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                                  else 'table' end, r.obj);
  end loop;
  for r in select p.oid::regprocedure as obj, p.prokind
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'public' and p.proname like 'gk\_%' and p.proowner <> 'gongkai_owner'::regrole
             and p.proname <> 'gk_search_hits'
  loop
    execute format('alter %s %s owner to gongkai_owner',
                   case r.prokind when 'a' then 'aggregate' when 'p' then 'procedure' else 'function' end, r.obj);
  end loop;

  -- Reading: tables and views to the administrator and members (row-level security says which
  -- rows); writing: nobody, but through the functions. Functions: to them, not to everybody.
  for r in select c.oid::regclass as obj, c.relkind
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relname like 'gk\_%' and c.relkind in ('r', 'p', 'v', 'm', 'S')
  loop
    execute format('revoke all on %s %s from public', case when r.relkind = 'S' then 'sequence' else 'table' end, r.obj);
    if r.relkind = 'S' then
      execute format('grant usage on sequence %s to gongkai_admin, gongkai_member', r.obj);
    else
      execute format('revoke insert, update, delete, truncate, references, trigger on table %s from gongkai_admin, gongkai_member', r.obj);
      execute format('grant select on table %s to gongkai_admin, gongkai_member', r.obj);
    end if;
  end loop;
  for r in select p.oid::regprocedure as obj, p.proname like 'gk\_web\_%' as web
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'public' and p.proname like 'gk\_%' and p.prokind <> 'a'
  loop
    execute format('revoke all on function %s from public', r.obj);
    -- The web server's own functions (passwords, sessions) are its alone.
    if r.web then
      execute format('revoke all on function %s from gongkai_admin, gongkai_member', r.obj);
      execute format('grant execute on function %s to gongkai_web', r.obj);
    else
      execute format('grant execute on function %s to gongkai_admin, gongkai_member', r.obj);
    end if;
  end loop;
  -- The members' kept scopes are refreshed by the database's own triggers only (migration 007).
  if to_regprocedure('gk_member_scope_refresh(text[])') is not null then
    revoke execute on function gk_member_scope_refresh(text[]) from gongkai_admin, gongkai_member;
  end if;
  -- Password hashes are read by the functions that check them, not by people.
  revoke select on gk_member from gongkai_admin, gongkai_member;
  grant select (login, name, role, db_login, password_set_at, disabled, created_at, created_by, disabled_at,
                disabled_by) on gk_member to gongkai_admin, gongkai_member;
  -- The search's own role (migration 020): it owns gk_search_hits and reads, every row, the three
  -- tables a search looks in, and calls what tells it who the caller is and what it may see.
  if to_regprocedure('gk_search_hits(text, text, integer[], integer)') is not null then
    grant create on schema public to gongkai_search;  -- for the change of owner only
    alter function gk_search_hits(text, text, integer[], integer) owner to gongkai_search;
    revoke create on schema public from gongkai_search;
    grant usage on schema public to gongkai_search;
    grant select on gk_case, gk_case_personal, gk_event to gongkai_search;
    grant execute on function gk_caller(), gk_caller_is_admin(), gk_caller_role(), gk_my_agencies(),
      gk_may_see_personal() to gongkai_search;
  end if;
  -- The installations above (migration 021): the installation's code and the published columns
  -- of its own sign-offs (the policy gk_federation), for their subscriptions' first copy.
  if to_regclass('gk_signoff') is not null then
    grant usage on schema public to gongkai_federation;
    grant select on gk_installation to gongkai_federation;
    grant select (installation, installation_name, agency, agency_name, agency_path, year, version, signed_by,
                  signed_at, national, legacy, sources, own) on gk_signoff to gongkai_federation;
  end if;
  -- Anybody may ask who they are (and learn that they are nobody here), and the schema's version.
  grant execute on function gk_whoami() to public;
  grant select on gk_schema_version to public;
  grant usage on schema public to gongkai_admin, gongkai_member;
  revoke create on schema public from public;
  -- A non-superuser who ran init needed gongkai_owner to hand it the objects; it keeps none of it.
  if not (select rolsuper from pg_roles where rolname = session_user)
     and pg_has_role(session_user, 'gongkai_owner', 'MEMBER') then
    execute format('revoke gongkai_owner from %I', session_user);
  end if;
  if not (select rolsuper from pg_roles where rolname = session_user)
     and pg_has_role(session_user, 'gongkai_search', 'MEMBER') then
    execute format('revoke gongkai_search from %I', session_user);
  end if;
end $$;
