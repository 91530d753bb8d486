#!/usr/bin/env bash
# The benchmarks of docs/performance.md: builds gongkai and gongkai_bench (Release), starts a
# throwaway PostgreSQL server (fsync on, synchronous_commit on: the same server and settings for
# gongkai and for the raw-PostgreSQL ceilings), runs the benchmarks, rewrites docs/performance.md
# with the figures, the machine and the date, then stops and removes the server.
#
#   scripts/bench.sh                 everything, full size: about an hour on 2 cores, of which
#                                    about 20 minutes generate the 10 M-case database (reused
#                                    with --data)
#   scripts/bench.sh --quick         small sizes, one round: a few minutes (the document says so)
#   scripts/bench.sh --only transitions,show --data /var/tmp/gk-bench
#   scripts/bench.sh --only web --data /var/tmp/gk-bench     the web server under load (about 25 minutes)
#   scripts/bench.sh --only reads,search --data /var/tmp/gk-bench
#   scripts/bench.sh --only federation   installations under one another (about 7 minutes)
#
# Options:
#   --only LIST          parts to run, comma-separated: transitions, import, reads, show, search,
#                        migration, web, federation (default: the first five). The document keeps the other
#                        parts' last results. reads, show and search measure each read as the
#                        administrator and as supervisor members (row-level security); reads
#                        takes the generated data's last day (2026-10-31) as today
#                        (GONGKAI_TODAY), and asks the overdue list about that day once more as
#                        a past day (today's real date: the slower replaying query); search
#                        times `gongkai search` for texts of each kind (about 10 minutes);
#                        migration times `gongkai init` of a version-4 database of --big-cases
#                        cases made by the version-4 generator (about 40 minutes at 10 M, and
#                        20 GB of disk while it runs; the database is dropped afterwards);
#                        web runs `gongkai serve` on a copy of the read-path database (as much
#                        disk again while it runs; dropped afterwards): events through the
#                        server at 1 and 2 workers beside pgbench's ceiling of the same insert +
#                        update (and pgbench calling the writer function alone), then
#                        --web-sessions sessions mixing page views and events for --web-seconds
#                        (latency per page, the server's memory every second);
#                        federation starts a second throwaway cluster of its own (wal_level=logical,
#                        replication sized for the sources, track_commit_timestamp on; otherwise
#                        the settings below), makes a city and --fed-sources county installations in
#                        it through `gongkai` (init, installation set, agencies, import of
#                        --fed-cases generated cases each, federation allow), and at each size the
#                        city `federation add`s sources up to it, then measures the lag from
#                        `report sign-off` to the city's gk_signoff (each source in turn, then all at
#                        once), the city's `report --federation` beside psql and pgbench running
#                        db/sql/federation_latest.sql, `federation list`, a sign-off beside `report`
#                        at a source, and the replication processes' memory and idle CPU; the
#                        cluster is stopped and removed at the end of the part
#   --quick              big database 200 000 cases, imports of 10 000 and 100 000 cases,
#                        5-second transition runs, 1 round, federation at 10 and 20 sources of
#                        500 cases
#   --big-cases N        cases in the read-path database (default 10 000 000)
#   --import-cases LIST  import sizes in cases, comma-separated (default 100000,1000000)
#   --seconds S          length of each transition run (default 20)
#   --rounds R           transition rounds, gongkai and pgbench alternating; the document gives
#                        the medians, leaving out rounds that met a throttled disk (default 5)
#   --tx-cases N         cases per transition run (default 20 000)
#   --web-seconds S      length of the web part's mixed run (default 600; --quick 30)
#   --web-event-seconds S  length of each run of events through the server (default 20; --quick 5)
#   --web-rounds R       rounds of those runs, server and pgbench alternating (default 3; --quick 1)
#   --web-cases N        cases per run of events (default 4 000; --quick 1 000)
#   --web-sessions N     sessions of the mixed run (default 50)
#   --web-cache N        the server's cache of replayed cases in the mixed run, in cases
#                        (GONGKAI_CASE_CACHE; default 1 000, below the run's working set, so that it
#                        fills and evicts within the run; the server's own default is 10 000)
#   --fed-sources LIST   the federation part's numbers of sources, comma-separated, added one size
#                        after the other (default 10,30,100,200)
#   --fed-cases N        cases in each installation of the federation part (default 2 000)
#   --data DIR           keep the server's data in DIR and reuse it next time (the generated
#                        read-path database is reused when it has the same size); default: a
#                        temporary directory removed at the end
#   --build-dir DIR      where to build (default: build-bench)
#   --results DIR        where the JSON results are kept (default: BUILD-DIR/bench-results)
#   --no-build           use the binaries already built
#   --no-doc             do not rewrite docs/performance.md
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

