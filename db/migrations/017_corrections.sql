-- gongkai schema, version 17: corrections. A clerk's typo in a registered fact (the applicant's
-- name, the letter's reference, the receipt date …) is corrected by a `corrected` event, never by
-- an update of the receipt: the history keeps both, and the case row holds what the replay of the
-- whole history says (workflows/correction.h). Moving a case to another agency of the
-- installation (转办) is the same event for the fact `agency`; the case keeps its number.
--
-- A moved case takes its file with it: its events' personal data, its notices and its attachments
-- are read by those who may read the case now, whatever agency they were filed under when they
-- were written. So the policies below follow the case (the form gk_event's policy has had since
-- version 5), and the agency kept on those rows says where a thing was filed, not who reads it.

-- Writes a correction: the case row's corrected facts, then the event and the projection as every
-- event is written (gk_append), in one transaction. p_row is every column of workflows/case_row.h,
-- personal ones included. The caller must be able to record events on the case; a case moves only
-- to an agency in the caller's own scope.
create function gk_correct(p_case_no text, p_seq int, p_on date, p_actor text, p_details jsonb, p_personal jsonb,
                           p_row jsonb, p_calendar bigint)
returns timestamptz
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  c gk_case;
  r gk_case;
  v_at timestamptz;
  v_agency integer;
begin
  c := gk_case_for(p_case_no, array['registrar', 'handler', 'admin'], 'correct a case');
  r := jsonb_populate_record(null::gk_case, p_row);
  select a.id into v_agency from gk_agency a where a.code = p_row ->> 'agency';
  if v_agency is null then
    raise exception 'no agency ''%''', p_row ->> 'agency' using errcode = 'GK404';
  end if;
  if v_agency <> c.agency_id and not (gk_caller_is_admin() or v_agency = any (gk_my_agencies())) then
    raise exception 'agency % is not in your scope: a case moves only to an agency you handle', p_row ->> 'agency'
      using errcode = 'GK403';
  end if;
  if coalesce(p_row ->> 'applicant', '') = '' then
    raise exception 'a case cannot be corrected to have no applicant' using errcode = 'GK400';
  end if;
  update gk_case set
    agency_id = v_agency, regime = r.regime, received_on = r.received_on, channel = r.channel,
    applicant_type = r.applicant_type, subject = r.subject, letter_ref = r.letter_ref,
    applicant_masked = gk_mask(p_row ->> 'applicant'), contact_masked = gk_mask(p_row ->> 'contact')
  where id = c.id and event_count = p_seq - 1;
  if not found then
    raise exception 'case % changed while this command ran (another user recorded an event); nothing was written: look at it again and retry', p_case_no
      using errcode = 'GK409';
  end if;
  update gk_case_personal set agency_id = v_agency, applicant = p_row ->> 'applicant', contact = p_row ->> 'contact'
  where case_id = c.id;
  if v_agency <> c.agency_id then
    -- The legacy table's complaints are counted by the case's agency (gk_tally_complaint_filed):
    -- a moved case takes its complaints along, as the other counts follow its row.
    insert into gk_tally_complaints_delta
    select cl.ancestor_id, gk_tally_year(e.occurred_on), -1
    from gk_event e join gk_agency_closure cl on cl.agency_id = c.agency_id
    where e.case_id = c.id and e.kind = 'complaint-filed'
    union all
    select cl.ancestor_id, gk_tally_year(e.occurred_on), 1
    from gk_event e join gk_agency_closure cl on cl.agency_id = v_agency
    where e.case_id = c.id and e.kind = 'complaint-filed';
  end if;
  -- The event and the projection, with every check an event gets (actor, calendar, dates, the
  -- count); its personal data filed under the case's agency, now the corrected one.
  perform set_config('gongkai.correcting', c.id::text, true);
  v_at := gk_append(p_case_no, p_seq, 'corrected', p_on, p_actor, p_details, p_personal, p_row, p_calendar);
  perform set_config('gongkai.correcting', '', true);
  return v_at;
