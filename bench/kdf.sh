#!/bin/sh
# Password KDFs at 600,000 iterations (issue 6): certkit's PBKDF2 and PKCS#12 KDF
# (bench/kdf_speed.c, through the library's one hash layer: SHA-NI under SHA-1 and
# SHA-256 when the CPU has it) beside `openssl kdf ... PBKDF2 / PKCS12KDF` with the
# same password, salt and length.  Both outputs must agree (first 8 bytes) before the
# times count.  CPU seconds (user): certkit's from inside the process, openssl's the
# best of RUNS (default 3) runs of /usr/bin/time.
#   sh bench/kdf.sh [BIN_DIR]     (needs build/rel/libcertkit.a, which `make` builds)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
LIB=build/rel/libcertkit.a
ITER=${KDF_ITER:-600000}
RUNS=${BENCH_RUNS:-3}
[ -f "$LIB" ] || { echo "kdf: $LIB not built (run make)"; exit 1; }
[ -x /usr/bin/time ] || { echo "kdf: /usr/bin/time (Debian package time) is needed"; exit 1; }
mkdir -p build/bench
cc -O2 -std=c11 -I. -Ibuild/gen -D_GNU_SOURCE -DLTM_DESC -DUSE_LTM -o build/bench/kdf_speed \
    bench/kdf_speed.c "$LIB" -ltomcrypt -ltommath -lsodium || exit 1
ours=$(build/bench/kdf_speed "$ITER") || exit 1
# "benchpass" as a BMPString with its two zero bytes (RFC 7292 B.1): openssl's
# PKCS12KDF takes the password bytes as they are
HP=$(printf 'benchpass' | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/00\1/g')0000
ssl() {     # best user CPU seconds and the first 8 output bytes of: openssl kdf ARGS
    best=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        out=$(/usr/bin/time -f 'T %U' openssl kdf "$@" 2>&1) || return 1
        t=$(echo "$out" | awk '/^T /{print $2}')
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
        i=$((i + 1))
    done
    key=$(echo "$out" | grep -v '^T ' | tr -d ':\n ' | tr 'A-F' 'a-f' | cut -c1-16)
    echo "$best $key"
}
echo "## Password KDFs, $ITER iterations ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "| KDF | certkit CPU s | openssl CPU s | certkit / openssl | outputs |"
echo "|---|---:|---:|---:|---|"
status=0
row() {     # LABEL -- openssl kdf arguments
    label=$1
    shift
    line=$(echo "$ours" | grep -F "| $label |")
    t=$(echo "$line" | awk -F'|' '{gsub(/ /, "", $3); print $3}')
    k=$(echo "$line" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
    set -- $(ssl "$@") || { echo "| $label | $t | openssl failed | | |"; status=1; return; }
    same=agree
    [ "$k" = "$2" ] || { same="DIFFER ($k / $2)"; status=1; }
    printf '| %s | %s | %s | %.2fx | %s |\n' "$label" "$t" "$1" "$(echo "$t / $1" | bc -l)" "$same"
}
S=0123456789abcdef
row "PBKDF2-HMAC-SHA256, 32 bytes" -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:benchpass -kdfopt salt:$S -kdfopt iter:$ITER PBKDF2
row "PBKDF2-HMAC-SHA1, 20 bytes" -keylen 20 -kdfopt digest:SHA1 -kdfopt pass:benchpass -kdfopt salt:$S -kdfopt iter:$ITER PBKDF2
row "PBKDF2-HMAC-SHA512, 64 bytes" -keylen 64 -kdfopt digest:SHA512 -kdfopt pass:benchpass -kdfopt salt:$S -kdfopt iter:$ITER PBKDF2
row "PKCS#12 KDF SHA-1, 24-byte key" -keylen 24 -kdfopt digest:SHA1 -kdfopt hexpass:$HP -kdfopt salt:01234567 -kdfopt iter:$ITER -kdfopt id:1 PKCS12KDF
row "PKCS#12 KDF SHA-256, 32-byte key" -keylen 32 -kdfopt digest:SHA256 -kdfopt hexpass:$HP -kdfopt salt:01234567 -kdfopt iter:$ITER -kdfopt id:1 PKCS12KDF
echo
echo "$ours" | grep '^SHA-NI'
echo
exit $status
