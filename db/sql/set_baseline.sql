-- Sets (replaces) one key of an agency's baseline of the years before $2: $1 agency id,
-- $2 before-year, $3 legacy key, $4 value.
insert into gk_baseline (agency_id, before_year, key, value) values ($1::int, $2::int, $3, $4::bigint)
on conflict (agency_id, before_year, key) do update set value = excluded.value;
