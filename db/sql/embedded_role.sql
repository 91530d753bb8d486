-- The embedded default's everyday login: its OS user acts through it as the installation's
-- administrator, never as the cluster's superuser (which only creates and migrates the schema).
-- Only the OS user reaches the cluster's socket (a private directory), so it needs no password.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'gongkai_local') then
    create role gongkai_local login noinherit;
  end if;
  if not pg_has_role('gongkai_local', 'gongkai_admin', 'MEMBER') then
    grant gongkai_admin to gongkai_local;
  end if;
end $$;
