-- Takes a case back from gk_import_case (a later row of the file names it): removes its row and
-- returns what the check pass needs to go on. $1: its reference.
delete from gk_import_case where ref = $1
returning kind, kept_number, number, agency_id, regime, received_on, first_row, bad_row, id, base_count,
  version, channel, applicant_type, applicant, subject, letter_ref, contact, array_to_json(history) as history,
  array_to_json(ev_kind) as ev_kind, array_to_json(ev_on) as ev_on, array_to_json(ev_actor) as ev_actor,
  array_to_json(ev_details) as ev_details, array_to_json(ev_recorded_at) as ev_recorded_at,
  array_to_json(ev_salt) as ev_salt;
