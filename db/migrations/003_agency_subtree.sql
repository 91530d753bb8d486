-- An agency and everything under it (every agency when p_code is null), each with the codes on
-- the way down from the top of the subtree: the scope of every list and report, defined once.
-- A single SELECT, STABLE and in SQL, so the planner can inline it where it is used.
create function gk_agency_subtree(p_code text) returns table (id integer, path text[])
language sql stable as $$
  with recursive scope as (
    select a.id, array[a.code] as path from gk_agency a
    where (p_code is null and a.parent_id is null) or a.code = p_code
    union all
    select a.id, s.path || a.code from gk_agency a join scope s on a.parent_id = s.id
  )
  select scope.id, scope.path from scope
$$;
