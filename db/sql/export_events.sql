-- The cursor `export` reads in batches: every event of the selected cases (an agency's subtree,
-- all agencies the reader sees when $1 is null; received in year $2, any year when null), one
-- row per event with the columns of the CSV format. Personal data only with $3 (and then as far
-- as the reader may see it, with the salt its hash in the chain is made with), else masked.
-- recorded_at in UTC with microseconds, so that an import keeps it exactly (and with it, and
-- the salt, the hash chain). Each case's events together and in order; cases
-- by agency, year of receipt and number, so that the file re-imports and a re-export is identical.
declare gk_export no scroll cursor for
with scope as (select id, path from gk_agency_subtree($1::text))
select c.case_no, e.kind, e.occurred_on::text,
       case when e.kind = 'received' then coalesce(e.details->>'agency', a.code) end as agency,  -- as received (a moved case: its first agency)
       e.details->>'channel', e.details->>'applicant_type', pd.p->>'applicant',
       e.details->>'subject', e.details->>'letter_ref', e.details->>'regime', pd.p->>'contact',
       e.details->>'outcome', e.details->>'result', e.details->>'amount', e.details->>'approved_by',
       e.details->>'handler', e.details->>'field',
       -- a correction's value: personal data when it corrects the applicant or the contact
       case when e.details->>'field' in ('applicant', 'contact') then pd.p->>'value' else e.details->>'value' end,
       e.details->>'note', e.actor,
       to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       case when $3::boolean then encode(ep.salt, 'hex') end,
       -- anything the CSV format has no column for (reported, not exported)
       (e.details - array['agency', 'channel', 'applicant_type', 'subject', 'letter_ref',
                          'regime', 'outcome', 'result', 'amount', 'approved_by', 'handler',
                          'field', 'value', 'note']) <> '{}'::jsonb as has_other,
       e.seq
from gk_case c
join gk_agency a on a.id = c.agency_id
join gk_event e on e.case_id = c.id
left join gk_event_personal ep on ep.case_id = e.case_id and ep.seq = e.seq and $3::boolean
cross join lateral (select case when $3::boolean then ep.data else e.personal_masked end as p) pd
where c.agency_id in (select id from scope)
  and ($2::int is null
       or (c.received_on >= make_date($2::int, 1, 1) and c.received_on < make_date($2::int + 1, 1, 1)))
order by a.code, extract(year from c.received_on), length(c.case_no), c.case_no collate "C", e.seq;