parts="transitions,import,reads,show,search"
v4_commit=362cc7c  # the last commit at schema version 4: its generator makes the database to migrate
big_cases=10000000
import_cases="100000,1000000"
seconds=20
rounds=5
tx_cases=20000
web_seconds=600
web_event_seconds=20
web_rounds=3
web_cases=4000
web_sessions=50
web_event_sessions=8
web_cache=1000
fed_sources="10,30,100,200"
fed_cases=2000
data=""
build_dir="$root/build-bench"
results=""
build=1
doc=1
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --only) parts="$2"; shift 2 ;;
    --quick) quick=1; big_cases=200000; import_cases="10000,100000"; seconds=5; rounds=1; tx_cases=5000
             web_seconds=30; web_event_seconds=5; web_rounds=1; web_cases=1000; fed_sources="10,20"; fed_cases=500
             shift ;;
    --big-cases) big_cases="$2"; shift 2 ;;
    --import-cases) import_cases="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --tx-cases) tx_cases="$2"; shift 2 ;;
    --web-seconds) web_seconds="$2"; shift 2 ;;
    --web-event-seconds) web_event_seconds="$2"; shift 2 ;;
    --web-rounds) web_rounds="$2"; shift 2 ;;
    --web-cases) web_cases="$2"; shift 2 ;;
    --web-sessions) web_sessions="$2"; shift 2 ;;
    --web-cache) web_cache="$2"; shift 2 ;;
    --fed-sources) fed_sources="$2"; shift 2 ;;
    --fed-cases) fed_cases="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-doc) doc=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
results=${results:-$build_dir/bench-results}
has() { [[ ",$parts," == *",$1,"* ]]; }
say() { printf '\n== %s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ "$build" -eq 1 ]; then
  bash scripts/deps.sh
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$build_dir" -j"$(nproc)" gongkai gongkai_bench
fi
gk="$build_dir/cli/gongkai"
gb="$build_dir/bench/gongkai_bench"
mkdir -p "$results/plans"

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ -n "$data" ]; then
  mkdir -p "$data"
  run=$(cd "$data" && pwd)
  keep=1
else
  run=$(mktemp -d /var/tmp/gongkai-bench.XXXXXX)
  keep=0
fi
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$run"
  as_pg=(runuser -u postgres --)
fi
# Measurement settings. Durability as shipped (fsync, synchronous_commit, full_page_writes on);
# memory sized for this machine; everything else PostgreSQL's defaults.
settings=(-c "listen_addresses=" -c "unix_socket_directories=$run" -c max_connections=50
  -c fsync=on -c synchronous_commit=on -c full_page_writes=on
  -c shared_buffers=4GB -c effective_cache_size=16GB -c work_mem=64MB -c maintenance_work_mem=1GB
  -c max_wal_size=8GB -c checkpoint_timeout=15min)
# Loading the read-path database: the same, plus wal_level=minimal so the load skips the WAL.
load_settings=("${settings[@]}" -c wal_level=minimal -c max_wal_senders=0 -c archive_mode=off)

