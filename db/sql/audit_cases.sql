-- The cursor `verify` reads in batches: every case the reader sees with its whole history
-- (gk_case_history, migration 005), case after case, each in order.
declare gk_audit no scroll cursor for
select case_no, agency, row, masked, seq, kind, occurred_on, actor, recorded_at, details
from gk_case_history
order by case_id, seq;
