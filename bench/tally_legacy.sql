-- The legacy table's counts from the tallies of bench/tally.sql (experiment), year and cumulative
-- (no baselines: from the first year); $1 the year, $2 the scope's agency ids.
select 'received' as part, a.kind as agency_kind, t.channel, '' as closed_kind, '' as outcome,
       sum(n) filter (where t.year = $1::int) as year_value, sum(n) as cumulative
from bench_tally_recv t join gk_agency a on a.id = t.agency_id
where t.year <= $1::int and t.agency_id = any($2::int[]) group by 2, 3
union all
select 'closed', a.kind, t.channel, t.closed_kind, t.outcome, sum(n) filter (where t.year = $1::int), sum(n)
from bench_tally_closed t join gk_agency a on a.id = t.agency_id
where t.year <= $1::int and t.agency_id = any($2::int[]) group by 2, 3, 4, 5
union all
select 'reconsiderations', a.kind, t.channel, '', '', sum(n) filter (where t.recon_year = $1::int), sum(n)
from bench_tally_appeals t join gk_agency a on a.id = t.agency_id
where t.recon_year <= $1::int and t.agency_id = any($2::int[]) group by 2, 3
union all
select 'litigations', a.kind, t.channel, '', '', sum(n) filter (where t.litig_year = $1::int), sum(n)
from bench_tally_appeals t join gk_agency a on a.id = t.agency_id
where t.litig_year <= $1::int and t.agency_id = any($2::int[]) group by 2, 3
union all
select 'complaints', '', '', '', '', sum(n) filter (where t.year = $1::int), sum(n)
from bench_tally_complaints t where t.year <= $1::int and t.agency_id = any($2::int[]);
