-- A case's whole history in one round trip (gk_case_history, migration 005).
select case_no, agency, row, masked, seq, kind, occurred_on, actor, recorded_at, details
from gk_case_history
where case_no = $1
order by seq;
