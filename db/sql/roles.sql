-- The roles gongkai's objects and users act as (docs/security.md), made by `gongkai init` before
-- the migrations. Roles belong to the whole PostgreSQL server, so gongkai databases on one server
-- share them: each is made once and kept; another database's init may be making it meanwhile.
--   gongkai_owner   owns every object; nobody logs in as it; the SECURITY DEFINER functions run
--                   as it (CREATEROLE: adding a member makes its role)
--   gongkai_admin   the installation's administrator: granted to whoever runs `gongkai init` and
--                   to the database's owner, who SET ROLE to it (the CLI does)
--   gongkai_member  the group of every member's role: what members may read and call
--   gongkai_web     the web server's login: owns nothing, may act only as members (SET ROLE)
--   gongkai_search  owns gk_search_hits alone and may read what a search looks in, every row
--                   (migration 020); nobody logs in as it or may become it
--   gongkai_federation  what the installations above read: the installation's code and its own
--                   sign-offs' published columns (migration 021); the logins `gongkai federation
--                   allow` makes for them are its members
do $$
declare
  r record;
begin
  for r in select * from (values ('gongkai_owner', 'nologin noinherit createrole'),
                                 ('gongkai_admin', 'nologin noinherit'),
                                 ('gongkai_member', 'nologin noinherit'),
                                 ('gongkai_web', 'login noinherit'),
                                 ('gongkai_search', 'nologin noinherit'),
                                 ('gongkai_federation', 'nologin noinherit')) as x(name, options)
  loop
    if not exists (select 1 from pg_roles where rolname = r.name) then
      begin
        execute format('create role %I %s', r.name, r.options);
      exception when duplicate_object or unique_violation then
        null;  -- made meanwhile by another database's init
      end;
    end if;
  end loop;
  for r in select distinct x.name from (values (session_user::text),
        ((select pg_get_userbyid(d.datdba) from pg_database d where d.datname = current_database()))) as x(name)
      where not pg_has_role(x.name, 'gongkai_admin', 'MEMBER')
  loop
    begin
      execute format('grant gongkai_admin to %I', r.name);
    exception when duplicate_object or unique_violation then
      null;
    end;
  end loop;
  -- Handing objects to gongkai_owner and gongkai_search (db/sql/seal.sql) needs their membership;
  -- a superuser has it.
  if not pg_has_role(session_user, 'gongkai_owner', 'MEMBER') then
    execute format('grant gongkai_owner to %I', session_user);
  end if;
  if not pg_has_role(session_user, 'gongkai_search', 'MEMBER') then
    execute format('grant gongkai_search to %I', session_user);
  end if;
end $$;
