-- gongkai schema, version 13: the letters a case needs (补正告知书, 征求第三方意见函, 延期答复告知书,
-- 收费通知书, 答复书), numbered and frozen once issued (docs/notices.md).
--
-- - gk_notice_setting: per agency, what its replies say about remedies (its reconsideration
--   organ, its court, whether reconsideration must come first) and its 文号 prefix. Insert-only:
--   the newest version is in force, and every earlier one stays, so that it can be seen who set
--   which organ when (a letter already issued keeps the text it was issued with in any case).
-- - gk_notice_template: per agency and kind, its own wording, insert-only and versioned like the
--   settings; none = the wording gongkai ships (version 0).
-- - gk_notice_counter: the 文号 counter per agency and year (the counter row is locked while a
--   notice is issued: numbers are consecutive, and a number is never given twice).
-- - gk_notice: one row per issued notice (case, kind, the event it answers to, number, date,
--   actor, template version, content hash) and gk_notice_document its canonical JSON, apart,
--   because the letter carries the applicant's name: it is read only by those who may read
--   personal data (like gk_case_personal). Both insert-only.
-- Every write is a SECURITY DEFINER function checking the caller (migration 005's pattern).

create table gk_notice_setting (
  agency_id             integer not null references gk_agency(id),
  version               integer not null check (version >= 1),
  reconsideration_organ text not null check (length(reconsideration_organ) between 1 and 200),
  court                 text not null check (length(court) between 1 and 200),
  reconsideration_first boolean not null,
  number_prefix         text not null check (length(number_prefix) between 1 and 40),
  set_at                timestamptz not null default now(),
  set_by                text not null,
  primary key (agency_id, version)
);

create table gk_notice_template (
  agency_id integer not null references gk_agency(id),
  kind      text not null check (kind in ('correction', 'third-party', 'extension', 'fee', 'reply')),
  version   integer not null check (version >= 1),
  body      text not null check (length(body) between 1 and 20000),
  set_at    timestamptz not null default now(),
  set_by    text not null,
  primary key (agency_id, kind, version)
);

create table gk_notice_counter (
  agency_id integer not null references gk_agency(id),
  year      integer not null,
  last_no   integer not null check (last_no >= 0),
  primary key (agency_id, year)
);

create table gk_notice (
  id               bigserial primary key,
  case_id          bigint not null references gk_case(id),
  agency_id        integer not null references gk_agency(id),
  kind             text not null check (kind in ('correction', 'third-party', 'extension', 'fee', 'reply')),
  step_seq         integer not null,  -- the event of the case the notice is the letter of
  year             integer not null,
  seq_no           integer not null check (seq_no >= 1),
  number           text not null,
  issued_on        date not null,
  actor            text not null,
  template_version integer not null check (template_version >= 0),  -- 0 = gongkai's shipped wording
  sha256           bytea not null check (length(sha256) = 32),
  recorded_at      timestamptz not null default now(),
  unique (case_id, kind, step_seq),
  unique (agency_id, year, seq_no),
  foreign key (case_id, step_seq) references gk_event(case_id, seq)
);
create index gk_notice_agency on gk_notice(agency_id);

create table gk_notice_document (
  notice_id bigint primary key references gk_notice(id),
  agency_id integer not null references gk_agency(id),
  document  text not null  -- report::document_json, dumped: the text sha256 covers
);

-- Insert-only, as the event table: no UPDATE, DELETE or TRUNCATE, the owner included.
do $$
declare
  t text;
begin
  foreach t in array array['gk_notice', 'gk_notice_document', 'gk_notice_setting', 'gk_notice_template'] loop
    execute format('create trigger %I before update or delete on %I for each row '
                   'execute function gk_event_is_append_only()', t || '_no_update', t);
    execute format('create trigger %I before truncate on %I for each statement '
                   'execute function gk_event_is_append_only()', t || '_no_truncate', t);
  end loop;
end $$;

-- Row-level security, forced, by the agency's scope (migration 007's form); the documents only
-- for those who may read personal data.
do $$
declare
  t text;
