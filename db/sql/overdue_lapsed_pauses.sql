-- Open cases whose clock is stopped by a pause of kind $3 ('third-party' or 'fee') whose statutory
-- period (pause_lapses_on, its last day) ended before $2, in the subtree of agency $1 (every
-- agency when null), with the date and details of the pausing event (kind $4).
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, a.code as agency, a.name as agency_name, array_to_string(s.path, '/') as agency_path,
       c.state, c.received_on, c.due_on, c.pause_lapses_on, p.occurred_on as paused_on,
       p.details ->> 'amount' as amount
from gk_case c
join scope s on s.id = c.agency_id
join gk_agency a on a.id = c.agency_id
cross join lateral (
  select e.occurred_on, e.details from gk_event e
  where e.case_id = c.id and e.kind = $4
  order by e.seq desc limit 1
) p
where c.is_open and c.pause_kind = $3 and c.pause_lapses_on < $2::date
order by c.pause_lapses_on, c.case_no;
