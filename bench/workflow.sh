#!/usr/bin/env bash
# Workflow benchmark: BENCH_CASES (default 1,000,000) cases in SQLite with
# their materialised obligations; one counsellor's inbox, recomputing one
# case's obligations after an event and the sweep that marks missed
# obligations, each against the bare SQL that does the same work (printed as
# the ratio). Targets: inbox <= 5 ms, recompute <= 1 ms, sweep <= 2 s.
# Not part of make check.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
BUILD=${BUILD:-$here/build}
N=${BENCH_CASES:-1000000}
cmake --build "$BUILD" --target bench_workflow -j "$(nproc)" >/dev/null
export STEGVIS_SQL_DIR="$here/sql"
export STEGVIS_RULES_DIR="$here/rules"
T=$(mktemp -d /tmp/sv-bench-wf-XXXXXX)
trap 'rm -rf "$T"' EXIT
"$BUILD/bench_workflow" "$T/workflow.db" "$N"
