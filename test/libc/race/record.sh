#!/bin/sh
# Record what real ThreadSanitizer prints for each C program (gcc -fsanitize=thread -g):
# NAME.err (stderr: the reports and "ThreadSanitizer: reported N warnings", the build
# directory's path taken out) and NAME.exit (66 when it reported a race). A racy program
# is run up to 5 times; the recording kept is a run that found its race. Needs gcc with libtsan.
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
for f in *.c; do
  n=${f%.c}
  cp "$f" "$tmp/$f"
  (cd "$tmp" && gcc -fsanitize=thread -g -o "$n" "$f" -lpthread)
  rm -f "$n.err" "$n.exit"
  for try in 1 2 3 4 5; do
    set +e
    "$tmp/$n" > /dev/null 2> "$tmp/$n.err"
    code=$?
    set -e
    if [ "$code" != 0 ]; then break; fi
  done
  if [ -s "$tmp/$n.err" ]; then sed "s#$tmp/##g" "$tmp/$n.err" > "$n.err"; fi
  if [ "$code" != 0 ]; then echo "$code" > "$n.exit"; fi
done
gcc --version | head -1 > RECORDED_WITH
rm -rf "$tmp"
