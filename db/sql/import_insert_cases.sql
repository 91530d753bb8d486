-- Writes the new cases of an import from gk_import_case: a kept number as it is, the others
-- numbered after the counter's base (gk_import_base) in file order per agency and year, written
-- as `receive` writes them (CODE-YYYY-NNNN, more digits when needed).
insert into gk_case (id, case_no, agency_id, regime, received_on, channel, applicant_type, applicant, subject,
  letter_ref, contact, state, appeal_state, is_open, due_on, due_provisional, final_due_on, outcome,
  answered_on, closed_on, closed_kind, correction_notice_on, late_correction_notice, pause_kind,
  pause_lapses_on, reconsideration_filed_on, reconsideration_result, reconsideration_decided_on,
  litigation_filed_on, litigation_direct, litigation_result, litigation_decided_on, last_event_on, event_count)
select t.new_id,
  case when t.kept_number then t.ref
       else a.code || '-' || b.year || '-' || lpad((b.base + t.number)::text, greatest(4, length((b.base + t.number)::text)), '0') end,
  t.agency_id, t.regime, t.received_on, t.channel, t.applicant_type, t.applicant, t.subject,
  t.letter_ref, t.contact, t.state, t.appeal_state, t.is_open, t.due_on, t.due_provisional, t.final_due_on,
  t.outcome, t.answered_on, t.closed_on, t.closed_kind, t.correction_notice_on, t.late_correction_notice,
  t.pause_kind, t.pause_lapses_on, t.reconsideration_filed_on, t.reconsideration_result,
  t.reconsideration_decided_on, t.litigation_filed_on, t.litigation_direct, t.litigation_result,
  t.litigation_decided_on, t.last_event_on, t.event_count
from gk_import_case t
join gk_import_base b on b.agency_id = t.agency_id and b.year = extract(year from t.received_on)::int
join gk_agency a on a.id = t.agency_id
where t.kind = 'fresh';
