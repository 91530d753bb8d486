-- On-time closings of year $2 per agency of the subtree of $1 (every agency when null), in tree
-- order, agencies without closings included: cases closed in the year (answered or withdrawn),
-- those closed on or before the due date in force when they closed, and the withdrawals among them;
-- beside them, the cases still awaiting a reply whose due date is before $3 (today) and the
-- earliest such due date — so that a rate of 100 % cannot hide a case left unanswered for months.
-- Counted agency by agency of the subtree (a lateral over gk_case_agency_closed_cover, driven by the
-- subtree): joined as a whole, PostgreSQL misjudged the subtree's size and counted every agency's
-- closings of the year to keep a county's (1.5 million rows for 58,000 on 10 M cases: 1–3 s
-- instead of about a hundred milliseconds; from the covering index alone, migration 012, 10 ms).
with scope as (select id, path from gk_agency_subtree($1::text))
select a.code as agency, a.name as agency_name, array_to_string(s.path, '/') as agency_path,
       t.closed, t.on_time, t.withdrawn, o.open_overdue, o.earliest_due
from scope s
cross join lateral (
  select count(*) as closed,
         count(*) filter (where c.closed_on <= c.final_due_on) as on_time,
         count(*) filter (where c.closed_kind = 'withdrawn') as withdrawn
  from gk_case c
  where c.agency_id = s.id
    and c.closed_on >= make_date($2::int, 1, 1) and c.closed_on < make_date($2::int + 1, 1, 1)
) t
cross join lateral (
  select count(*) as open_overdue, min(c.due_on) as earliest_due
  from gk_case c
  where c.agency_id = s.id and c.due_on < $3::date
) o
join gk_agency a on a.id = s.id
order by s.path;
