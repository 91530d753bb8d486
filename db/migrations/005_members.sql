-- gongkai schema, version 5: the people who use it, what each may see and do, enforced by
-- PostgreSQL itself; and a record nobody can rewrite unseen. docs/security.md explains it whole.
--
-- - Roles (db/sql/roles.sql, run by `gongkai init` before the migrations): gongkai_owner owns
--   every object and is used by nobody (no login; only the SECURITY DEFINER functions below run
--   as it); gongkai_admin is the installation's administrator (the database owner and whoever ran
--   `gongkai init` may SET ROLE to it); gongkai_member is the group of every member; gongkai_web
--   is the web server's login, which may act only as members (SET ROLE).
-- - Members (gk_member): each a PostgreSQL role of the same name, with a role in the office
--   (registrar, handler, supervisor, statistician, admin) and a scope: the agencies listed for it
--   and everything under them.
-- - Row-level security, forced, on every table holding case data, figures and counts: a
--   connection acting as a member reads only rows of its scope, whatever SQL it sends. Members
--   and the administrator may only read tables (db/sql/seal.sql grants); every write is a
--   SECURITY DEFINER function below that checks who is calling (gk_caller), their role and their
--   scope, and records the caller as the actor.
-- - Personal data (the applicant's name and contact) lives apart, in gk_case_personal and
--   gk_event_personal, which only registrars, handlers and admins can read (of their scope);
--   everybody else reads the masked forms kept beside it (first character, then '*').
-- - The events of a case form a hash chain computed by the database: each event's hash covers
--   its content, its recorded_at and the hash of the event before it.
--
-- Errors raised here carry gongkai's own SQLSTATEs, which db/ turns into error kinds:
-- GK400 invalid input, GK403 not permitted, GK404 not found, GK409 conflict, GK422 refused by
-- the rules, GKCAL the calendar changed under the caller.

-- ---------------------------------------------------------------------------------------------
-- Settings of the installation. 'training' = 'on': a training (or test) database, where
-- GONGKAI_TODAY may fix any date as today.
create table gk_setting (
  key   text primary key,
  value text not null
);

-- The calendar's version: bumped by every change of the calendar. Writers send the version their
-- due dates were computed on and are refused when it is no longer in force, so that a long-lived
-- process knows to read the calendar again.
create table gk_calendar_state (
  id      boolean primary key default true check (id),
  version bigint not null
);
insert into gk_calendar_state values (true, 1);

create table gk_member (
  login           text primary key check (login ~ '^[a-z][a-z0-9_]{0,30}$'),
  name            text not null,
  role            text not null check (role in ('registrar', 'handler', 'supervisor', 'statistician', 'admin')),
  db_login        boolean not null default false,
  password_hash   text,                 -- libsodium crypto_pwhash_str, for the web pages
  password_set_at timestamptz,
  disabled        boolean not null default false,  -- members are disabled, never deleted
  created_at      timestamptz not null default now(),
  created_by      text not null,
  disabled_at     timestamptz,
  disabled_by     text
);
create table gk_member_agency (
  login     text not null references gk_member(login),
  agency_id integer not null references gk_agency(id),
  primary key (login, agency_id)
);
create index gk_member_agency_agency on gk_member_agency(agency_id);

-- Who read personal data in bulk (an export with it), imported, or changed members: who, when,
-- which scope. Append-only.
create table gk_access_log (
  id        bigserial primary key,
  at        timestamptz not null default now(),
  login     text not null,                           -- the member, or gongkai_admin
  db_login  text not null default session_user,     -- the database login it came through
  action    text not null,
  agency_id integer references gk_agency(id),  -- the scope; null = all agencies
  year      integer,
  detail    text not null default ''
);

-- ---------------------------------------------------------------------------------------------
-- Who is calling. Inside a SECURITY DEFINER function current_user is the function's owner, but
-- the `role` setting still names the role the session acts as (SET ROLE: the CLI as the
-- administrator, the web server as a member); without SET ROLE it is the role that logged in.
-- PostgreSQL lets a session set only a role it is a member of, so this cannot be forged.
create function gk_caller() returns text language sql stable as $$
  select coalesce(nullif(current_setting('role'), 'none'), session_user::text)
$$;

create function gk_caller_is_admin() returns boolean language sql stable as $$
  select gk_caller() = 'gongkai_admin'
$$;

-- The caller's member row, when it is an enabled member.
create function gk_caller_role() returns text language sql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
  select m.role from gk_member m where m.login = gk_caller() and not m.disabled
$$;

-- Every agency in the caller's scope (its listed agencies and everything under them); empty for a
-- disabled member or a role that is no member.
create function gk_my_agencies() returns integer[] language sql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
  select coalesce(array_agg(distinct cl.agency_id), '{}')
  from gk_member m
  join gk_member_agency ma on ma.login = m.login
  join gk_agency_closure cl on cl.ancestor_id = ma.agency_id
  where m.login = gk_caller() and not m.disabled
$$;

-- May the caller read personal data of the cases it sees? Registrars, handlers and admins.
create function gk_may_see_personal() returns boolean language sql stable as $$
  select gk_caller_is_admin() or coalesce(gk_caller_role() in ('registrar', 'handler', 'admin'), false)
$$;

-- Does the caller's scope hold every agency? (A member admin of the whole tree may do what
-- concerns them all: the calendar, rebuilding the counts.)
create function gk_caller_admin_of_all() returns boolean language sql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
  select gk_caller_is_admin()
      or (gk_caller_role() = 'admin' and not exists (select 1 from gk_agency a where a.id <> all (gk_my_agencies())))
$$;

create function gk_training() returns boolean language sql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
  select coalesce((select value = 'on' from gk_setting where key = 'training'), false)
$$;

-- The masked form of a personal datum: its first character, then '*'.
create function gk_mask(s text) returns text language sql immutable parallel safe as $$
  select case when s is null or s = '' then s else left(s, 1) || '*' end
$$;
create function gk_mask_personal(p jsonb) returns jsonb language sql immutable parallel safe as $$
  select case when p is null then null
              else (select coalesce(jsonb_object_agg(k, gk_mask(v)), '{}'::jsonb) from jsonb_each_text(p) as x(k, v)) end
$$;

-- ---------------------------------------------------------------------------------------------
-- Personal data, apart from everything else. gk_case_personal is the case row's part;
-- gk_event_personal the events' part (the record: append-only), which the hash chain covers
-- with the rest of the event. Each carries the case's agency, so that its row-level policy needs
-- no look-up of the case.
create table gk_case_personal (
  case_id   bigint primary key references gk_case(id),
  agency_id integer not null references gk_agency(id),
  applicant text not null,
  contact   text
);
-- Its `salt` is random and as private as the data: the hash chain covers sha256(salt || data), so
-- that a reader who may see the chain but not the data cannot confirm a guess of it.
create table gk_event_personal (
  case_id   bigint not null,
  seq       integer not null,
  agency_id integer not null references gk_agency(id),
  data      jsonb not null,
  salt      bytea not null default uuid_send(gen_random_uuid()) check (length(salt) = 16),
  primary key (case_id, seq)
);

