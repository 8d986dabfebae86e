#!/bin/sh
# Record what a real gcc build on Linux prints for each program of the corpus:
# stdout, stderr and the exit status (128 + signal for a signal death, as a shell
# reports it), into corpus/NAME.expected.json. The tests compare against these
# recordings and never need gcc. Run it again after changing a corpus program
# (all of them, or the ones named):
#   sh test/lang/c/record.sh [files.c ...]
# Files are made with Linux's default umask, 022.
set -e
cd "$(dirname "$0")/corpus"
umask 022
tmp=$(mktemp -d)
[ $# -gt 0 ] || set -- *.c
for src in "$@"; do
  name=${src%.c}
  gcc -std=gnu11 -O0 -w -pthread -o "$tmp/$name" "$src" -lm
  set +e
  (cd "$tmp" && bash -c 'exec -a "$0" "./$0"' "$name" >"$tmp/out" 2>"$tmp/err")
  status=$?
  set -e
  node -e '
    const fs = require("fs");
    const [out, err, status, file] = process.argv.slice(1);
    const rec = { compiler: "gcc (Debian 12.2.0-14+deb12u1) 12.2.0, -std=gnu11 -O0 -pthread, x86_64 Linux",
      stdout: fs.readFileSync(out, "latin1"), stderr: fs.readFileSync(err, "latin1"), status: Number(status) };
    fs.writeFileSync(file, JSON.stringify(rec, null, 2) + "\n");
  ' "$tmp/out" "$tmp/err" "$status" "$name.expected.json"
  echo "$name: status $status"
done
rm -rf "$tmp"
