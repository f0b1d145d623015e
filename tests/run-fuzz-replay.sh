#!/bin/sh
# Replays every kept fuzz input (fuzz/corpus/NAME/ and fuzz/crashers/NAME/) through the
# harness fuzz/fuzz_NAME.c built without libFuzzer (REPLAY_DIR holds the binaries).
# A harness that crashes or aborts fails.  Closes with "fuzz-replay: N passed, N failed".
REPLAY_DIR=${1:-build/rel/fuzz-replay}
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0; fail=0
for h in "$top"/fuzz/fuzz_*.c; do
    [ -f "$h" ] || continue
    n=$(basename "$h" .c); short=${n#fuzz_}
    bin="$REPLAY_DIR/$n"
    dirs=""
    for d in "$top/fuzz/corpus/$short" "$top/fuzz/crashers/$short"; do [ -d "$d" ] && dirs="$dirs $d"; done
    if [ ! -x "$bin" ]; then echo "not ok $n: harness not built"; fail=$((fail + 1)); continue; fi
    if [ -z "$dirs" ]; then echo "not ok $n: no kept corpus"; fail=$((fail + 1)); continue; fi
    if out=$("$bin" $dirs 2>&1); then
        echo "ok $n: $(printf '%s\n' "$out" | tail -n 1)"; pass=$((pass + 1))
    else
        echo "not ok $n: $(printf '%s\n' "$out" | tail -n 5)"; fail=$((fail + 1))
    fi
done
echo "fuzz-replay: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
