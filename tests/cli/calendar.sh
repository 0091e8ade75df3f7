#!/usr/bin/env bash
# stegvis calendar: working-day calendars of Sweden and Denmark (CAL-3,
# CAL-3a, CAL-4). Every expected date is worked out in the comment above it.
. "$(dirname "$0")/lib.sh"

TAB=$'\t'

# --- holidays -------------------------------------------------------------

# CAL-3, Sweden 2024: Easter 31 March -> långfredagen 29 Mar (-2), annandag
# påsk 1 Apr (+1), Kristi himmelsfärdsdag 9 May (+39), pingstdagen 19 May
# (+49); midsommardagen the Saturday of 20-26 June = 22 Jun, midsommarafton
# the Friday before = 21 Jun; alla helgons dag the Saturday of 31 Oct-6 Nov
# = 2 Nov.
expect_out "SE 2024 holidays" "2024-01-01${TAB}nyårsdagen
2024-01-06${TAB}trettondedag jul
2024-03-29${TAB}långfredagen
2024-03-31${TAB}påskdagen
2024-04-01${TAB}annandag påsk
2024-05-01${TAB}första maj
2024-05-09${TAB}Kristi himmelsfärdsdag
2024-05-19${TAB}pingstdagen
2024-06-06${TAB}nationaldagen
2024-06-21${TAB}midsommarafton
2024-06-22${TAB}midsommardagen
2024-11-02${TAB}alla helgons dag
2024-12-24${TAB}julafton
2024-12-25${TAB}juldagen
2024-12-26${TAB}annandag jul
2024-12-31${TAB}nyårsafton" 0 "$SV" calendar holidays --country SE 2024

# CAL-3, Denmark 2023: Easter 9 April -> skærtorsdag 6 Apr (-3), langfredag
# 7 Apr, 2. påskedag 10 Apr, store bededag 5 May (+26: 9 Apr + 21 = 30 Apr,
# + 5), Kristi himmelfartsdag 18 May (+39), pinsedag 28 May (+49), 2.
# pinsedag 29 May; grundlovsdag, juleaftensdag, nytårsaftensdag by Decision.
expect_out "DK 2023 holidays" "2023-01-01${TAB}nytårsdag
2023-04-06${TAB}skærtorsdag
2023-04-07${TAB}langfredag
2023-04-09${TAB}påskedag
2023-04-10${TAB}2. påskedag
2023-05-05${TAB}store bededag
2023-05-18${TAB}Kristi himmelfartsdag
2023-05-28${TAB}pinsedag
2023-05-29${TAB}2. pinsedag
2023-06-05${TAB}grundlovsdag
2023-12-24${TAB}juleaftensdag
2023-12-25${TAB}juledag
2023-12-26${TAB}2. juledag
2023-12-31${TAB}nytårsaftensdag" 0 "$SV" calendar holidays --country DK 2023

# CAL-3a: store bededag is gone from 2024, so Denmark has 13 named days.
out=$("$SV" calendar holidays --country DK 2024)
expect_out "DK 2024 has 13 named days" "13" 0 bash -c "printf '%s\n' \"\$1\" | wc -l" _ "$out"
expect_out "DK 2024 has no store bededag" "" 1 bash -c "printf '%s\n' \"\$1\" | grep bededag" _ "$out"

# CAL-3a (SFS 2004:1320): Easter 2004 = 11 April, pingstdagen 30 May, annandag
# pingst 31 May; no nationaldagen before 2005. The --country=SE form.
out=$("$SV" calendar holidays --country=SE 2004)
expect_grep "SE 2004 annandag pingst" "2004-05-31${TAB}annandag pingst" "$out"
expect_out "SE 2004 no nationaldagen" "" 1 bash -c "printf '%s\n' \"\$1\" | grep nationaldagen" _ "$out"
# The range edges: 1900 and 2199 are supported.
expect_rc "first supported year" 0 "$SV" calendar holidays --country SE 1900
expect_rc "last supported year" 0 "$SV" calendar holidays --country DK 2199

