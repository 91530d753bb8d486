-- An experiment, not the schema: the year-end counts kept ahead of time in small summary tables
-- ("tallies"), to show what the report targets need (docs/performance.md, notes). Built here from
-- gk_case in one pass (psql, on the read-path database); in the product each would be kept up to
-- date by the statements that write case rows (one upsert when a case is received, one move
-- when it is closed or appealed). Variables: none. Idempotent.
drop table if exists bench_tally_apps, bench_tally_appeals, bench_tally_recv, bench_tally_closed, bench_tally_complaints;
-- National section 三: cases by agency, applicant type, closing and the years received and closed.
create table bench_tally_apps as
select agency_id, applicant_type, coalesce(closed_kind, '') as closed_kind, coalesce(outcome, '') as outcome,
       extract(year from received_on)::int as received_year, extract(year from closed_on)::int as closed_year,
       count(*)::bigint as n
from gk_case group by 1, 2, 3, 4, 5, 6;
-- National section 四 and the legacy appeal columns: appeals by agency, filing year, result and
-- decision year.
create table bench_tally_appeals as
select agency_id, channel,
       extract(year from reconsideration_filed_on)::int as recon_year, reconsideration_result as recon_result,
       extract(year from reconsideration_decided_on)::int as recon_decided_year,
       extract(year from litigation_filed_on)::int as litig_year, litigation_direct as litig_direct,
       litigation_result as litig_result, extract(year from litigation_decided_on)::int as litig_decided_year,
       count(*)::bigint as n
from gk_case where reconsideration_filed_on is not null or litigation_filed_on is not null
group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
-- The legacy table: receipts by agency, channel and year; closings by agency, channel, closing and year;
-- complaints by agency and year.
create table bench_tally_recv as
select agency_id, channel, extract(year from received_on)::int as year, count(*)::bigint as n
from gk_case group by 1, 2, 3;
create table bench_tally_closed as
select agency_id, channel, closed_kind, coalesce(outcome, '') as outcome, extract(year from closed_on)::int as year,
       count(*)::bigint as n
from gk_case where closed_on is not null group by 1, 2, 3, 4, 5;
create table bench_tally_complaints as
select c.agency_id, extract(year from e.occurred_on)::int as year, count(*)::bigint as n
from gk_event e join gk_case c on c.id = e.case_id where e.kind = 'complaint-filed' group by 1, 2;
create index on bench_tally_apps (agency_id, received_year);
create index on bench_tally_appeals (agency_id);
create index on bench_tally_closed (agency_id, year);
vacuum analyze bench_tally_apps, bench_tally_appeals, bench_tally_recv, bench_tally_closed, bench_tally_complaints;