pg_start() {
  local opts="" a
  for a in "$@"; do opts+=" $(printf '%q' "$a")"; done
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$run/data" -l "$run/server.log" -w -t 600 -o "$opts" start >/dev/null
}
pg_stop() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$run/data" -m fast -w -t 600 stop >/dev/null 2>&1 || true; }
# The federation part's own cluster (stopped and removed with its data; see that part).
fed_stop() {
  if [ -d "$run/fed" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$run/fed/data" -m fast -w -t 600 stop >/dev/null 2>&1 || true
    rm -rf "$run/fed" "$run/fed-work"
  fi
}
cleanup() {
  pg_stop
  fed_stop
  if [ "$keep" -eq 0 ]; then rm -rf "$run"; else rm -f "$run"/*.csv "$run"/*.copy; fi
}
trap cleanup EXIT

if [ ! -d "$run/data" ]; then
  "${as_pg[@]}" "$pgbin/initdb" -D "$run/data" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
pg_start "${settings[@]}"
conn() { echo "host=$run port=5432 user=gongkai dbname=$1"; }
psql_do() { local db=$1; shift; "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -d "$(conn "$db")" "$@"; }
fresh_db() {  # fresh_db NAME [TEMPLATE]
  psql_do postgres -c "drop database if exists $1" -c "create database $1${2:+ template $2}"
}
checkpoint() { psql_do postgres -c checkpoint; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
begin_part() { part_load=$(load_avg); }
stamp() {  # when a part ran, and how busy the machine was
  printf '{"date": "%s", "load_start": "%s", "load_end": "%s"}\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    "$part_load" "$(load_avg)" >"$results/$1.stamp"
}

"$gb" settings --db "$(conn postgres)" --out "$results/settings.json"
printf '{"parts": "%s", "quick": %s, "big_cases": %s, "import_cases": "%s", "seconds": %s, "rounds": %s, "tx_cases": %s, "web_seconds": %s, "web_event_seconds": %s, "web_rounds": %s, "web_cases": %s, "web_sessions": %s, "fed_sources": "%s", "fed_cases": %s}\n' \
  "$parts" "$quick" "$big_cases" "$import_cases" "$seconds" "$rounds" "$tx_cases" "$web_seconds" "$web_event_seconds" \
  "$web_rounds" "$web_cases" "$web_sessions" "$fed_sources" "$fed_cases" >"$results/run.json"

# The disk's flush rate bounds every durable commit: record it.
if [ ! -s "$results/fsync.txt" ] || has transitions; then
  "$pgbin/pg_test_fsync" -s 1 -f "$run/fsync.test" >"$results/fsync.txt" 2>&1 || true
  rm -f "$run/fsync.test"
fi

if has transitions; then
  begin_part
  say "transitions: library path vs pgbench, ${seconds}s runs, $rounds round(s), $tx_cases cases each"
  rm -f "$results"/tx_*.json
  fresh_db gk_tx
  "$gk" --db "$(conn gk_tx)" init >/dev/null
  for r in $(seq 1 "$rounds"); do
    for c in 1 2; do
      for side in gk pg fn; do
        "$gb" prepare-transitions --db "$(conn gk_tx)" --agency "$side${c}r$r" --cases "$tx_cases"
      done
      psql_do gk_tx -c "vacuum analyze gk_case, gk_event, gk_event_personal, gk_case_personal"
      run_pg() {
        checkpoint
        "$gb" pgbench --pgbench "$pgbin/pgbench" --db "$(conn gk_tx)" --script bench/append_ceiling.pgbench \
          --agency "pg${c}r$r" --cases "$tx_cases" --clients "$c" --seconds "$seconds" --out "$results/tx_pg_c${c}_r$r.json"
      }
      run_fn() {  # the writer function itself, as the administrator
        checkpoint
        PGOPTIONS="-c role=gongkai_admin" "$gb" pgbench --pgbench "$pgbin/pgbench" --db "$(conn gk_tx)" \
          --script bench/append_function.pgbench --agency "fn${c}r$r" --cases "$tx_cases" --clients "$c" \
          --seconds "$seconds" --out "$results/tx_fn_c${c}_r$r.json"
      }
      run_gk() {
        checkpoint
        "$gb" transitions --db "$(conn gk_tx)" --agency "gk${c}r$r" --cases "$tx_cases" --threads "$c" \
          --seconds "$seconds" --out "$results/tx_gk_c${c}_r$r.json"
      }
      # Rotate who goes first, so that none always meets the fuller table.
      case $((r % 3)) in
        1) run_pg; run_gk; run_fn ;;
        2) run_gk; run_fn; run_pg ;;
        0) run_fn; run_pg; run_gk ;;
      esac
    done
  done
  # Experiment: the library path with the replayed cases kept per connection (no load round trip).
  for c in 1 2; do
    "$gb" prepare-transitions --db "$(conn gk_tx)" --agency "gc$c" --cases "$tx_cases"
    checkpoint
    "$gb" transitions --db "$(conn gk_tx)" --agency "gc$c" --cases "$tx_cases" --threads "$c" --cached \
      --seconds "$seconds" --out "$results/tx_gkcached_c$c.json"
  done
  # For context: the same insert + update as BEGIN; SELECT; INSERT; UPDATE; COMMIT.
  for c in 1 2; do
    "$gb" prepare-transitions --db "$(conn gk_tx)" --agency "pt$c" --cases "$tx_cases"
    checkpoint
    "$gb" pgbench --pgbench "$pgbin/pgbench" --db "$(conn gk_tx)" --script bench/append_ceiling_tx.pgbench \
      --agency "pt$c" --cases "$tx_cases" --clients "$c" --seconds "$seconds" --out "$results/tx_pgtx_c$c.json"
  done
  # Inside one append: the hash-chain trigger's share of a raw insert, and gk_append's server time.
  "$gb" prepare-transitions --db "$(conn gk_tx)" --agency cc --cases 200
  "$gb" chain-cost --db "$(conn gk_tx)" --agency cc --cases 200 --out "$results/tx_chain.json"
  psql_do postgres -c "drop database gk_tx"
  stamp transitions
fi

if has import; then
  begin_part
  say "import: app::import_csv vs COPY of the same rows, sizes $import_cases"
  rm -f "$results"/import_*.json "$results"/copy_*.json
  fresh_db gk_tmpl
  "$gk" --db "$(conn gk_tmpl)" init >/dev/null
  psql_do gk_tmpl -f bench/agencies.sql
  for n in ${import_cases//,/ }; do
    "$gb" gen-import --db "$(conn gk_tmpl)" --cases "$n" --file "$run/import_$n.csv"
    fresh_db gk_imp gk_tmpl
    checkpoint
    "$gb" import --db "$(conn gk_imp)" --file "$run/import_$n.csv" --out "$results/import_$n.json"
    fresh_db gk_copy gk_tmpl
    checkpoint
    "$gb" copy-ceiling --from "$(conn gk_imp)" --to "$(conn gk_copy)" --dir "$run" --out "$results/copy_$n.json"
    psql_do postgres -c "drop database gk_imp" -c "drop database gk_copy"
    rm -f "$run/import_$n.csv"
  done
  psql_do postgres -c "drop database gk_tmpl"
  stamp import
fi

big_ready() {
  [ "$(psql_do postgres -At -c "select count(*) from pg_database where datname = 'gk_big'")" = 1 ] &&
    [ "$(psql_do gk_big -At -c "select coalesce((select cases from bench_info), 0)" 2>/dev/null)" = "$big_cases" ] &&
    [ "$(psql_do gk_big -At -c "select coalesce((select version from bench_info), 4)" 2>/dev/null)" = 5 ]
}
# The supervisors the row-level-security comparison reads as: members of gk_big (their roles are
# the server's, kept with it), each logging in as itself.
sup_county=sup_g01
sup_all=sup_p
members() {
  local m login agency
  for m in "$sup_county g01" "$sup_all p"; do
    read -r login agency <<<"$m"
    if [ "$(psql_do gk_big -At -c "select count(*) from gk_member where login = '$login'")" = 0 ]; then
      "$gk" --db "$(conn gk_big)" user add "$login" --name "bench supervisor of $agency" --role supervisor \
        --agency "$agency" --db-login >/dev/null
    fi
  done
}
conn_as() { echo "host=$run port=5432 user=$1 dbname=$2"; }
gen_start=2016-11-01
gen_end=2026-10-31
if has reads || has show || has search || has web; then
  if ! big_ready; then
    say "generating the read-path database: $big_cases cases (server-side SQL)"
    fresh_db gk_big
    "$gk" --db "$(conn gk_big)" init >/dev/null
    t0=$(date +%s)
    # The state machine's due dates for every receipt date and history shape the generator writes.
    "$gb" due-table --db "$(conn gk_big)" --start "$gen_start" --end "$gen_end"
    pg_stop
    pg_start "${load_settings[@]}"
    psql_do gk_big -v cases="$big_cases" -v start_date="$gen_start" -v end_date="$gen_end" -f bench/gen_bigdb.sql
    pg_stop
    pg_start "${settings[@]}"
    psql_do gk_big -c "vacuum (analyze) gk_agency, gk_case, gk_event, gk_case_personal, gk_event_personal, gk_case_counter"
    "$gb" check-sample --db "$(conn gk_big)" --cases 2000
    psql_do gk_big -c "create table bench_info as select $big_cases::bigint as cases, $(( $(date +%s) - t0 ))::int as seconds, 5 as version"
  fi
  # Bring a kept database up to this build's schema (new migrations: indexes, functions), and hand
  # everything to gongkai_owner as `gongkai init` leaves it. What that costs an office upgrading
  # is kept when there was a migration to apply (big_migrate_FROM_TO.json).
  from_version=$(psql_do gk_big -At -c "select max(version) from gk_schema_version")
  t0=$(date +%s.%N)
  "$gk" --db "$(conn gk_big)" init >/dev/null
  init_s=$(echo "$(date +%s.%N) - $t0" | bc)
  to_version=$(psql_do gk_big -At -c "select max(version) from gk_schema_version")
  if [ "$from_version" != "$to_version" ]; then
    printf '{"from": %s, "to": %s, "seconds": %.3f, "date": "%s", "load": "%s"}\n' "$from_version" "$to_version" \
      "$init_s" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(load_avg)" >"$results/big_migrate_${from_version}_${to_version}.json"
    psql_do gk_big -c "vacuum (analyze) gk_case, gk_case_personal, gk_event"
  fi
  members
  "$gb" sizes --db "$(conn gk_big)" --out "$results/sizes.json"
  psql_do gk_big -At -c "select row_to_json(b) from bench_info b" >"$results/big.json"
fi

if has reads; then
  begin_part
  say "reads: year-end tables and the overdue list on $big_cases cases, as the administrator and as supervisors"
  "$gb" reads --db "$(conn gk_big)" --sup-subtree "$(conn_as $sup_county gk_big)" --sup-all "$(conn_as $sup_all gk_big)" \
    --gongkai "$gk" --year 2025 --agency g01 --as-of "$gen_end" --runs 30 --cli-runs 10 --raw-runs 5 --past-runs 1 \
    --out "$results/reads.json"
  # The same with JIT compilation off for these sessions (PostgreSQL's default is on).
  PGOPTIONS="-c jit=off" "$gb" reads --db "$(conn gk_big)" --sup-subtree "$(conn_as $sup_county gk_big)" \
    --sup-all "$(conn_as $sup_all gk_big)" --gongkai "$gk" --year 2025 --agency g01 \
    --as-of "$gen_end" --runs 10 --cli-runs 0 --raw-runs 0 --past-runs 0 --out "$results/reads_nojit.json"
  rm -f "$results"/plans/*.txt
  explain() {  # explain NAME FILE PARAMS ROLE: as the superuser (ROLE -), or SET ROLE ROLE
    local name=$1 file=$2 params=$3 role=$4
    { [ "$role" != - ] && echo "set role $role;"
      echo "prepare q as"; cat "db/sql/$file"; echo "explain (analyze, buffers) execute q($params);"; } |
      psql_do gk_big -P pager=off >"$results/plans/$name.txt" 2>&1 || true
  }
  case_g01=$(psql_do gk_big -At -c "select case_no from gk_case where agency_id = (select id from gk_agency where code = 'g01-d03') and id % 1000 = 7 limit 1")
  for scope in all g01; do
    a=$([ "$scope" = all ] && echo "null" || echo "'$scope'")
    sup=$([ "$scope" = all ] && echo "$sup_all" || echo "$sup_county")
    for who in superuser admin supervisor; do
      role=$(case $who in superuser) echo - ;; admin) echo gongkai_admin ;; supervisor) echo "$sup" ;; esac)
      explain "national_applications_$scope.$who" report_applications.sql "$a, 2025" "$role"
      explain "national_appeals_$scope.$who" report_appeals.sql "$a, 2025" "$role"
      explain "legacy_cases_$scope.$who" report_legacy_cases.sql "$a, 2025" "$role"
      explain "legacy_extras_$scope.$who" report_legacy_extras.sql "$a, 2025" "$role"
      explain "overdue_$scope.$who" overdue.sql "$a, '2026-10-31'" "$role"
      [ "$scope" = g01 ] && explain "load_case_g01.$who" load_case.sql "'$case_g01'" "$role"
    done
  done
  stamp reads
fi

if has search; then
  begin_part
  say "search: gongkai search on $big_cases cases, texts of each kind, as the administrator and as supervisors"
  "$gb" search --db "$(conn gk_big)" --sup-subtree "$(conn_as $sup_county gk_big)" --sup-all "$(conn_as $sup_all gk_big)" \
    --agency g01 --gongkai "$gk" --runs 20 --cli-runs 5 --raw-runs 10 --out "$results/search.json"
  # The plans: the raw ceiling's for each text, as the superuser; gongkai's statement
  # (db/sql/search_cases.sql) as the administrator for the first text (each run of it reads whole
  # tables: once is enough to show which).
  rm -rf "$results/search-plans"
  mkdir -p "$results/search-plans"
  n=0
  "$gb" search-texts --db "$(conn gk_big)" --agency g01 | while IFS=$'\t' read -r key text pattern raw_file raw_arg; do
    { echo "prepare q as"; cat "bench/$raw_file"; echo "explain (analyze, buffers) execute q(:'arg', 50);"; } |
      psql_do gk_big -P pager=off -v arg="$raw_arg" >"$results/search-plans/$key.raw.txt" 2>&1 || true
    if [ $((n++)) -eq 0 ]; then
      { echo "set role gongkai_admin;"; echo "prepare q as"; cat db/sql/search_cases.sql
        echo "explain (analyze, buffers) execute q(:'text', null, 50, :'pattern');"; } |
        psql_do gk_big -P pager=off -v text="$text" -v pattern="$pattern" >"$results/search-plans/$key.admin.txt" 2>&1 || true
    fi
  done
  stamp search
fi

if has show; then
  begin_part
  say "show: process start to exit, on $big_cases cases, as the administrator and as a supervisor"
  "$gb" show --db "$(conn gk_big)" --sup "$(conn_as $sup_county gk_big)" --agency g01 --gongkai "$gk" \
    --psql "$pgbin/psql" --load-sql db/sql/load_case.sql --cases 200 --out "$results/show.json"
  stamp show
fi

if has web; then
  begin_part
  say "web: gongkai serve on a copy of the read-path database: events at 1 and 2 workers beside pgbench, then $web_sessions sessions for ${web_seconds}s"
  rm -f "$results"/web_*.json "$results"/web_*.log
  # A copy (file by file: no WAL for it), so that the read-path database keeps its figures.
  psql_do postgres -c "drop database if exists gk_web" -c "create database gk_web template gk_big strategy file_copy"
  "$gk" --db "$(conn gk_web)" init >/dev/null
  web_agencies=""
  for r in $(seq 1 "$web_rounds"); do
    for c in 1 2; do
      # Fresh cases: wev… for the server, wpg… for pgbench's raw statement, wfn… for pgbench
      # calling the writer function (the same steps, bench_step). One receive each: a kept
      # read-path database may predate the import's present form.
      for side in ev pg fn; do
        "$gb" prepare-transitions --db "$(conn gk_web)" --agency "w$side${c}r$r" --cases "$web_cases" --receive
      done
      web_agencies+="${web_agencies:+,}wev${c}r$r"
    done
  done
  "$gb" web-setup --db "$(conn gk_web)" --event-agencies "$web_agencies" --event-sessions "$web_event_sessions" \
    --sessions "$web_sessions"
  psql_do gk_web -c "vacuum (analyze) gk_case, gk_event, gk_event_personal, gk_case_personal"
  web_conn=$(conn_as gongkai_web gk_web)
  for r in $(seq 1 "$web_rounds"); do
    for c in 1 2; do
      run_web_ev() {
        checkpoint
        "$gb" web-events --gongkai "$gk" --web-db "$web_conn" --db "$(conn gk_web)" --agency "wev${c}r$r" \
          --cases "$web_cases" --sessions "$web_event_sessions" --workers "$c" --seconds "$web_event_seconds" \
          --log "$results/web_ev_c${c}_r$r.log" --out "$results/web_ev_c${c}_r$r.json"
      }
      run_web_pg() {
        checkpoint
        "$gb" pgbench --pgbench "$pgbin/pgbench" --db "$(conn gk_web)" --script bench/append_ceiling.pgbench \
          --agency "wpg${c}r$r" --cases "$web_cases" --clients "$c" --seconds "$web_event_seconds" \
          --out "$results/web_pg_c${c}_r$r.json"
      }
      run_web_fn() {  # the writer function alone, as the administrator: what its checks cost
        checkpoint
        PGOPTIONS="-c role=gongkai_admin" "$gb" pgbench --pgbench "$pgbin/pgbench" --db "$(conn gk_web)" \
          --script bench/append_function.pgbench --agency "wfn${c}r$r" --cases "$web_cases" --clients "$c" \
          --seconds "$web_event_seconds" --out "$results/web_fn_c${c}_r$r.json"
      }
      case $((r % 3)) in  # who goes first rotates
        1) run_web_pg; run_web_ev; run_web_fn ;;
        2) run_web_ev; run_web_fn; run_web_pg ;;
        0) run_web_fn; run_web_pg; run_web_ev ;;
      esac
    done
  done
  checkpoint
  "$gb" web-mixed --gongkai "$gk" --web-db "$web_conn" --db "$(conn gk_web)" --sessions "$web_sessions" --workers 4 \
    --seconds "$web_seconds" --warmup "$(( web_seconds / 10 ))" --think-ms 1000 --cache "$web_cache" \
    --log "$results/web_mixed.log" --out "$results/web_mixed.json"
  psql_do postgres -c "drop database gk_web"
  stamp web
fi

if has migration; then
  begin_part
  say "migration: a version-4 database of $big_cases cases (the $v4_commit generator), then gongkai init"
  fresh_db gk_v4
  # Version 4 as `gongkai init` of that time left it: migrations 001–004 (unchanged since), the
  # shipped calendar (copied from a database this build initialised), no roles, no row-level
  # security.
  { echo "begin;"
    echo "create table gk_schema_version (version integer primary key, file text not null, applied_at timestamptz not null default now());"
    for v in 1 2 3 4; do
      f=$(ls db/migrations/00${v}_*.sql)
      git show "$v4_commit:$f" >/dev/null
      git show "$v4_commit:$f"
      echo ";"
      echo "insert into gk_schema_version (version, file) values ($v, '$(basename "$f")');"
    done
    echo "commit;"; } | psql_do gk_v4 -q >/dev/null
  fresh_db gk_cal
  "$gk" --db "$(conn gk_cal)" init >/dev/null
  "$pgbin/pg_dump" -d "$(conn gk_cal)" --data-only -t gk_calendar_year -t gk_calendar_day | psql_do gk_v4 -q >/dev/null
  psql_do postgres -c "drop database gk_cal"
  git show "$v4_commit:bench/gen_bigdb.sql" >"$run/gen_v4.sql"
  git show "$v4_commit:bench/agencies.sql" >"$run/agencies.sql"
  pg_stop
  pg_start "${load_settings[@]}"
  t0=$(date +%s)
  psql_do gk_v4 -v cases="$big_cases" -v start_date="$gen_start" -v end_date="$gen_end" -f "$run/gen_v4.sql" >/dev/null
  pg_stop
  pg_start "${settings[@]}"
  psql_do gk_v4 -c "vacuum (analyze) gk_agency, gk_case, gk_event, gk_case_counter"
  gen_s=$(( $(date +%s) - t0 ))
  bytes_before=$(psql_do gk_v4 -At -c "select pg_database_size(current_database())")
  events=$(psql_do gk_v4 -At -c "select count(*) from gk_event")
  checkpoint
  t0=$(date +%s.%N)
  "$gk" --db "$(conn gk_v4)" init
  init_s=$(echo "$(date +%s.%N) - $t0" | bc)
  bytes_after=$(psql_do gk_v4 -At -c "select pg_database_size(current_database())")
  printf '{"cases": %s, "events": %s, "generate_seconds": %s, "init_seconds": %s, "bytes_before": %s, "bytes_after": %s}\n' \
    "$big_cases" "$events" "$gen_s" "$init_s" "$bytes_before" "$bytes_after" >"$results/migration.json"
  psql_do postgres -c "drop database gk_v4"
  rm -f "$run/gen_v4.sql" "$run/agencies.sql"
  stamp migration
fi

if has federation; then
  begin_part
  fed_max=$(tr ',' '\n' <<<"$fed_sources" | sort -n | tail -n 1)
  # The year signed off: the last whole year whose following January is over (the generated
  # cases run to its end).
  fed_year=$(( $(date -d '-1 month' +%Y) - 1 ))
  say "federation: a city and $fed_sources sources of $fed_cases cases, in a cluster of their own (wal_level=logical)"
  fed_stop
  mkdir -p "$run/fed" "$run/fed-work"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$run/fed"
  "${as_pg[@]}" "$pgbin/initdb" -D "$run/fed/data" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # The measurement settings, on a socket of its own, plus logical replication for the sources:
  # per source a slot and a walsender, an apply worker at the city; as many again for the table
  # synchronisations that run when sources are added (a slot, a walsender and a worker each,
  # while they copy). track_commit_timestamp: the sources' commit times, which the lag is
  # measured from.
  fed_settings=("${settings[@]}" -c "unix_socket_directories=$run/fed" -c port=5433 -c wal_level=logical
    -c max_wal_senders=$(( 2 * fed_max + 10 )) -c max_replication_slots=$(( 2 * fed_max + 10 ))
    -c max_logical_replication_workers=$(( 2 * fed_max + 10 )) -c max_worker_processes=$(( 2 * fed_max + 20 ))
    -c max_connections=$(( fed_max + 50 )) -c track_commit_timestamp=on)
  fed_opts=""
  for a in "${fed_settings[@]}"; do fed_opts+=" $(printf '%q' "$a")"; done
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$run/fed/data" -l "$run/fed/server.log" -w -t 600 -o "$fed_opts" start >/dev/null
  "$gb" federation --base "host=$run/fed port=5433 user=gongkai" --gongkai "$gk" --psql "$pgbin/psql" \
    --pgbench "$pgbin/pgbench" --dir "$run/fed-work" --sizes "$fed_sources" --cases "$fed_cases" --year "$fed_year" \
    --runs 10 --out "$results/federation.json"
  fed_stop
  stamp federation
fi

if [ "$doc" -eq 1 ]; then
  "$gb" write-doc --results "$results" --notes bench/performance-notes.md --out docs/performance.md
  say "docs/performance.md written"
fi
