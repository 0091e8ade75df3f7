#!/usr/bin/env bash
# Billing benchmark: the run for June 2024 over BENCH_BILLING_N (default
# 1,000,000) running interventions at 100 providers, each with its monthly
# reports, on SQLite and PostgreSQL. Prints the median time of the run (a
# preview: every intervention through the engine, the sums kept), its CPU
# time (user and system) and the load average with each run, and the
# ratio to the bare SQL aggregate of the same month (the interventions active
# in June joined with their June report, summed per provider), timed in
# sqlite3 and psql. Targets on SQLite: <= 2 s and <= 3x the bare query.
#
# Two runs are timed: a month's ordinary run, where a confirmed run for May
# settled every intervention through May (billing_positions), and a tenant's
# first run, which reconciles every month of every intervention from its
# start (about 3.5 months each here). Not part of make check.
#
# The data is written by bench/bench_billing.c as CSV and bulk-loaded
# (sqlite3 .import, psql \copy): the demo generator (stegvis demo) writes a
# whole case history per customer through the store, which at a million
# customers takes hours.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
BUILD=${BUILD:-$here/build}
N=${BENCH_BILLING_N:-1000000}
cmake --build "$BUILD" --target stegvis stegvis_lib -j "$(nproc)" >/dev/null
SV="$BUILD/stegvis"
export STEGVIS_SQL_DIR="$here/sql"
# BENCH_BILLING_KEEP=DIR keeps the data and the SQLite database in DIR (for
# profiling); BENCH_BILLING_PG=0 leaves PostgreSQL out.
if [ -n "${BENCH_BILLING_KEEP:-}" ]; then
  T="$BENCH_BILLING_KEEP"
  mkdir -p "$T"
  rm -f "$T/billing.db"
else
  T=$(mktemp -d /tmp/sv-bench-billing-XXXXXX)
  trap 'rm -rf "$T"' EXIT
fi
chmod 755 "$T"

# The benchmark program, linked with the library as built.
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSV_SOURCE_DIR="\"$here\"" \
  -I"$here/include" -I"$here/src" "$here/bench/bench_billing.c" "$BUILD/libstegvis_lib.a" \
  $(pkg-config --libs sqlite3 libpq jansson libsodium libmicrohttpd xlsxwriter) -lhpdf -lpthread -lm \
  -o "$T/bench_billing"
BENCH="$T/bench_billing"

echo "billing benchmark: the run for 2024-06 over $N running interventions"
# Wall times depend on what else the machine runs: the load is printed with them.
echo "  load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" gen "$T" "$N" | sed 's/^/  data: /'

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v t="$1" -v r="$2" 'BEGIN { printf "%s (<= 2 s), %s (<= 3x)", (t <= 2 ? "met" : "missed"), (r <= 3 ? "met" : "missed") }'; }

PCOLS="tenant_id,id,ref,org_no,name,presentation,website,capacity,created_at"
CCOLS="tenant_id,id,ref,person_id,id_kind,given_name,family_name,birth_date,protection,interpreter_language,unit_id,counsellor_id,created_at"
ICOLS="tenant_id,id,ref,customer_id,code,scheme,provider_id,unit_id,counsellor_id,decided_on,start_on,planned_end_on,actual_end_on,extension_months,state,end_reason,staff_user_id,created_at,updated_at"
DCOLS="tenant_id,id,intervention_id,kind,period,state,current_version,first_submitted_at,created_at"
POSCOLS="tenant_id,intervention_id,open_from,done,run_id,settled_at"
SETUP="INSERT INTO tenants (id, code, name, country, created_at) VALUES (1, 'bench', 'Benchkommun', 'SE', 0);
INSERT INTO units (tenant_id, id, name, created_at) VALUES (1, 1, 'U', 0);
INSERT INTO users (tenant_id, id, username, display_name, role, unit_id, created_at) VALUES (1, 1, 'ekonom', 'E', 'finance', 1, 0);"
# A confirmed run for May 2024 that settled every intervention through May.
SETTLED="INSERT INTO billing_runs (tenant_id, id, month, state, created_at, created_by, run_on, params, based_on) VALUES (1, 1, '2024-05-01', 'draft', 1718611200000000, 1, '2024-06-17', '{}', 0);
INSERT INTO billing_confirmations (tenant_id, run_id, seq, confirmed_by, confirmed_at) VALUES (1, 1, 1, 1, 1718611200000000);
UPDATE billing_runs SET state = 'final' WHERE id = 1;"
BARE="SELECT iv.provider_id, count(*), sum(CASE WHEN d.first_submitted_at <= 1720425600000000 THEN 1 ELSE 0 END)
FROM interventions iv LEFT JOIN documents d ON d.tenant_id = iv.tenant_id AND d.intervention_id = iv.id
 AND d.kind = 'monthly_report' AND d.period = '2024-06-01'
WHERE iv.tenant_id = 1 AND iv.provider_id IS NOT NULL AND iv.start_on <= '2024-06-30'
 AND (iv.actual_end_on IS NULL OR iv.actual_end_on >= '2024-06-01') AND iv.state <> 'cancelled'
GROUP BY iv.provider_id"

report() { # name median_ordinary median_first bare
  echo "  $1: ordinary run median $2 s, first run median $3 s, bare SQL aggregate median $4 s"
  echo "  $1 ratio run/bare: $(ratio "$2" "$4") (first run: $(ratio "$3" "$4")); targets: $(verdict "$2" "$(ratio "$2" "$4")")"
}

