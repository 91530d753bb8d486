-- The benchmark's 501 agencies (psql; run on a database that `gongkai init` created): a province
-- p (the root: a supervisor of all agencies is a member of it), its 30 county-level governments
-- g01 … g30, each with 9 departments (g01-d01 …) and 6 or 7 townships (g01-t01 …), and
-- bench_slot: 10 000 slots to draw a case's agency from, by weight — a county government receives
-- 12 times, a department 3 times and a township once as many applications as the average
-- township, and county t as many as 1/sqrt(t) of the first county's share; the province's own
-- office receives none.
insert into gk_agency (code, name, kind, parent_id) values ('p', '某省人民政府', 'government', null);
insert into gk_agency (code, name, kind, parent_id)
select format('g%s', lpad(t::text, 2, '0')), format('第%s县人民政府', t), 'government', p.id
from generate_series(1, 30) t
join gk_agency p on p.code = 'p'
order by t;

insert into gk_agency (code, name, kind, parent_id)
select case when k <= 9 then format('g%s-d%s', lpad(t::text, 2, '0'), lpad(k::text, 2, '0'))
            else format('g%s-t%s', lpad(t::text, 2, '0'), lpad((k - 9)::text, 2, '0')) end,
       case when k <= 9 then format('第%s县%s', t, (array['教育局', '公安局', '民政局', '财政局', '人力资源和社会保障局',
                                                     '自然资源局', '住房和城乡建设局', '交通运输局', '卫生健康委员会'])[k])
            else format('第%s县第%s镇人民政府', t, k - 9) end,
       case when k <= 9 then 'department' else 'township' end,
       p.id
from generate_series(1, 30) t
join gk_agency p on p.code = format('g%s', lpad(t::text, 2, '0'))
cross join lateral generate_series(1, case when t <= 20 then 16 else 15 end) k
order by t, k;

create table bench_slot (slot int primary key, agency_id int not null);
with w as (
  select a.id,
         (case a.kind when 'government' then 12 when 'department' then 3 else 1 end)
           / sqrt(substr(split_part(a.code, '-', 1), 2)::int) as weight
  from gk_agency a
  where a.code <> 'p'
), c as materialized (
  select id, sum(weight) over (order by id) - weight as lo, sum(weight) over (order by id) as hi,
         sum(weight) over () as total
  from w
)
insert into bench_slot (slot, agency_id)
select s, (select c.id from c where c.lo <= (s + 0.5) * c.total / 10000 and (s + 0.5) * c.total / 10000 < c.hi)
from generate_series(0, 9999) s;
