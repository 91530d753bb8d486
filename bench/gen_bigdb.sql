-- The read-path benchmark's database, generated on the server (psql as a superuser, on a database
-- `gongkai init` created, after `gongkai_bench due-table` wrote bench_due): a province, its 500
-- agencies (bench/agencies.sql) and :cases cases received between :start_date and :end_date with
-- their whole histories, at schema version 5 as the writers would have left them: every history
-- replays to its stored row, column for column (the due dates are the state machine's own, from
-- bench_due); the applicant's name apart in gk_case_personal / gk_event_personal with the masked
-- copies beside (gk_case.applicant_masked, gk_event.personal_masked); every event hash-chained
-- (gk_chain over gk_event_content, from gk_chain_genesis of the case number); the report counts
-- rebuilt by gk_tally_rebuild(). The tables stay gongkai_owner's (the superuser only fills them).
-- Variables: psql -v cases=10000000 -v start_date=2016-11-01 -v end_date=2026-10-31.
--
-- The mix (bench/import_bench.cpp generates the same one for the import CSV; keep them in step):
-- - receipts grow over the years (density rising linearly: day = start + days·sqrt(u));
-- - agencies weighted by kind and county (bench_slot); none at the province itself;
-- - 15 % get a correction notice (+2 days) and the corrected application (+6 days);
-- - reviewed the next day; answered 3–40 days later (median ~13); 3 % consult a third party,
--   12 % are extended (both only when the reply takes 12 days or more); 3 % are withdrawn;
-- - open: the cases whose reply would fall after :end_date, and 1 % of older cases left stuck
--   under review (overdue);
-- - outcome mix: 40 % disclosed, 12 % partially, 8 % withheld (eight grounds), 22 % unavailable,
--   9 % not processed, 5 % other; 2008-regime cases use the three 2008-only codes for 3 %;
-- - appeals: 4.5 % of answers go to reconsideration (85 % decided after 60 days), 20 % of decided
--   reconsiderations then to court; 1.2 % go to court directly (never a withheld answer after
--   2024-01-01); 2 % of cases get a complaint.
-- Everything happens in one transaction that first empties the tables, so that with
-- wal_level = minimal (scripts/bench.sh restarts the server so for this step) the load skips the
-- WAL; the indexes and constraints of the four big tables are dropped first and rebuilt after the
-- load. The superuser is not subject to row-level security; the counts are rebuilt as the
-- installation's administrator (gk_tally_rebuild checks who calls).
\set ON_ERROR_STOP on
\timing on
set maintenance_work_mem = '2GB';
set work_mem = '1GB';
set max_parallel_maintenance_workers = 2;
set synchronous_commit = off;

begin;
alter table gk_event disable trigger gk_event_no_truncate;
alter table gk_event_personal disable trigger gk_event_personal_no_truncate;
alter table gk_access_log disable trigger gk_access_log_no_truncate;
truncate gk_event_personal, gk_event, gk_case_personal, gk_case, gk_case_counter, gk_figure, gk_baseline,
  gk_tally_applications, gk_tally_receipts, gk_tally_closings, gk_tally_appeals, gk_tally_complaints,
  gk_tally_applications_delta, gk_tally_receipts_delta, gk_tally_closings_delta, gk_tally_appeals_delta,
  gk_tally_complaints_delta, gk_member_agency, gk_member, gk_access_log, gk_agency_closure, gk_agency
  restart identity;
alter table gk_event enable trigger gk_event_no_truncate;
alter table gk_event_personal enable trigger gk_event_personal_no_truncate;
alter table gk_access_log enable trigger gk_access_log_no_truncate;
-- The report counts are built once after the load (gk_tally_rebuild), not row by row.
alter table gk_case disable trigger gk_tally_cases_inserted;
alter table gk_event disable trigger gk_tally_complaint_filed;
drop table if exists bench_slot;
\ir agencies.sql

-- The indexes and constraints of the four big tables, to rebuild after the load.
create temp table bench_big (t regclass primary key);
insert into bench_big values ('gk_case'), ('gk_event'), ('gk_case_personal'), ('gk_event_personal');
create temp table bench_ddl (ord serial, ddl text);
insert into bench_ddl (ddl)
select format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
from pg_constraint
where conrelid in (select t from bench_big) and contype in ('p', 'u')
order by conrelid::regclass::text, conname;
insert into bench_ddl (ddl)
select pg_get_indexdef(i.indexrelid)
from pg_index i
where i.indrelid in (select t from bench_big)
  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
