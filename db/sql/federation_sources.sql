-- Every source this installation adds up, with its subscription's state (PostgreSQL's views; the
-- conninfo, which may hold a password, is not read) and the latest sign-off received from it.
select s.name, s.installation, s.installation_name, s.subscription, s.added_by,
       to_json(s.added_at) #>> '{}' as added_at,
       sub.oid is not null as sub_exists,
       coalesce(sub.subenabled, false) as enabled,
       st.pid is not null as running,
       coalesce((select bool_and(r.srsubstate = 'r') from pg_subscription_rel r where r.srsubid = sub.oid), false)
         as synced,
       extract(epoch from clock_timestamp() - st.last_msg_receipt_time)::float8 as heard_s,
       to_json(st.last_msg_receipt_time) #>> '{}' as heard_at,
       coalesce(ss.apply_error_count, 0) as apply_errors,
       coalesce(ss.sync_error_count, 0) as sync_errors,
       l.year, l.version,
       to_json(l.signed_at) #>> '{}' as signed_at,
       to_json(l.received_at) #>> '{}' as received_at
from gk_source s
left join pg_subscription sub
  on sub.subname = s.subscription and sub.subdbid = (select d.oid from pg_database d where d.datname = current_database())
left join pg_stat_subscription st on st.subid = sub.oid and st.relid is null
left join pg_stat_subscription_stats ss on ss.subid = sub.oid
left join lateral (select g.year, g.version, g.signed_at, g.received_at from gk_signoff g
                   where g.installation = s.installation and not g.own
                   order by g.signed_at desc, g.version desc limit 1) l on true
order by s.name
