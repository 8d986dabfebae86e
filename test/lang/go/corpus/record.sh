#!/bin/sh
# Record what real Go prints for each corpus program: NAME.out (stdout), NAME.err
# (stderr, when not empty) and NAME.exit (the exit status, when not 0). Programs whose
# first line says "expected: by hand" use features newer than the Go that recorded
# the others (go1.19) and keep their hand-written .out. Needs go on PATH.
# With arguments, records only those programs: ./record.sh fatal_mapwrites.go
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
if [ $# -eq 0 ]; then set -- *.go; fi
for f in "$@"; do
  n=${f%.go}
  if head -1 "$f" | grep -q 'expected: by hand'; then continue; fi
  go build -o "$tmp/$n" "$f"
  set +e
  GOMAXPROCS=2 "$tmp/$n" > "$n.out" 2> "$tmp/$n.err"
  code=$?
  set -e
  rm -f "$n.err" "$n.exit"
  if [ -s "$tmp/$n.err" ]; then cp "$tmp/$n.err" "$n.err"; fi
  if [ "$code" != 0 ]; then echo "$code" > "$n.exit"; fi
done
go version > RECORDED_WITH
rm -rf "$tmp"
