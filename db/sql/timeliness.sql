-- On-time closings of year $2 per agency of the subtree of $1 (every agency when null), in tree
-- order, agencies without closings included: cases closed in the year (answered or withdrawn),
-- those closed on or before the due date in force when they closed, and the withdrawals among them.
with scope as (select id, path from gk_agency_subtree($1::text))
select a.code as agency, a.name as agency_name, array_to_string(s.path, '/') as agency_path,
       count(c.id) as closed,
       count(c.id) filter (where c.closed_on <= c.final_due_on) as on_time,
       count(c.id) filter (where c.closed_kind = 'withdrawn') as withdrawn
from scope s
join gk_agency a on a.id = s.id
left join gk_case c on c.agency_id = a.id
  and c.closed_on >= make_date($2::int, 1, 1) and c.closed_on < make_date($2::int + 1, 1, 1)
group by a.id, a.code, a.name, s.path
order by s.path;
