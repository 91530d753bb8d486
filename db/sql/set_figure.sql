-- Sets (replaces) one hand-entered figure: $1 agency id, $2 year, $3 legacy key, $4 value.
insert into gk_figure (agency_id, year, key, value) values ($1::int, $2::int, $3, $4::bigint)
on conflict (agency_id, year, key) do update set value = excluded.value;
