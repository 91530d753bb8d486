-- The kept counts (migration 004: the kept rows plus the changes not yet folded into them) that
-- differ from a recount of the cases and events, per tally table: how many groups have a count
-- other than the recount (a missing row counts as zero).
select 'gk_tally_applications' as tally, count(*) as differing
from (select scope_id, received_year, closed_year, applicant_type, closed_kind, outcome, sum(n) as n from gk_tally_applications_now group by scope_id, received_year, closed_year, applicant_type, closed_kind, outcome) k
full join gk_tally_applications_expected e
  using (scope_id, received_year, closed_year, applicant_type, closed_kind, outcome)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_receipts', count(*)
from (select scope_id, received_year, agency_kind, channel, sum(n) as n from gk_tally_receipts_now group by scope_id, received_year, agency_kind, channel) k
full join gk_tally_receipts_expected e using (scope_id, received_year, agency_kind, channel)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_closings', count(*)
from (select scope_id, closed_year, agency_kind, channel, closed_kind, outcome, sum(n) as n from gk_tally_closings_now group by scope_id, closed_year, agency_kind, channel, closed_kind, outcome) k
full join gk_tally_closings_expected e using (scope_id, closed_year, agency_kind, channel, closed_kind, outcome)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_appeals', count(*)
from (select scope_id, filed_year, kind, decided_year, result, agency_kind, channel, sum(n) as n from gk_tally_appeals_now group by scope_id, filed_year, kind, decided_year, result, agency_kind, channel) k
full join gk_tally_appeals_expected e
  using (scope_id, filed_year, kind, decided_year, result, agency_kind, channel)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_complaints', count(*)
from (select scope_id, filed_year, sum(n) as n from gk_tally_complaints_now group by scope_id, filed_year) k
full join gk_tally_complaints_expected e using (scope_id, filed_year)
where coalesce(k.n, 0) <> coalesce(e.n, 0);
