-- An intake form registers one case, however often it is sent.
--
-- A letter with a reference is refused the second time (gk_case_letter_ref); one without could be
-- registered twice when its form was sent again: a double click, the browser's "resend", or a
-- retry after the server answered 503 in the middle of a write (which may or may not have
-- happened). Each intake page carries a random form number; the case it registered is kept with it
-- in the receipt's transaction, so that the form sent again finds the case instead of making
-- another, and two sends at once collide on the key (one case, the other transaction undone).
create table gk_intake_form (
  form_id text primary key check (form_id ~ '^[0-9a-f]{32}$'),
  case_no text not null,
  login text not null,
  kept_at timestamptz not null default now()
);

alter table gk_intake_form enable row level security;
alter table gk_intake_form force row level security;
-- A member sees the forms it sent; the administrator every one.
create policy gk_scope on gk_intake_form
  using (current_user in ('gongkai_owner', 'gongkai_admin') or login = gk_caller());
create policy gk_keep on gk_intake_form for insert
  with check (current_user = 'gongkai_owner');

-- Called in the receipt's transaction, after gk_receive, by whoever registered the case.
create function gk_intake_keep(p_form_id text, p_case_no text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  perform gk_require_member();
  insert into gk_intake_form (form_id, case_no, login) values (p_form_id, p_case_no, gk_caller());
end $$;

-- The case a form of the caller's registered, or null.
create function gk_intake_case(p_form_id text) returns text
language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  return (select f.case_no from gk_intake_form f where f.form_id = p_form_id and f.login = gk_caller());
end $$;
