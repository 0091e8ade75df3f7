# Sourced by the CLI tests: a tiny assertion library.
# Each test script ends with `finish`, which prints "N passed, N failed".
set -u
SV=${SV_BINARY:?SV_BINARY not set}
SRC=${SV_SOURCE_DIR:?SV_SOURCE_DIR not set}
_pass=0
_fail=0

# expect_out "description" "expected stdout" EXPECTED_EXIT cmd args...
expect_out() {
  local desc=$1 want=$2 want_rc=$3; shift 3
  local got rc
  got=$("$@" 2>/tmp/sv_cli_err.$$); rc=$?
  if [ "$got" == "$want" ] && [ "$rc" == "$want_rc" ]; then
    _pass=$((_pass + 1))
  else
    _fail=$((_fail + 1))
    printf 'FAIL: %s\n  cmd: %s\n  want (rc %s): %s\n  got  (rc %s): %s\n  stderr: %s\n' \
      "$desc" "$*" "$want_rc" "$want" "$rc" "$got" "$(cat /tmp/sv_cli_err.$$)"
  fi
}

# expect_rc "description" EXPECTED_EXIT cmd args...
expect_rc() {
  local desc=$1 want_rc=$2; shift 2
  "$@" >/dev/null 2>&1; local rc=$?
  if [ "$rc" == "$want_rc" ]; then _pass=$((_pass + 1)); else
    _fail=$((_fail + 1)); printf 'FAIL: %s: exit %s, want %s: %s\n' "$desc" "$rc" "$want_rc" "$*"; fi
}

# expect_grep "description" PATTERN text
expect_grep() {
  if printf '%s' "$3" | grep -qE -- "$2"; then _pass=$((_pass + 1)); else
    _fail=$((_fail + 1)); printf 'FAIL: %s: /%s/ not in: %s\n' "$1" "$2" "$3"; fi
}

finish() {
  rm -f /tmp/sv_cli_err.$$
  echo "$_pass passed, $_fail failed"
  [ "$_fail" -eq 0 ]
}
