-- gongkai schema, version 14: the annual report's own texts (docs/annual-report.md) — the parts
-- of 政府信息公开工作年度报告 the office writes itself: section 1 (一、总体情况 / 一、概述), section 5
-- (存在的主要问题及改进情况) and section 6 (其他需要报告的事项). Each setting is a new version: the
-- newest is in force, older ones are kept with who set them and when (insert-only, like the
-- record). Read under the same forced row-level security as the figures (by the agency's scope);
-- written only through gk_annual_text_set, by statisticians and admins of the agency.
create table gk_annual_text (
  agency_id integer not null references gk_agency(id),
  year      integer not null check (year between 2000 and 2999),
  section   smallint not null check (section in (1, 5, 6)),
  version   integer not null check (version >= 1),
  body      text not null check (body <> ''),
  set_by    text not null,
  set_at    timestamptz not null default now(),
  primary key (agency_id, year, section, version)
);

alter table gk_annual_text enable row level security;
alter table gk_annual_text force row level security;
create policy gk_scope on gk_annual_text
  using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
         or agency_id in (select unnest((select gk_my_agencies()))));

create trigger gk_annual_text_no_update before update or delete on gk_annual_text
  for each row execute function gk_event_is_append_only();
create trigger gk_annual_text_no_truncate before truncate on gk_annual_text
  for each statement execute function gk_event_is_append_only();

-- Sets the text of a section as a new version; returns that version. Versions of one agency,
-- year and section are numbered under a lock, so that two statisticians saving at once both
-- get a version (one after the other) instead of a key conflict.
create function gk_annual_text_set(p_agency text, p_year int, p_section int, p_body text, p_actor text)
returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  a gk_agency;
  v integer;
begin
  a := gk_agency_for(p_agency, array['statistician', 'admin'], 'enter the annual report''s texts');
  if p_section is null or p_section not in (1, 5, 6) then
    raise exception 'section % is not one of 1, 5, 6', p_section using errcode = 'GK400';
  end if;
  if p_year is null or p_year not between 2000 and 2999 then
    raise exception 'year % is out of range', p_year using errcode = 'GK400';
  end if;
  if coalesce(btrim(p_body, E' \t\r\n'), '') = '' then
    raise exception 'the text is empty' using errcode = 'GK400';
  end if;
  perform pg_advisory_xact_lock(4711014, a.id);
  select coalesce(max(t.version), 0) + 1 into v
  from gk_annual_text t where t.agency_id = a.id and t.year = p_year and t.section = p_section;
  insert into gk_annual_text (agency_id, year, section, version, body, set_by)
  values (a.id, p_year, p_section::smallint, v, p_body, gk_actor(p_actor));
  return v;
end $$;
