-- A notice's frozen document ($1 notice id); no row when the reader may not read personal data.
select d.document
from gk_notice_document d
where d.notice_id = $1;
