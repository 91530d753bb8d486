-- gongkai schema, version 21: installations under one another (docs/federation.md). Each
-- installation has a code (its 行政区划代码, and a suffix for a department of a province); a
-- statistician signs off a year's tables of an agency as a new version in gk_signoff, which is
-- insert-only and holds counts only. The publication gk_signoffs sends the installation's own
-- sign-offs, inserts only and only the columns below, to the installations above it, which
-- subscribe (`gongkai federation add`) and receive them into their own gk_signoff.

-- The installation itself: one row, set by its administrator.
create table gk_installation (
  singleton boolean primary key default true check (singleton),
  code      text not null check (code ~ '^[0-9]{6}(-[a-z0-9]{1,16})?$'),
  name      text not null check (char_length(name) between 1 and 100),
  set_by    text not null,
  set_at    timestamptz not null default now()
);

create table gk_signoff (
  installation      text not null,  -- the code of the installation that signed
  installation_name text not null,
  agency            text not null,  -- the agency's code there: codes are the installation's own
  agency_name       text not null,
  agency_path       text[] not null,  -- the codes from its top agency down to it
  year              integer not null,
  version           integer not null check (version >= 1),
  signed_by         text not null,  -- the member's login (or the administrator's actor)
  signed_at         timestamptz not null,
  national          jsonb not null,  -- `report --format json` of the national template, counts only
  legacy            jsonb not null,  -- … of the legacy table
  sources           jsonb not null default '[]',  -- a sum's sources: [{installation, agency, version, signed_at}]
  -- Not published, so an installation above fills them with their defaults: its received rows
  -- are not its own (and never published onward), and it knows when each arrived.
  own               boolean not null default false,
  received_at       timestamptz not null default clock_timestamp(),
  primary key (installation, agency, year, version)
);
create index gk_signoff_year on gk_signoff (year, installation, agency, version desc);

create function gk_signoff_is_insert_only() returns trigger language plpgsql as $$
begin
  raise exception 'a signed-off table is kept as signed: % refused (sign off again for a new version)', tg_op
    using errcode = 'insufficient_privilege';
end $$;
create trigger gk_signoff_no_update before update or delete on gk_signoff for each row
  execute function gk_signoff_is_insert_only();
create trigger gk_signoff_no_truncate before truncate on gk_signoff for each statement
  execute function gk_signoff_is_insert_only();

-- Every row as it arrives. Written here (by gk_sign_off): the installation's own, under its code.
-- Received (the apply or first-copy worker of a subscription, which pg_stat_subscription names by
-- its process): only of the installation that subscription's source is — so a source cannot pass
-- its figures off as another's — and never own, whatever the source publishes, so that nothing
-- received is published onward as this installation's. A row received before (the source added
-- again copies it once more) is kept once; a different one under the same version is refused.
-- ENABLE ALWAYS: a subscription's workers run with session_replication_role = replica.
create function gk_signoff_arrives() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  v_sub oid;
  v_code text;
  v_old gk_signoff;
begin
  select s.subid into v_sub from pg_stat_subscription s where s.pid = pg_backend_pid() limit 1;
  if v_sub is null then
    if not new.own or new.installation is distinct from (select i.code from gk_installation i) then
      raise exception 'a sign-off written here is this installation''s own, under its code' using errcode = 'GK403';
    end if;
    return new;
  end if;
  select g.installation into v_code
  from gk_source g join pg_subscription p on p.subname = g.subscription
  where p.oid = v_sub;
  if v_code is null or new.installation is distinct from v_code then
    raise exception 'a source sent a sign-off of installation %, but it is installation %', new.installation,
      coalesce(v_code, '(no source)') using errcode = 'GK403';
  end if;
  new.own := false;
  new.received_at := clock_timestamp();
  select * into v_old from gk_signoff x
  where x.installation = new.installation and x.agency = new.agency and x.year = new.year and x.version = new.version;
  if found then
    if (v_old.signed_at, v_old.signed_by, v_old.national, v_old.legacy, v_old.sources)
       is not distinct from (new.signed_at, new.signed_by, new.national, new.legacy, new.sources) then
      return null;
    end if;
    raise exception 'installation % sent version % of %''s % tables, unlike the one received before',
      new.installation, new.version, new.agency, new.year using errcode = 'GK409';
  end if;
  return new;
end $$;
create trigger gk_signoff_arrives before insert on gk_signoff for each row execute function gk_signoff_arrives();
alter table gk_signoff enable always trigger gk_signoff_arrives;

