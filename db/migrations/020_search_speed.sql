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

-- The latest received first: a search's first step, and its order.
create index gk_case_received on gk_case (received_on, case_no);

-- The ids of at most p_limit cases the caller sees (among p_within, when given: an agency's
-- subtree as the caller sees it) whose case number, letter reference, subject, applicant (only
-- where the caller may read applicants' names) or a note contains p_text (p_pattern: p_text as
-- an ILIKE pattern), the latest received first. A text of fewer than three characters matches a
-- whole name, reference or number.
--
-- A text of three characters or more is looked for in two steps, each bounded whatever the text:
-- first in the newest cases the caller sees (a text many cases have — a common subject — fills the
-- page there; a note many events have, in a wider window); then, if the page is not full, from
-- the trigram indexes, which answer a rarer text from its few matches. The planner cannot tell a common text
-- from a rare one (a substring has no statistics), so the function decides by what it finds.
create function gk_search_hits(p_text text, p_pattern text, p_within integer[], p_limit integer)
returns table (case_id bigint)
language plpgsql stable rows 50 security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  -- What the policies of gk_case and gk_case_personal test (gk_event follows its case).
  v_all boolean := gk_caller_is_admin();
  v_mine integer[] := gk_my_agencies();
  v_personal boolean := gk_caller_is_admin() or gk_may_see_personal();
  v_newest constant integer := 5000;    -- cases looked at in the first step
  v_wider constant integer[] := array[30000, 100000];  -- … and wider, for a note many events have
  v_many constant integer := 20000;     -- events with the note that make it "many"
  v_window integer;
  v_common_note boolean := false;
  v_ids bigint[];
begin
  if p_limit is null or p_limit < 1 or (not v_all and cardinality(v_mine) = 0) then
    return;
  end if;
  if char_length(p_text) < 3 then
    -- A whole name, reference or number: each from its own b-tree index.
    return query
    select h.id from (
      (select c.id, c.received_on, c.case_no from gk_case c
       where c.letter_ref = p_text and (v_all or c.agency_id = any(v_mine))
         and (p_within is null or c.agency_id = any(p_within))
       order by c.received_on desc, c.case_no desc limit p_limit)
      union all
      (select c.id, c.received_on, c.case_no from gk_case c
       where c.case_no = p_text and (v_all or c.agency_id = any(v_mine))
         and (p_within is null or c.agency_id = any(p_within))
       order by c.received_on desc, c.case_no desc limit p_limit)
      union all
      (select c.id, c.received_on, c.case_no from gk_case_personal cp join gk_case c on c.id = cp.case_id
       where v_personal and cp.applicant = p_text and (v_all or c.agency_id = any(v_mine))
         and (p_within is null or c.agency_id = any(p_within))
       order by c.received_on desc, c.case_no desc limit p_limit)
    ) h
    group by h.id, h.received_on, h.case_no
    order by h.received_on desc, h.case_no desc limit p_limit;
    return;
  end if;
  foreach v_window in array v_newest || v_wider loop
    exit when v_window <> v_newest and not v_common_note;
    select array(
      select c.id
      from (select c.id, c.received_on, c.case_no, c.subject, c.letter_ref from gk_case c
            where (v_all or c.agency_id = any(v_mine)) and (p_within is null or c.agency_id = any(p_within))
            order by c.received_on desc, c.case_no desc limit v_window) c
      where c.subject ilike p_pattern or c.letter_ref ilike p_pattern or c.case_no ilike p_pattern
         or (v_personal and exists (select 1 from gk_case_personal cp where cp.case_id = c.id and cp.applicant ilike p_pattern))
         or exists (select 1 from gk_event e where e.case_id = c.id and e.details ? 'note' and e.details->>'note' ilike p_pattern)
      order by c.received_on desc, c.case_no desc limit p_limit) into v_ids;
    if cardinality(v_ids) >= p_limit then
      return query select unnest(v_ids);
      return;
    end if;
    -- A note many events have (the one every late case gets) may start deeper than the first
    -- step looked: a wider window of the newest cases finds it sooner than sorting every match.
    if v_window = v_newest then
      v_common_note := (select count(*) from (select 1 from gk_event e where e.details ? 'note'
                                              and e.details->>'note' ilike p_pattern limit v_many + 1) n) > v_many;
    end if;
  end loop;
  return query
  with found as (
    select x.id from gk_case x where x.subject ilike p_pattern
    union select x.id from gk_case x where x.letter_ref ilike p_pattern
    union select x.id from gk_case x where x.case_no ilike p_pattern
    union select cp.case_id from gk_case_personal cp where v_personal and cp.applicant ilike p_pattern
    union select e.case_id from gk_event e where e.details ? 'note' and e.details->>'note' ilike p_pattern
  )
  select c.id from found f join gk_case c on c.id = f.id
  where (v_all or c.agency_id = any(v_mine)) and (p_within is null or c.agency_id = any(p_within))
  order by c.received_on desc, c.case_no desc limit p_limit;
end $$;
