-- Raw-PostgreSQL comparison for the legacy table (db/sql/report_legacy_cases.sql and the
-- complaints of report_legacy_extras.sql): year and cumulative columns in one aggregate. With no
-- baselines the cumulative column counts every case received up to the year's end, so this is a
-- pass over most of gk_case whatever the indexes. $1 first day, $2 last day, $3 the scope's ids.
select c.channel, a.kind as agency_kind, coalesce(c.closed_kind, '') as closed_kind, coalesce(c.outcome, '') as outcome,
       count(*) filter (where c.received_on >= $1::date) as received_year,
       count(*) as received_cumulative,
       count(*) filter (where c.closed_on between $1::date and $2::date) as closed_year,
       count(*) filter (where c.closed_on <= $2::date) as closed_cumulative,
       count(*) filter (where c.reconsideration_filed_on between $1::date and $2::date) as reconsiderations_year,
       count(*) filter (where c.reconsideration_filed_on <= $2::date) as reconsiderations_cumulative,
       count(*) filter (where c.litigation_filed_on between $1::date and $2::date) as litigations_year,
       count(*) filter (where c.litigation_filed_on <= $2::date) as litigations_cumulative
from gk_case c
join gk_agency a on a.id = c.agency_id
where c.agency_id = any($3::int[]) and c.received_on <= $2::date
group by 1, 2, 3, 4
union all
select 'complaints', '', '', '', count(*) filter (where e.occurred_on >= $1::date), count(*), 0, 0, 0, 0, 0, 0
from gk_event e
join gk_case c on c.id = e.case_id
where e.kind = 'complaint-filed' and e.occurred_on <= $2::date and c.agency_id = any($3::int[]);
