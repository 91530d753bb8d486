-- gongkai schema, version 8: the web server's write path made cheaper for the database
-- (docs/performance.md, section 7). Who may do what does not change.
--
-- Measured with track_functions on the benchmark machine, a server recording events on cached
-- cases (app/case_cache.h) spent its database's time per event in:
-- 1. gk_whoami(), which a server calls once per request: a SQL function with SECURITY DEFINER and
--    its own search_path, which PostgreSQL never inlines and so plans again at every call (about
--    half a millisecond, more than the writer function's own statements). As PL/pgSQL its
--    statements are planned once per session. The same columns, from the same rows.
-- 2. gk_append masked personal data it was not given: gk_mask_personal(null), a SQL function with
--    a subquery (never inlined), called and planned at every event, which has none after its
--    receipt. It is called only when there is personal data to mask; the result is the same (null).

create or replace function gk_whoami() returns table (login text, name text, role text, member boolean, admin boolean,
                                                      disabled boolean, agencies text[], training boolean,
                                                      calendar_version bigint)
language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  v_login text := gk_caller();
  v_admin boolean := v_login = 'gongkai_admin';
  m gk_member;
begin
  select * into m from gk_member where gk_member.login = v_login;
  return query
  select v_login, m.name, case when v_admin then 'admin' else m.role end, m.login is not null, v_admin,
         coalesce(m.disabled, false),
         coalesce((select array_agg(a.code order by a.code) from gk_member_agency ma
                   join gk_agency a on a.id = ma.agency_id where ma.login = m.login), '{}'),
         coalesce((select s.value = 'on' from gk_setting s where s.key = 'training'), false),
         (select cs.version from gk_calendar_state cs);
end $$;

-- Appending an event (migration 005), personal data masked only when there is some.
create or replace function gk_append(p_case_no text, p_seq int, p_kind text, p_on date, p_actor text, p_details jsonb,
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
  values (c.id, p_seq, p_kind, p_on, v_actor, p_details,
          case when p_personal is not null then gk_mask_personal(p_personal) end)
  returning recorded_at into v_at;
  return v_at;
end $$;