# --- next-working-day -----------------------------------------------------

# A working day is its own answer: Wednesday 15 May 2024.
expect_out "working day stays" "2024-05-15" 0 "$SV" calendar next-working-day --country SE 2024-05-15
# långfredagen 29 Mar 2024 -> Sat, Sun påskdagen, Mon 1 Apr annandag påsk ->
# Tuesday 2 April (CAL-4 roll forward).
expect_out "SE långfredagen" "2024-04-02" 0 "$SV" calendar next-working-day --country SE 2024-03-29
# Saturday 18 May 2024: Monday 20 May works in Sweden, but is 2. pinsedag
# (Easter 31 Mar + 50) in Denmark -> Tuesday 21 May.
expect_out "SE weekend" "2024-05-20" 0 "$SV" calendar next-working-day --country SE 2024-05-18
expect_out "DK 2. pinsedag" "2024-05-21" 0 "$SV" calendar next-working-day --country DK 2024-05-18
# Options after the argument are fine.
expect_out "option last" "2024-12-27" 0 "$SV" calendar next-working-day 2024-12-24 --country DK

# --- add-working-days -----------------------------------------------------

# From Wednesday 27 Mar 2024 + 3. Sweden: Thu 28 (1), Fri 29 långfredagen,
# Mon 1 Apr annandag påsk, Tue 2 (2), Wed 3 (3). Denmark: Thu 28 is
# skærtorsdag, so Tue 2 (1), Wed 3 (2), Thu 4 (3).
expect_out "SE across Easter" "2024-04-03" 0 "$SV" calendar add-working-days --country SE 2024-03-27 3
expect_out "DK across Easter" "2024-04-04" 0 "$SV" calendar add-working-days --country DK 2024-03-27 3
# From Wednesday 19 June 2024 + 2. Sweden: Thu 20 (1), Fri 21 midsommarafton,
# Mon 24 (2). Denmark: Thu 20 (1), Fri 21 (2).
expect_out "SE across midsommar" "2024-06-24" 0 "$SV" calendar add-working-days --country SE 2024-06-19 2
expect_out "DK across midsommar" "2024-06-21" 0 "$SV" calendar add-working-days --country DK 2024-06-19 2
# From Friday 20 Dec 2024 + 6: Mon 23 (1), 24-26 named, Fri 27 (2), Mon 30
# (3), 31 Dec and 1 Jan named, Thu 2 (4), Fri 3 (5); Monday 6 Jan 2025 is
# trettondedag jul in Sweden -> Tue 7 (6), an ordinary day in Denmark (6).
expect_out "SE across Christmas" "2025-01-07" 0 "$SV" calendar add-working-days --country SE 2024-12-20 6
expect_out "DK across Christmas" "2025-01-06" 0 "$SV" calendar add-working-days --country DK 2024-12-20 6
# N = 0 is next-working-day: julafton Tue 24 Dec 2024 -> Fri 27 Dec.
expect_out "N = 0" "2024-12-27" 0 "$SV" calendar add-working-days --country SE 2024-12-24 0
# "--" ends the options.
expect_out "after --" "2024-05-16" 0 "$SV" calendar add-working-days --country SE -- 2024-05-15 1

# --- help -----------------------------------------------------------------

out=$("$SV" calendar --help)
expect_grep "calendar --help lists holidays" "calendar holidays --country SE\|DK YEAR" "$out"
expect_grep "calendar --help lists add-working-days" "add-working-days --country SE\|DK DATE N" "$out"
expect_rc "calendar --help exits 0" 0 "$SV" calendar --help
for sub in holidays next-working-day add-working-days; do
  out=$("$SV" calendar "$sub" --help); rc=$?
  expect_grep "$sub --help" "^usage: stegvis calendar $sub --country" "$out"
  expect_out "$sub --help exits 0" "0" 0 echo "$rc"
