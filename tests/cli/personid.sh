#!/usr/bin/env bash
# stegvis personid check: ID-1, ID-2, ID-3 as JSON; exit 0 valid, 1 invalid, 2 usage.
# All numbers are fictitious; the check digits are worked out in
# tests/unit/core/test_personid.c (Luhn over YYMMDDNNN, weights 2,1,2,...).
. "$(dirname "$0")/lib.sh"

# expect_empty "description" text
expect_empty() { expect_grep "$1" '^<empty>$' "${2:-<empty>}"; }

ON=(--on 2024-06-01)

# ID-1: 800101-9820, Luhn 7+0+0+1+0+1+9+8+4 = 30 -> 0; ninth digit 2: a woman.
expect_out "ID-1 valid personnummer" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"198001019820","birth_date":"1980-01-01","sex":"female","warnings":[]}' \
  0 "$SV" personid check "${ON[@]}" 800101-9820
expect_out "ID-1 12-digit form, options after the number" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"198001019820","birth_date":"1980-01-01","sex":"female","warnings":[]}' \
  0 "$SV" personid check 198001019820 --country SE "${ON[@]}"
# 800101-9812: sum 28 -> 2; ninth digit 1: a man.
expect_out "ID-1 sex digit odd: male" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"198001019812","birth_date":"1980-01-01","sex":"male","warnings":[]}' \
  0 "$SV" personid check "${ON[@]}" 800101-9812
# 800101983: sum 32 -> 8, so 9833 is wrong.
expect_out "ID-1 wrong check digit" \
  '{"valid":false,"error":"ID-1: check digit is 3, expected 8"}' \
  1 "$SV" personid check "${ON[@]}" 800101-9833
# 230229982: sum 43 -> 7; 1923 is no leap year.
expect_out "ID-1 no such date 19230229" \
  '{"valid":false,"error":"ID-1: no such date: 1923-02-29"}' \
  1 "$SV" personid check "${ON[@]}" 19230229-9827
# ID-2: day 61 = 1 + 60: 800161982 -> 7+0+0+1+3+1+9+8+4 = 33 -> 7.
expect_out "ID-2 samordningsnummer" \
  '{"valid":true,"country":"SE","kind":"samordningsnummer","normalized":"198001619827","birth_date":"1980-01-01","sex":"female","warnings":[]}' \
  0 "$SV" personid check "${ON[@]}" 800161-9827
# Day 91 in February = 31 February: 800291981 -> 38 -> 2.
expect_out "ID-2 samordningsnummer on no date" \
  '{"valid":false,"error":"ID-2: no such date: 1980-02-31 (samordningsnummer day minus 60)"}' \
  1 "$SV" personid check "${ON[@]}" 800291-9812
# '+' at 100: 240601982 -> 4+4+0+6+0+1+9+8+4 = 36 -> 4; on 2024-06-01, born 1924-06-01.
expect_out "ID-1 '+' at exactly 100" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"192406019824","birth_date":"1924-06-01","sex":"female","warnings":[]}' \
  0 "$SV" personid check "${ON[@]}" 240601+9824
# Century from --on: 240602-9823 (sum 37 -> 3) is 1924-06-02 on 2024-06-01
# (2024-06-02 is tomorrow) and 2024-06-02 from that day on.
expect_out "ID-1 century from --on (day before)" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"192406029823","birth_date":"1924-06-02","sex":"female","warnings":[]}' \
  0 "$SV" personid check --on 2024-06-01 240602-9823
expect_out "ID-1 century from --on (the day)" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"202406029823","birth_date":"2024-06-02","sex":"female","warnings":[]}' \
  0 "$SV" personid check --on 2024-06-02 240602-9823
# Without --on, STEGVIS_TODAY is today.
expect_out "ID-1 century from STEGVIS_TODAY" \
  '{"valid":true,"country":"SE","kind":"personnummer","normalized":"192406029823","birth_date":"1924-06-02","sex":"female","warnings":[]}' \
  0 env STEGVIS_TODAY=2024-06-01 "$SV" personid check 240602-9823
