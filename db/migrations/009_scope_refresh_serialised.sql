-- gongkai schema, version 9: refreshing the members' kept scopes (migration 007) one transaction at
-- a time. Two transactions adding agencies (or members) at once each recomputed a member's scope
-- from what it could see: the second's insert met the first's new row (a duplicate key, found by
-- the security suite), and had it not, the last to commit would have left out the agency the
-- other added. An advisory lock held to the end of the transaction makes the second wait for the
-- first to commit; its statements, each with a new snapshot, then see both.
create or replace function gk_member_scope_refresh(p_logins text[]) returns void language plpgsql
security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform pg_advisory_xact_lock(4711007);
  delete from gk_member_scope s where s.login = any (p_logins);
  insert into gk_member_scope (login, agencies)
  select ma.login, array_agg(distinct cl.agency_id order by cl.agency_id)
  from gk_member_agency ma
  join gk_agency_closure cl on cl.ancestor_id = ma.agency_id
  where ma.login = any (p_logins)
  group by ma.login;
end $$;
