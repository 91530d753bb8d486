-- Who is responsible for the reply of each case of $1 (a JSON array of case numbers) that the
-- reader's scope holds, judged on $2: one row per case and member, a null login for a case nobody
-- is responsible for (gk_remind_responsible, migration 018). With each case its subject and letter
-- reference — never its applicant.
select r.case_no, r.subject, r.letter_ref, r.login, r.name
from gk_remind_responsible(array(select jsonb_array_elements_text($1::jsonb)), $2::date) r;
