#!/usr/bin/env bash
# stegvis billing through the binary, on SQLite and PostgreSQL ($SV_TEST_PG;
# without it the PostgreSQL part fails unless SV_NO_PG=1): preview, prepare,
# four eyes, the KV-72 date, idempotent confirm, a re-run that finds nothing
# new; the CSV, XLSX and PDF read back by tools that parse them (python3's
# csv and openpyxl, pdftotext) and matched against the JSON; SIE 4 in CP437
# with balanced verifications; provider isolation over HTTP (X-3).
#
# March 2024 (KV-71, KV-70: AMI 3 876 kr a month): intervention 1 (Jobbhuset
# AB) runs from 12 March, 20 days: 3876 / 30 x 20 = 2 584,00 kr; intervention
# 2 (Vägen Framåt AB) the whole month: 3 876,00 kr. Both reports came on 3
# April, before the cut-off of Monday 8 April (KV-72). Total 6 460,00 kr.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
for tool in "$PY" pdftotext iconv curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/setup installs it)"; exit 1; }
done
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "FAIL: python3-openpyxl is missing (scripts/setup)"; exit 1; }

T=$(mktemp -d /tmp/sv-cli-billing-XXXXXX)
PGDBS=()
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$T"
  for d in "${PGDBS[@]}"; do psql -q "$SV_TEST_PG" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done
}
trap cleanup EXIT

cat >"$T/data.json" <<'EOF'
{"format": "stegvis-import", "version": 1,
 "tenant": {"code": "nacka", "name": "Nacka kommun", "country": "SE"},
 "units": [{"id": "U-1", "name": "Arbetsmarknadsenheten", "parent": null}],
 "providers": [
  {"id": "P-1", "org_no": "5566778899", "name": "Jobbhuset AB", "presentation": null, "website": null, "capacity": null, "industries": [], "authorisations": [{"scheme": "AMI", "from": "2023-01-01", "to": null}], "contacts": []},
  {"id": "P-2", "org_no": "5591234561", "name": "Vägen Framåt AB", "presentation": null, "website": null, "capacity": null, "industries": [], "authorisations": [{"scheme": "AMI", "from": "2023-01-01", "to": null}], "contacts": []}],
 "users": [
  {"id": "f1", "username": "ekonom1", "display_name": "Eva", "role": "finance", "unit": "U-1", "provider": null, "disabled": false},
  {"id": "f2", "username": "ekonom2", "display_name": "Erik", "role": "finance", "unit": "U-1", "provider": null, "disabled": false},
  {"id": "s1", "username": "anna.jh", "display_name": "Anna", "role": "provider_staff", "unit": null, "provider": "P-1", "disabled": false},
  {"id": "s2", "username": "bo.vf", "display_name": "Bo", "role": "provider_staff", "unit": null, "provider": "P-2", "disabled": false}],
 "customers": [
  {"id": "K-1", "person_id": null, "id_kind": "none", "given_name": "Sara", "family_name": "Åström", "birth_date": null, "protection": "none", "interpreter_language": null, "unit": "U-1", "counsellor": null, "contacts": [], "facts": []},
  {"id": "K-2", "person_id": null, "id_kind": "none", "given_name": "Ali", "family_name": "Hassan", "birth_date": null, "protection": "none", "interpreter_language": null, "unit": "U-1", "counsellor": null, "contacts": [], "facts": []}],
 "interventions": [
  {"id": "I-1", "customer": "K-1", "code": "AMI2", "provider": "P-1", "unit": "U-1", "counsellor": null, "decided_on": "2024-03-01", "start_on": "2024-03-12", "planned_end_on": "2024-09-30", "actual_end_on": null, "state": "running", "end_reason": null},
  {"id": "I-2", "customer": "K-2", "code": "AMI2", "provider": "P-2", "unit": "U-1", "counsellor": null, "decided_on": "2024-02-20", "start_on": "2024-03-01", "planned_end_on": "2024-09-30", "actual_end_on": null, "state": "running", "end_reason": null}]}
