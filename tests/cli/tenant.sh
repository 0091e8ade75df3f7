#!/usr/bin/env bash
# stegvis tenant show|set and /api/v1/tenant through the binary (SQLite; the
# service is tested on both backends in tests/unit/service/test_tenant.c):
# the BAS defaults, a change by the admin, refusals that name the field and
# the rule and change nothing, and a confirmed run's SIE 4 export and PDF
# with the municipality's organisation number and accounts.
#
# ID-4: 212000-0142, Luhn over 212000014: 2x2=4, 1, 2x2=4, 0, 0, 0, 0, 1,
# 4x2=8, sum 18, check digit 10 - 8 = 2. 212000-0143 fails it.
# March 2024 (KV-71, KV-70: AMI 3 876 kr a month): Jobbhuset AB's
# intervention runs from 12 March, 20 days: 3876 / 30 x 20 = 2 584,00 kr,
# booked on 4010 with cost centre 310 and credited to 2441.
. "$(dirname "$0")/lib.sh"
for tool in iconv curl jq sqlite3 pdftotext; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/setup installs it)"; exit 1; }
done
T=$(mktemp -d /tmp/sv-cli-tenant-XXXXXX)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
export STEGVIS_SQL_DIR="$SRC/sql"
DB="sqlite:$T/t.db"

cat >"$T/data.json" <<'JSON'
{"format": "stegvis-import", "version": 1,
 "tenant": {"code": "nacka", "name": "Nacka kommun", "country": "SE"},
 "units": [{"id": "U-1", "name": "Arbetsmarknadsenheten", "parent": null}],
 "providers": [
  {"id": "P-1", "org_no": "5566778899", "name": "Jobbhuset AB", "presentation": null, "website": null, "capacity": null, "industries": [], "authorisations": [{"scheme": "AMI", "from": "2023-01-01", "to": null}], "contacts": []}],
 "users": [
  {"id": "a1", "username": "adm", "display_name": "Ada", "role": "admin", "unit": null, "provider": null, "disabled": false},
  {"id": "f1", "username": "ekonom1", "display_name": "Eva", "role": "finance", "unit": "U-1", "provider": null, "disabled": false},
  {"id": "f2", "username": "ekonom2", "display_name": "Erik", "role": "finance", "unit": "U-1", "provider": null, "disabled": false},
  {"id": "c1", "username": "kvl", "display_name": "Kim", "role": "counsellor", "unit": "U-1", "provider": null, "disabled": false}],
 "customers": [
  {"id": "K-1", "person_id": null, "id_kind": "none", "given_name": "Sara", "family_name": "Åström", "birth_date": null, "protection": "none", "interpreter_language": null, "unit": "U-1", "counsellor": null, "contacts": [], "facts": []}],
 "interventions": [
  {"id": "I-1", "customer": "K-1", "code": "AMI2", "provider": "P-1", "unit": "U-1", "counsellor": null, "decided_on": "2024-03-01", "start_on": "2024-03-12", "planned_end_on": "2024-09-30", "actual_end_on": null, "state": "running", "end_reason": null}]}
JSON
expect_rc "import" 0 "$SV" import "$T/data.json" --db "$DB"
TN=("$SV" tenant --db "$DB" --tenant nacka)

DEFAULTS="tenant nacka: Nacka kommun (SE)
org.nr: (not set)
account voucher: 4600
account abort: 4600
account supplement: 4601
account bonus: 4602
account adjustment: (the account of its basis)
supplier account: 2440
cost centre: (none)"
expect_out "the BAS defaults" "$DEFAULTS" 0 "${TN[@]}" show --as ekonom1
expect_rc "a counsellor may not read them (X-3)" 1 "${TN[@]}" show --as kvl
expect_rc "usage: set without a change" 2 "${TN[@]}" set --as adm
expect_rc "usage: unknown subcommand" 2 "${TN[@]}" unset

# Refusals: the field and the rule on stderr, exit 1, nothing changed.
refused() { # description expected-stderr args...
  local desc=$1 want=$2; shift 2
  local err
  err=$("${TN[@]}" set --as adm "$@" 2>&1 >/dev/null); local rc=$?
  expect_out "$desc: exit 1" "1" 0 echo "$rc"
  expect_out "$desc: names field and rule" "stegvis tenant: $want" 0 echo "$err"
}
refused "a bad Luhn digit" "org_no: check digit is 3, expected 2 (ID-4)" --org-no 212000-0143
refused "an unknown basis" '--account: unknown basis "bonuses": voucher, abort, supplement, bonus or adjustment (BAS)' --account bonuses=4010
refused "an account above 8999" "accounts.bonus: account 9000 is outside the BAS accounts 1000 to 8999 (BAS)" --account bonus=9000
refused "a non-numeric account" "accounts.voucher: an account is four digits, 1000 to 8999 (BAS)" --account voucher=40x0
refused "a bad account among good settings" "supplier_account: an account is four digits, 1000 to 8999 (BAS)" --org-no 212000-0142 --account voucher=4010 --supplier-account 244
expect_out "nothing changed" "$DEFAULTS" 0 "${TN[@]}" show
expect_out "finance may not change them (X-3)" "stegvis tenant: not allowed (X-3)" 0 \
  bash -c '"$@" set --as ekonom1 --org-no 212000-0142 2>&1 >/dev/null; true' _ "${TN[@]}"
expect_out "still nothing changed" "$DEFAULTS" 0 "${TN[@]}" show

