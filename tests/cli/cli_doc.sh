# docs/cli.md is the binary's own --help texts (scripts/cli-doc): a command
# added or changed without regenerating the reference fails here.
. "$(dirname "$0")/lib.sh"
want=$(bash "$SRC/scripts/cli-doc" "$SV")
got=$(cat "$SRC/docs/cli.md")
if [ "$want" == "$got" ]; then
  _pass=$((_pass + 1))
else
  _fail=$((_fail + 1))
  echo "FAIL: docs/cli.md is out of date; run: scripts/cli-doc > docs/cli.md"
  diff <(echo "$want") <(echo "$got") | head -20
fi
# Every command of the table has a section.
for cmd in $("$SV" --help | awk '/^Commands:/{on=1; next} on && !NF {exit} on {print $1}'); do
  expect_grep "section for $cmd" "^## stegvis $cmd\$" "$got"
done
finish
