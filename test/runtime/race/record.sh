#!/bin/sh
# Record what real Go's race detector prints for each program: NAME.err (stderr:
# the reports and "Found N data race(s)") and NAME.exit (66 when it found races).
# Each racy program is run 5 times; the recording kept is a run that found its race.
# Needs go (with cgo, for -race) on PATH. With arguments, records only those programs
# (paths relative to the current directory: ./record.sh ../../../scenarios/go-race/nolock.go).
set -e
here=$(pwd)
cd "$(dirname "$0")"
tmp=$(mktemp -d)
if [ $# -gt 0 ]; then list=$(for a in "$@"; do (cd "$here" && realpath "$a"); done); else list=$(ls *.go); fi
for f in $list; do
  cd "$(dirname "$f")"
  f=$(basename "$f")
  n=${f%.go}
  (cd "$tmp" && cp "$OLDPWD/$f" main.go && go build -race -o "$n" main.go)
  rm -f "$n.err" "$n.exit"
  for try in 1 2 3 4 5; do
    set +e
    GOMAXPROCS=2 "$tmp/$n" > /dev/null 2> "$tmp/$n.err"
    code=$?
    set -e
    if [ "$code" != 0 ]; then break; fi
  done
  if [ -s "$tmp/$n.err" ]; then sed "s#$tmp/##g" "$tmp/$n.err" > "$n.err"; fi
  if [ "$code" != 0 ]; then echo "$code" > "$n.exit"; fi
  cd "$OLDPWD"
done
go version > RECORDED_WITH
rm -rf "$tmp"