end $$;

-- A correction goes through gk_correct, which rewrites the facts with the event; gk_append, which
-- writes every other event and leaves the facts alone, may not write one. (A member who sets the
-- flag by hand gets a case whose row disagrees with its history: `verify` names it.)
create function gk_event_corrected_only_by_gk_correct() returns trigger language plpgsql as $$
begin
  if current_setting('gongkai.correcting', true) is distinct from new.case_id::text then
    raise exception 'a correction is written by gk_correct, with the facts it corrects' using errcode = 'GK400';
  end if;
  return new;
end $$;
create trigger gk_event_corrected_only_by_gk_correct before insert on gk_event
  for each row when (new.kind = 'corrected') execute function gk_event_corrected_only_by_gk_correct();

-- The case file follows the case (see above).
drop policy gk_scope on gk_event_personal;
create policy gk_scope on gk_event_personal using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or ((select gk_may_see_personal()) and exists (select 1 from gk_case c where c.id = gk_event_personal.case_id)));
drop policy gk_scope on gk_notice;
create policy gk_scope on gk_notice using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or exists (select 1 from gk_case c where c.id = gk_notice.case_id));
drop policy gk_scope on gk_notice_document;
create policy gk_scope on gk_notice_document using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or ((select gk_may_see_personal()) and exists (select 1 from gk_notice n where n.id = gk_notice_document.notice_id)));
drop policy gk_scope on gk_attachment;
create policy gk_scope on gk_attachment using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or exists (select 1 from gk_case c where c.id = gk_attachment.case_id));
drop policy gk_scope on gk_attachment_data;
create policy gk_scope on gk_attachment_data using ((select current_user in ('gongkai_owner', 'gongkai_admin'))
  or ((select gk_may_see_personal()) and exists (select 1 from gk_attachment a where a.id = gk_attachment_data.attachment_id)));

-- The agency a case had when its event `p_seq` was written: its receipt's, or the last move's
-- before it.
create function gk_case_agency_at(p_case_id bigint, p_seq int) returns text language sql stable as $$
  select coalesce(
    (select e.details ->> 'value' from gk_event e
     where e.case_id = p_case_id and e.seq <= p_seq and e.kind = 'corrected' and e.details ->> 'field' = 'agency'
     order by e.seq desc limit 1),
    (select e.details ->> 'agency' from gk_event e where e.case_id = p_case_id and e.seq = 1))
$$;

-- As version 5's, but an event's personal data is filed under the agency the case had when the
-- event was written (a moved case's earlier events stay where they were filed).
create or replace function gk_personal_breaks() returns table (case_no text, problem text)
language sql stable as $$
  select c.case_no, 'its personal data is filed under another agency than the case' from gk_case c
  join gk_case_personal p on p.case_id = c.id where p.agency_id <> c.agency_id
  union all
  select c.case_no, 'applicant_masked or contact_masked is not the masked applicant or contact' from gk_case c
  join gk_case_personal p on p.case_id = c.id
  where c.applicant_masked is distinct from gk_mask(p.applicant) or c.contact_masked is distinct from gk_mask(p.contact)
  union all
  select c.case_no, 'event ' || e.seq || ': its personal data is filed under another agency than the case had then'
  from gk_event_personal p join gk_case c on c.id = p.case_id join gk_event e on e.case_id = p.case_id and e.seq = p.seq
  join gk_agency a on a.id = p.agency_id
  where a.code is distinct from gk_case_agency_at(p.case_id, p.seq)
  union all
  select c.case_no, 'event ' || e.seq || ': personal_masked is not the masked personal data'
  from gk_event e join gk_case c on c.id = e.case_id
  left join gk_event_personal p on p.case_id = e.case_id and p.seq = e.seq
  where (p.case_id is not null or e.personal_masked is not null)
    and e.personal_masked is distinct from gk_mask_personal(p.data)
  order by 1, 2
$$;