order by i.indexrelid::regclass::text;
insert into bench_ddl (ddl)
select format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
from pg_constraint
where conrelid in (select t from bench_big) and contype = 'f'
order by conrelid::regclass::text, conname;

do $$
declare r record;
begin
  for r in select conrelid::regclass as t, conname from pg_constraint
           where conrelid in (select t from bench_big) and contype = 'f' loop
    execute format('alter table %s drop constraint %I', r.t, r.conname);
  end loop;
  for r in select conrelid::regclass as t, conname from pg_constraint
           where conrelid in (select t from bench_big) and contype in ('p', 'u') loop
    execute format('alter table %s drop constraint %I', r.t, r.conname);
  end loop;
  for r in select indexrelid::regclass as i from pg_index
           where indrelid in (select t from bench_big) loop
    execute format('drop index %s', r.i);
  end loop;
end $$;

select setseed(0.2024);

-- Every case's decisions, dates and event numbers.
create unlogged table bench_gen as
select q.*, q.agency || '-' || extract(year from q.rec) || '-' || lpad(q.num::text, greatest(4, length(q.num::text)), '0')
         as case_no
from (
select row_number() over (order by r.rec, r.i) as id,
       row_number() over (partition by s.agency_id, extract(year from r.rec) order by r.rec, r.i) as num,
       r.i, s.agency_id, a.code as agency, 'clerk' || (s.agency_id % 7) as actor, r.rec, l1.regime,
       case when r.r_ch < .55 then 'online' when r.r_ch < .80 then 'post' when r.r_ch < .92 then 'in-person'
            when r.r_ch < .97 then 'email' when r.r_ch < .98 then 'fax' else 'other' end as channel,
       case when r.r_ty < .85 then 'person' when r.r_ty < .93 then 'business' when r.r_ty < .94 then 'research'
            when r.r_ty < .95 then 'nonprofit' when r.r_ty < .99 then 'legal' else 'other-org' end as applicant_type,
       '申请人' || (r.i % 200000) as applicant,
       (array['征收补偿方案', '行政许可档案', '城市规划图', '环境影响评价', '财政预算执行', '招投标文件',
              '学校招生政策', '拆迁安置协议'])[1 + floor(r.r_sub * 8)::int] as subject,
       case when r.r_lr < 0.10 then 'LR-' || r.i end as letter_ref,
       l4.open, l5.corr, l6.base, l7.rev, l7.tp, l7.ext, l7.withdrawn, l7.close_on, l8.outcome,
       l9.recon, l9.rf_on, l10.rdec, l10.rd_on,
       case when r.r_res < .70 then 'upheld' when r.r_res < .85 then 'corrected' else 'other' end as rd_result,
       l11.lf_on, (l11.lf_on is not null and not l9.recon) as ldirect, l12.ldec,
       case when r.r_res2 < .70 then 'upheld' when r.r_res2 < .85 then 'corrected' else 'other' end as ld_result,
       l13.cmp_on, l13.last_on,
       s1.s_cr, s1.s_cx, s1.s_rev, s1.s_tpc, s1.s_tpr, s1.s_ext, s1.s_close, s1.s_rf, s1.s_rd, s1.s_lf, s1.s_ld,
       s1.s_cmp, s1.event_count
from (
  select i,
         (:'start_date'::date + floor((:'end_date'::date - :'start_date'::date + 1) * sqrt(random()))::int) as rec,
         floor(random() * 10000)::int as slot,
         random() as r_ch, random() as r_ty, random() as r_sub, random() as r_lr, random() as r_lat,
         random() as r_corr, random() as r_stuck, random() as r_tp, random() as r_ext, random() as r_wd,
         random() as r_out, random() as r_ap, random() as r_ap2, random() as r_ap3, random() as r_res,
         random() as r_lit, random() as r_lit2, random() as r_res2, random() as r_cmp
  from generate_series(1, :cases) i
  offset 0  -- a fence: each draw is made once per case (never inlined, never re-evaluated)
) r
join bench_slot s on s.slot = r.slot
join gk_agency a on a.id = s.agency_id
cross join lateral (select case when r.rec < date '2019-05-15' then 2008 else 2019 end as regime,
                           :'end_date'::date - r.rec as age,
                           2 + floor(38 * power(r.r_lat, 1.8))::int as lat offset 0) l1
cross join lateral (select (r.r_corr < 0.15 and l1.age >= 10) as corr0 offset 0) l2
cross join lateral (select r.rec + case when l2.corr0 then 6 else 0 end + 1 + l1.lat as close0 offset 0) l3
cross join lateral (select ((r.r_stuck < 0.01 and l1.age > 60) or l3.close0 > :'end_date'::date) as open offset 0) l4
cross join lateral (select (l2.corr0 and not (l4.open and r.rec + 7 > :'end_date'::date)) as corr offset 0) l5
cross join lateral (select r.rec + case when l5.corr then 6 else 0 end as base offset 0) l6
cross join lateral (select (not l4.open or l6.base + 1 <= :'end_date'::date) as rev,
                           (not l4.open and r.r_tp < 0.03 and l1.lat >= 12) as tp,
                           (not l4.open and r.r_ext < 0.12 and l1.lat >= 12) as ext,
                           (not l4.open and r.r_wd < 0.03) as withdrawn,
                           l6.base + 1 + l1.lat as close_on offset 0) l7
cross join lateral (
  select case when l4.open or l7.withdrawn then null
              when r.r_out < .40 then 'disclosed'
              when r.r_out < .52 then 'partially-disclosed'
              when r.r_out < .53 then 'withheld/state-secret'
              when r.r_out < .54 then 'withheld/prohibited-by-law'
              when r.r_out < .545 then 'withheld/security-stability'
              when r.r_out < .56 then 'withheld/third-party-rights'
              when r.r_out < .57 then 'withheld/internal-affairs'
              when r.r_out < .585 then 'withheld/process-information'
              when r.r_out < .595 then 'withheld/enforcement-file'
              when r.r_out < .60 then 'withheld/administrative-inquiry'
              when r.r_out < .78 then 'unavailable/not-held'
              when r.r_out < .81 then 'unavailable/needs-creation'
              when r.r_out < .82 then 'unavailable/still-unclear'
              when r.r_out < .86 then 'not-processed/petition-complaint'
              when r.r_out < .89 then 'not-processed/duplicate'
              when r.r_out < .90 then 'not-processed/publication'
              when r.r_out < .91 then 'not-processed/vexatious'
              when r.r_out < .92 then 'not-processed/confirmation'
              when r.r_out < .97 then 'other/other'
              when l1.regime = 2019 then 'other/other'
              when r.r_out < .98 then 'already-public'
              when r.r_out < .99 then 'not-this-agency'
              else 'not-government-information' end as outcome offset 0) l8
cross join lateral (
  select (l8.outcome is not null and r.r_ap < 0.045
          and l7.close_on + 10 + floor(r.r_ap2 * 40)::int <= :'end_date'::date) as recon,
         l7.close_on + 10 + floor(r.r_ap2 * 40)::int as rf_on offset 0) l9
cross join lateral (select (l9.recon and r.r_ap3 < 0.85 and l9.rf_on + 60 <= :'end_date'::date) as rdec,
                           l9.rf_on + 60 as rd_on offset 0) l10
cross join lateral (
  select case when l10.rdec and r.r_lit < 0.2 and l10.rd_on + 15 <= :'end_date'::date then l10.rd_on + 15
              when l8.outcome is not null and not l9.recon and r.r_lit < 0.012
                   and l7.close_on + 20 <= :'end_date'::date
                   and not (l8.outcome like 'withheld/%' and l7.close_on + 20 >= date '2024-01-01')
              then l7.close_on + 20 end as lf_on offset 0) l11
cross join lateral (select (l11.lf_on is not null and r.r_lit2 < 0.7 and l11.lf_on + 90 <= :'end_date'::date) as ldec offset 0) l12
cross join lateral (
  select coalesce(case when l12.ldec then l11.lf_on + 90 end, l11.lf_on,
                  case when l10.rdec then l10.rd_on end, case when l9.recon then l9.rf_on end,
                  case when not l4.open then l7.close_on end, case when l7.rev then l6.base + 1 end,
                  case when l5.corr then r.rec + 6 end, r.rec) as last0 offset 0) l13a
cross join lateral (
  select case when r.r_cmp < 0.02 and l13a.last0 + 3 <= :'end_date'::date then l13a.last0 + 3 end as cmp_on,
         case when r.r_cmp < 0.02 and l13a.last0 + 3 <= :'end_date'::date then l13a.last0 + 3 else l13a.last0 end
           as last_on offset 0) l13
cross join lateral (
  select case when l5.corr then 2 end as s_cr, case when l5.corr then 3 end as s_cx,
         1 + 2 * l5.corr::int as n1 offset 0) q1
cross join lateral (select case when l7.rev then q1.n1 + 1 end as s_rev, q1.n1 + l7.rev::int as n2 offset 0) q2
cross join lateral (select case when l7.tp then q2.n2 + 1 end as s_tpc, case when l7.tp then q2.n2 + 2 end as s_tpr,
                           q2.n2 + 2 * l7.tp::int as n3 offset 0) q3
cross join lateral (select case when l7.ext then q3.n3 + 1 end as s_ext, q3.n3 + l7.ext::int as n4 offset 0) q4
cross join lateral (select case when not l4.open then q4.n4 + 1 end as s_close, q4.n4 + (not l4.open)::int as n5 offset 0) q5
cross join lateral (select case when l9.recon then q5.n5 + 1 end as s_rf, q5.n5 + l9.recon::int as n6 offset 0) q6
cross join lateral (select case when l10.rdec then q6.n6 + 1 end as s_rd, q6.n6 + l10.rdec::int as n7 offset 0) q7
cross join lateral (select case when l11.lf_on is not null then q7.n7 + 1 end as s_lf,
                           q7.n7 + (l11.lf_on is not null)::int as n8 offset 0) q8
cross join lateral (select case when l12.ldec then q8.n8 + 1 end as s_ld, q8.n8 + l12.ldec::int as n9 offset 0) q9
cross join lateral (select q1.s_cr, q1.s_cx, q2.s_rev, q3.s_tpc, q3.s_tpr, q4.s_ext, q5.s_close, q6.s_rf, q7.s_rd,
                           q8.s_lf, q9.s_ld, case when l13.cmp_on is not null then q9.n9 + 1 end as s_cmp,
                           q9.n9 + (l13.cmp_on is not null)::int as event_count offset 0) s1
) q;

