-- gongkai schema, version 20: `gongkai search` from the indexes, for every reader.
--
-- Under row-level security PostgreSQL takes a condition as an index condition only if its operator
-- is leakproof, and ILIKE is not (only a superuser may declare a function leakproof): for the
-- administrator and every member — all of them read under gk_scope — migration 015's trigram
-- indexes were never used, and a search read every case and every event (seconds to tens of
-- seconds on 10 M cases, docs/performance.md). A security definer function owned by
-- gongkai_owner does not help: the policies are forced, so they bind the owner too.
--
-- So the search has a role of its own, gongkai_search (db/sql/roles.sql): nobody logs in as it or
-- may become it; it owns one function, gk_search_hits, and may read the three tables a search
-- looks in. For it alone the policies below let every row through, so that its queries plan
-- without the policies' conditions and the indexes serve; the function applies the scope the
-- policies apply (the caller's agencies; applicants' names only for those who may read them)
-- itself, and returns case ids only. search_cases.sql then reads those few cases as the caller,
-- under row-level security, and checks the text again on them: a search returns nothing the
-- policies hide, even were this function's scope wrong.
create policy gk_search on gk_case for select to gongkai_search using (true);
create policy gk_search on gk_case_personal for select to gongkai_search using (true);
create policy gk_search on gk_event for select to gongkai_search using (true);

-- The latest received first, for a text many cases have: walked newest first until enough match.
create index gk_case_received on gk_case (received_on, case_no);

-- The ids of at most p_limit cases the caller sees (among p_within, when given: an agency's
-- subtree as the caller sees it) whose case number, letter reference, subject, applicant (only
-- where the caller may read applicants' names) or a note contains p_text (p_pattern: p_text as
-- an ILIKE pattern), the latest received first. A text of fewer than three characters matches a
-- whole name, reference or number. Each place is its own query, planned for the text it is given
-- (EXECUTE … USING), so that the planner sees how common the text is: a rare one comes from its
-- trigram index, a common one from walking the cases newest first.
create function gk_search_hits(p_text text, p_pattern text, p_within integer[], p_limit integer)
returns table (case_id bigint)
language plpgsql stable rows 50 security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  -- What the policies of gk_case and gk_case_personal test (gk_event follows its case).
  v_all boolean := gk_caller_is_admin();
  v_mine integer[] := gk_my_agencies();
  v_personal boolean := gk_caller_is_admin() or gk_may_see_personal();
  v_cases text := 'select c.id, c.received_on, c.case_no from gk_case c where ($5 or c.agency_id = any($6)) '
                  'and ($3::integer[] is null or c.agency_id = any($3::integer[])) and ';
  v_order text := ' order by c.received_on desc, c.case_no desc limit $4';
begin
  if p_limit is null or p_limit < 1 or (not v_all and cardinality(v_mine) = 0) then
    return;
  end if;
  if char_length(p_text) >= 3 then
    return query execute
      'select h.id from ('
      || '(' || v_cases || 'c.subject ilike $2' || v_order || ') union all '
      || '(' || v_cases || 'c.letter_ref ilike $2' || v_order || ') union all '
      || '(' || v_cases || 'c.case_no ilike $2' || v_order || ') union all '
      || '(' || v_cases || '$7 and exists (select 1 from gk_case_personal cp where cp.case_id = c.id '
             'and cp.applicant ilike $2)' || v_order || ') union all '
      || '(' || v_cases || 'c.id in (select e.case_id from gk_event e where e.details ? ''note'' '
             'and e.details->>''note'' ilike $2)' || v_order || ')'
      || ') h group by h.id, h.received_on, h.case_no order by h.received_on desc, h.case_no desc limit $4'
      using p_text, p_pattern, p_within, p_limit, v_all, v_mine, v_personal;
  else
    return query execute
      'select h.id from ('
      || '(' || v_cases || 'c.letter_ref = $1' || v_order || ') union all '
      || '(' || v_cases || 'c.case_no = $1' || v_order || ') union all '
      || '(' || v_cases || '$7 and c.id in (select cp.case_id from gk_case_personal cp '
             'where cp.applicant = $1)' || v_order || ')'
      || ') h group by h.id, h.received_on, h.case_no order by h.received_on desc, h.case_no desc limit $4'
      using p_text, p_pattern, p_within, p_limit, v_all, v_mine, v_personal;
  end if;
end $$;
