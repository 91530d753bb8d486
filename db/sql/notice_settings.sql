-- The notice settings in force (the newest version) of each agency the reader sees; $1 an agency
-- code, or null for all of them.
select distinct on (s.agency_id) a.code as agency, s.version, s.reconsideration_organ, s.court,
       s.reconsideration_first, s.number_prefix, s.set_at::text as set_at, s.set_by
from gk_notice_setting s
join gk_agency a on a.id = s.agency_id
where $1::text is null or a.code = $1::text
order by s.agency_id, s.version desc;