-- The case rows: what the replayed state machine writes. The due dates, whether they are
-- provisional and the late-correction flag come from bench_due (the machine's own, per receipt
-- date and history shape); the rest follows from the dates above. Personal data apart.
insert into gk_case (id, case_no, agency_id, regime, received_on, channel, applicant_type, applicant_masked, subject,
                     letter_ref, contact_masked, state, appeal_state, is_open, due_on, due_provisional, final_due_on,
                     outcome, answered_on, closed_on, closed_kind, correction_notice_on, late_correction_notice,
                     pause_kind, pause_lapses_on, reconsideration_filed_on, reconsideration_result,
                     reconsideration_decided_on, litigation_filed_on, litigation_direct, litigation_result,
                     litigation_decided_on, last_event_on, event_count, updated_at)
select g.id, g.case_no, g.agency_id, g.regime, g.rec, g.channel, g.applicant_type, gk_mask(g.applicant), g.subject,
       g.letter_ref, null,
       case when g.open then case when g.rev then 'under-review' else 'received' end
            when g.withdrawn then 'withdrawn' else 'answered' end,
       case when g.ldec then 'litigated' when g.lf_on is not null then 'in-litigation'
            when g.rdec then 'reconsidered' when g.recon then 'in-reconsideration' else 'none' end,
       g.open, d.due_on, d.due_provisional, d.final_due_on,
       g.outcome,
       case when g.outcome is not null then g.close_on end,
       case when not g.open then g.close_on end,
       case when g.open then null when g.withdrawn then 'withdrawn' else 'answered' end,
       null, d.late_correction_notice, null, null,
       case when g.recon then g.rf_on end, case when g.rdec then g.rd_result end, case when g.rdec then g.rd_on end,
       g.lf_on, case when g.lf_on is not null then g.ldirect end, case when g.ldec then g.ld_result end,
       case when g.ldec then g.lf_on + 90 end,
       g.last_on, g.event_count, g.last_on + time '17:00'