-- ---------------------------------------------------------------------------------------------
-- The hash chain. An event's content, as hashed: its fields in a JSON array (unambiguous, and the
-- same text whatever the session's DateStyle or TimeZone), recorded_at in microseconds since 1970,
-- its personal data as a salted hash (gk_event_personal).
create function gk_event_content(seq integer, kind text, occurred_on date, actor text, recorded_at timestamptz,
                                 details jsonb, personal jsonb, salt bytea) returns bytea
language sql immutable parallel safe as $$
  select convert_to(jsonb_build_array(seq, kind, to_char(occurred_on, 'YYYY-MM-DD'), actor,
                                      (extract(epoch from recorded_at) * 1000000)::bigint, details,
                                      encode(sha256(salt || convert_to(personal::text, 'UTF8')), 'hex'))::text,
                    'UTF8')
$$;
-- Where a case's chain starts: its number (kept by export and import), so that the chain binds
-- the events to their case.
create function gk_chain_genesis(case_no text) returns bytea language sql immutable parallel safe as $$
  select sha256(convert_to('gongkai case ' || case_no, 'UTF8'))
$$;
-- One link: the hash of the previous link (or, for the first, `start`) followed by the content.
create function gk_chain_step(state bytea, start bytea, content bytea) returns bytea
language sql immutable parallel safe as $$
  select sha256(coalesce(state, start) || content)
$$;
-- The chain as a running aggregate: gk_chain(start, content) over (partition by case order by seq)
-- is each event's hash in one pass, `start` being the case's genesis or, to go on from stored
-- events, the last stored hash.
create aggregate gk_chain(bytea, bytea) (sfunc = gk_chain_step, stype = bytea);

-- Move the personal data of the cases and events already stored, and chain every event.
alter table gk_case add column applicant_masked text, add column contact_masked text;
update gk_case set applicant_masked = gk_mask(applicant), contact_masked = gk_mask(contact);
alter table gk_case alter column applicant_masked set not null;
insert into gk_case_personal (case_id, agency_id, applicant, contact)
select id, agency_id, applicant, contact from gk_case;
alter table gk_case drop column applicant, drop column contact;

alter table gk_event add column personal_masked jsonb, add column hash bytea;
insert into gk_event_personal (case_id, seq, agency_id, data)
select e.case_id, e.seq, c.agency_id,
       jsonb_strip_nulls(jsonb_build_object('applicant', e.details -> 'applicant', 'contact', e.details -> 'contact'))
from gk_event e join gk_case c on c.id = e.case_id
where e.details ?| array['applicant', 'contact'];
alter table gk_event_personal add foreign key (case_id, seq) references gk_event(case_id, seq)
  deferrable initially deferred;

alter table gk_event disable trigger gk_event_no_update;
update gk_event e set details = x.details, personal_masked = gk_mask_personal(x.personal), hash = x.hash
from (
  select ev.case_id, ev.seq, ev.details - 'applicant' - 'contact' as details, p.data as personal,
         gk_chain(gk_chain_genesis(c.case_no),
                  gk_event_content(ev.seq, ev.kind, ev.occurred_on, ev.actor, ev.recorded_at,
                                   ev.details - 'applicant' - 'contact', p.data, p.salt))
           over (partition by ev.case_id order by ev.seq) as hash
  from gk_event ev
  join gk_case c on c.id = ev.case_id
  left join gk_event_personal p on p.case_id = ev.case_id and p.seq = ev.seq
) x
where e.case_id = x.case_id and e.seq = x.seq;
alter table gk_event enable trigger gk_event_no_update;
alter table gk_event alter column hash set not null;

-- Every new event is chained as it is inserted, whoever inserts it: its personal part, if any, is
-- inserted first (the foreign key waits for the commit). A bulk writer (the import) may compute
-- the hashes itself, set-based with gk_chain; verify recomputes every chain in any case.
create function gk_event_chain() returns trigger language plpgsql
security definer set search_path = pg_catalog, public, pg_temp
set plan_cache_mode = force_generic_plan as $$
declare
  prev bytea;
  personal record;
begin
  if new.seq = 1 then
    prev := (select gk_chain_genesis(c.case_no) from gk_case c where c.id = new.case_id);
  else
    prev := (select e.hash from gk_event e where e.case_id = new.case_id and e.seq = new.seq - 1);
  end if;
  if prev is null then
    raise exception 'event % of case id % has no event before it to chain to', new.seq, new.case_id
      using errcode = 'GK409';
  end if;
  select p.data, p.salt into personal from gk_event_personal p where p.case_id = new.case_id and p.seq = new.seq;
  new.hash := gk_chain_step(prev, null, gk_event_content(new.seq, new.kind, new.occurred_on, new.actor,
      new.recorded_at, new.details, personal.data, personal.salt));
  return new;
end $$;
create trigger gk_event_chain before insert on gk_event
  for each row when (new.hash is null) execute function gk_event_chain();

-- The record's tables refuse change, each naming itself.
create or replace function gk_event_is_append_only() returns trigger language plpgsql as $fn$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end $fn$;
create trigger gk_event_personal_no_update before update or delete on gk_event_personal
  for each row execute function gk_event_is_append_only();
create trigger gk_event_personal_no_truncate before truncate on gk_event_personal
  for each statement execute function gk_event_is_append_only();
create trigger gk_access_log_no_update before update or delete on gk_access_log
  for each row execute function gk_event_is_append_only();
create trigger gk_access_log_no_truncate before truncate on gk_access_log
  for each statement execute function gk_event_is_append_only();

-- The chain checked link by link, with the caller's row-level security: every event whose stored
-- hash is not the hash of its content chained to the stored hash before it (or to its case's
-- genesis), and every gap in a case's sequence. An edited, deleted or inserted event breaks the
-- chain at it or right after it.
create function gk_chain_breaks() returns table (case_no text, seq integer, problem text)
language sql stable as $$
  select x.case_no, x.seq,
         case when x.step <> 1 then 'event ' || (x.seq - x.step + 1) || case when x.step > 2 then '–' || (x.seq - 1) else '' end || ' missing'
              else 'hash does not match its content and the event before it' end
  from (
    select c.case_no, e.seq, e.hash,
           gk_chain_step(case when e.seq = 1 then gk_chain_genesis(c.case_no) else lag(e.hash) over w end, null,
                         gk_event_content(e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at, e.details, p.data, p.salt))
             as expected,
           e.seq - coalesce(lag(e.seq) over w, 0) as step
    from gk_event e
    join gk_case c on c.id = e.case_id
    left join gk_event_personal p on p.case_id = e.case_id and p.seq = e.seq
    window w as (partition by e.case_id order by e.seq)
  ) x
  where x.hash is distinct from x.expected or x.step <> 1
  order by x.case_no, x.seq
$$;

