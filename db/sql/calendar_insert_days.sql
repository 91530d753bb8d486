-- Stores one year's listed days, given as a JSON array of {day, off, name}, in one statement.
insert into gk_calendar_day (year, day, off, name)
select $1::int, d.day, d.off, coalesce(d.name, '')
from jsonb_to_recordset($2::jsonb) as d(day date, off boolean, name text);