begin
  foreach t in array array['gk_notice_setting', 'gk_notice_template', 'gk_notice_counter', 'gk_notice'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy gk_scope on %I using ((select current_user in (''gongkai_owner'', ''gongkai_admin'')) '
                   'or agency_id in (select unnest((select gk_my_agencies()))))', t);
  end loop;
end $$;
alter table gk_notice_document enable row level security;
alter table gk_notice_document force row level security;
create policy gk_scope on gk_notice_document using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or ((select gk_may_see_personal()) and agency_id in (select unnest((select gk_my_agencies())))));

-- The event kind a notice kind is the letter of.
create function gk_notice_step_kind(p_kind text) returns text language sql immutable as $$
  select case p_kind when 'correction' then 'correction-requested' when 'third-party' then 'third-party-consulted'
                     when 'extension' then 'extended' when 'fee' then 'fee-requested' when 'reply' then 'answered' end
$$;

-- An agency's settings: admins of the agency. A new version each time.
create function gk_notice_setting_set(p_agency text, p_organ text, p_court text, p_first boolean, p_prefix text)
returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  a gk_agency;
  v integer;
begin
  a := gk_agency_for(p_agency, array['admin'], 'set an agency''s notice settings');
  if coalesce(btrim(p_organ), '') = '' or coalesce(btrim(p_court), '') = '' or coalesce(btrim(p_prefix), '') = '' then
    raise exception 'the reconsideration organ, the court and the number prefix must not be empty' using errcode = 'GK400';
  end if;
  perform pg_advisory_xact_lock(4711013, a.id);
  v := coalesce((select max(s.version) from gk_notice_setting s where s.agency_id = a.id), 0) + 1;
  insert into gk_notice_setting (agency_id, version, reconsideration_organ, court, reconsideration_first, number_prefix, set_by)
  values (a.id, v, p_organ, p_court, coalesce(p_first, false), p_prefix, gk_caller());
  return v;
end $$;

-- An agency's wording of a kind of notice: admins of the agency. Returns the new version.
create function gk_notice_template_set(p_agency text, p_kind text, p_body text) returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  a gk_agency;
  v integer;
begin
  a := gk_agency_for(p_agency, array['admin'], 'set the wording of notices');
  if gk_notice_step_kind(p_kind) is null then
    raise exception 'no notice kind ''%''', p_kind using errcode = 'GK400';
  end if;
  perform pg_advisory_xact_lock(4711013, a.id);
  v := coalesce((select max(t.version) from gk_notice_template t where t.agency_id = a.id and t.kind = p_kind), 0) + 1;
  insert into gk_notice_template (agency_id, kind, version, body, set_by) values (a.id, p_kind, v, p_body, gk_caller());
  return v;
end $$;

-- The first half of issuing a notice, in the caller's transaction: the notice already issued for
-- this step of the case (existing_id), or the next number of the agency's year, with the
-- counter row locked until the transaction ends (so that numbers are handed out one at a time,
-- in order, and a rolled-back issue gives its number back). The caller composes the letter with
-- that number and stores it with gk_notice_store in the same transaction.
create function gk_notice_begin(p_case_no text, p_kind text, p_step integer)
returns table (existing_id bigint, seq_no integer, number text, issued_on date)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  c gk_case;
  e gk_event;
  s gk_notice_setting;
  y integer;
  n integer;
