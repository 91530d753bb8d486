-- The earlier cases of agency $1 from the same applicant ($2, the name exactly as registered)
-- whose subject is like $3 (pg_trgm's similarity at least 0.3; or both without one), received in
-- the 365 days up to $4, other than case $5: what a clerk should look at before answering — a
-- likely repeat application (重复申请). The name is matched in gk_case_personal, which row-level
-- security shows only to those who may see applicants' names (registrars, handlers, admins of the
-- scope): nobody else is told of repeats.
select c.case_no, c.received_on, c.subject
from gk_case_personal cp
join gk_case c on c.id = cp.case_id
join gk_agency a on a.id = c.agency_id
where cp.applicant = $2::text
  and a.code = $1::text
  and c.case_no <> $5::text
  and c.received_on between $4::date - 365 and $4::date
  and ((c.subject is null and $3::text is null) or similarity(c.subject, $3::text) >= 0.3)
order by similarity(coalesce(c.subject, ''), coalesce($3::text, '')) desc, c.received_on desc, c.case_no
limit 10;
