#!/bin/sh
# Record what real Go's compiler prints for each program here: NAME.err holds
# `go build`'s diagnostics without its "# command-line-arguments" header. Needs go
# on PATH; the test compares against the recordings and does not need it.
set -e
cd "$(dirname "$0")"
for f in *.go; do
  n=${f%.go}
  if go build -o /dev/null "$f" 2> "$n.raw"; then echo "$f compiled: it must not" >&2; exit 1; fi
  grep -v '^# command-line-arguments$' "$n.raw" > "$n.err"
  rm -f "$n.raw"
done
go version > RECORDED_WITH