from bench_gen g
join bench_due d on d.received_on = g.rec and d.corr = g.corr and d.rev = g.rev and d.tp = g.tp and d.ext = g.ext
                and d.closing = case when g.open then 0 when g.withdrawn then 2 else 1 end
order by g.id;
do $$
begin
  if (select count(*) from gk_case) <> (select count(*) from bench_gen) then
    raise exception 'bench_due lacks shapes of the generated cases (run gongkai_bench due-table over the same dates)';
  end if;
end $$;

insert into gk_case_personal (case_id, agency_id, applicant, contact)
select g.id, g.agency_id, g.applicant, null from bench_gen g order by g.id;
-- The receipt's personal part (the only event that has one here).
insert into gk_event_personal (case_id, seq, agency_id, data)
select g.id, 1, g.agency_id, jsonb_build_object('applicant', g.applicant) from bench_gen g order by g.id;

-- The events, in the order they happened (as they would have been appended), each chained to the
-- one before it as the database's writers chain them: gk_chain over gk_event_content, per case
-- in event order, starting from gk_chain_genesis(case number). The masked copy of the receipt's
-- personal part is gk_mask_personal's result for {"applicant": …}, written out.
insert into gk_event (case_id, seq, kind, occurred_on, actor, recorded_at, details, personal_masked, hash)
select g.id, x.seq, x.kind, x.occurred, g.actor, x.recorded_at, x.details,
       case when x.seq = 1 then jsonb_build_object('applicant', gk_mask(g.applicant)) end, x.hash
