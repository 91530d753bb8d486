-- What an import will write: new cases, existing cases that get events, and those events.
select count(*) filter (where kind = 'fresh') as fresh,
       count(*) filter (where kind = 'existing') as existing,
       coalesce(sum(cardinality(ev_kind)) filter (where kind = 'existing'), 0) as appended
from gk_import_case;