# ---- SQLite -------------------------------------------------------------------
DB="$T/billing.db"
"$SV" migrate --db "sqlite:$DB" >/dev/null
nullif() { local out="" c; IFS=, read -ra a <<<"$1"; for c in "${a[@]}"; do out+="${out:+, }NULLIF($c, '')"; done; echo "$out"; }
a=$(now)
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys=ON;
$SETUP
CREATE TEMP TABLE p_in ($PCOLS);
CREATE TEMP TABLE c_in ($CCOLS);
CREATE TEMP TABLE i_in ($ICOLS);
CREATE TEMP TABLE d_in ($DCOLS);
.import --csv $T/providers.csv p_in
.import --csv $T/customers.csv c_in
.import --csv $T/interventions.csv i_in
.import --csv $T/reports.csv d_in
BEGIN;
INSERT INTO providers ($PCOLS) SELECT $(nullif "$PCOLS") FROM p_in;
INSERT INTO customers ($CCOLS) SELECT $(nullif "$CCOLS") FROM c_in;
INSERT INTO interventions ($ICOLS) SELECT $(nullif "$ICOLS") FROM i_in;
INSERT INTO documents ($DCOLS) SELECT $(nullif "$DCOLS") FROM d_in;
COMMIT;
ANALYZE;
SQL
echo "  sqlite: loaded in $(awk -v a="$a" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s"
first=$("$BENCH" run "sqlite:$DB" 3 full | tee -a /dev/stderr | sed -n 's/^median //p')
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys=ON;
$SETTLED
CREATE TEMP TABLE pos_in ($POSCOLS);
.import --csv $T/positions.csv pos_in
INSERT INTO billing_positions ($POSCOLS) SELECT $(nullif "$POSCOLS") FROM pos_in;
ANALYZE;
SQL
"$BENCH" run "sqlite:$DB" 5 | tee -a /dev/stderr >"$T/ordinary"
ordinary=$(sed -n 's/^median //p' "$T/ordinary")
ordinary_cpu=$(sed -n 's/^CPU median //p' "$T/ordinary")
# Five timings of the bare query: "wall cpu" a line (CPU: user + system of sqlite3).
bare5() {
  for i in 1 2 3 4 5; do
    /usr/bin/time -f '%e %U %S' -o "$T/time" sqlite3 "$DB" "$@" "$BARE" >/dev/null
    awk '{ print $1, $2 + $3 }' "$T/time"
  done
}
bare5 >"$T/bare"
bare=$(cut -d' ' -f1 "$T/bare" | median)
report sqlite "$ordinary" "$first" "$bare"
echo "  sqlite: CPU medians: ordinary run $ordinary_cpu s, bare SQL aggregate $(cut -d' ' -f2 "$T/bare" | median) s"
echo "  sqlite: load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
# The run reads through a memory map (PRAGMA mmap_size); the same for the bare query.
bare5 "PRAGMA mmap_size = 2147418112;" >"$T/mapped"
mapped=$(cut -d' ' -f1 "$T/mapped" | median)
echo "  sqlite: bare SQL aggregate through a memory map like the run's: median $mapped s ($(cut -d' ' -f2 "$T/mapped" | median) s of CPU); ratio run/bare $(ratio "$ordinary" "$mapped")"
echo "  sqlite: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- PostgreSQL (a throwaway server unless SV_TEST_PG is given) -----------------
pg_part() {
  local url="${SV_TEST_PG%/*}/bench_billing" first ordinary bare a
  psql -q "$SV_TEST_PG" -c "CREATE DATABASE bench_billing" >/dev/null
  "$SV" migrate --db "$url" >/dev/null
  psql -q -v ON_ERROR_STOP=1 "$url" -c "$SETUP" \
    -c "\\copy providers ($PCOLS) FROM '$T/providers.csv' WITH (FORMAT csv)" \
    -c "\\copy customers ($CCOLS) FROM '$T/customers.csv' WITH (FORMAT csv)" \
    -c "\\copy interventions ($ICOLS) FROM '$T/interventions.csv' WITH (FORMAT csv)" \
    -c "\\copy documents ($DCOLS) FROM '$T/reports.csv' WITH (FORMAT csv)" \
    -c "ANALYZE" >/dev/null
  first=$("$BENCH" run "$url" 3 full | tee -a /dev/stderr | sed -n 's/^median //p')
  psql -q -v ON_ERROR_STOP=1 "$url" -c "$SETTLED" \
    -c "\\copy billing_positions ($POSCOLS) FROM '$T/positions.csv' WITH (FORMAT csv)" \
    -c "ANALYZE" >/dev/null
  ordinary=$("$BENCH" run "$url" 5 | tee -a /dev/stderr | sed -n 's/^median //p')
  bare=$(for i in 1 2 3 4 5; do psql -At "$url" -c '\timing on' -c "$BARE" | sed -n -E 's/^Time: ([0-9.]+) ms.*/\1/p' | awk '{ print $1 / 1000 }'; done | median)
  report postgresql "$ordinary" "$first" "$bare"
  psql -q "$SV_TEST_PG" -c "DROP DATABASE bench_billing WITH (FORCE)" >/dev/null
}
export -f pg_part report ratio verdict median
export BENCH SV T N PCOLS CCOLS ICOLS DCOLS POSCOLS SETUP SETTLED BARE here
if [ "${BENCH_BILLING_PG:-1}" = 0 ]; then
  :
elif [ -n "${SV_TEST_PG:-}" ]; then
  pg_part
else
  "$here/scripts/pg-throwaway" bash -c pg_part
fi
