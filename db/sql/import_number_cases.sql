-- Gives the new cases of an import their ids and numbers: a kept number as it is, the others
-- after the counter's base in file order (their received rows) per agency and year, written as
-- `receive` writes them (CODE-YYYY-NNNN, more digits when needed).
insert into gk_import_new (first_row, id, case_no)
select t.first_row, nextval(pg_get_serial_sequence('gk_case', 'id')),
       case when t.kept_number then t.ref
            else a.code || '-' || t.y || '-' || lpad(t.n::text, greatest(4, length(t.n::text)), '0') end
from (
  select c.first_row, c.ref, c.kept_number, c.agency_id, c.y,
         b.base + row_number() over (partition by c.agency_id, c.y, c.kept_number order by c.first_row) as n
  from (select first_row, ref, kept_number, agency_id, extract(year from received_on)::int as y
        from gk_import_case where kind = 'fresh') c
  join gk_import_base b on b.agency_id = c.agency_id and b.year = c.y
) t
join gk_agency a on a.id = t.agency_id
order by t.first_row;
