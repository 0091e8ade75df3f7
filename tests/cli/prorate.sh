#!/usr/bin/env bash
# stegvis prorate: KV-71 with the 2024 vouchers of KV-70 (AMI 3 876 kr,
# ISA 6 324 kr, FAI 8 160 kr). Per day: 3876 / 30 = 129.20, 6324 / 30 =
# 210.80, 8160 / 30 = 272.00.
. "$(dirname "$0")/lib.sh"

# expect_empty "description" text
expect_empty() { expect_grep "$1" '^<empty>$' "${2:-<empty>}"; }

p() { "$SV" prorate --monthly "$1" --month "$2" --from "$3" --to "$4"; }

# Partial first month: 2024-03-15..31 = 17 days, 129.20 x 17 = 2196.40.
expect_out "KV-71 partial first month (AMI)" "2196.40" 0 p 3876 2024-03 2024-03-15 2024-09-12
# Partial last month: 2024-09-01..12 = 12 days, 129.20 x 12 = 1550.40.
expect_out "KV-71 partial last month (AMI)" "1550.40" 0 p 3876.00 2024-09 2024-03-15 2024-09-12
# ISA 2024-04-10..30 = 21 days, 210.80 x 21 = 4426.80.
expect_out "KV-71 partial month (ISA)" "4426.80" 0 p 6324 2024-04 2024-04-10 2024-10-20
# Whole months pay the voucher: 28 days (not 129.20 x 28 = 3617.60) ...
expect_out "KV-71 whole month of 28 days" "3876.00" 0 p 3876 2023-02 2023-01-15 2023-06-30
# ... 29 (not 3746.80), 30, 31 days (not 4005.20).
expect_out "KV-71 whole month of 29 days" "3876.00" 0 p 3876 2024-02 2024-02-01 2024-02-29
expect_out "KV-71 whole month of 30 days" "8160.00" 0 p 8160 2024-04 2024-04-01 2024-04-30
expect_out "KV-71 whole month of 31 days" "3876.00" 0 p 3876 2024-01 2024-01-01 2024-01-31
# A 31-day month with 30 days in it: 272.00 x 30 = 8160.00, the voucher (cap).
expect_out "KV-71 30 days of a 31-day month" "8160.00" 0 p 8160 2024-01 2024-01-02 2024-03-31
# One day: 272.00.
expect_out "KV-71 one-day intervention" "272.00" 0 p 8160 2024-05 2024-05-20 2024-05-20
# A range that does not touch the month pays nothing.
expect_out "KV-71 range outside the month" "0.00" 0 p 3876 2024-04 2024-03-01 2024-03-31
# Rounding once, half away from zero: 1000.01 kr = 100001 öre, 15 days
# (2024-01-17..31): 100001 x 15 / 30 = 50000.5 -> 50001 öre = 500.01.
expect_out "KV-71 half away from zero" "500.01" 0 p 1000.01 2024-01 2024-01-17 2024-02-10
# 1000 kr, 2 days: 200000 / 30 = 6666.67 -> 6667 öre = 66.67.
expect_out "KV-71 rounds to whole öre" "66.67" 0 p 1000 2024-01 2024-01-30 2024-02-10

# Usage errors: exit 2, naming the argument and the rule, nothing on stdout.
usage_err() { # desc pattern args...
  local desc=$1 pat=$2; shift 2
  local out err rc
  out=$("$SV" prorate "$@" 2>/tmp/sv_prorate_err.$$); rc=$?
  err=$(cat /tmp/sv_prorate_err.$$); rm -f /tmp/sv_prorate_err.$$
  expect_grep "$desc: exit 2" '^2$' "$rc"
  expect_grep "$desc: message" "$pat" "$err"
  expect_empty "$desc: no output" "$out"
}
usage_err "bad amount" '--monthly: expected an amount.*\(CAL-5\)' \
  --monthly 3876,00 --month 2024-03 --from 2024-03-15 --to 2024-09-12
usage_err "amount out of range" '--monthly: amount out of range.*\(CAL-5\)' \
  --monthly 92233720368547758.08 --month 2024-03 --from 2024-03-15 --to 2024-09-12
usage_err "negative voucher" '--monthly: a voucher is not negative.*\(KV-70\)' \
  --monthly -3876 --month 2024-03 --from 2024-03-15 --to 2024-09-12
usage_err "bad month" '--month: no such month.*\(ISO-8601\)' \
  --monthly 3876 --month 2024-13 --from 2024-03-15 --to 2024-09-12
usage_err "month as a date" '--month: expected a month YYYY-MM.*\(ISO-8601\)' \
  --monthly 3876 --month 2024-03-01 --from 2024-03-15 --to 2024-09-12
usage_err "bad from" '--from: no such date.*\(ISO-8601\)' \
  --monthly 3876 --month 2024-03 --from 2023-02-29 --to 2024-09-12
usage_err "bad to" '--to: expected a date YYYY-MM-DD.*\(ISO-8601\)' \
  --monthly 3876 --month 2024-03 --from 2024-03-15 --to 12/09/2024
usage_err "from after to" '--from: 2024-09-13 is after --to 2024-09-12 \(KV-71' \
  --monthly 3876 --month 2024-09 --from 2024-09-13 --to 2024-09-12
usage_err "missing --to" 'missing --to DATE' \
  --monthly 3876 --month 2024-03 --from 2024-03-15
usage_err "unknown argument" "unknown argument '--day'" \
  --monthly 3876 --month 2024-03 --from 2024-03-15 --to 2024-09-12 --day 3
usage_err "value missing" '--to needs a value' \
  --monthly 3876 --month 2024-03 --from 2024-03-15 --to
usage_err "given twice" '--month given twice' \
  --monthly 3876 --month 2024-03 --month 2024-04 --from 2024-03-15 --to 2024-09-12

out=$("$SV" prorate --help); rc=$?
expect_grep "help exit 0" '^0$' "$rc"
expect_grep "help usage line" '^usage: stegvis prorate --monthly AMOUNT --month YYYY-MM --from DATE --to DATE' "$out"
expect_grep "help names KV-71" 'KV-71' "$out"

finish
