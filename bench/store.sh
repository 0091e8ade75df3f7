#!/usr/bin/env bash
# Store benchmark: BENCH_CUSTOMERS (default 1,000,000) synthetic customers with
# one intervention each, loaded through the store API into SQLite and into
# PostgreSQL, against the database's own bulk load of the same rows
# (sqlite3 .import, psql \copy) as the reference. Prints rows per second and
# the ratio. Not part of make check.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
BUILD=${BUILD:-$here/build}
N=${BENCH_CUSTOMERS:-1000000}
cmake --build "$BUILD" --target bench_store stegvis -j "$(nproc)" >/dev/null
BENCH="$BUILD/bench_store"
SV="$BUILD/stegvis"
export STEGVIS_SQL_DIR="$here/sql"
T=$(mktemp -d /tmp/sv-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"

now() { date +%s.%N; }
rate() { awk -v r="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", r / (b - a) }'; }

CCOLS="tenant_id,id,ref,person_id,id_kind,given_name,family_name,birth_date,protection,interpreter_language,unit_id,counsellor_id,created_at"
ICOLS="tenant_id,id,ref,customer_id,code,scheme,provider_id,unit_id,counsellor_id,decided_on,start_on,planned_end_on,actual_end_on,extension_months,state,end_reason,staff_user_id,created_at,updated_at"
SETUP="INSERT INTO tenants (id, code, name, country, created_at) VALUES (1, 'bench', 'B', 'SE', 0);
INSERT INTO units (tenant_id, id, name, created_at) VALUES (1, 1, 'U', 0);
INSERT INTO users (tenant_id, id, username, display_name, role, unit_id, created_at) VALUES (1, 1, 'kvl', 'K', 'counsellor', 1, 0);"

echo "store benchmark: $N customers with one intervention each"

# SQLite.
out=$("$BENCH" "sqlite:$T/store.db" "$N" "$T")
echo "  $out"
store_rate=$(printf '%s' "$out" | sed -E 's/.*: ([0-9]+) rows\/s.*/\1/')
"$SV" migrate --db "sqlite:$T/ref.db" >/dev/null
sqlite3 "$T/ref.db" "$SETUP"
nullif() { local cols=$1 out="" c; IFS=, read -ra a <<<"$cols"; for c in "${a[@]}"; do out+="${out:+, }NULLIF($c, '')"; done; echo "$out"; }
a=$(now)
sqlite3 "$T/ref.db" <<SQL
PRAGMA foreign_keys=ON;
PRAGMA synchronous=FULL;
CREATE TABLE c_in ($CCOLS);
CREATE TABLE i_in ($ICOLS);
.import --csv $T/customers.csv c_in
.import --csv $T/interventions.csv i_in
BEGIN;
INSERT INTO customers ($CCOLS) SELECT $(nullif "$CCOLS") FROM c_in;
INSERT INTO interventions ($ICOLS) SELECT $(nullif "$ICOLS") FROM i_in;
COMMIT;
DROP TABLE c_in;
DROP TABLE i_in;
SQL
b=$(now)
ref_rate=$(rate $((2 * N)) "$a" "$b")
echo "  sqlite3 .import (reference): $((2 * N)) rows: $ref_rate rows/s"
awk -v s="$store_rate" -v r="$ref_rate" 'BEGIN { printf "  sqlite ratio stegvis/bulk load: %.3f\n", s / r }'

# PostgreSQL (a throwaway server unless SV_TEST_PG is given).
pg_part() {
  local base=${SV_TEST_PG%/*}
  psql -q "$SV_TEST_PG" -c "CREATE DATABASE bench_store" -c "CREATE DATABASE bench_ref" >/dev/null
  local out store_rate ref_rate a b
  out=$("$BENCH" "$base/bench_store" "$N")
  echo "  $out"
  store_rate=$(printf '%s' "$out" | sed -E 's/.*: ([0-9]+) rows\/s.*/\1/')
  "$SV" migrate --db "$base/bench_ref" >/dev/null
  psql -q "$base/bench_ref" -c "$SETUP" >/dev/null
  a=$(now)
  psql -q "$base/bench_ref" -c "\\copy customers ($CCOLS) FROM '$T/customers.csv' WITH (FORMAT csv)" \
    -c "\\copy interventions ($ICOLS) FROM '$T/interventions.csv' WITH (FORMAT csv)" >/dev/null
  b=$(now)
  ref_rate=$(rate $((2 * N)) "$a" "$b")
  echo "  psql \\copy (reference): $((2 * N)) rows: $ref_rate rows/s"
  awk -v s="$store_rate" -v r="$ref_rate" 'BEGIN { printf "  postgresql ratio stegvis/bulk load: %.3f\n", s / r }'
  psql -q "$SV_TEST_PG" -c "DROP DATABASE bench_store" -c "DROP DATABASE bench_ref" >/dev/null
}
export -f pg_part now rate
export BENCH SV T N CCOLS ICOLS SETUP
if [ -n "${SV_TEST_PG:-}" ]; then
  pg_part
else
  "$here/scripts/pg-throwaway" bash -c pg_part
fi
