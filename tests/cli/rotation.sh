#!/usr/bin/env bash
# stegvis rotation (KV-12) and the usage of stegvis deadlines, on the
# import fixture: Jobbhjälpen AB is authorised for AMI from 2022-05-02 and
# for FAI from 2023-01-09 to 2024-12-31; Språkvägen AB for ISA.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/sv-cli-rotation-XXXXXX)
trap 'rm -rf "$T"' EXIT
DB="sqlite:$T/r.db"
"$SV" import "$SRC/tests/store/data/import-nacka.json" --db "$DB" >/dev/null

# Two-week periods from the pack's anchor, Monday 2024-01-01; one provider.
expect_out "AMI: three periods" "$(printf '2024-01-01\t2024-01-14\tJobbhjälpen AB\n2024-01-15\t2024-01-28\tJobbhjälpen AB\n2024-01-29\t2024-02-11\tJobbhjälpen AB')" 0 \
  "$SV" rotation --scheme AMI --from 2024-01-01 --periods 3 --db "$DB" --tenant nacka
# 2024-12-23 is day 357 after the anchor: period 25 (357 / 14), from day 350
# = 16 December. Period 26 starts 30 December, when FAI is still authorised
# (to 31 December); period 27 (13 January 2025) has no provider.
expect_out "FAI: the authorisation ends" "$(printf '2024-12-16\t2024-12-29\tJobbhjälpen AB\n2024-12-30\t2025-01-12\tJobbhjälpen AB\n2025-01-13\t2025-01-26\t-')" 0 \
  "$SV" rotation --scheme FAI --from 2024-12-23 --periods 3 --db "$DB" --tenant nacka
# 2024-03-10 is day 31 + 29 + 9 = 69: period 4 (69 / 14), days 56-69 =
# 26 February to 10 March.
expect_out "ISA: Språkvägen" "$(printf '2024-02-26\t2024-03-10\tSpråkvägen AB')" 0 \
  "$SV" rotation --scheme ISA --from 2024-03-10 --periods 1 --db "$DB" --tenant nacka

# Bad input: exit 2 with the reason.
expect_rc "unknown scheme" 2 "$SV" rotation --scheme XYZ --from 2024-01-01 --periods 1 --db "$DB" --tenant nacka
expect_rc "no --from" 2 "$SV" rotation --scheme AMI --periods 1 --db "$DB" --tenant nacka
expect_rc "bad date" 2 "$SV" rotation --scheme AMI --from 2024-02-30 --periods 1 --db "$DB" --tenant nacka
expect_rc "no periods" 2 "$SV" rotation --scheme AMI --from 2024-01-01 --periods 0 --db "$DB" --tenant nacka
err=$("$SV" rotation --scheme AMI --from 2023-12-25 --periods 1 --db "$DB" --tenant nacka 2>&1); rc=$?
expect_out "before the anchor: exit 1" "1" 0 echo "$rc"
expect_grep "before the anchor names the rule" 'KV-12' "$err"

# stegvis deadlines: usage, and nothing due yet as text and JSON. The import
# computed the obligations of its cases; the first falls due on Monday
# 2024-02-05 (I-2 from Monday 2024-01-22 + 14 calendar days, KV-24), so
# nothing is due on 2024-02-04, and four are by 2024-03-10 (that plan, the
# January report due 7 February and its approval due 15 February, KV-32,
# and the February report due Thursday 7 March).
expect_rc "bad format" 2 "$SV" deadlines --format xml --db "$DB" --tenant nacka
expect_rc "bad --on" 2 "$SV" deadlines --on 2024-13-01 --db "$DB" --tenant nacka
expect_out "nothing due" "" 0 "$SV" deadlines --on 2024-02-04 --db "$DB" --tenant nacka
out=$("$SV" deadlines --on 2024-02-04 --format json --db "$DB" --tenant nacka)
expect_grep "JSON: the date and a count" '"on": "2024-02-04"' "$out"
expect_grep "JSON: no items" '"count": 0' "$out"
expect_out "imported cases: four due by 2024-03-10" "$(printf '2024-02-05\tplan_submission\n2024-02-07\tmonthly_report\n2024-02-15\tmonthly_report_approval\n2024-03-07\tmonthly_report')" 0 \
  bash -c '"$1" deadlines --on 2024-03-10 --db "$2" --tenant nacka | cut -f1,4' _ "$SV" "$DB"
out=$("$SV" deadlines --on 2024-03-10 --sweep --format json --db "$DB" --tenant nacka)
expect_grep "sweep as of the date" '"missed": 0' "$out"
finish
