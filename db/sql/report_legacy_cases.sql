-- The legacy table's case counts for year $2 over an agency's subtree ($1 agency code, null =
-- all), from the kept counts (migration 004), as groups of (channel, agency kind, closing) with a
-- year and a cumulative value per column: receipts (no closing), closings, reconsiderations and
-- lawsuits. The year column counts year $2; the cumulative column counts from each agency's
-- baseline year on, or everything up to $2 when it has none — gk_tally_parts says which kept
-- rows, weighted, make that.
with p as (select * from gk_tally_parts($1::text, $2::int))
select t.channel, t.agency_kind, '' as closed_kind, '' as outcome,
       coalesce(sum(t.n) filter (where p.yearly and t.received_year = $2::int), 0)::bigint as received_year,
       coalesce(sum(p.w * t.n) filter (where t.received_year < p.below), 0)::bigint as received_cumulative,
       0::bigint as closed_year, 0::bigint as closed_cumulative,
       0::bigint as reconsiderations_year, 0::bigint as reconsiderations_cumulative,
       0::bigint as litigations_year, 0::bigint as litigations_cumulative
from p join gk_tally_receipts_now t on t.scope_id = p.scope_id and t.received_year <= $2::int
group by 1, 2
union all
select t.channel, t.agency_kind, t.closed_kind, t.outcome, 0, 0,
       coalesce(sum(t.n) filter (where p.yearly and t.closed_year = $2::int), 0)::bigint,
       coalesce(sum(p.w * t.n) filter (where t.closed_year < p.below), 0)::bigint,
       0, 0, 0, 0
from p join gk_tally_closings_now t on t.scope_id = p.scope_id and t.closed_year <= $2::int
group by 1, 2, 3, 4
union all
select t.channel, t.agency_kind, '', '', 0, 0, 0, 0,
       coalesce(sum(t.n) filter (where p.yearly and t.filed_year = $2::int and t.kind = 'reconsideration'), 0)::bigint,
       coalesce(sum(p.w * t.n) filter (where t.filed_year < p.below and t.kind = 'reconsideration'), 0)::bigint,
       coalesce(sum(t.n) filter (where p.yearly and t.filed_year = $2::int and t.kind <> 'reconsideration'), 0)::bigint,
       coalesce(sum(p.w * t.n) filter (where t.filed_year < p.below and t.kind <> 'reconsideration'), 0)::bigint
from p join gk_tally_appeals_now t on t.scope_id = p.scope_id and t.filed_year <= $2::int
group by 1, 2;
