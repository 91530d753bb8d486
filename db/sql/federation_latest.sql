-- What a year's sum takes from the sources ($1: the year): of every registered source, the latest
-- version of each agency it signed off, unless that agency lies under another agency the source
-- signed off (whose tables count it already).
with latest as (
  select distinct on (g.installation, g.agency) g.*
  from gk_signoff g join gk_source s on s.installation = g.installation
  where not g.own and g.year = $1
  order by g.installation, g.agency, g.version desc
)
select l.installation, l.installation_name, l.agency, l.agency_name, l.year, l.version, l.signed_by,
       to_json(l.signed_at) #>> '{}' as signed_at, to_json(l.received_at) #>> '{}' as received_at,
       l.national::text as national, l.legacy::text as legacy, l.sources::text as sources
from latest l
where not exists (select 1 from latest m
                  where m.installation = l.installation and m.agency <> l.agency and m.agency = any (l.agency_path))
order by l.installation, l.agency