# 20300101-9821 (sum 29 -> 1) is not born yet on 2024-06-01.
expect_out "ID-1 birth date after today" \
  '{"valid":false,"error":"ID-1: birth date 2030-01-01 is after today (2024-06-01)"}' \
  1 "$SV" personid check "${ON[@]}" 20300101-9821
expect_out "ID-1 bad form" \
  '{"valid":false,"error":"ID-1: character '"'"'a'"'"' at position 10 is not a digit"}' \
  1 "$SV" personid check "${ON[@]}" 800101-98a0

# ID-3: 010160-3105: 0+3+0+7+36+0+12+3+0+5 = 66 = 6 x 11; 7th digit 3 -> 1960; 5 odd: a man.
expect_out "ID-3 valid CPR, 7th digit 0-3" \
  '{"valid":true,"country":"DK","kind":"cpr","normalized":"0101603105","birth_date":"1960-01-01","sex":"male","warnings":[]}' \
  0 "$SV" personid check --country DK "${ON[@]}" 010160-3105
# 7th digit 4, YY 20 <= 36 -> 2020 (sum 44); 7th digit 5, YY 58 > 57 -> 1858 (sum 110).
expect_grep "ID-3 7th digit 4, YY <= 36" '"birth_date":"2020-01-01"' \
  "$("$SV" personid check --country DK "${ON[@]}" 0101204103)"
expect_grep "ID-3 7th digit 5, YY > 57" '"birth_date":"1858-01-01"' \
  "$("$SV" personid check --country DK "${ON[@]}" 010158-5107)"
# 010160-3106: sum 67 = 6 x 11 + 1: valid, with a warning; 6 even: a woman.
expect_out "ID-3 failed modulus 11 is a warning" \
  '{"valid":true,"country":"DK","kind":"cpr","normalized":"0101603106","birth_date":"1960-01-01","sex":"female","warnings":["ID-3: the modulus 11 check fails; accepted, as numbers issued since 2007 need not pass it"]}' \
  0 "$SV" personid check --country DK "${ON[@]}" 010160-3106
# 290200-0103: 7th digit 0 -> 1900, no 29 February.
expect_out "ID-3 century decides the date" \
  '{"valid":false,"error":"ID-3: no such date: 1900-02-29 (century from the 7th digit 0)"}' \
  1 "$SV" personid check --country DK "${ON[@]}" 290200-0103

# Usage errors: exit 2, one line on stderr naming what is wrong.
expect_rc "no subcommand" 2 "$SV" personid
expect_rc "unknown subcommand" 2 "$SV" personid verify 800101-9820
expect_rc "no number" 2 "$SV" personid check "${ON[@]}"
expect_rc "two numbers" 2 "$SV" personid check "${ON[@]}" 800101-9820 800101-9812
expect_rc "unknown option" 2 "$SV" personid check --strict 800101-9820
expect_rc "--country without value" 2 "$SV" personid check 800101-9820 --country
expect_rc "--on without value" 2 "$SV" personid check 800101-9820 --on
err=$("$SV" personid check --country NO 800101-9820 2>&1 >/dev/null); rc=$?
expect_grep "bad country exit 2" '^2$' "$rc"
expect_grep "bad country named" '--country: expected SE or DK' "$err"
err=$("$SV" personid check --on 2024-02-30 800101-9820 2>&1 >/dev/null); rc=$?
expect_grep "bad --on exit 2" '^2$' "$rc"
expect_grep "bad --on named with its rule" '--on: no such date.*\(ISO-8601\)' "$err"
out=$("$SV" personid check --country NO 800101-9820 2>/dev/null)
expect_empty "nothing on stdout on a usage error" "$out"

# --help
out=$("$SV" personid --help); rc=$?
expect_grep "help exit 0" '^0$' "$rc"
expect_grep "help usage line" '^usage: stegvis personid check \[--country SE\|DK\] \[--on DATE\] NUMBER' "$out"
expect_grep "help names --on" '--on DATE' "$out"
expect_rc "help after check" 0 "$SV" personid check --help

finish