done
# --help wins even after a bad argument.
expect_rc "help after bad option" 0 "$SV" calendar holidays --bogus --help
out=$("$SV" --help)
expect_grep "listed in stegvis --help" "calendar .*CAL-3" "$out"

# --- usage errors: exit 2, one line on stderr naming argument and rule ----

# usage_error "description" PATTERN args...
usage_error() {
  local desc=$1 pat=$2; shift 2
  local err rc
  err=$("$SV" calendar "$@" 2>&1 >/dev/null); rc=$?
  expect_out "$desc: exit 2" "2" 0 echo "$rc"
  expect_out "$desc: one line" "1" 0 bash -c "printf '%s\n' \"\$1\" | wc -l" _ "$err"
  expect_grep "$desc: message" "$pat" "$err"
}

usage_error "no subcommand" "missing subcommand"
usage_error "unknown subcommand" "unknown subcommand 'easter'" easter --country SE 2024
usage_error "unknown option" "unknown option '--land'" holidays --land SE 2024
usage_error "missing country" "--country: missing.*\(CAL-3\)" holidays 2024
usage_error "country without value" "--country: missing value.*\(CAL-3\)" holidays 2024 --country
usage_error "country twice" "--country: given twice" holidays --country SE --country DK 2024
usage_error "bad country" "--country: expected a country SE or DK, got \"NO\" \(CAL-3\)" \
  holidays --country NO 2024
usage_error "lower-case country" "--country: .*\(CAL-3\)" holidays --country se 2024
usage_error "missing YEAR" "YEAR: missing.*\(CAL-3\)" holidays --country SE
usage_error "extra argument" "unexpected argument '2025'" holidays --country SE 2024 2025
usage_error "bad YEAR" "YEAR: expected a year.*\(CAL-3\)" holidays --country SE 20x4
usage_error "YEAR too early" "YEAR: year 1899 is outside.*1900-2199 \(CAL-3\)" \
  holidays --country SE 1899
usage_error "YEAR too late" "YEAR: year 2200 is outside.*\(CAL-3\)" holidays --country DK 2200
usage_error "missing DATE" "DATE: missing.*\(ISO-8601\)" next-working-day --country SE
usage_error "bad DATE" "DATE: no such date.*2024-02-30.*\(ISO-8601\)" \
  next-working-day --country SE 2024-02-30
usage_error "DATE not ISO" "DATE: expected a date YYYY-MM-DD.*\(ISO-8601\)" \
  next-working-day --country SE 24-12-2024
usage_error "DATE too early" "DATE: 1899-12-31 is outside.*\(CAL-3\)" \
  next-working-day --country SE 1899-12-31
# Tuesday 31 Dec 2199 is nyårsafton: the next working day lies in 2200.
usage_error "answer past range" "DATE: .*after 2199-12-31.*\(CAL-3\)" \
  next-working-day --country SE 2199-12-31
usage_error "missing N" "N: missing.*\(CAL-3\)" add-working-days --country SE 2024-05-15
usage_error "negative N" "N: expected a whole number 0 or more, got \"-1\" \(CAL-3\)" \
  add-working-days --country SE 2024-05-15 -1
usage_error "bad N" "N: expected a whole number.*\(CAL-3\)" add-working-days --country SE 2024-05-15 3x
usage_error "huge N" "N: .*too large \(CAL-3\)" add-working-days --country SE 2024-05-15 99999999999999999999
# Mon 23 Dec 2199: Fri 27 (1), Mon 30 (2), then 31 Dec nyårsafton -> + 3 in 2200.
usage_error "N past range" "N: .*after 2199-12-31.*\(CAL-3\)" add-working-days --country SE 2199-12-23 3
expect_out "N up to range end" "2199-12-30" 0 "$SV" calendar add-working-days --country SE 2199-12-23 2

finish
