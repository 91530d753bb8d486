-- Which of the case numbers an import keeps (from an export) already exist.
-- $1: a JSON array of case numbers.
select case_no from gk_case
where case_no in (select jsonb_array_elements_text($1::jsonb));