from bench_gen g
cross join lateral (
  select v.seq, v.kind, v.occurred, v.recorded_at, v.details,
         gk_chain(gk_chain_genesis(g.case_no),
                  gk_event_content(v.seq, v.kind, v.occurred, g.actor, v.recorded_at, v.details,
                                   case when v.seq = 1 then jsonb_build_object('applicant', g.applicant) end))
           over (order by v.seq) as hash
  from (
    select v.seq, v.kind, v.occurred, (v.occurred + time '10:00')::timestamptz as recorded_at, v.details
    from (values
      (1, 'received', g.rec,
       jsonb_strip_nulls(jsonb_build_object('agency', g.agency, 'regime', g.regime, 'channel', g.channel,
                                            'applicant_type', g.applicant_type, 'subject', g.subject,
                                            'letter_ref', g.letter_ref))),
      (g.s_cr, 'correction-requested', g.rec + 2, '{}'::jsonb),
      (g.s_cx, 'correction-received', g.rec + 6, '{}'::jsonb),
      (g.s_rev, 'reviewed', g.base + 1, jsonb_build_object('handler', '经办人' || (g.i % 37))),
      (g.s_tpc, 'third-party-consulted', g.base + 3, '{}'::jsonb),
      (g.s_tpr, 'third-party-replied', g.base + 8, '{}'::jsonb),
      (g.s_ext, 'extended', g.base + 10, '{"approved_by": "分管领导"}'::jsonb),
      (g.s_close, case when g.withdrawn then 'withdrawn' else 'answered' end, g.close_on,
       case when g.withdrawn then '{}'::jsonb else jsonb_build_object('outcome', g.outcome) end),
      (g.s_rf, 'reconsideration-filed', g.rf_on, '{}'::jsonb),
      (g.s_rd, 'reconsideration-decided', g.rd_on, jsonb_build_object('result', g.rd_result)),
      (g.s_lf, 'litigation-filed', g.lf_on, '{}'::jsonb),
      (g.s_ld, 'litigation-decided', g.lf_on + 90, jsonb_build_object('result', g.ld_result)),
      (g.s_cmp, 'complaint-filed', g.cmp_on, '{"note": "办理超期"}'::jsonb)
    ) v(seq, kind, occurred, details)
    where v.seq is not null
  ) v
) x
order by x.occurred, g.id, x.seq;

insert into gk_case_counter (agency_id, year, last_seq)
select agency_id, extract(year from rec)::int, max(num) from bench_gen group by 1, 2;
select setval(pg_get_serial_sequence('gk_case', 'id'), (select max(id) from gk_case));
drop table bench_gen;

-- Rebuild the indexes and constraints as the migrations define them.
do $$
declare r record;
begin
  for r in select ddl from bench_ddl order by ord loop
    raise notice '%', r.ddl;
    execute r.ddl;
  end loop;
end $$;
alter table gk_case enable trigger gk_tally_cases_inserted;
alter table gk_event enable trigger gk_tally_complaint_filed;
-- The counts, rebuilt by the installation's administrator (gk_tally_rebuild runs as the owner).
set local role gongkai_admin;
select gk_tally_rebuild();
reset role;
commit;
