-- The wording in force (the newest version) of an agency ($1 code) for a kind of notice ($2).
select t.version, t.body, t.set_at::text as set_at, t.set_by
from gk_notice_template t
join gk_agency a on a.id = t.agency_id
where a.code = $1 and t.kind = $2
order by t.version desc
limit 1;
