-- Section 四 of the national template: reconsiderations and lawsuits filed in year $2 on cases of
-- an agency's subtree ($1 agency code, null = all), by kind and by result as of the year's last
-- day (a decision after it, or none yet, is still pending), from the kept counts
-- (gk_tally_appeals_now, migration 004) of the scope agency (scope 0 for all agencies).
select t.kind,
       case when t.decided_year <= $2::int then t.result else 'pending' end as result,
       sum(t.n)::bigint as filed
from gk_tally_appeals_now t
where t.scope_id = any(gk_tally_scopes($1::text))
  and t.filed_year = $2::int
group by 1, 2
having sum(t.n) <> 0;
