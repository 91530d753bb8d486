-- Rewrites the deadline columns of the cases recomputed with a new calendar, from one JSON
-- array of {case_no, event_count, due_on, due_provisional, final_due_on, pause_lapses_on,
-- late_correction_notice}. A row whose event_count is not the one replayed is left alone (the
-- caller compares the rows returned with the rows sent).
update gk_case c set
  due_on = u.due_on, due_provisional = u.due_provisional, final_due_on = u.final_due_on,
  pause_lapses_on = u.pause_lapses_on, late_correction_notice = u.late_correction_notice,
  updated_at = now()
from jsonb_to_recordset($1::jsonb) as u(case_no text, event_count int, due_on date,
                                        due_provisional boolean, final_due_on date,
                                        pause_lapses_on date, late_correction_notice boolean)
where c.case_no = u.case_no and c.event_count = u.event_count
returning c.case_no;
