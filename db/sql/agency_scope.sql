-- The agencies of agency $1's subtree (all agencies when null): id, code, name, and the codes from
-- the top of the subtree down to it, '/'-separated.
select s.id, a.code, a.name, array_to_string(s.path, '/') as path
from gk_agency_subtree($1::text) s
join gk_agency a on a.id = s.id;