-- Who may read: the administrator; a member its scope's own sign-offs and every received one
-- (the figures of the installations below, counts only); the upper installations' replication
-- login (gongkai_federation) the own rows it is sent. Writing: gk_sign_off (as the owner) and
-- the subscriptions' apply workers (PostgreSQL 15 runs them as the superuser who made them).
alter table gk_signoff enable row level security;
alter table gk_signoff force row level security;
create policy gk_scope on gk_signoff for select to gongkai_owner, gongkai_admin, gongkai_member using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or not own
  or agency in (select a.code from gk_agency a where a.id in (select unnest((select gk_my_agencies())))));
create policy gk_federation on gk_signoff for select to gongkai_federation using (own);
create policy gk_sign on gk_signoff for insert to gongkai_owner with check ((select current_user = 'gongkai_owner') and own);

-- The installations this one adds up: a subscription each (made by `gongkai federation add`).
create table gk_source (
  name              text primary key check (name ~ '^[a-z0-9-]{1,32}$'),
  installation      text not null unique,
  installation_name text not null,
  subscription      text not null unique,
  added_by          text not null default session_user,
  added_at          timestamptz not null default now()
);

-- Made whatever the server's wal_level (an installation with no installation above needs none);
-- PostgreSQL's warning that it is too low to publish is for `federation add` to explain.
set local client_min_messages = error;
create publication gk_signoffs
  for table gk_signoff (installation, installation_name, agency, agency_name, agency_path, year, version,
                        signed_by, signed_at, national, legacy, sources)
  where (own)
  with (publish = 'insert');
reset client_min_messages;

-- Sets the installation's code and name: its administrator (or an admin of every agency). The
-- code cannot change once the installation has signed off tables under it: the installations
-- above know its figures by it.
create function gk_installation_set(p_code text, p_name text, p_actor text) returns gk_installation
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  i gk_installation;
begin
  if not gk_caller_admin_of_all() then
    raise exception 'only the installation''s administrator may set its code' using errcode = 'GK403';
  end if;
  select * into i from gk_installation;
  if found and i.code <> p_code and exists (select 1 from gk_signoff s where s.own and s.installation = i.code) then
    raise exception 'this installation has signed off tables as %; its code cannot change', i.code
      using errcode = 'GK409';
  end if;
  if found and exists (select 1 from gk_source s where s.installation = p_code) then
    raise exception 'installation % is a source of this one', p_code using errcode = 'GK409';
  end if;
  insert into gk_installation (code, name, set_by) values (p_code, p_name, gk_actor(p_actor))
  on conflict (singleton) do update set code = excluded.code, name = excluded.name, set_by = excluded.set_by,
                                        set_at = now()
  returning * into i;
  return i;
end $$;

-- Signs off an agency's tables of a year: statisticians and admins of the agency. A new version
-- each time; the installation must have its code.
create function gk_sign_off(p_agency text, p_year integer, p_national jsonb, p_legacy jsonb, p_sources jsonb,
                            p_actor text)
returns table (version integer, signed_at timestamptz)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  a gk_agency;
  i gk_installation;
  s gk_signoff;
begin
  a := gk_agency_for(p_agency, array['statistician', 'admin'], 'sign off report tables');
  select * into i from gk_installation;
  if not found then
    raise exception 'this installation has no code yet: its administrator sets it with gongkai installation set CODE NAME'
      using errcode = 'GK422';
  end if;
  if jsonb_typeof(p_national) is distinct from 'object' or jsonb_typeof(p_legacy) is distinct from 'object'
     or jsonb_typeof(p_sources) is distinct from 'array' then
    raise exception 'a sign-off needs both tables as JSON objects' using errcode = 'GK400';
  end if;
  -- One sign-off of an agency and year at a time: the versions follow each other.
  perform pg_advisory_xact_lock(4711021, hashtext(a.code || '/' || p_year));
  insert into gk_signoff (installation, installation_name, agency, agency_name, agency_path, year, version,
                          signed_by, signed_at, national, legacy, sources, own)
  values (i.code, i.name, a.code, a.name,
          (with recursive up(id, parent_id, code, depth) as (
             select x.id, x.parent_id, x.code, 0 from gk_agency x where x.id = a.id
             union all
             select p.id, p.parent_id, p.code, up.depth + 1 from gk_agency p join up on p.id = up.parent_id)
           select array_agg(up.code order by up.depth desc) from up),
          p_year,
          coalesce((select max(x.version) from gk_signoff x
                    where x.own and x.installation = i.code and x.agency = a.code and x.year = p_year), 0) + 1,
          gk_actor(p_actor), now(), p_national, p_legacy, p_sources, true)
  returning * into s;
  version := s.version;
  signed_at := s.signed_at;
  return next;
end $$;
