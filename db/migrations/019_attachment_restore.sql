-- gongkai schema, version 19: an export archive's files restored with their cases by `gongkai
-- import FILE.zip` (docs/import-export.md, "Archives"), in the import's one transaction. As
-- gk_attachment_add, but for admins only (who may import) and keeping who attached each file and
-- when: the installation's administrator's import keeps them, as it keeps each event's actor and
-- recorded_at; a member admin's import records the member itself, now, and is refused a file that
-- names another actor or a time, as gk_import_write refuses such events.
create function gk_attachment_restore(p_case_no text, p_name text, p_type text, p_note text, p_data bytea,
                                      p_actor text, p_attached_at timestamptz)
returns table (file_no integer, sha256 text, size bigint, supersedes integer)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
#variable_conflict use_column
declare
  c gk_case;
  a gk_attachment;
begin
  c := gk_case_for(p_case_no, array['admin'], 'import files');
  if not gk_caller_is_admin() and ((p_actor is not null and p_actor <> gk_caller()) or p_attached_at is not null) then
    -- No file name here: it may carry an applicant's name, and the server logs errors.
    raise exception 'the archive names who attached a file of case % and when: a member''s import records the member itself, now (only the installation''s administrator keeps them)', p_case_no
      using errcode = 'GK403';
  end if;
  if p_attached_at > now() + interval '1 day' then
    raise exception 'a file of case % was attached in the future (%)', p_case_no, p_attached_at using errcode = 'GK400';
  end if;
  -- One attachment of a case at a time: the numbers follow each other (as gk_attachment_add).
  perform pg_advisory_xact_lock(4711016, hashtext(p_case_no));
  insert into gk_attachment (case_id, agency_id, file_no, name, size, sha256, type, note, supersedes, actor, attached_at)
  values (c.id, c.agency_id,
          coalesce((select max(x.file_no) from gk_attachment x where x.case_id = c.id), 0) + 1,
          p_name, octet_length(p_data), encode(pg_catalog.sha256(p_data), 'hex'), p_type, nullif(p_note, ''),
          (select max(x.file_no) from gk_attachment x where x.case_id = c.id and x.name = p_name),
          gk_actor(p_actor), coalesce(p_attached_at, now()))
  returning * into a;
  insert into gk_attachment_data (attachment_id, agency_id, data) values (a.id, a.agency_id, p_data);
  file_no := a.file_no;
  sha256 := a.sha256;
  size := a.size;
  supersedes := a.supersedes;
  return next;
end $$;
