-- Days of a year about to be stored ($2: JSON array of dates) that another year's notice ($1 is
-- the year being stored) already lists: a date may belong to one notice only.
select d.day, d.year
from gk_calendar_day d
where d.year <> $1::int
  and d.day in (select x::date from jsonb_array_elements_text($2::jsonb) as x)
order by d.day;