expect_out "the admin sets them" "tenant nacka: Nacka kommun (SE)
org.nr: 212000-0142
account voucher: 4010
account abort: 4600
account supplement: 4601
account bonus: 4602
account adjustment: (the account of its basis)
supplier account: 2441
cost centre: 310" 0 \
  "${TN[@]}" set --as adm --org-no 2120000142 --account voucher=4010 --supplier-account 2441 --cost-centre 310 --on 2024-04-02
expect_out "the change is an event (X-1)" "1" 0 sqlite3 "$T/t.db" "SELECT count(*) FROM events WHERE kind = 'tenant.settings'"
expect_out "as JSON" "212000-0142 4010 null 2441 310" 0 \
  bash -c '"$@" show --format json | jq -r "\"\(.org_no) \(.accounts.voucher) \(.accounts.adjustment) \(.supplier_account) \(.cost_centre)\""' _ "${TN[@]}"

# A confirmed March run in SIE 4 and PDF.
sqlite3 "$T/t.db" "INSERT INTO documents (tenant_id, intervention_id, kind, period, state, current_version, first_submitted_at, created_at) SELECT tenant_id, id, 'monthly_report', '2024-03-01', 'submitted', 1, 1712131200000000, 1712131200000000 FROM interventions"
B=("$SV" billing --db "$DB" --tenant nacka)
expect_rc "prepare" 0 "${B[@]}" run --month 2024-03 --on 2024-04-16 --as ekonom1
expect_rc "confirm" 0 "${B[@]}" confirm 1 --on 2024-04-16 --as ekonom2
expect_rc "SIE export" 0 "${B[@]}" show 1 --format sie --out "$T/run.se" --as ekonom1
iconv -f CP437 -t UTF-8 "$T/run.se" | tr -d '\r' >"$T/run.txt"
expect_out "SIE: #ORGNR" "#ORGNR 212000-0142" 0 grep '^#ORGNR' "$T/run.txt"
expect_out "SIE: the voucher on 4010 with the cost centre" '#TRANS 4010 {1 "310"} 2584.00 20240416 "Köpta tjänster kundval, checkar"' 0 grep '^#TRANS 4010' "$T/run.txt"
expect_out "SIE: credited to 2441" '#TRANS 2441 {} -2584.00 20240416 "Jobbhuset AB"' 0 grep '^#TRANS 2441' "$T/run.txt"
expect_out "SIE: the verification balances (2584.00 - 2584.00)" "0.00" 0 \
  awk '/^#TRANS/ { for (i = 1; i <= NF; i++) if ($i ~ /}$/) { s += $(i + 1); break } } END { printf "%.2f\n", s }' "$T/run.txt"
expect_rc "PDF export" 0 "${B[@]}" show 1 --format pdf --out "$T/run.pdf" --as ekonom1
expect_out "PDF: the municipality and its number" "Nacka kommun
Org.nr 212000-0142" 0 bash -c "pdftotext -layout '$T/run.pdf' - | sed -n 's/^ *//; /^Nacka kommun$/p; /^Org.nr/p' | head -n 2"

# ---- /api/v1/tenant ---------------------------------------------------------------
tok() { "$SV" token create "$1" --name t --db "$DB" --tenant nacka 2>/dev/null | head -n 1; }
T_ADM=$(tok adm)
T_EVA=$(tok ekonom1)
"$SV" serve --listen 127.0.0.1:0 --db "$DB" --tenant nacka --on 2024-04-20 --log-level warn >"$T/serve.out" 2>"$T/serve.err" &
SERVER=$!
for _ in $(seq 1 100); do grep -q 'listening on' "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n -E 's/.*listening on (http:[^ ]*).*/\1/p' "$T/serve.out" | head -n 1)
expect_grep "server started" '^http://127.0.0.1:[0-9]+$' "$BASE"
get() { curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $1" "$BASE/api/v1/tenant"; }
put() { curl -s -o "$T/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $1" -H 'Content-Type: application/json' --data "$2" "$BASE/api/v1/tenant"; }
expect_out "finance reads" "200" 0 get "$T_EVA"
expect_out "what was set" "212000-0142 4010 2441" 0 jq -r '"\(.org_no) \(.accounts.voucher) \(.supplier_account)"' "$T/body"
expect_out "finance cannot change (403)" "403" 0 put "$T_EVA" '{"org_no": null}'
expect_out "an account out of range: 422" "422" 0 put "$T_ADM" '{"accounts": {"bonus": 700}, "cost_centre": "320"}'
expect_out "the error names field and rule" "accounts.bonus BAS" 0 jq -r '"\(.error.field // .error.fields[0].field) \(.error.rule // .error.fields[0].rule)"' "$T/body"
expect_out "an unknown basis: 400/422 naming it" "accounts.bonuses" 0 \
  bash -c 'curl -s -X PUT -H "Authorization: Bearer $1" -H "Content-Type: application/json" --data "{\"accounts\": {\"bonuses\": 4602}}" "$2/api/v1/tenant" | jq -r ".error.fields[0].field" | sed "s/^\\$\\.//"' _ "$T_ADM" "$BASE"
expect_out "nothing changed" "310 4602" 0 bash -c 'curl -s -H "Authorization: Bearer $1" "$2/api/v1/tenant" | jq -r "\"\(.cost_centre) \(.accounts.bonus)\""' _ "$T_EVA" "$BASE"
expect_out "the admin changes" "200" 0 put "$T_ADM" '{"accounts": {"bonus": 4690, "adjustment": 4699}, "cost_centre": null}'
expect_out "changed as asked, the rest kept" "212000-0142 4010 4690 4699 null" 0 \
  jq -r '"\(.org_no) \(.accounts.voucher) \(.accounts.bonus) \(.accounts.adjustment) \(.cost_centre)"' "$T/body"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=
finish
