-- gongkai schema, version 18: members' e-mail addresses, and who is responsible for a reply — what
-- `gongkai remind` and the home page's 我的待办 read (docs/reminders.md).
--
-- - gk_member.email: where a member's reminders go. Set by admins (gk_member_set_email), read
--   through gk_member_emails() only: seal.sql grants members and the administrator a fixed list of
--   gk_member's columns, and an address is no colleague's business beyond those an admin manages.
-- - gk_remind_responsible(): for cases of the caller's scope, the members responsible for their
--   reply. It reads every member (a handler named in an event, the registrars of an agency),
--   which row-level security would hide from a plain member, so it runs as the owner and checks the
--   caller's scope itself; it answers logins and names only — what the cases' histories show
--   anyway — never an address.

-- A plain address, as app/members.cpp checks it (this is the last word, for any writer): letters,
-- digits and . _ % + - before the @, a domain of dot-separated labels; no spaces, commas or angle
-- brackets, so that it cannot smuggle a second recipient or header into a mail.
create function gk_email_ok(p_email text) returns boolean language sql immutable as $$
  select p_email is null
      or (length(p_email) <= 254
          and p_email ~ '^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$')
$$;

alter table gk_member add column email text check (gk_email_ok(email));
-- A handler is named in an event by login or by name: both found by index.
create index gk_member_name on gk_member(name);

create function gk_member_set_email(p_login text, p_email text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_member();
  if not exists (select 1 from gk_member where login = p_login) or not gk_member_manageable(p_login) then
    raise exception 'no member ''%''', p_login using errcode = 'GK404';
  end if;
  if not gk_email_ok(p_email) then
    raise exception 'email ''%'' is not a plain address like name@example.org', p_email using errcode = 'GK400';
  end if;
  update gk_member set email = p_email where login = p_login;
  insert into gk_access_log (login, action, detail)
  values (gk_caller(), 'member-email', p_login || case when p_email is null then ' cleared' else ' set' end);
end $$;

-- The addresses of the members the caller sees in gk_member: itself; an admin, those it manages;
-- the administrator, everyone.
create function gk_member_emails() returns table (login text, email text)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
  select m.login, m.email from gk_member m
  where gk_caller_is_admin() or m.login = gk_caller() or gk_member_manageable(m.login)
$$;

-- Who is responsible for the reply of each of p_case_nos that the caller's scope holds (others are
-- left out, as if they did not exist), judged on p_on:
--  1. the handler named by the case's latest `reviewed` event up to p_on (its `handler` option),
--     when it is an enabled member whose scope covers the case's agency — by login, else by name
--     (all members of that name);
--  2. else the enabled registrars whose listed agencies cover the case's agency, those listing the
--     nearest one (the agency itself, else its parent, …).
-- One row per case and responsible member; a case nobody is responsible for, one row with a null
-- login (so nothing is dropped). Its subject and letter reference come along: never its applicant.
create function gk_remind_responsible(p_case_nos text[], p_on date)
returns table (case_no text, subject text, letter_ref text, login text, name text)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
  -- Every step is an index look-up per case (its key, its events' (case_id, seq), members by login
  -- or name, the tree by agency), never a scan of cases or events.
  with me as materialized (select gk_caller_is_admin() as admin, gk_my_agencies() as agencies),
  c as materialized (
    select c.id, c.case_no, c.agency_id, c.subject, c.letter_ref,
           (select e.details ->> 'handler' from gk_event e
            where e.case_id = c.id and e.kind = 'reviewed' and e.occurred_on <= p_on
            order by e.seq desc limit 1) as handler
    from gk_case c, me
    where c.case_no = any (p_case_nos) and (me.admin or c.agency_id = any (me.agencies))
  ),
  named as (
    select c.id, c.case_no, c.subject, c.letter_ref, c.agency_id, m.login, m.name, true as by_login
    from c join gk_member m on m.login = c.handler and not m.disabled
    union all
    select c.id, c.case_no, c.subject, c.letter_ref, c.agency_id, m.login, m.name, false
    from c join gk_member m on m.name = c.handler and m.login <> c.handler and not m.disabled
  ),
  handled as (
    select x.id, x.case_no, x.subject, x.letter_ref, x.login, x.name from (
      select n.*, rank() over (partition by n.id order by n.by_login desc) as pick
      from named n
      where exists (select 1 from gk_member_agency ma
                    join gk_agency_closure cl on cl.ancestor_id = ma.agency_id and cl.agency_id = n.agency_id
                    where ma.login = n.login)
    ) x
    where x.pick = 1
  ),
  registrars as (
    select r.id, r.case_no, r.subject, r.letter_ref, r.login, r.name from (
      select c.id, c.case_no, c.subject, c.letter_ref, m.login, m.name,
             rank() over (partition by c.id order by (select count(*) from gk_agency_closure d
                                                      where d.agency_id = ma.agency_id and d.ancestor_id <> 0) desc) as nearness
      from c
      join gk_agency_closure cl on cl.agency_id = c.agency_id and cl.ancestor_id <> 0
      join gk_member_agency ma on ma.agency_id = cl.ancestor_id
      join gk_member m on m.login = ma.login and m.role = 'registrar' and not m.disabled
      where c.id not in (select x.id from handled x)
    ) r
    where r.nearness = 1
  )
  -- Each part carries its case's columns: no join of one part with another, whose sizes the
  -- planner cannot know (an array of case numbers), so that no plan multiplies them.
  select h.case_no, h.subject, h.letter_ref, h.login, h.name from handled h
  union all
  select r.case_no, r.subject, r.letter_ref, r.login, r.name from registrars r
  union all
  select c.case_no, c.subject, c.letter_ref, null, null from c
  where c.id not in (select h.id from handled h) and c.id not in (select r.id from registrars r)
  order by 1, 4
$$;
