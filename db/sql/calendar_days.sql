-- Every loaded year of the official calendar with its listed days (one row per day; a year with
-- no listed day still gives one row, with a null day).
select y.year, y.source, d.day, d.off, d.name
from gk_calendar_year y
left join gk_calendar_day d on d.year = y.year
order by y.year, d.day;
