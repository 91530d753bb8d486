-- The bytes of the file with id $1 for an archive export, and whether they still hash to the
-- SHA-256 kept with them; no row when the reader may not see them (gk_attachment_data's policy).
select d.data, encode(pg_catalog.sha256(d.data), 'hex') = a.sha256 as intact
from gk_attachment a
join gk_attachment_data d on d.attachment_id = a.id
where a.id = $1;