begin
  c := gk_case_for(p_case_no, array['registrar', 'handler', 'admin'], 'issue notices');
  select * into e from gk_event ev where ev.case_id = c.id and ev.seq = p_step;
  if not found or e.kind is distinct from gk_notice_step_kind(p_kind) then
    raise exception 'case % has no % event number %', p_case_no, coalesce(gk_notice_step_kind(p_kind), p_kind), p_step
      using errcode = 'GK422';
  end if;
  select * into s from gk_notice_setting st where st.agency_id = c.agency_id order by st.version desc limit 1;
  if not found then
    raise exception 'the agency of case % has no notice settings (gongkai agency remedy)', p_case_no using errcode = 'GK422';
  end if;
  y := extract(year from e.occurred_on);
  insert into gk_notice_counter (agency_id, year, last_no) values (c.agency_id, y, 0) on conflict do nothing;
  perform 1 from gk_notice_counter k where k.agency_id = c.agency_id and k.year = y for update;
  -- Read after the lock: a notice another transaction issued for the step meanwhile is seen.
  select n.id, n.seq_no, n.number, n.issued_on into existing_id, seq_no, number, issued_on
  from gk_notice n where n.case_id = c.id and n.kind = p_kind and n.step_seq = p_step;
  if found then
    return next;
    return;
  end if;
  update gk_notice_counter k set last_no = k.last_no + 1 where k.agency_id = c.agency_id and k.year = y
  returning k.last_no into n;
  existing_id := null;
  seq_no := n;
  number := s.number_prefix || '〔' || y || '〕' || n || '号';
  issued_on := e.occurred_on;
  return next;
end $$;

-- The second half: the letter as composed with the number gk_notice_begin gave, frozen. Returns
-- its content hash and when it was recorded.
create function gk_notice_store(p_case_no text, p_kind text, p_step integer, p_seq_no integer, p_actor text,
                                p_template_version integer, p_document text)
returns table (sha256 text, recorded_at timestamptz)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  c gk_case;
  e gk_event;
  s gk_notice_setting;
  y integer;
  v_number text;
  v_id bigint;
  v_actor text;
begin
  c := gk_case_for(p_case_no, array['registrar', 'handler', 'admin'], 'issue notices');
  v_actor := gk_actor(p_actor);
  select * into e from gk_event ev where ev.case_id = c.id and ev.seq = p_step;
  if not found or e.kind is distinct from gk_notice_step_kind(p_kind) then
    raise exception 'case % has no % event number %', p_case_no, coalesce(gk_notice_step_kind(p_kind), p_kind), p_step
      using errcode = 'GK422';
  end if;
  y := extract(year from e.occurred_on);
  -- The number must be the one this transaction took (the counter's newest, locked by it).
  if not exists (select 1 from gk_notice_counter k where k.agency_id = c.agency_id and k.year = y
                 and k.last_no = p_seq_no) then
    raise exception 'notice number % was not taken for this notice (gk_notice_begin first)', p_seq_no using errcode = 'GK409';
  end if;
  select * into s from gk_notice_setting st where st.agency_id = c.agency_id order by st.version desc limit 1;
  v_number := s.number_prefix || '〔' || y || '〕' || p_seq_no || '号';
  if position(v_number in p_document) = 0 then
    raise exception 'the notice does not carry its number %', v_number using errcode = 'GK400';
  end if;
  if p_template_version <> 0 and not exists (select 1 from gk_notice_template t where t.agency_id = c.agency_id
                                               and t.kind = p_kind and t.version = p_template_version) then
    raise exception 'no version % of the % wording', p_template_version, p_kind using errcode = 'GK400';
  end if;
  insert into gk_notice (case_id, agency_id, kind, step_seq, year, seq_no, number, issued_on, actor, template_version,
                         sha256)
  values (c.id, c.agency_id, p_kind, p_step, y, p_seq_no, v_number, e.occurred_on, v_actor, p_template_version,
          pg_catalog.sha256(convert_to(p_document, 'UTF8')))
  returning id, gk_notice.recorded_at into v_id, recorded_at;
  insert into gk_notice_document (notice_id, agency_id, document) values (v_id, c.agency_id, p_document);
  sha256 := encode(pg_catalog.sha256(convert_to(p_document, 'UTF8')), 'hex');
  return next;
end $$;
