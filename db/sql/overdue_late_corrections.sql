-- Open cases whose correction notice (补正通知) went out more than 7 working days after receipt
-- (late_correction_notice, Art. 30), the notice dated on or before $2, in the subtree of agency
-- $1 (every agency when null), by the date of the notice.
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, a.code as agency, a.name as agency_name, array_to_string(s.path, '/') as agency_path,
       c.state, c.received_on, n.occurred_on as notice_on
from gk_case c
join scope s on s.id = c.agency_id
join gk_agency a on a.id = c.agency_id
cross join lateral (
  select e.occurred_on from gk_event e
  where e.case_id = c.id and e.kind = 'correction-requested'
  order by e.seq limit 1
) n
where c.is_open and c.late_correction_notice and n.occurred_on <= $2::date
order by n.occurred_on, c.case_no;
