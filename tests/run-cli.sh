#!/bin/sh
# Runs every tests/cli/*.sh against the tools in BIN (default bin).  Each script
# prints "ok NAME" or "not ok NAME: why" per assertion (see tests/cli/lib.sh).
# Closes with "cli: N passed, N failed".
BIN=${1:-bin}
BIN=$(cd "$BIN" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0; fail=0
for t in "$top"/tests/cli/t_*.sh; do
    [ -f "$t" ] || continue
    out=$(BIN="$BIN" TOP="$top" sh "$t" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | grep -c '^ok ')
    f=$(printf '%s\n' "$out" | grep -c '^not ok ')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok $(basename "$t"): script exited $rc"; f=1
    fi
    pass=$((pass + p)); fail=$((fail + f))
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
