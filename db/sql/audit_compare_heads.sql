-- Chain heads kept elsewhere (gk_kept_heads, loaded by verify --against) that the database no
-- longer matches: the case gone, fewer events than were kept, or another hash at the kept event
-- (the history up to it was rewritten, whether the hashes were recomputed or not).
select k.case_no, k.events,
       case when c.id is null then 'it was kept but is not in the database'
            when e.case_id is null then 'its event ' || k.events || ' is gone (it had ' || k.events || ' event(s) when the heads were kept)'
            else 'event ' || k.events || ' is not what it was when the heads were kept: its history was rewritten'
       end as problem
from gk_kept_heads k
left join gk_case c on c.case_no = k.case_no
left join gk_event e on e.case_id = c.id and e.seq = k.events
where c.id is null or e.case_id is null or encode(e.hash, 'hex') <> k.head
order by k.case_no;
