#!/bin/sh
# pfxsplit against `openssl pkcs12 -nodes` (issue 6, item 5), side by side in one run,
# on three files made here once (build/bench/pfxsplit/):
#   default   OpenSSL 3's default export: PBES2 AES-256-CBC, HMAC-SHA256, 2,048 iterations
#   legacy    -legacy: RC2-40 certificates, 3DES key, HMAC-SHA1 (openssl needs -legacy)
#   600k      -iter 600000 -maciter: 600,000 iterations for the MAC and both safes
# Wall time: hyperfine's fastest of N runs (N = 40, 40 and 5), or without hyperfine the
# best of RUNS rounds (default 3) of N runs; user CPU time of one run beside it.
# pfxsplit derives the MAC key and the safe and key keys on parallel threads (one per
# CPU, at most 4), so its wall time on a loaded machine depends on free cores.  Targets: pfxsplit at most 0.6x openssl's time on
# default and legacy, at most 2x on 600k.  Prints a markdown table; exit 1 when a
# target is missed (BENCH_NO_FAIL=1: report only).
#   sh bench/pfxsplit.sh BIN_DIR
set -u
BIN=$(cd "${1:-bin}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
W=$top/build/bench/pfxsplit
RUNS=${BENCH_RUNS:-3}
P=$BIN/pfxsplit
[ -x "$P" ] || { echo "pfxsplit bench: $P not built"; exit 1; }
mkdir -p "$W"
cd "$W" || exit 1
PW=benchpass
if [ ! -f 600k.p12 ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 30 -subj /CN=bench 2>/dev/null
    openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:$PW -out default.p12
    openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:$PW -legacy -out legacy.p12
    openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:$PW -iter 600000 -maciter -out 600k.p12 2>/dev/null
fi
now() { date +%s.%N; }
# per-run seconds of a command line: hyperfine's fastest run when it is installed (least
# disturbed by other load on the machine), else the best of RUNS rounds of N runs
per_run() {
    n=$1 cmd=$2 b=""
    if command -v hyperfine >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; then
        hyperfine -N -w 2 -r "$n" --export-json "$W/h.json" "$cmd" >/dev/null 2>&1 || return 1
        jq -r '.results[0].min' "$W/h.json"
        return 0
    fi
    r=0
    while [ $r -lt "$RUNS" ]; do
        t0=$(now)
        i=0
        while [ $i -lt "$n" ]; do
            sh -c "$cmd" >/dev/null 2>&1 || { echo "pfxsplit bench: failed: $cmd" >&2; return 1; }
            i=$((i + 1))
        done
        t1=$(now)
        t=$(echo "($t1 - $t0) / $n" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
        r=$((r + 1))
    done
    echo "$b"
}
# user CPU seconds of one run (what the machine's other load does not change)
cpu() { /usr/bin/time -f %U sh -c "$1 >/dev/null 2>&1" 2>&1 | tail -n 1; }
ms() { printf '%.2f' "$(echo "$1 * 1000" | bc -l)"; }
status=0
echo
echo "### pfxsplit vs openssl pkcs12 -nodes (wall ms per file: fastest run; CPU s: user time of one run)"
echo
echo "| file | iterations | openssl | pfxsplit | ratio | target | | openssl CPU | pfxsplit CPU |"
echo "|---|---|---|---|---|---|---|---|---|"
for row in "default 2048 40 0.6 -" "legacy 2048 40 0.6 -legacy" "600k 600000 5 2.0 -"; do
    set -- $row
    name=$1 iter=$2 n=$3 target=$4 fl=$5
    [ "$fl" = "-" ] && fl=""
    # both must produce the same key before they are timed
    a=$(openssl pkcs12 -in "$name.p12" -nodes -nocerts -passin pass:$PW $fl 2>/dev/null | openssl pkey -outform DER | sha256sum)
    b=$("$P" --pass pass:$PW --no-certs "$name.p12" 2>/dev/null | openssl pkey -outform DER | sha256sum)
    if [ "$a" != "$b" ]; then
        echo "| $name | $iter | | | | | keys differ |"; status=1; continue
    fi
    to=$(per_run "$n" "openssl pkcs12 -in $name.p12 -nodes -passin pass:$PW $fl") || { status=1; continue; }
    tp=$(per_run "$n" "$P --pass pass:$PW $name.p12") || { status=1; continue; }
    ratio=$(printf '%.2f' "$(echo "$tp / $to" | bc -l)")
    mark=ok
    if [ "$(echo "$ratio > $target" | bc -l)" = 1 ]; then mark="MISSED"; status=1; fi
    co=$(cpu "openssl pkcs12 -in $name.p12 -nodes -passin pass:$PW $fl")
    cp=$(cpu "$P --pass pass:$PW $name.p12")
    echo "| $name | $iter | $(ms "$to") | $(ms "$tp") | ${ratio}x | <= ${target}x | $mark | $co | $cp |"
done
echo
[ "${BENCH_NO_FAIL:-0}" = 1 ] && exit 0
exit $status
