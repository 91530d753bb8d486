-- Rewrites the case rows of existing cases from gk_import_case, each only if it is still the row
-- the import checked against (a concurrent writer makes fewer rows match: a conflict).
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
from gk_import_case t
where t.kind = 'existing' and c.id = t.id and c.event_count = t.base_count
  and c.updated_at = t.version::timestamptz;
