-- Writes the events an import adds, new cases' and existing ones', from gk_import_case: the k-th
-- added event of a case gets seq = (events stored before) + k.
insert into gk_event (case_id, seq, kind, occurred_on, actor, details)
select coalesce(n.id, t.id), t.base_count + e.k, e.kind, e.occurred_on, e.actor, e.details::jsonb
from gk_import_case t
left join gk_import_new n on t.kind = 'fresh' and n.first_row = t.first_row
cross join lateral unnest(t.ev_kind, t.ev_on, t.ev_actor, t.ev_details)
  with ordinality as e(kind, occurred_on, actor, details, k)
where t.kind <> 'unknown';
