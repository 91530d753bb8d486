-- Section 四 of the national template: reconsiderations and lawsuits filed in year $2 on cases of
-- an agency's subtree ($1 agency code, null = all), by kind and by result as of the year's last
-- day (a decision after it, or none yet, is still pending). One pass: each case gives its
-- reconsideration and its lawsuit as two candidate rows.
-- The scope as `= any(array(...))`: a subtree is read through the agency indexes; with all
-- agencies ($1 null) the test folds away (each command plans the statement with its values).
with scope as (select id, path from gk_agency_subtree($1::text)), bounds as (
  select make_date($2::int, 1, 1) as first_day, make_date($2::int, 12, 31) as last_day
)
select f.kind,
       case when f.decided_on <= b.last_day then f.result else 'pending' end as result,
       count(*) as filed
from gk_case c
cross join bounds b
cross join lateral (values
  ('reconsideration', c.reconsideration_filed_on, c.reconsideration_decided_on, c.reconsideration_result),
  (case when c.litigation_direct then 'litigation-direct' else 'litigation-after-reconsideration' end,
   c.litigation_filed_on, c.litigation_decided_on, c.litigation_result)
) as f(kind, filed_on, decided_on, result)
where ($1::text is null or c.agency_id = any(array(select id from scope)))
  and (c.reconsideration_filed_on between b.first_day and b.last_day
       or c.litigation_filed_on between b.first_day and b.last_day)
  and f.filed_on between b.first_day and b.last_day
group by 1, 2;
