-- Section 三 of the national template for year $2 over an agency's subtree ($1 agency code, null
-- = all agencies), from the kept counts (gk_tally_applications_now, migration 004): the cases that
-- matter for the year — received by its last day and not closed before its first — by applicant
-- type and closing, each part of the table a FILTER sum. A scope's counts are on its own agency's
-- rows (all agencies: on scope 0's), so this reads a few hundred rows whatever
-- the number of cases. The outcome code → row mapping is applied to these few groups
-- (report/national_template.cpp).
select t.applicant_type, t.closed_kind, t.outcome,
       coalesce(sum(t.n) filter (where t.received_year = $2::int), 0)::bigint as received_in_year,
       coalesce(sum(t.n) filter (where t.received_year < $2::int), 0)::bigint as carried_in,
       coalesce(sum(t.n) filter (where t.closed_year <= $2::int), 0)::bigint as closed_in_year,
       coalesce(sum(t.n) filter (where t.closed_year > $2::int), 0)::bigint as carried_out
from gk_tally_applications_now t
where t.scope_id = any(gk_tally_scopes($1::text))
  and t.received_year <= $2::int and t.closed_year >= $2::int
group by 1, 2, 3
having sum(t.n) <> 0;
