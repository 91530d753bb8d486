-- The listed days falling in calendar year $1: those of the year's own notice and the
-- late-December days the next year's notice lists, with the notice each comes from.
select d.day, d.off, d.name, d.year
from gk_calendar_day d
where d.year = $1::int
   or (d.day >= make_date($1::int, 1, 1) and d.day < make_date($1::int + 1, 1, 1))
order by d.day;
