-- gongkai schema, version 6: the web server's sessions (docs/security.md, docs/web.md).
--
-- The server logs in as gongkai_web, which owns nothing and may act only as members (SET ROLE
-- per transaction). Before it knows who is asking it needs a member's password hash and a
-- session's member: the functions below give it exactly that and nothing more, and only to it
-- (not while it acts as a member). A session is a random 256-bit token handed to the browser (a
-- cookie) or a script (a bearer token); only its SHA-256 is stored.

create table gk_web_session (
  token_hash   bytea primary key check (length(token_hash) = 32),
  login        text not null references gk_member(login),
  kind         text not null check (kind in ('browser', 'api')),
  client       text not null default '',  -- the address it logged in from
  created_at   timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  ended_at     timestamptz                 -- logged out, disabled, or expired when last asked
);
create index gk_web_session_login on gk_web_session(login) where ended_at is null;

alter table gk_web_session enable row level security;
alter table gk_web_session force row level security;
-- A member sees its own sessions; the administrator every one.
create policy gk_scope on gk_web_session
  using (current_user in ('gongkai_owner', 'gongkai_admin') or login = gk_caller());

-- Only the web server, as itself.
create function gk_web_require_server() returns void language plpgsql stable as $$
begin
  if gk_caller() <> 'gongkai_web' then
    raise exception 'only the web server (gongkai_web, acting as no member) may do this' using errcode = 'GK403';
  end if;
end $$;

-- What the server needs to check a password: its hash (libsodium's crypto_pwhash_str), and whether
-- the member may log in at all. No row for an unknown login.
create function gk_web_password(p_login text) returns table (password_hash text, disabled boolean)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_web_require_server();
  return query select m.password_hash, m.disabled from gk_member m where m.login = p_login;
end $$;

-- A hash made with weaker parameters than today's, replaced at login (only if it is still the one
-- that was checked).
create function gk_web_rehash(p_login text, p_old text, p_new text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_web_require_server();
  update gk_member set password_hash = p_new where login = p_login and password_hash = p_old;
end $$;

create function gk_web_session_open(p_token_hash bytea, p_login text, p_kind text, p_client text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_web_require_server();
  if not exists (select 1 from gk_member where login = p_login and not disabled) then
    raise exception 'member % may not log in', p_login using errcode = 'GK403';
  end if;
  insert into gk_web_session (token_hash, login, kind, client) values (p_token_hash, p_login, p_kind, coalesce(p_client, ''));
  insert into gk_access_log (login, action, detail) values (p_login, 'web-login', p_kind || ' ' || coalesce(p_client, ''));
end $$;

-- The member a session belongs to, or null: unknown, ended, idle longer than p_idle, older than
-- p_max, or its member disabled (then it is ended for good). Marks it seen (at most once a minute:
-- reading a page writes no more than that).
create function gk_web_session_member(p_token_hash bytea, p_idle interval, p_max interval) returns text
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  s gk_web_session;
  ok boolean;
begin
  perform gk_web_require_server();
  select * into s from gk_web_session where token_hash = p_token_hash;
  if not found or s.ended_at is not null then
    return null;
  end if;
  ok := s.last_seen_at > now() - p_idle and s.created_at > now() - p_max
        and exists (select 1 from gk_member m where m.login = s.login and not m.disabled);
  if not ok then
    update gk_web_session set ended_at = now() where token_hash = p_token_hash;
    return null;
  end if;
  if s.last_seen_at < now() - interval '1 minute' then
    update gk_web_session set last_seen_at = now() where token_hash = p_token_hash;
  end if;
  return s.login;
end $$;

create function gk_web_session_end(p_token_hash bytea) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_web_require_server();
  update gk_web_session set ended_at = now() where token_hash = p_token_hash and ended_at is null;
end $$;

-- A disabled member is locked out of the pages at once: its sessions end with it.
create or replace function gk_member_disable(p_login text) returns boolean
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_member();
  if not exists (select 1 from gk_member where login = p_login) or not gk_member_manageable(p_login) then
    raise exception 'no member ''%''', p_login using errcode = 'GK404';
  end if;
  if p_login = gk_caller() then
    raise exception 'a member cannot disable itself' using errcode = 'GK403';
  end if;
  if (select disabled from gk_member where login = p_login) then
    return false;
  end if;
  update gk_member set disabled = true, disabled_at = now(), disabled_by = gk_caller() where login = p_login;
  update gk_web_session set ended_at = now() where login = p_login and ended_at is null;
  execute format('alter role %I nologin', p_login);
  insert into gk_access_log (login, action, detail) values (gk_caller(), 'member-disable', p_login);
  return true;
end $$;
