#!/bin/sh
# base64 and der2pem benchmark (issue 2, item 8), measured side by side in one run:
#  1. base64 encode and decode of the same 256 MB, MB/s: certkit's base64 as a filter
#     (bench/b64bench.c) against `openssl base64` and coreutils `base64 -w 64`;
#     and certkit's in-memory speed, scalar and AVX2.
#  2. der2pem on a DER bundle of 100,000 certificates (the corpus' certificates
#     replicated), MB/s of DER, against `openssl base64` on the same bytes; peak
#     memory reading the file and reading a pipe.
#  3. per-invocation time of der2pem on one certificate against
#     `openssl x509 -inform DER -outform PEM` and a trivial static C program.
#   sh bench/der2pem.sh BIN_DIR      (make bench calls it through bench/run.sh)
# Prints markdown tables.  Inputs are built once under build/bench/der2pem/.
set -u
BIN=$(cd "${1:-bin}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CERTKIT_CORPUS:-$top/../shared/corpus}
W=$top/build/bench/der2pem
mkdir -p "$W"
D2P=$BIN/der2pem
P2D=$BIN/pem2der
[ -x "$D2P" ] && [ -x "$P2D" ] || { echo "der2pem: $D2P or $P2D not built"; exit 1; }
CC=${CC:-cc}
RUNS=${BENCH_RUNS:-3}

now() { date +%s.%N; }
# best wall time of RUNS runs of a command line (stdin and stdout redirected by the caller's words)
best() {
    b=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        t0=$(now); sh -c "$1" || { echo "bench: failed: $1" >&2; return 1; }; t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
        i=$((i + 1))
    done
    echo "$b"
}
mbs() { printf '%.0f' "$(echo "$1 / 1000000 / $2" | bc -l)"; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
rss() { /usr/bin/time -f %M sh -c "$1" 2>&1 >/dev/null | tail -n 1; }

# ------------------------------------------------------------------ inputs
"$CC" -O2 -std=c11 -D_GNU_SOURCE -I"$top" -o "$W/b64bench" "$top/bench/b64bench.c" "$top/pem/base64.c" ||
    { echo "bench: cannot build b64bench"; exit 1; }
if [ ! -s "$W/rand256" ]; then
    head -c 268435456 /dev/urandom > "$W/rand256"
fi
[ -s "$W/rand256.b64" ] || openssl base64 -in "$W/rand256" -out "$W/rand256.b64"
SIZE=$(wc -c < "$W/rand256")

if [ ! -s "$W/bundle.der" ]; then
    : > "$W/base.pem"
    if [ -f "$CORPUS/MANIFEST.tsv" ]; then
        awk -F'\t' 'NR>1 && ($6=="cert" || $6=="cert-bundle") && $8 ~ /^yes/ && $1 !~ /^malformed/ {print $1}' \
            "$CORPUS/MANIFEST.tsv" | while read -r p; do
            "$D2P" "$CORPUS/$p" 2>/dev/null
        done | awk '/^-----BEGIN CERTIFICATE-----$/{p=1} p{print} /^-----END CERTIFICATE-----$/{p=0}' > "$W/base.pem"
    else
        cat "$top"/testdata/*.pem "$top"/testdata/*/*.pem 2>/dev/null |
            awk '/^-----BEGIN CERTIFICATE-----$/{p=1} p{print} /^-----END CERTIFICATE-----$/{p=0}' > "$W/base.pem"
    fi
    # exactly 100,000 certificates, cycling through the base set
    awk -v want=100000 '
        /^-----BEGIN/ { n++; blk[n] = "" } { blk[n] = blk[n] $0 "\n" }
        END { for (i = 0; i < want; i++) printf "%s", blk[i % n + 1] }' "$W/base.pem" |
        "$P2D" > "$W/bundle.der"
    "$P2D" -n 1 "$W/base.pem" > "$W/one.der"
    printf 'int main(void) { return 0; }\n' > "$W/trivial.c"
    "$CC" -O2 -static -o "$W/trivial" "$W/trivial.c"
fi
NCERT=$("$D2P" "$W/bundle.der" | grep -c '^-----BEGIN CERTIFICATE-----$')
BSIZE=$(wc -c < "$W/bundle.der")

# ------------------------------------------------------ 1. base64, 256 MB
t_ck_enc=$(best "'$W/b64bench' enc < '$W/rand256' > /dev/null")
t_os_enc=$(best "openssl base64 -in '$W/rand256' > /dev/null")
t_cu_enc=$(best "base64 -w 64 '$W/rand256' > /dev/null")
t_ck_dec=$(best "'$W/b64bench' dec < '$W/rand256.b64' > /dev/null")
t_os_dec=$(best "openssl base64 -d -in '$W/rand256.b64' > /dev/null")
t_cu_dec=$(best "base64 -d '$W/rand256.b64' > /dev/null")
# the filters agree with each other
"$W/b64bench" enc < "$W/rand256" | cmp -s - "$W/rand256.b64" || echo "bench: WARNING: b64bench enc differs from openssl base64"
"$W/b64bench" dec < "$W/rand256.b64" | cmp -s - "$W/rand256" || echo "bench: WARNING: b64bench dec does not give the bytes back"

echo
echo "### base64, the same 256 MB ($SIZE bytes; MB/s of binary data)"
echo
echo "| operation | certkit | openssl base64 | coreutils base64 | certkit / openssl | certkit / coreutils |"
echo "|---|---|---|---|---|---|"
echo "| encode (64-column lines) | $(mbs "$SIZE" "$t_ck_enc") | $(mbs "$SIZE" "$t_os_enc") | $(mbs "$SIZE" "$t_cu_enc") | $(ratio "$t_os_enc" "$t_ck_enc")x | $(ratio "$t_cu_enc" "$t_ck_enc")x |"
echo "| decode | $(mbs "$SIZE" "$t_ck_dec") | $(mbs "$SIZE" "$t_os_dec") | $(mbs "$SIZE" "$t_cu_dec") | $(ratio "$t_os_dec" "$t_ck_dec")x | $(ratio "$t_cu_dec" "$t_ck_dec")x |"
echo
echo "In memory, no I/O (64 MB):"
echo
"$W/b64bench" mem 64 | sed 's/^/    /'

# --------------------------------------------- 2. der2pem on a 100k bundle
t_d2p=$(best "'$D2P' '$W/bundle.der' > /dev/null")
t_d2p_pipe=$(best "cat '$W/bundle.der' | '$D2P' > /dev/null")
t_osb=$(best "openssl base64 -in '$W/bundle.der' > /dev/null")
t_osb_pipe=$(best "cat '$W/bundle.der' | openssl base64 > /dev/null")
m_file=$(rss "'$D2P' '$W/bundle.der'")
m_pipe=$(rss "cat '$W/bundle.der' | '$D2P'")
m_one=$(rss "'$D2P' '$W/one.der'")
echo
echo "### der2pem on a DER bundle of $NCERT certificates ($BSIZE bytes)"
echo
echo "| command | time (s) | MB/s of DER | vs openssl base64 | peak RSS |"
echo "|---|---|---|---|---|"
echo "| der2pem bundle.der | $(printf '%.3f' "$t_d2p") | $(mbs "$BSIZE" "$t_d2p") | $(ratio "$t_osb" "$t_d2p")x | $m_file KiB |"
echo "| openssl base64 -in bundle.der | $(printf '%.3f' "$t_osb") | $(mbs "$BSIZE" "$t_osb") | 1.00x | |"
echo "| cat bundle.der \\| der2pem | $(printf '%.3f' "$t_d2p_pipe") | $(mbs "$BSIZE" "$t_d2p_pipe") | $(ratio "$t_osb_pipe" "$t_d2p_pipe")x (vs the piped openssl) | $m_pipe KiB (largest process) |"
echo "| cat bundle.der \\| openssl base64 | $(printf '%.3f' "$t_osb_pipe") | $(mbs "$BSIZE" "$t_osb_pipe") | | |"
echo "| der2pem one.der (for scale) | | | | $m_one KiB |"

# -------------------------------------------------- 3. per invocation
echo
echo "### Per invocation, one certificate ($(wc -c < "$W/one.der") bytes of DER)"
echo
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 20 --runs "${BENCH_INVOCATIONS:-1000}" --export-json "$W/inv.json" \
        "$D2P $W/one.der" "openssl x509 -inform DER -in $W/one.der -outform PEM" "$W/trivial" >/dev/null 2>&1
    set -- $(awk '/"mean"/ { gsub(/[^0-9.e-]/, "", $2); print $2 }' "$W/inv.json")
    m_d=$1; m_o=$2; m_t=$3
    how="hyperfine, ${BENCH_INVOCATIONS:-1000} runs, mean"
else
    loop() { t0=$(now); i=0; while [ $i -lt 1000 ]; do $1 > /dev/null; i=$((i + 1)); done; t1=$(now); echo "($t1 - $t0) / 1000" | bc -l; }
    m_d=$(loop "$D2P $W/one.der")
    m_o=$(loop "openssl x509 -inform DER -in $W/one.der -outform PEM")
    m_t=$(loop "$W/trivial")
    how="shell loop of 1000, mean"
fi
ms() { printf '%.3f' "$(echo "$1 * 1000" | bc -l)"; }
echo "| command | ms per call ($how) | vs der2pem |"
echo "|---|---|---|"
echo "| der2pem one.der | $(ms "$m_d") | 1.00x |"
echo "| openssl x509 -inform DER -outform PEM | $(ms "$m_o") | $(ratio "$m_o" "$m_d")x slower |"
echo "| trivial static C program | $(ms "$m_t") | der2pem is $(ratio "$m_d" "$m_t")x of it |"
