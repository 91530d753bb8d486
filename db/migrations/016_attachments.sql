-- gongkai schema, version 16: a case's paper — the incoming letter, the reply, delivery receipts —
-- kept with the case in PostgreSQL. Insert-only like the history: a file is never replaced; a
-- newer file of the same name supersedes the older (`supersedes`), and both are kept. Each file
-- carries its size, its SHA-256 (computed here, from the bytes stored) and the type sniffed from
-- its first bytes. Who may see a file is the case's rule: everyone of the scope sees that it is
-- there; its bytes — letters carry names and addresses — only those who may see personal data.
create table gk_attachment (
  id          bigserial primary key,
  case_id     bigint not null references gk_case(id),
  agency_id   integer not null references gk_agency(id),
  file_no     integer not null check (file_no > 0),  -- 1, 2, … within the case: what `file get` names
  name        text not null check (char_length(name) between 1 and 255),
  size        bigint not null check (size between 0 and 26214400),
  sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  type        text not null,
  note        text,
  supersedes  integer,  -- the file_no of the case's earlier file of the same name
  actor       text not null,
  attached_at timestamptz not null default now(),
  unique (case_id, file_no)
);
create index gk_attachment_agency on gk_attachment(agency_id);

create table gk_attachment_data (
  attachment_id bigint primary key references gk_attachment(id),
  agency_id     integer not null references gk_agency(id),
  data          bytea not null
);

do $$
declare
  t text;
begin
  foreach t in array array['gk_attachment', 'gk_attachment_data'] loop
    execute format('create trigger %I before update or delete on %I for each row '
                   'execute function gk_event_is_append_only()', t || '_no_update', t);
    execute format('create trigger %I before truncate on %I for each statement '
                   'execute function gk_event_is_append_only()', t || '_no_truncate', t);
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
  end loop;
end $$;
create policy gk_scope on gk_attachment using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or agency_id in (select unnest((select gk_my_agencies()))));
create policy gk_scope on gk_attachment_data using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or ((select gk_may_see_personal()) and agency_id in (select unnest((select gk_my_agencies())))));

-- Attaches a file to a case: registrars, handlers and admins of its agency. Returns the new
-- file's number, hash, size, the file it supersedes and when it was kept.
create function gk_attachment_add(p_case_no text, p_name text, p_type text, p_note text, p_data bytea, p_actor text)
returns table (file_no integer, sha256 text, size bigint, supersedes integer, attached_at timestamptz)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  c gk_case;
  a gk_attachment;
begin
  c := gk_case_for(p_case_no, array['registrar', 'handler', 'admin'], 'attach files to a case');
  -- One attachment of a case at a time: the numbers follow each other.
  perform pg_advisory_xact_lock(4711016, hashtext(p_case_no));
  insert into gk_attachment (case_id, agency_id, file_no, name, size, sha256, type, note, supersedes, actor)
  values (c.id, c.agency_id,
          coalesce((select max(x.file_no) from gk_attachment x where x.case_id = c.id), 0) + 1,
          p_name, octet_length(p_data), encode(pg_catalog.sha256(p_data), 'hex'), p_type, nullif(p_note, ''),
          (select max(x.file_no) from gk_attachment x where x.case_id = c.id and x.name = p_name),
          gk_actor(p_actor))
  returning * into a;
  insert into gk_attachment_data (attachment_id, agency_id, data) values (a.id, a.agency_id, p_data);
  file_no := a.file_no;
  sha256 := a.sha256;
  size := a.size;
  supersedes := a.supersedes;
  attached_at := a.attached_at;
  return next;
end $$;