-- A case's history as the reader may see it, one row per event, with the case's stored row (as
-- JSON, its personal columns when the reader may see them) on each, for the replay check: what
-- `show` reads of one case and `verify` of all. Personal data the reader may not see is hidden
-- by row-level security; the masked forms stand in for it.
create view gk_case_history with (security_invoker = true) as
  select c.id as case_id, c.case_no, a.code as agency,
         to_jsonb(c) - 'id' - 'agency_id' - 'case_no' - 'updated_at' - 'applicant_masked' - 'contact_masked'
           || jsonb_build_object('agency', a.code)
           || case when cp.case_id is null then '{}'::jsonb
                   else jsonb_build_object('applicant', cp.applicant, 'contact', cp.contact) end as row,
         cp.case_id is null as masked,
         e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at,
         e.details || coalesce(ep.data, e.personal_masked, '{}'::jsonb) as details
  from gk_case c
  join gk_agency a on a.id = c.agency_id
  join gk_event e on e.case_id = c.id
  left join gk_case_personal cp on cp.case_id = c.id
  left join gk_event_personal ep on ep.case_id = e.case_id and ep.seq = e.seq;

-- What the hash chain and the replay cannot see: the copies kept beside the personal data (the
-- agency that decides who may read it, the masked forms others read) that disagree with it.
create function gk_personal_breaks() returns table (case_no text, problem text)
language sql stable as $$
  select c.case_no, 'its personal data is filed under another agency than the case' from gk_case c
  join gk_case_personal p on p.case_id = c.id where p.agency_id <> c.agency_id
  union all
  select c.case_no, 'applicant_masked or contact_masked is not the masked applicant or contact' from gk_case c
  join gk_case_personal p on p.case_id = c.id
  where c.applicant_masked is distinct from gk_mask(p.applicant) or c.contact_masked is distinct from gk_mask(p.contact)
  union all
  select c.case_no, 'event ' || e.seq || ': its personal data is filed under another agency than the case'
  from gk_event_personal p join gk_case c on c.id = p.case_id join gk_event e on e.case_id = p.case_id and e.seq = p.seq
  where p.agency_id <> c.agency_id
  union all
  select c.case_no, 'event ' || e.seq || ': personal_masked is not the masked personal data'
  from gk_event e join gk_case c on c.id = e.case_id
  left join gk_event_personal p on p.case_id = e.case_id and p.seq = e.seq
  where (p.case_id is not null or e.personal_masked is not null)
    and e.personal_masked is distinct from gk_mask_personal(p.data)
  order by 1, 2
$$;

-- Each case's chain head: its last event's number and hash (verify --heads writes them, verify
-- --against compares them with heads kept elsewhere).
create view gk_chain_heads with (security_invoker = true) as
  select c.case_no, e.seq as events, encode(e.hash, 'hex') as head
  from gk_case c
  join lateral (select e.seq, e.hash from gk_event e where e.case_id = c.id order by e.seq desc limit 1) e on true;

-- ---------------------------------------------------------------------------------------------
-- Scopes under row-level security. The top of "all agencies" is what the caller sees: agencies
-- whose parent it does not see (for the administrator: the roots).
create or replace function gk_agency_subtree(p_code text) returns table (id integer, path text[])
language sql stable as $$
  with recursive scope as (
    select a.id, array[a.code] as path from gk_agency a
    where (p_code is null
           and (a.parent_id is null or not exists (select 1 from gk_agency p where p.id = a.parent_id)))
       or a.code = p_code
    union all
    select a.id, s.path || a.code from gk_agency a join scope s on a.parent_id = s.id
  )
  select scope.id, scope.path from scope
$$;

-- The scopes whose kept counts make a report of p_code's subtree: that agency (none when the
-- caller does not see it); for all agencies, scope 0 for the administrator, else the top agencies
-- the caller sees (their subtrees are disjoint, so their counts add up).
create function gk_tally_scopes(p_code text) returns integer[] language sql stable as $$
  select case
    when p_code is not null then array(select a.id from gk_agency a where a.code = p_code)
    when current_user in ('gongkai_owner', 'gongkai_admin') then array[0]
    else array(select a.id from gk_agency a
               where a.parent_id is null or not exists (select 1 from gk_agency p where p.id = a.parent_id))
  end
$$;
drop function gk_tally_parts(text, int);
drop function gk_tally_scope(text);
create function gk_tally_parts(p_code text, p_year int) returns table (scope_id int, w int, below int, yearly boolean)
language plpgsql stable rows 4 as $$
begin
  return query
  with base as (select * from gk_baseline_in_force(p_code, p_year))
  select s, 1, p_year + 1, true from unnest(gk_tally_scopes(p_code)) s
  union all
  select b.agency_id, -1, b.before_year, false from base b
  union all
  select c.id, 1, b.before_year, false from base b join gk_agency c on c.parent_id = b.agency_id;
end $$;

-- Views read with the reader's own rights, and so its row-level security.
alter view gk_tally_applications_now set (security_invoker = true);
alter view gk_tally_receipts_now set (security_invoker = true);
alter view gk_tally_closings_now set (security_invoker = true);
alter view gk_tally_appeals_now set (security_invoker = true);
alter view gk_tally_complaints_now set (security_invoker = true);
alter view gk_tally_applications_expected set (security_invoker = true);
alter view gk_tally_receipts_expected set (security_invoker = true);
alter view gk_tally_closings_expected set (security_invoker = true);
alter view gk_tally_appeals_expected set (security_invoker = true);
alter view gk_tally_complaints_expected set (security_invoker = true);

-- The triggers that keep counts for ancestors (a county, all agencies) and the agency tree run as
-- the owner, narrowly: each does one fixed thing to its own tables. (Every writer is a function
-- running as the owner already; these hold for any other writer too.)
alter function gk_tally_cases_inserted() security definer set search_path = pg_catalog, public, pg_temp;
alter function gk_tally_case_moved() security definer set search_path = pg_catalog, public, pg_temp;
alter function gk_tally_complaint_filed() security definer set search_path = pg_catalog, public, pg_temp;
alter function gk_tally_fold(boolean) security definer set search_path = pg_catalog, public, pg_temp;
alter function gk_tally_fold_sometimes() security definer set search_path = pg_catalog, public, pg_temp;
alter function gk_agency_closure_add() security definer set search_path = pg_catalog, public, pg_temp;

