#!/usr/bin/env bash
# stegvis rules: every pack in rules/ validates; broken packs are reported
# one line per problem (FILE:LINE:COL for syntax, FILE: $.path for content)
# with exit 1; usage errors exit 2.
. "$(dirname "$0")/lib.sh"
FX=$SRC/tests/unit/core/rules_fixtures
cd "$SRC" || exit 1

expect_out "all packs valid, nothing on stdout" "" 0 "$SV" rules check rules/*.json
expect_out "one pack valid" "" 0 "$SV" rules check rules/se-nacka-kundval-2024.json

# Syntax errors carry jansson's line:column.
expect_out "missing comma at 4:9" \
  "$FX/syntax_missing_comma.json:4:9: '}' expected near '\"title\"'" 1 \
  "$SV" rules check "$FX/syntax_missing_comma.json"
expect_out "duplicate key at 5:8" \
  "$FX/syntax_duplicate_key.json:5:8: duplicate object key near '\"pack\"'" 1 \
  "$SV" rules check "$FX/syntax_duplicate_key.json"

# Content errors carry the JSON path and the rule.
expect_out "bad date" \
  "$FX/bad_date.json: \$.rates[1].valid.from: no such date, got \"2024-02-30\" (ISO-8601)" 1 \
  "$SV" rules check "$FX/bad_date.json"
expect_out "overlapping rates (CAL-3a)" \
  "$FX/overlap.json: \$.rates[1].valid: 'AMI' valid 2024-06-30..2024-12-31 overlaps \$.rates[0] valid 2024-01-01..2024-06-30: one value per date (CAL-3a)" 1 \
  "$SV" rules check "$FX/overlap.json"
out=$("$SV" rules check "$FX/bad_amount.json" 2>/dev/null)
expect_grep "bad amount names CAL-5" '^.*bad_amount.json: \$\.rates\[0\]\.monthly: .*\(CAL-5\)$' "$out"
out=$("$SV" rules check "$FX/hours_roll_forward.json" 2>/dev/null)
expect_grep "hours never roll forward (CAL-4)" 'deadlines\[0\]\.roll_forward: .*\(CAL-4\)$' "$out"
out=$("$SV" rules check "$FX/unknown_refs.json" 2>/dev/null)
expect_grep "unknown event" '\$\.deadlines\[0\]\.from: unknown event .plan\.started.' "$out"
expect_grep "unknown fact" '\$\.target_groups\[0\]\.when\.all\[0\]\.fact: unknown fact .rich.' "$out"
expect_grep "unknown scheme" '\$\.rates\[0\]\.scheme: unknown scheme .XYZ.' "$out"
out=$("$SV" rules check "$FX/unknown_rule.json" 2>/dev/null)
expect_grep "rule ID not in domain.md" "rule: unknown rule ID 'KV-99'" "$out"

# Every problem of a file, one line each.
n=$("$SV" rules check "$FX/many_errors.json" 2>/dev/null | wc -l)
expect_out "13 problems in many_errors.json" "13" 0 echo "$n"
expect_rc "many errors exit 1" 1 "$SV" rules check "$FX/many_errors.json"

# A good and a bad file: only the bad one is reported, exit 1.
out=$("$SV" rules check rules/se-intake-30plus.json "$FX/unknown_key.json" 2>/dev/null); rc=$?
expect_out "mixed files exit 1" "1" 0 echo "$rc"
expect_grep "only the bad file" "^$FX/unknown_key.json: \\\$\\.rates\\[0\\]\\.monthy: unknown key" "$out"

# The same pack twice: duplicate pack ids are refused.
out=$("$SV" rules check rules/dk-faaborg-midtfyn.json rules/dk-faaborg-midtfyn.json 2>/dev/null); rc=$?
expect_out "duplicate pack id exit 1" "1" 0 echo "$rc"
expect_grep "duplicate pack id" "\\\$\\.pack: pack id 'dk-faaborg-midtfyn' is already loaded" "$out"

expect_rc "unreadable file exit 1" 1 "$SV" rules check /nonexistent/pack.json
expect_out "summary on stderr only" "" 0 "$SV" rules check rules/se-nacka-jobbpeng.json

# show prints a readable summary.
out=$("$SV" rules show rules/se-nacka-kundval-2024.json)
expect_grep "show: AMI voucher" "AMI +3 876,00 kr +2024-01-01\.\.2024-12-31 +KV-70" "$out"
expect_grep "show: monthly report" "monthly_report +provider +intervention_month +day 7 of next month +roll +KV-32" "$out"
expect_rc "show a broken pack exit 1" 1 "$SV" rules show "$FX/bad_date.json"

# Usage errors exit 2.
expect_rc "no subcommand" 2 "$SV" rules
expect_rc "check without files" 2 "$SV" rules check
expect_rc "unknown subcommand" 2 "$SV" rules frobnicate rules/se-intake-30plus.json
expect_rc "unknown option" 2 "$SV" rules check --strict rules/se-intake-30plus.json
expect_rc "show takes one file" 2 "$SV" rules show rules/se-intake-30plus.json rules/se-nacka-jobbpeng.json
expect_rc "--help exits 0" 0 "$SV" rules --help
out=$("$SV" rules --help)
expect_grep "--help shows usage" "^usage: stegvis rules check FILE" "$out"

finish
