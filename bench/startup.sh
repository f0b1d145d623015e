#!/bin/sh
# Start-up: one invocation of each tool on one small certificate (or --version where
# the tool needs more), against `openssl x509 -noout` on the same certificate and a
# trivial statically linked C program.  Target (issue 8): each tool at most 1/5 of
# openssl's time per invocation.  Uses hyperfine when installed, else a shell loop.
BIN=${1:-bin}
W=build/bench/startup
mkdir -p "$W"
CERT=testdata/sample/server.pem
printf 'int main(void){return 0;}\n' > "$W/true.c"
cc -O2 -static -o "$W/true" "$W/true.c" 2>/dev/null || cc -O2 -o "$W/true" "$W/true.c"
N=300
# per-call milliseconds of a command (mean over N runs)
per_call() {
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N -w 20 -r $N --export-json "$W/h.json" "$*" >/dev/null 2>&1 &&
            awk -F: '/"mean"/ {gsub(/[ ,]/, "", $2); printf "%.3f", $2 * 1000; exit}' "$W/h.json" && return
    fi
    t0=$(date +%s%N); i=0
    while [ $i -lt $N ]; do "$@" >/dev/null 2>&1; i=$((i + 1)); done
    t1=$(date +%s%N)
    awk -v d=$((t1 - t0)) -v n=$N 'BEGIN { printf "%.3f", d / n / 1e6 }'
}
ossl=$(per_call openssl x509 -noout -in "$CERT")
triv=$(per_call "$W/true")
echo
echo "### start-up: one invocation (mean of $N; hyperfine -N when installed)"
echo
echo "| command | ms per call | vs openssl x509 -noout | vs trivial static program |"
echo "|---|---:|---:|---:|"
printf '| openssl x509 -noout | %s | 1 | %s |\n' "$ossl" "$(awk -v a="$ossl" -v b="$triv" 'BEGIN{printf "%.1f", a/b}')"
printf '| trivial static C program | %s | %s | 1 |\n' "$triv" "$(awk -v a="$triv" -v b="$ossl" 'BEGIN{printf "%.3f", a/b}')"
fail=0
for t in der2pem pem2der asn1dump certdump csrdump crldump chaincat pfxsplit keyconv keymatch certcheck; do
    [ -x "$BIN/$t" ] || continue
    case $t in
    der2pem|pem2der) cmd="$BIN/$t -o /dev/null $CERT" ;;
    asn1dump|certdump|chaincat) cmd="$BIN/$t $CERT" ;;
    keymatch) cmd="$BIN/$t testdata/sample/server.key $CERT" ;;
    *) cmd="$BIN/$t --version" ;;
    esac
    ms=$(per_call $cmd)
    r=$(awk -v a="$ms" -v b="$ossl" 'BEGIN{printf "%.3f", a/b}')
    printf '| %s | %s | %s | %s |\n' "$cmd" "$ms" "$r" "$(awk -v a="$ms" -v b="$triv" 'BEGIN{printf "%.2f", a/b}')"
    awk -v r="$r" 'BEGIN{exit !(r > 0.2)}' && fail=1
done
echo
echo "target: every tool at most 0.2 of openssl x509 -noout per call$( [ $fail = 1 ] && echo ' - MISSED')"
