-- The files of the cases an archive export selects, as export_events.sql selects them (an
-- agency's subtree, all agencies the reader sees when $1 is null; received in year $2, any year
-- when null): each case's in the order attached, cases in the export's order. attached_at in UTC
-- with microseconds, as recorded_at, so that an import keeps it exactly.
with scope as (select id from gk_agency_subtree($1::text))
select c.case_no, a.file_no, a.name, a.size, a.sha256, a.type, a.note, a.actor,
       to_char(a.attached_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as attached_at,
       a.supersedes, a.id
from gk_attachment a
join gk_case c on c.id = a.case_id
join gk_agency ag on ag.id = c.agency_id
where c.agency_id in (select id from scope)
  and ($2::int is null
       or (c.received_on >= make_date($2::int, 1, 1) and c.received_on < make_date($2::int + 1, 1, 1)))
order by ag.code, extract(year from c.received_on), length(c.case_no), c.case_no collate "C", a.file_no;
