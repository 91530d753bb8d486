-- A server's request asks the database once who it acts for, not twice.
--
-- Every request of a logged-in member checked its session (gk_web_session_member, as gongkai_web)
-- and then, acting as the member, asked who that is (gk_whoami): two round trips before the
-- request's own statements, half of those of an event recorded on a cached case. The session
-- check now answers with gk_whoami's columns for the session's member, read by the same definer
-- from the same rows; nothing about what a session may do changes (an ended, idle, expired or
-- disabled member's session answers no row, as it answered null).
create function gk_web_session_whoami(p_token_hash bytea, p_idle interval, p_max interval)
returns table (login text, name text, role text, member boolean, admin boolean, disabled boolean, agencies text[],
               training boolean, calendar_version bigint)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  v_login text := gk_web_session_member(p_token_hash, p_idle, p_max);  -- checks the caller is the server
  m gk_member;
begin
  if v_login is null then
    return;
  end if;
  select * into m from gk_member where gk_member.login = v_login;
  return query
  select v_login, m.name, m.role, true, false, m.disabled,
         coalesce((select array_agg(a.code order by a.code) from gk_member_agency ma
                   join gk_agency a on a.id = ma.agency_id where ma.login = m.login), '{}'),
         coalesce((select s.value = 'on' from gk_setting s where s.key = 'training'), false),
         (select cs.version from gk_calendar_state cs);
end $$;
