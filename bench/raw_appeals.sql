-- Raw-PostgreSQL comparison for the national table's section 四 (db/sql/report_appeals.sql):
-- appeals filed in the year found through the events index gk_event_kind_on (kind, occurred_on),
-- their case rows by primary key. $1 first day, $2 last day, $3 the scope's agency ids.
select case when e.kind = 'reconsideration-filed' then 'reconsideration'
            when c.litigation_direct then 'litigation-direct'
            else 'litigation-after-reconsideration' end as kind,
       case when e.kind = 'reconsideration-filed'
            then case when c.reconsideration_decided_on <= $2::date then c.reconsideration_result else 'pending' end
            else case when c.litigation_decided_on <= $2::date then c.litigation_result else 'pending' end
       end as result,
       count(*) as filed
from gk_event e
join gk_case c on c.id = e.case_id
where e.kind in ('reconsideration-filed', 'litigation-filed')
  and e.occurred_on between $1::date and $2::date
  and c.agency_id = any($3::int[])
group by 1, 2;
