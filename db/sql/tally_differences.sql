-- The kept counts (migration 004) that differ from a recount of the cases and events, per tally
-- table: how many groups have a kept count other than the recount (a missing row counts as zero).
select 'gk_tally_applications' as tally, count(*) as differing
from gk_tally_applications k
full join gk_tally_applications_expected e
  using (scope_id, received_year, closed_year, applicant_type, closed_kind, outcome)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_receipts', count(*)
from gk_tally_receipts k
full join gk_tally_receipts_expected e using (scope_id, received_year, agency_kind, channel)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_closings', count(*)
from gk_tally_closings k
full join gk_tally_closings_expected e using (scope_id, closed_year, agency_kind, channel, closed_kind, outcome)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_appeals', count(*)
from gk_tally_appeals k
full join gk_tally_appeals_expected e
  using (scope_id, filed_year, kind, decided_year, result, agency_kind, channel)
where coalesce(k.n, 0) <> coalesce(e.n, 0)
union all
select 'gk_tally_complaints', count(*)
from gk_tally_complaints k
full join gk_tally_complaints_expected e using (scope_id, filed_year)
where coalesce(k.n, 0) <> coalesce(e.n, 0);
