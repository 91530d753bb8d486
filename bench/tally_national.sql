-- The national table's counts from the tallies of bench/tally.sql (experiment): section 三 for
-- year $1 and $1 - 1 (the carry-over check) and section 四 for year $1; $2 the scope's agency ids.
select 'apps' as part, y.year, applicant_type, closed_kind, outcome,
       sum(n) filter (where received_year = y.year) as received_in_year,
       sum(n) filter (where received_year < y.year) as carried_in,
       sum(n) filter (where closed_year <= y.year) as closed_in_year,
       sum(n) filter (where closed_year is null or closed_year > y.year) as carried_out
from (values ($1::int), ($1::int - 1)) y(year)
join bench_tally_apps t on t.received_year <= y.year and (t.closed_year is null or t.closed_year >= y.year)
where t.agency_id = any($2::int[])
group by 2, 3, 4, 5
union all
select 'appeals', $1::int, kind, result, '', filed, 0, 0, 0
from (
  select 'reconsideration' as kind,
         case when recon_decided_year <= $1::int then recon_result else 'pending' end as result, sum(n) as filed
  from bench_tally_appeals where recon_year = $1::int and agency_id = any($2::int[]) group by 1, 2
  union all
  select case when litig_direct then 'litigation-direct' else 'litigation-after-reconsideration' end,
         case when litig_decided_year <= $1::int then litig_result else 'pending' end, sum(n)
  from bench_tally_appeals where litig_year = $1::int and agency_id = any($2::int[]) group by 1, 2
) a;