-- ---------------------------------------------------------------------------------------------
-- Row-level security, forced (it binds the tables' owner too, so the definer functions below
-- see everything only because their owner's policy clause says so).
create function gk_enable_rls(t regclass, using_expr text) returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', t);
  execute format('alter table %s force row level security', t);
  execute format('create policy gk_scope on %s using (%s)', t, using_expr);
end $$;

select gk_enable_rls(t, format('current_user in (''gongkai_owner'', ''gongkai_admin'') or %s = any ((select gk_my_agencies())::integer[])', col))
from (values ('gk_agency', 'id'), ('gk_case_counter', 'agency_id'),
             ('gk_case', 'agency_id'), ('gk_figure', 'agency_id'), ('gk_baseline', 'agency_id'),
             ('gk_tally_applications', 'scope_id'), ('gk_tally_receipts', 'scope_id'),
             ('gk_tally_closings', 'scope_id'), ('gk_tally_appeals', 'scope_id'),
             ('gk_tally_complaints', 'scope_id'), ('gk_tally_applications_delta', 'scope_id'),
             ('gk_tally_receipts_delta', 'scope_id'), ('gk_tally_closings_delta', 'scope_id'),
             ('gk_tally_appeals_delta', 'scope_id'), ('gk_tally_complaints_delta', 'scope_id'))
     as x(t, col);
-- The tree as a member sees it: pairs within its scope only (an ancestor above it, or "all
-- agencies", is none of its business, and a recount of its counts must not make up theirs).
select gk_enable_rls('gk_agency_closure',
  'current_user in (''gongkai_owner'', ''gongkai_admin'') or (agency_id = any ((select gk_my_agencies())::integer[]) and ancestor_id = any ((select gk_my_agencies())::integer[]))');
select gk_enable_rls('gk_event',
  'current_user in (''gongkai_owner'', ''gongkai_admin'') or exists (select 1 from gk_case c where c.id = gk_event.case_id)');
select gk_enable_rls(t, 'current_user in (''gongkai_owner'', ''gongkai_admin'') or ((select gk_may_see_personal()) and agency_id = any ((select gk_my_agencies())::integer[]))')
from unnest(array['gk_case_personal', 'gk_event_personal']) t;

-- Members: one sees oneself; a member admin sees the members whose agencies are all in its scope
-- (those it manages); the administrator sees everyone.
create function gk_member_manageable(p_login text) returns boolean language sql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
  select gk_caller_is_admin()
      or (gk_caller_role() = 'admin'
          and not exists (select 1 from gk_member_agency ma
                          where ma.login = p_login and ma.agency_id <> all (gk_my_agencies())))
$$;
select gk_enable_rls('gk_member', 'current_user in (''gongkai_owner'', ''gongkai_admin'') or login = gk_caller() or gk_member_manageable(login)');
select gk_enable_rls('gk_member_agency', 'current_user in (''gongkai_owner'', ''gongkai_admin'') or login = gk_caller() or gk_member_manageable(login)');
select gk_enable_rls('gk_access_log',
  'current_user in (''gongkai_owner'', ''gongkai_admin'') or ((select gk_caller_role()) = ''admin'' and agency_id = any ((select gk_my_agencies())::integer[]))');
drop function gk_enable_rls(regclass, text);

-- ---------------------------------------------------------------------------------------------
-- The checks every writing function starts with.
create function gk_require_member() returns void language plpgsql stable as $$
begin
  if not gk_caller_is_admin() and gk_caller_role() is null then
    raise exception 'role % is not an enabled member of this gongkai database', gk_caller()
      using errcode = 'GK403';
  end if;
end $$;

-- The agency, if the caller's scope holds it (else "not found", as if it did not exist), and the
-- caller's role is one of p_roles (the administrator may do everything).
create function gk_agency_for(p_code text, p_roles text[], p_what text) returns gk_agency language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  a gk_agency;
begin
  perform gk_require_member();
  select * into a from gk_agency where code = p_code;
  if not found or not (gk_caller_is_admin() or a.id = any (gk_my_agencies())) then
    raise exception 'no agency ''%''', p_code using errcode = 'GK404';
  end if;
  if not gk_caller_is_admin() and not (gk_caller_role() = any (p_roles)) then
    raise exception 'a % may not %', gk_caller_role(), p_what using errcode = 'GK403';
  end if;
  return a;
end $$;

create function gk_case_for(p_case_no text, p_roles text[], p_what text) returns gk_case language plpgsql stable
security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  c gk_case;
begin
  perform gk_require_member();
  select * into c from gk_case where case_no = p_case_no;
  if not found or not (gk_caller_is_admin() or c.agency_id = any (gk_my_agencies())) then
    raise exception 'no case ''%''', p_case_no using errcode = 'GK404';
  end if;
  if not gk_caller_is_admin() and not (gk_caller_role() = any (p_roles)) then
    raise exception 'a % may not %', gk_caller_role(), p_what using errcode = 'GK403';
  end if;
  return c;
end $$;

-- The actor an event records: a member is always itself; the administrator names one (bulk and
-- test use), by default its own role.
create function gk_actor(p_actor text) returns text language plpgsql stable as $$
begin
  if gk_caller_is_admin() then
    return coalesce(nullif(p_actor, ''), gk_caller());
  end if;
  if p_actor is not null and p_actor <> gk_caller() then
    raise exception 'members act as themselves: % may not record events as someone else', gk_caller()
      using errcode = 'GK403';
  end if;
  return gk_caller();
end $$;

-- Writers computed their due dates on calendar version p_version: is it still the one in force?
-- The shared lock keeps a calendar change out until this transaction ends.
create function gk_calendar_check(p_version bigint) returns void language plpgsql
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform pg_advisory_xact_lock_shared(4711002);
  if p_version is distinct from (select version from gk_calendar_state) then
    raise exception 'the calendar changed (version % is no longer in force)', p_version using errcode = 'GKCAL';
  end if;
end $$;

-- A date something happened on cannot be after today (one day's grace for time zones), except in
-- a training database, where GONGKAI_TODAY may fix today.
create function gk_check_on(p_on date) returns void language plpgsql stable as $$
begin
  if p_on > current_date + 1 and not gk_training() then
    raise exception 'date % is in the future', p_on using errcode = 'GK400';
  end if;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Who am I: one round trip at the start of every command.
create function gk_whoami() returns table (login text, name text, role text, member boolean, admin boolean,
                                            disabled boolean, agencies text[], training boolean,
                                            calendar_version bigint)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
  select gk_caller(), m.name,
         case when gk_caller_is_admin() then 'admin' else m.role end,
         m.login is not null, gk_caller_is_admin(), coalesce(m.disabled, false),
         coalesce((select array_agg(a.code order by a.code) from gk_member_agency ma
                   join gk_agency a on a.id = ma.agency_id where ma.login = m.login), '{}'),
         gk_training(), (select version from gk_calendar_state)
  from (select 1) one
  left join gk_member m on m.login = gk_caller()
$$;

-- ---------------------------------------------------------------------------------------------
-- Receiving a case: numbered, its row, its personal data and its `received` event, at once.
-- p_row: the case row as the machine projects it (workflows/case_row.h), personal columns
-- included; p_details / p_personal: the receipt's details without, and only, the personal data.
create function gk_receive(p_agency text, p_actor text, p_details jsonb, p_personal jsonb, p_row jsonb,
                           p_calendar bigint)
returns table (case_no text, recorded_at timestamptz)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp
set plan_cache_mode = force_generic_plan as $$
declare
  a gk_agency;
  r gk_case;
  v_actor text;
  v_year int;
  v_seq int;
begin
  a := gk_agency_for(p_agency, array['registrar', 'admin'], 'receive applications');
  v_actor := gk_actor(p_actor);
  perform gk_calendar_check(p_calendar);
  r := jsonb_populate_record(null::gk_case, p_row);
  perform gk_check_on(r.received_on);
  if coalesce(p_personal ->> 'applicant', '') = '' or r.event_count is distinct from 1 then
    raise exception 'a new case needs its applicant and exactly its receipt' using errcode = 'GK400';
  end if;
  if r.letter_ref is not null
     and exists (select 1 from gk_case c where c.agency_id = a.id and c.letter_ref = r.letter_ref) then
    raise exception 'letter ref ''%'' is already registered at agency %', r.letter_ref, a.code using errcode = 'GK400';
  end if;
  v_year := extract(year from r.received_on);
  insert into gk_case_counter as k (agency_id, year, last_seq) values (a.id, v_year, 1)
  on conflict (agency_id, year) do update set last_seq = k.last_seq + 1
  returning k.last_seq into v_seq;
  r.id := nextval(pg_get_serial_sequence('gk_case', 'id'));
  r.case_no := a.code || '-' || v_year || '-' || lpad(v_seq::text, greatest(4, length(v_seq::text)), '0');
  r.agency_id := a.id;
  r.applicant_masked := gk_mask(p_personal ->> 'applicant');
  r.contact_masked := gk_mask(p_personal ->> 'contact');
  r.updated_at := now();
  insert into gk_case select r.*;
  insert into gk_case_personal values (r.id, a.id, p_personal ->> 'applicant', p_personal ->> 'contact');
  insert into gk_event_personal (case_id, seq, agency_id, data) values (r.id, 1, a.id, p_personal);
  insert into gk_event (case_id, seq, kind, occurred_on, actor, details, personal_masked)
  values (r.id, 1, 'received', r.received_on, v_actor, p_details, gk_mask_personal(p_personal))
  returning gk_event.recorded_at into recorded_at;
  case_no := r.case_no;
  return next;
end $$;

-- Appending an event: checked by the caller's rules engine, guarded against a concurrent writer
-- (the case must still have p_seq - 1 events), the case row rewritten from the new projection.
create function gk_append(p_case_no text, p_seq int, p_kind text, p_on date, p_actor text, p_details jsonb,
                          p_personal jsonb, p_row jsonb, p_calendar bigint)
returns timestamptz
language plpgsql security definer set search_path = pg_catalog, public, pg_temp
set plan_cache_mode = force_generic_plan as $$
declare
  c gk_case;
  r gk_case;
  v_actor text;
  v_at timestamptz;
begin
  c := gk_case_for(p_case_no, array['registrar', 'handler', 'admin'], 'record events on a case');
  v_actor := gk_actor(p_actor);
  perform gk_calendar_check(p_calendar);
  perform gk_check_on(p_on);
  if p_kind = 'received' or p_seq < 2 or p_on < c.last_event_on then
    raise exception 'an event after the receipt, not before the case''s previous event (%)', c.last_event_on
      using errcode = 'GK400';
  end if;
  r := jsonb_populate_record(null::gk_case, p_row);
  if r.event_count is distinct from p_seq then
    raise exception 'the new case row says % event(s), the event is number %', r.event_count, p_seq
      using errcode = 'GK400';
  end if;
  update gk_case set
    state = r.state, appeal_state = r.appeal_state, is_open = r.is_open, due_on = r.due_on,
    due_provisional = r.due_provisional, final_due_on = r.final_due_on, outcome = r.outcome,
    answered_on = r.answered_on, closed_on = r.closed_on, closed_kind = r.closed_kind,
    correction_notice_on = r.correction_notice_on, late_correction_notice = r.late_correction_notice,
    pause_kind = r.pause_kind, pause_lapses_on = r.pause_lapses_on,
    reconsideration_filed_on = r.reconsideration_filed_on, reconsideration_result = r.reconsideration_result,
    reconsideration_decided_on = r.reconsideration_decided_on, litigation_filed_on = r.litigation_filed_on,
    litigation_direct = r.litigation_direct, litigation_result = r.litigation_result,
    litigation_decided_on = r.litigation_decided_on, last_event_on = r.last_event_on,
    event_count = r.event_count, updated_at = now()
  where id = c.id and event_count = p_seq - 1;
  if not found then
    raise exception 'case % changed while this command ran (another user recorded an event); nothing was written: look at it again and retry', p_case_no
      using errcode = 'GK409';
  end if;
  if p_personal is not null then
    insert into gk_event_personal (case_id, seq, agency_id, data) values (c.id, p_seq, c.agency_id, p_personal);
  end if;
  insert into gk_event (case_id, seq, kind, occurred_on, actor, details, personal_masked)
  values (c.id, p_seq, p_kind, p_on, v_actor, p_details, gk_mask_personal(p_personal))
  returning recorded_at into v_at;
  return v_at;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Agencies: a member admin adds agencies under its scope; a top-level agency is the
-- administrator's to add.
create function gk_agency_add(p_code text, p_name text, p_kind text, p_parent text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  parent gk_agency;
begin
  perform gk_require_member();
  if not gk_caller_is_admin() and gk_caller_role() <> 'admin' then
    raise exception 'a % may not add agencies (an admin does)', gk_caller_role() using errcode = 'GK403';
  end if;
  if p_parent is null then
    if not gk_caller_is_admin() then
      raise exception 'only the installation''s administrator adds a top-level agency; give its parent'
        using errcode = 'GK403';
    end if;
  else
    parent := gk_agency_for(p_parent, array['admin'], 'add agencies');
  end if;
  -- Codes are the installation's names for its agencies (case numbers begin with them), unique
  -- across it: a taken code is refused whoever holds it.
  if exists (select 1 from gk_agency where code = p_code) then
    raise exception 'agency code ''%'' is already taken in this installation', p_code using errcode = 'GK400';
  end if;
  insert into gk_agency (code, name, kind, parent_id) values (p_code, p_name, p_kind, parent.id);
end $$;

-- ---------------------------------------------------------------------------------------------
-- Members. Each is a PostgreSQL role of its own (able to log in with p_db_login), in group
-- gongkai_member (what members may read and call), and granted to gongkai_web (which may act as
-- it with SET ROLE, and as nothing else). gongkai_owner, which runs this, has CREATEROLE. A role
-- of that name that is already a gongkai member (of another gongkai database on this server) is
-- taken over; any other role of that name is refused.
create function gk_member_add(p_login text, p_name text, p_role text, p_agencies text[], p_db_login boolean,
                              p_password_hash text) returns boolean
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  code text;
  ids integer[] := '{}';
  existing boolean := false;
begin
  perform gk_require_member();
  if not gk_caller_is_admin() and gk_caller_role() <> 'admin' then
    raise exception 'a % may not add members (an admin does)', gk_caller_role() using errcode = 'GK403';
  end if;
  if p_login is null or p_login !~ '^[a-z][a-z0-9_]{0,30}$' then
    raise exception 'login ''%'' must be a lower-case letter, then up to 30 of a-z, 0-9 and _', p_login
      using errcode = 'GK400';
  end if;
  if p_login like 'gongkai%' or p_login like 'pg\_%' then
    raise exception 'login ''%'' is reserved', p_login using errcode = 'GK400';
  end if;
  if p_role not in ('registrar', 'handler', 'supervisor', 'statistician', 'admin') then
    raise exception 'role ''%'' is not one of registrar, handler, supervisor, statistician, admin', p_role
      using errcode = 'GK400';
  end if;
  if coalesce(cardinality(p_agencies), 0) = 0 then
    raise exception 'a member needs at least one agency' using errcode = 'GK400';
  end if;
  foreach code in array p_agencies loop
    ids := ids || (gk_agency_for(code, array['admin'], 'add members')).id;
  end loop;
  if exists (select 1 from gk_member where login = p_login) then
    raise exception 'member ''%'' exists already (members are disabled, never removed)', p_login
      using errcode = 'GK400';
  end if;
  existing := exists (select 1 from pg_roles where rolname = p_login);
  if existing then
    if not pg_has_role(p_login, 'gongkai_member', 'MEMBER')
       or exists (select 1 from pg_roles where rolname = p_login and (rolsuper or rolcreaterole or rolcreatedb or rolbypassrls)) then
      raise exception 'a database role named ''%'' exists already on this server and is not a gongkai member; choose another login', p_login
        using errcode = 'GK400';
    end if;
  else
    execute format('create role %I nologin inherit', p_login);
    execute format('grant gongkai_member to %I', p_login);
    execute format('grant %I to gongkai_web', p_login);
  end if;
  if p_db_login then
    execute format('alter role %I login', p_login);
  end if;
  insert into gk_member (login, name, role, db_login, password_hash, password_set_at, created_by)
  values (p_login, p_name, p_role, p_db_login, p_password_hash,
          case when p_password_hash is not null then now() end, gk_caller());
  insert into gk_member_agency (login, agency_id) select p_login, unnest(ids);
  insert into gk_access_log (login, action, detail) values (gk_caller(), 'member-add', p_login || ' ' || p_role);
  return existing;
end $$;

create function gk_member_disable(p_login text) returns boolean
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
  execute format('alter role %I nologin', p_login);
  insert into gk_access_log (login, action, detail) values (gk_caller(), 'member-disable', p_login);
  return true;
end $$;

create function gk_member_set_password(p_login text, p_hash text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_member();
  if not exists (select 1 from gk_member where login = p_login)
     or not (p_login = gk_caller() or gk_member_manageable(p_login)) then
    raise exception 'no member ''%''', p_login using errcode = 'GK404';
  end if;
  if (select disabled from gk_member where login = p_login) then
    raise exception 'member ''%'' is disabled', p_login using errcode = 'GK422';
  end if;
  update gk_member set password_hash = p_hash, password_set_at = now() where login = p_login;
  insert into gk_access_log (login, action, detail) values (gk_caller(), 'member-password', p_login);
end $$;

-- ---------------------------------------------------------------------------------------------
-- Hand-entered figures and baselines: statisticians and admins of the agency.
create function gk_figures_set(p_kind text, p_agency text, p_year int, p_values jsonb) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  a gk_agency;
begin
  a := gk_agency_for(p_agency, array['statistician', 'admin'], 'enter report figures');
  if p_kind = 'figure' then
    insert into gk_figure (agency_id, year, key, value)
    select a.id, p_year, k, v::bigint from jsonb_each_text(p_values) as x(k, v)
    on conflict (agency_id, year, key) do update set value = excluded.value;
  elsif p_kind = 'baseline' then
    insert into gk_baseline (agency_id, before_year, key, value)
    select a.id, p_year, k, v::bigint from jsonb_each_text(p_values) as x(k, v)
    on conflict (agency_id, before_year, key) do update set value = excluded.value;
  else
    raise exception 'unknown kind of figure %', p_kind using errcode = 'GK400';
  end if;
end $$;

-- ---------------------------------------------------------------------------------------------
-- The calendar is the installation's: changing it recomputes every agency's due dates, so it is
-- for administrators of every agency. gk_calendar_begin takes the calendar exclusively for the
-- transaction (with p_wait false it returns null at once when writers hold it); storing a year
-- bumps its version. Writers hold it shared while they write (gk_calendar_check), so none computes
-- on a calendar being replaced, and none waits longer than one write.
create function gk_require_admin_of_all(what text) returns void language plpgsql stable as $$
begin
  perform gk_require_member();
  if not gk_caller_admin_of_all() then
    raise exception '% concerns every agency: it needs an administrator of them all', what using errcode = 'GK403';
  end if;
end $$;

create function gk_calendar_begin(p_wait boolean) returns bigint
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  v bigint;
begin
  perform gk_require_admin_of_all('changing the calendar');
  if p_wait then
    perform pg_advisory_xact_lock(4711002);
  elsif not pg_try_advisory_xact_lock(4711002) then
    return null;
  end if;
  return (select version from gk_calendar_state);
end $$;

create function gk_calendar_store_year(p_year int, p_source text, p_days jsonb) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_admin_of_all('changing the calendar');
  if not pg_try_advisory_xact_lock(4711002) then
    raise exception 'take the calendar with gk_calendar_begin first' using errcode = 'GK409';
  end if;
  update gk_calendar_state set version = version + 1;
  delete from gk_calendar_year where year = p_year;  -- its days cascade
  insert into gk_calendar_year (year, source) values (p_year, p_source);
  insert into gk_calendar_day (year, day, off, name)
  select p_year, d.day, d.off, coalesce(d.name, '')
  from jsonb_to_recordset(p_days) as d(day date, off boolean, name text);
end $$;

-- Rewrites the deadline columns of the cases recomputed with a new calendar, from one JSON array
-- of {case_no, event_count, due_on, due_provisional, final_due_on, pause_lapses_on,
-- late_correction_notice}; a row whose event_count is not the one replayed is left alone (the
-- caller compares the case numbers returned with those sent).
create function gk_calendar_rewrite(p_rows jsonb) returns setof text
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_admin_of_all('changing the calendar');
  return query
  update gk_case c set
    due_on = u.due_on, due_provisional = u.due_provisional, final_due_on = u.final_due_on,
    pause_lapses_on = u.pause_lapses_on, late_correction_notice = u.late_correction_notice,
    updated_at = now()
  from jsonb_to_recordset(p_rows) as u(case_no text, event_count int, due_on date,
                                       due_provisional boolean, final_due_on date,
                                       pause_lapses_on date, late_correction_notice boolean)
  where c.case_no = u.case_no and c.event_count = u.event_count
  returning c.case_no;
end $$;

-- Rebuilding the report counts (verify --repair-tallies) concerns every agency's counts: the
-- recount itself is migration 004's, renamed, which only its owner may run.
alter function gk_tally_rebuild() rename to gk_tally_recount;
create function gk_tally_rebuild() returns void language plpgsql
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_admin_of_all('rebuilding the report counts');
  perform gk_tally_recount();
end $$;

-- The access log's one outside writer (exports with personal data): admins, about a scope they
-- hold.
create function gk_log_access(p_action text, p_agency text, p_year int, p_detail text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  a gk_agency;
begin
  perform gk_require_member();
  if p_agency is not null then
    a := gk_agency_for(p_agency, array['admin'], 'export personal data');
  elsif not gk_caller_is_admin() and gk_caller_role() is distinct from 'admin' then
    raise exception 'a % may not export personal data (an admin does)', gk_caller_role() using errcode = 'GK403';
  end if;
  -- Without an agency: everything the caller sees (a member admin's scope, named in the detail).
  insert into gk_access_log (login, action, agency_id, year, detail)
  values (gk_caller(), p_action, a.id, p_year,
          concat_ws(' ', nullif(p_detail, ''),
                    case when p_agency is null and not gk_caller_is_admin()
                         then 'scope: ' || (select string_agg(ag.code, ',' order by ag.code) from gk_member_agency ma
                                            join gk_agency ag on ag.id = ma.agency_id where ma.login = gk_caller()) end));
end $$;

-- Training databases: GONGKAI_TODAY may fix any date as today (tests, training courses).
create function gk_set_training(p_on boolean) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_admin_of_all('making a training database');
  insert into gk_setting values ('training', case when p_on then 'on' else 'off' end)
  on conflict (key) do update set value = excluded.value;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Bulk import (db/csv_import.cpp): the caller checks every row through the state machine and
-- stages the cases in temporary tables of its one transaction; gk_import_write writes them. The
-- staging tables are made here, owned by gongkai_owner and lent to the caller, so that the write
-- can read them while the caller writes nothing else.
create function gk_import_begin() returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_member();
  if not gk_caller_is_admin() and gk_caller_role() <> 'admin' then
    raise exception 'a % may not import (an admin does)', gk_caller_role() using errcode = 'GK403';
  end if;
  -- Every case of the file as the check pass leaves it: what it is, the facts of its receipt, its
  -- history in compact form (to take it back and go on checking), the events the import adds,
  -- and its new case-row projection. Dropped with the transaction.
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
    -- fresh: the id it will have, drawn as the row arrives (a dry run or a failed import leaves a
    -- gap in the ids, as a failed `receive` does)
    new_id bigint not null default nextval(pg_get_serial_sequence('gk_case', 'id')),
    base_count integer not null,  -- existing: the stored event count the import checked against
    version text,  -- existing: gk_case.updated_at as read (with base_count, the write's guard)
    channel text, applicant_type text, applicant text, subject text, letter_ref text, contact text,
    history bigint[] not null,  -- compact events: days · 65536 + kind · 256 + option
    -- the events the import adds (dates as days since 1970-01-01; recorded_at as given by the
    -- file, null = now); a new case's receipt has NULL details (its facts are the columns above)
    ev_kind text[] not null, ev_on integer[] not null, ev_actor text[] not null, ev_details text[] not null,
    ev_recorded_at text[],
    ev_salt text[],  -- the salt of an event's personal data, hex, as an export with it gives it (null: new)
    state text, appeal_state text, is_open boolean, due_on date, due_provisional boolean,
    final_due_on date, outcome text, answered_on date, closed_on date, closed_kind text,
    correction_notice_on date, late_correction_notice boolean, pause_kind text, pause_lapses_on date,
    reconsideration_filed_on date, reconsideration_result text, reconsideration_decided_on date,
    litigation_filed_on date, litigation_direct boolean, litigation_result text,
    litigation_decided_on date, last_event_on date, event_count integer
  ) on commit drop;
  -- Per agency and year, the counter's value before this import's new numbers.
  create temp table gk_import_base (agency_id integer, year integer, base integer) on commit drop;
  execute format('grant select, insert, update, delete on pg_temp.gk_import_case to %I', gk_caller());
  execute format('grant select on pg_temp.gk_import_base to %I', gk_caller());
end $$;

-- The staging table's look-up indexes, made when the check pass first needs them (a file whose
-- cases come one after the other never does).
create function gk_import_index(p_column text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  if p_column = 'ref' then
    create index if not exists gk_import_case_ref on pg_temp.gk_import_case using hash (ref);
  elsif p_column = 'letter_ref' then
    create index if not exists gk_import_case_letter_ref on pg_temp.gk_import_case using hash (letter_ref);
  else
    raise exception 'no index on %', p_column using errcode = 'GK400';
  end if;
end $$;

-- Writes what gk_import_case holds: existing case rows (each only if it is still the row the
-- import checked against), counters advanced, the new case rows with their personal data, then
-- every event, chained. Returns how many existing cases were rewritten and events written; the
-- caller compares them with what it checked.
create function gk_import_write(p_calendar bigint, out existing_rewritten bigint, out events_written bigint)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  bad record;
begin
  perform gk_require_member();
  if not gk_caller_is_admin() and gk_caller_role() <> 'admin' then
    raise exception 'a % may not import (an admin does)', gk_caller_role() using errcode = 'GK403';
  end if;
  if not gk_caller_is_admin() then
    select t.first_row, a.code into bad from pg_temp.gk_import_case t join gk_agency a on a.id = t.agency_id
    where t.kind <> 'unknown' and t.agency_id <> all (gk_my_agencies()) order by t.first_row limit 1;
    if found then
      raise exception 'row %: no agency ''%''', bad.first_row, bad.code using errcode = 'GK404';
    end if;
    -- The staging rows are the caller's to fill: an existing case must really be in its scope.
    select t.first_row, t.ref into bad from pg_temp.gk_import_case t join gk_case c on c.id = t.id
    where t.kind = 'existing' and c.agency_id <> all (gk_my_agencies()) order by t.first_row limit 1;
    if found then
      raise exception 'row %: no case ''%''', bad.first_row, bad.ref using errcode = 'GK404';
    end if;
    -- A member's import records the member, now, as the maker of every event it adds.
    select t.first_row into bad from pg_temp.gk_import_case t
    where exists (select 1 from unnest(t.ev_actor) a where a <> gk_caller())
       or exists (select 1 from unnest(t.ev_recorded_at) r where r is not null)
    order by t.first_row limit 1;
    if found then
      raise exception 'row % and others name actors or recorded_at times: a member''s import records the member itself, now (only the installation''s administrator keeps them)', bad.first_row
        using errcode = 'GK403';
    end if;
  end if;
  perform gk_calendar_check(p_calendar);
  -- A kept number is the one `receive` would give in its agency and year (from an export).
  select t.first_row, t.ref into bad from pg_temp.gk_import_case t join gk_agency a on a.id = t.agency_id
  where t.kind = 'fresh' and t.kept_number
    and t.ref !~ ('^' || a.code || '-' || extract(year from t.received_on)::int || '-[0-9]{4,}$')
  order by t.first_row limit 1;
  if found then
    raise exception 'row %: case number ''%'' is not one of its agency and year', bad.first_row, bad.ref
      using errcode = 'GK400';
  end if;
  if not gk_training() and exists (select 1 from pg_temp.gk_import_case t, unnest(t.ev_on) d
                                   where date '1970-01-01' + d > current_date + 1) then
    raise exception 'an event of the file is dated in the future' using errcode = 'GK400';
  end if;

  update gk_case c set
    state = t.state, appeal_state = t.appeal_state, is_open = t.is_open, due_on = t.due_on,
    due_provisional = t.due_provisional, final_due_on = t.final_due_on, outcome = t.outcome,
    answered_on = t.answered_on, closed_on = t.closed_on, closed_kind = t.closed_kind,
    correction_notice_on = t.correction_notice_on, late_correction_notice = t.late_correction_notice,
    pause_kind = t.pause_kind, pause_lapses_on = t.pause_lapses_on,
    reconsideration_filed_on = t.reconsideration_filed_on, reconsideration_result = t.reconsideration_result,
    reconsideration_decided_on = t.reconsideration_decided_on, litigation_filed_on = t.litigation_filed_on,
    litigation_direct = t.litigation_direct, litigation_result = t.litigation_result,
    litigation_decided_on = t.litigation_decided_on, last_event_on = t.last_event_on,
    event_count = t.event_count, updated_at = now()
  from pg_temp.gk_import_case t
  where t.kind = 'existing' and c.id = t.id and c.event_count = t.base_count
    and c.updated_at = t.version::timestamptz;
  get diagnostics existing_rewritten = row_count;
  declare
    expected bigint := (select count(*) from pg_temp.gk_import_case where kind = 'existing');
  begin
    if existing_rewritten <> expected then
      raise exception '% of the % existing case(s) in the file changed while the import ran (another user was writing); nothing was imported: check and retry',
        expected - existing_rewritten, expected using errcode = 'GK409';
    end if;
  end;

  if exists (select 1 from pg_temp.gk_import_case where kind = 'fresh') then
    -- Each (agency, year) numbered in gets its counter row; the counters are locked in one order
    -- (two imports wait for each other instead of deadlocking) and moved past the highest number
    -- kept (k) and on by the numbers given out (g): the new cases get base + 1 … base + g.
    insert into gk_case_counter (agency_id, year, last_seq)
    select distinct agency_id, extract(year from received_on)::int, 0
    from pg_temp.gk_import_case where kind = 'fresh'
    on conflict (agency_id, year) do nothing;
    perform 1 from gk_case_counter c
    where (c.agency_id, c.year) in
          (select agency_id, extract(year from received_on)::int from pg_temp.gk_import_case where kind = 'fresh')
    order by c.agency_id, c.year
    for update of c;
    with t as (
      select agency_id as a, extract(year from received_on)::int as y,
             count(*) filter (where not kept_number) as g,
             coalesce(max(number) filter (where kept_number), 0) as k
      from pg_temp.gk_import_case where kind = 'fresh'
      group by 1, 2
    ), moved as (
      update gk_case_counter c set last_seq = greatest(c.last_seq, t.k) + t.g
      from t
      where c.agency_id = t.a and c.year = t.y
      returning c.agency_id, c.year, c.last_seq - t.g as base
    )
    insert into pg_temp.gk_import_base (agency_id, year, base) select agency_id, year, base from moved;

    insert into gk_case (id, case_no, agency_id, regime, received_on, channel, applicant_type, applicant_masked,
      subject, letter_ref, contact_masked, state, appeal_state, is_open, due_on, due_provisional, final_due_on,
      outcome, answered_on, closed_on, closed_kind, correction_notice_on, late_correction_notice, pause_kind,
      pause_lapses_on, reconsideration_filed_on, reconsideration_result, reconsideration_decided_on,
      litigation_filed_on, litigation_direct, litigation_result, litigation_decided_on, last_event_on, event_count)
    select t.new_id,
      case when t.kept_number then t.ref
           else a.code || '-' || b.year || '-' || lpad((b.base + t.number)::text, greatest(4, length((b.base + t.number)::text)), '0') end,
      t.agency_id, t.regime, t.received_on, t.channel, t.applicant_type, gk_mask(t.applicant), t.subject,
      t.letter_ref, gk_mask(t.contact), t.state, t.appeal_state, t.is_open, t.due_on, t.due_provisional,
      t.final_due_on, t.outcome, t.answered_on, t.closed_on, t.closed_kind, t.correction_notice_on,
      t.late_correction_notice, t.pause_kind, t.pause_lapses_on, t.reconsideration_filed_on,
      t.reconsideration_result, t.reconsideration_decided_on, t.litigation_filed_on, t.litigation_direct,
      t.litigation_result, t.litigation_decided_on, t.last_event_on, t.event_count
    from pg_temp.gk_import_case t
    join pg_temp.gk_import_base b on b.agency_id = t.agency_id and b.year = extract(year from t.received_on)::int
    join gk_agency a on a.id = t.agency_id
    where t.kind = 'fresh';
    insert into gk_case_personal (case_id, agency_id, applicant, contact)
    select t.new_id, t.agency_id, t.applicant, t.contact from pg_temp.gk_import_case t where t.kind = 'fresh';
  end if;

  -- The events, new cases' and existing ones': the k-th added event of a case gets seq = (events
  -- stored before) + k. A new case's receipt comes with no details: they are its facts, as
  -- facts_to_details (workflows/disclosure_case.cpp) writes them, the personal ones apart.
  create temp table gk_import_event on commit drop as
  select c.id as case_id, t.agency_id, (t.base_count + e.k)::int as seq, e.kind,
         date '1970-01-01' + e.occurred_on as occurred_on, e.actor,
         coalesce(nullif(e.recorded_at, '')::timestamptz, now()) as recorded_at,
         case when e.details is null
              then jsonb_build_object('agency', a.code, 'regime', t.regime, 'channel', t.channel,
                                      'applicant_type', t.applicant_type)
                   || jsonb_strip_nulls(jsonb_build_object('subject', t.subject, 'letter_ref', t.letter_ref))
              else e.details::jsonb end as details,
         case when e.details is null
              then jsonb_strip_nulls(jsonb_build_object('applicant', t.applicant, 'contact', t.contact)) end as personal,
         coalesce(decode(nullif(e.salt, ''), 'hex'), uuid_send(gen_random_uuid())) as salt,
         case when t.kind = 'fresh' then gk_chain_genesis(c.case_no)
              else (select s.hash from gk_event s where s.case_id = t.id and s.seq = t.base_count) end as start
  from pg_temp.gk_import_case t
  join gk_case c on c.id = case when t.kind = 'fresh' then t.new_id else t.id end
  join gk_agency a on a.id = t.agency_id
  cross join lateral unnest(t.ev_kind, t.ev_on, t.ev_actor, t.ev_details,
                            coalesce(t.ev_recorded_at, array_fill(null::text, array[cardinality(t.ev_kind)])),
                            coalesce(t.ev_salt, array_fill(null::text, array[cardinality(t.ev_kind)])))
    with ordinality as e(kind, occurred_on, actor, details, recorded_at, salt, k)
  where t.kind <> 'unknown';

  insert into gk_event_personal (case_id, seq, agency_id, data, salt)
  select case_id, seq, agency_id, personal, salt from pg_temp.gk_import_event where personal is not null;
  insert into gk_event (case_id, seq, kind, occurred_on, actor, recorded_at, details, personal_masked, hash)
  select case_id, seq, kind, occurred_on, actor, recorded_at, details, gk_mask_personal(personal),
         gk_chain(start, gk_event_content(seq, kind, occurred_on, actor, recorded_at, details, personal, salt))
           over (partition by case_id order by seq)
  from pg_temp.gk_import_event;
  get diagnostics events_written = row_count;
  drop table pg_temp.gk_import_event;
  insert into gk_access_log (login, action, detail)
  values (gk_caller(), 'import', format('%s event(s), %s existing case(s) rewritten', events_written, existing_rewritten));
end $$;
