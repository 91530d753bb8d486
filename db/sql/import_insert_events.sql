-- Writes the events an import adds, new cases' and existing ones', from gk_import_case: the k-th
-- added event of a case gets seq = (events stored before) + k. A new case's receipt comes with
-- no details: they are its facts, as facts_to_details (workflows/disclosure_case.cpp) writes them.
insert into gk_event (case_id, seq, kind, occurred_on, actor, details)
select case when t.kind = 'fresh' then t.new_id else t.id end, t.base_count + e.k, e.kind,
  date '1970-01-01' + e.occurred_on, e.actor,
  coalesce(e.details::jsonb,
           jsonb_build_object('agency', a.code, 'regime', t.regime, 'channel', t.channel,
                              'applicant_type', t.applicant_type, 'applicant', t.applicant)
           || jsonb_strip_nulls(jsonb_build_object('subject', t.subject, 'letter_ref', t.letter_ref,
                                                   'contact', t.contact)))
from gk_import_case t
join gk_agency a on a.id = t.agency_id
cross join lateral unnest(t.ev_kind, t.ev_on, t.ev_actor, t.ev_details)
  with ordinality as e(kind, occurred_on, actor, details, k)
where t.kind <> 'unknown';
