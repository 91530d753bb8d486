-- The cursor `export` reads in batches: every event of the selected cases (an agency's subtree,
-- all agencies when $1 is null; received in year $2, any year when null), one row per event with
-- the columns of the CSV format. Each case's events together and in order; cases by agency, year
-- of receipt and number, so that the file re-imports and a re-export is identical.
declare gk_export no scroll cursor for
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, e.kind, e.occurred_on::text,
       case when e.kind = 'received' then a.code end as agency,
       e.details->>'channel', e.details->>'applicant_type', e.details->>'applicant',
       e.details->>'subject', e.details->>'letter_ref', e.details->>'regime', e.details->>'contact',
       e.details->>'outcome', e.details->>'result', e.details->>'amount', e.details->>'approved_by',
       e.details->>'handler', e.details->>'note', e.actor,
       -- anything the CSV format has no column for (reported, not exported)
       (e.details - array['agency', 'channel', 'applicant_type', 'applicant', 'subject', 'letter_ref',
                          'regime', 'contact', 'outcome', 'result', 'amount', 'approved_by', 'handler',
                          'note']) <> '{}'::jsonb as has_other,
       e.seq
from gk_case c
join gk_agency a on a.id = c.agency_id
join gk_event e on e.case_id = c.id
where c.agency_id in (select id from scope)
  and ($2::int is null
       or (c.received_on >= make_date($2::int, 1, 1) and c.received_on < make_date($2::int + 1, 1, 1)))
order by a.code, extract(year from c.received_on), length(c.case_no), c.case_no collate "C", e.seq;
