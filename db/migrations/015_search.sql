-- gongkai schema, version 15: finding a case by any text a clerk remembers — its number, the
-- letter's reference, the subject, the applicant's name, a note in its history (gongkai search).
-- Chinese has no spaces to split words at, so the match is a substring: pg_trgm's trigram GIN
-- indexes answer "contains" for a text of three characters or more from the index alone. A
-- shorter text (a two-character name, 张三) matches whole names and references exactly, from the
-- b-tree indexes below; a substring of one or two characters would read every row.
create extension if not exists pg_trgm;

create index gk_case_subject_trgm on gk_case using gin (subject gin_trgm_ops);
create index gk_case_letter_ref_trgm on gk_case using gin (letter_ref gin_trgm_ops);
create index gk_case_case_no_trgm on gk_case using gin (case_no gin_trgm_ops);
create index gk_case_letter_ref_exact on gk_case (letter_ref) where letter_ref is not null;
create index gk_case_personal_applicant_trgm on gk_case_personal using gin (applicant gin_trgm_ops);
create index gk_case_personal_applicant on gk_case_personal (applicant);
create index gk_event_note_trgm on gk_event using gin ((details->>'note') gin_trgm_ops) where details ? 'note';