EOF

# Reads the exports back and compares them with the JSON of the same run.
cat >"$T/check.py" <<'EOF'
import csv, json, subprocess, sys
import openpyxl
d = sys.argv[1]
run = json.load(open(d + "/run.json"))
lines = run["lines"]
def kr(s):  # "2584.00" -> "2 584,00 kr"
    neg = s.startswith("-"); s = s.lstrip("-")
    whole, dec = s.split(".")
    g = []
    while len(whole) > 3:
        g.insert(0, whole[-3:]); whole = whole[:-3]
    g.insert(0, whole)
    return ("-" if neg else "") + " ".join(g) + "," + dec + " kr"
problems = []
# CSV: a byte-order mark, ';', a decimal comma; one row per line.
raw = open(d + "/run.csv", "rb").read()
if not raw.startswith(b"\xef\xbb\xbf"): problems.append("csv: no UTF-8 byte-order mark")
rows = list(csv.reader(open(d + "/run.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
head, body = rows[0], rows[1:]
if len(body) != len(lines): problems.append("csv: %d rows, json %d lines" % (len(body), len(lines)))
for r, l in zip(body, lines):
    c = dict(zip(head, r))
    if c["Belopp"] != l["amount"].replace(".", ","): problems.append("csv amount %s != %s" % (c["Belopp"], l["amount"]))
    if int(c["Insats"]) != l["intervention_id"]: problems.append("csv intervention")
    if c["Typkod"] != l["kind"] or c["Förklaring"] != l["text"]: problems.append("csv kind or text")
# XLSX: amounts as numbers in "Rader", sums in "Summor".
wb = openpyxl.load_workbook(d + "/run.xlsx")
ws = wb["Rader"]
xrows = list(ws.iter_rows(values_only=True))
xh, xb = xrows[0], xrows[1:]
if len(xb) != len(lines): problems.append("xlsx: %d rows, json %d" % (len(xb), len(lines)))
for r, l in zip(xb, lines):
    c = dict(zip(xh, r))
    if round(c["Belopp"] * 100) != round(float(l["amount"]) * 100): problems.append("xlsx amount %r" % c["Belopp"])
    if c["Insats"] != l["intervention_id"] or c["Förklaring"] != l["text"]: problems.append("xlsx line")
total = [r for r in wb["Summor"].iter_rows(values_only=True) if r[0] == "Summa"]
if not total or round(total[0][4] * 100) != round(float(run["total"]) * 100): problems.append("xlsx total")
# PDF: every amount in Swedish form, the texts with å ä ö, the total.
text = subprocess.run(["pdftotext", "-layout", d + "/run.pdf", "-"], capture_output=True, text=True).stdout
flat = " ".join(text.split())
for l in lines:
    if kr(l["amount"]) not in flat: problems.append("pdf: no %s" % kr(l["amount"]))
    if " ".join(l["text"].split())[:60] not in flat: problems.append("pdf: no text of line %d" % l["intervention_id"])
for s in run["sums"]:
    if s["provider"] not in flat: problems.append("pdf: no provider %s" % s["provider"])
if "Summa att betala " + kr(run["total"]) not in flat: problems.append("pdf: no total " + kr(run["total"]))
for word in ("Faktureringsunderlag", "Månadsbelopp", "Månadsrapporten", "Vägen Framåt AB"):
    if word not in flat: problems.append("pdf: no " + word)
print("\n".join(problems) if problems else "ok")
EOF

# A fresh PostgreSQL database; prints its URL.
pg_db() {
  local name="sv_cli_billing_$$_$1"
  psql -q "$SV_TEST_PG" -c "CREATE DATABASE $name" >/dev/null || return 1
  PGDBS+=("$name")
  echo "${SV_TEST_PG%/*}/$name"
}

# Run SQL on the database of URL.
sql() {
  case "$1" in
  sqlite:*) sqlite3 "${1#sqlite:}" "$2" ;;
  *) psql -q -v ON_ERROR_STOP=1 -At "$1" -c "$2" ;;
  esac
}

backend() {
  local url=$1 name=$2 d="$T/$2" out err rc
  local B=("$SV" billing --db "$url" --tenant nacka)
  mkdir -p "$d"
  expect_out "$name: import" \
    "imported: 1 unit(s), 2 provider(s), 4 user(s), 2 customer(s), 2 intervention(s)" 0 \
    "$SV" import "$T/data.json" --db "$url"
  # The March reports, first submitted 3 April 2024 10:00 in Stockholm (08:00 UTC).
  sql "$url" "INSERT INTO documents (tenant_id, intervention_id, kind, period, state, current_version, first_submitted_at, created_at) SELECT tenant_id, id, 'monthly_report', $3, 'submitted', 1, 1712131200000000, 1712131200000000 FROM interventions"

  expect_out "$name: preview" "preview for 2024-03 (nothing stored): 2 lines, 0 notices, total 6 460,00 kr
  provider 1 Jobbhuset AB: 1 lines, 0 notices, 2 584,00 kr
  provider 2 Vägen Framåt AB: 1 lines, 0 notices, 3 876,00 kr" 0 \
    "${B[@]}" run --month 2024-03 --dry-run --on 2024-04-16
  expect_out "$name: a preview stores nothing" "0" 0 sql "$url" "SELECT count(*) FROM billing_runs"
  expect_out "$name: prepare" "run 1 for 2024-03 (draft): 2 lines, 0 notices, total 6 460,00 kr
  provider 1 Jobbhuset AB: 1 lines, 0 notices, 2 584,00 kr
  provider 2 Vägen Framåt AB: 1 lines, 0 notices, 3 876,00 kr" 0 \
    "${B[@]}" run --month 2024-03 --on 2024-04-16 --as ekonom1

  err=$("${B[@]}" confirm 1 --on 2024-04-16 --as ekonom1 2>&1 >/dev/null); rc=$?
  expect_out "$name: the preparer cannot confirm (exit)" "1" 0 echo "$rc"
  expect_grep "$name: four eyes" 'you prepared run 1: another finance user confirms it \(four-eyes\)' "$err"
  err=$("${B[@]}" confirm 1 --on 2024-04-16 2>&1 >/dev/null)
  expect_grep "$name: the system does not confirm" 'named finance user \(four-eyes\)' "$err"
  err=$("${B[@]}" confirm 1 --on 2024-04-15 --as ekonom2 2>&1 >/dev/null); rc=$?
  expect_out "$name: not before the 16th (exit)" "1" 0 echo "$rc"
  expect_grep "$name: KV-72" 'confirmed from 2024-04-16 \(after day 15 of the next month\), not 2024-04-15 \(KV-72\)' "$err"
  out=$("${B[@]}" confirm 1 --on 2024-04-16 --as ekonom2)
  expect_grep "$name: confirmed" '^run 1 for 2024-03 \(final\): 2 lines, 0 notices, total 6 460,00 kr' "$out"
  expect_out "$name: confirming twice does nothing" "run 1 was confirmed already; nothing changed" 0 \
    bash -c '"$@" | head -n 1' _ "${B[@]}" confirm 1 --on 2024-04-17 --as ekonom2
  expect_out "$name: one confirmation event" "1" 0 \
    sql "$url" "SELECT count(*) FROM events WHERE kind = 'billing_run.confirmed'"
  expect_out "$name: the confirmed month again: nothing new" \
    "preview for 2024-03 (nothing stored): 0 lines, 0 notices, total 0,00 kr" 0 \
    "${B[@]}" run --month 2024-03 --dry-run --on 2024-04-20
  expect_out "$name: list" "1	2024-03	final	6 460,00 kr" 0 "${B[@]}" list --on 2024-04-20

  for f in json csv xlsx pdf sie; do
    expect_rc "$name: show as $f" 0 "${B[@]}" show 1 --format "$f" --out "$d/run.$f" --as ekonom1 --on 2024-04-20
  done
  expect_out "$name: CSV, XLSX and PDF match the JSON" "ok" 0 "$PY" "$T/check.py" "$d"
  expect_out "$name: JSON lines" "2584.00 3876.00" 0 \
    bash -c "jq -r '[.lines[].amount] | join(\" \")' '$d/run.json'"
  expect_out "$name: every line explains itself" "2" 0 \
    bash -c "jq '[.lines[] | select(.text != \"\" and .explain.rate == \"3876.00\" and (.rules | index(\"KV-71\")))] | length' '$d/run.json'"
  # SIE 4: PC8 is CP437 (ö is 0x94), each verification balances.
  expect_out "$name: SIE header" "#FLAGGA 0|#FORMAT PC8|#SIETYP 4" 0 \
    bash -c "grep -a -E '^#(FLAGGA|FORMAT|SIETYP)' '$d/run.sie' | tr -d '\r' | paste -sd'|'"
  expect_out "$name: SIE in CP437" "#KONTO 2440 \"Leverantörsskulder\"" 0 \
    bash -c "iconv -f CP437 -t UTF-8 '$d/run.sie' | grep -a '^#KONTO 2440' | tr -d '\r'"
  expect_out "$name: SIE verifications balance" "2 balanced" 0 \
    bash -c "tr -d '\r' <'$d/run.sie' | awk '/^#VER/{n++; s=0} /^#TRANS/{s+=\$4*100} /^}/{if (s==0) b++} END{print n, (n==b ? \"balanced\" : \"unbalanced\")}'"
  expect_out "$name: SIE amounts" "2584.00 -2584.00 3876.00 -3876.00" 0 \
    bash -c "tr -d '\r' <'$d/run.sie' | awk '/^#TRANS/{printf \"%s%s\", (n++ ? \" \" : \"\"), \$4} END{print \"\"}'"

  # Bad input: usage errors (2) and refusals (1), never a crash.
  expect_rc "$name: --month 2024-13" 2 "${B[@]}" run --month 2024-13
  expect_rc "$name: --format doc" 2 "${B[@]}" show 1 --format doc
  expect_rc "$name: RUN not an id" 2 "${B[@]}" confirm abc
  expect_rc "$name: run needs --month" 2 "${B[@]}" run
  err=$("${B[@]}" show 99 --as ekonom1 2>&1 >/dev/null); rc=$?
  expect_out "$name: no such run (exit)" "1" 0 echo "$rc"
  err=$("${B[@]}" show 1 --as nobody 2>&1 >/dev/null); rc=$?
  expect_grep "$name: --as an unknown user" "no user 'nobody'" "$err"
}

SQLITE="sqlite:$T/b.db"
backend "$SQLITE" sqlite "'2024-03-01'"
if [ -n "${SV_TEST_PG:-}" ]; then
  PG=$(pg_db a) && backend "$PG" pg "DATE '2024-03-01'"
elif [ "${SV_NO_PG:-0}" != 1 ]; then
  echo "FAIL: SV_TEST_PG is not set (run under scripts/test-env, or SV_NO_PG=1)"; _fail=$((_fail + 1))
fi

# ---- X-3 over HTTP: a provider sees only its own lines -------------------------
tok() { "$SV" token create "$1" --name t --db "$SQLITE" --tenant nacka 2>/dev/null | head -n 1; }
T_ANNA=$(tok anna.jh)
T_BO=$(tok bo.vf)
T_EVA=$(tok ekonom1)
"$SV" serve --listen 127.0.0.1:0 --db "$SQLITE" --tenant nacka --on 2024-04-20 --log-level warn >"$T/serve.out" 2>"$T/serve.err" &
SERVER=$!
for _ in $(seq 1 100); do grep -q 'listening on' "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n -E 's/.*listening on (http:[^ ]*).*/\1/p' "$T/serve.out" | head -n 1)
expect_grep "server started" '^http://127.0.0.1:[0-9]+$' "$BASE"
get() { curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $1" "$BASE$2"; }
post() { curl -s -o "$T/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' --data "$3" "$BASE$2"; }

expect_out "provider 1 reads run 1" "200" 0 get "$T_ANNA" /api/v1/billing/runs/1
expect_out "provider 1 sees only its own line" "1 1 2584.00 2584.00" 0 \
  jq -r '"\(.lines | length) \([.lines[].provider_id] | unique | join(",")) \(.lines[0].amount) \(.total)"' "$T/body"
expect_out "provider 2 sees only its own line" "200 2 3876.00" 0 \
  bash -c 'c=$(curl -s -o "$1" -w "%{http_code}" -H "Authorization: Bearer $2" "$3/api/v1/billing/runs/1"); echo "$c $(jq -r "[.lines[].provider_id] | unique | join(\",\")" "$1") $(jq -r .total "$1")"' \
  _ "$T/body2" "$T_BO" "$BASE"
expect_out "asking for the other provider's part: 404" "404" 0 get "$T_ANNA" "/api/v1/billing/runs/1?provider_id=2"
expect_out "provider's export: its own lines only" "200 1" 0 \
  bash -c 'c=$(curl -s -o "$1" -w "%{http_code}" -H "Authorization: Bearer $2" "$3/api/v1/billing/runs/1/export?format=csv"); echo "$c $(tail -n +2 "$1" | grep -c "Jobbhuset")"' \
  _ "$T/prov.csv" "$T_ANNA" "$BASE"
expect_out "provider's export has no other provider" "0" 0 bash -c "grep -c 'Vägen' '$T/prov.csv' || true"
expect_out "a provider cannot confirm (403)" "403" 0 post "$T_ANNA" /api/v1/billing/runs/1/confirm ''
expect_out "a provider cannot prepare (403)" "403" 0 post "$T_ANNA" /api/v1/billing/runs '{"month": "2024-04", "dry_run": true}'
expect_out "finance prepares a draft over HTTP" "201" 0 post "$T_EVA" /api/v1/billing/runs '{"month": "2024-04"}'
RUN2=$(jq -r .id "$T/body")
expect_out "a provider does not see drafts" "404" 0 get "$T_ANNA" "/api/v1/billing/runs/$RUN2"
expect_out "the preparer cannot confirm over HTTP either" "403" 0 post "$T_EVA" "/api/v1/billing/runs/$RUN2/confirm" ''
expect_grep "four-eyes named" '"rule": *"four-eyes"' "$(cat "$T/body")"
expect_out "a bad month names the field" "422 \$.month" 0 \
  bash -c 'c=$(curl -s -o "$1" -w "%{http_code}" -X POST -H "Authorization: Bearer $2" -H "Content-Type: application/json" --data "{\"month\": \"2024-13\"}" "$3/api/v1/billing/runs"); echo "$c $(jq -r ".error.fields[0].field" "$1")"' \
  _ "$T/body3" "$T_EVA" "$BASE"
expect_out "a provider lists confirmed runs with its own total" "1 2584.00" 0 \
  bash -c 'curl -s -H "Authorization: Bearer $1" "$2/api/v1/billing/runs" | jq -r "\"\(.items | length) \(.items[0].total)\""' _ "$T_ANNA" "$BASE"
expect_out "reads of lines are logged per customer (X-2)" "1" 0 \
  sql "$SQLITE" "SELECT count(DISTINCT customer_id) FROM access_log a JOIN users u ON u.id = a.user_id WHERE u.username = 'anna.jh' AND a.purpose = 'billing'"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=
finish
