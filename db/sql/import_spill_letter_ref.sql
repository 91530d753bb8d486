-- The received row of the case in gk_import_case that holds a letter ref at an agency, if any.
-- $1: agency id, $2: letter ref.
select first_row from gk_import_case
where agency_id = $1 and letter_ref = $2 and kind = 'fresh'
limit 1;
