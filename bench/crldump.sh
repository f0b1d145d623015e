#!/bin/sh
# crldump benchmark (issue 4): a CRL of 1,000,000 entries written by bench/mkcrl.py
# (DER built with python3's standard library, the TBS signed with a throwaway
# RSA-2048 key by `openssl dgst -sign`, so the CRL is properly signed), then, side
# by side on the same file:
#   - crldump text and --json against `openssl crl -text -noout`, and GnuTLS
#     `certtool --crl-info` on 100,000 entries only (it is quadratic: 20,000 entries
#     take ~10 s of CPU; 100,000 run with a timeout, CERTTOOL_TIMEOUT, default 120 s);
#   - peak memory (maximum RSS, /usr/bin/time);
#   - `crldump --cert` lookup of three certificates (middle, last, absent) and
#     `crldump --issuer` (signature of the 46 MB TBS) against `openssl crl -CAfile`;
#   - RSA-2048 and P-256 verifications per second, certkit (bench/verify_speed.c)
#     against `openssl speed`.
# Wall time is noisy on a shared machine: CPU time (user + system) is reported too,
# and ratios are given for both.
#   sh bench/crldump.sh BIN_DIR      (make bench calls it through bench/run.sh)
set -u
BIN=$(cd "${1:-bin}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
W=$top/build/bench/crldump
N=${CRL_ENTRIES:-1000000}
NCT=${CERTTOOL_ENTRIES:-100000}
CT_TIMEOUT=${CERTTOOL_TIMEOUT:-120}
RUNS=${BENCH_RUNS:-3}
mkdir -p "$W"
CD=$BIN/crldump
[ -x "$CD" ] || { echo "crldump: $CD not built"; exit 1; }
[ -x /usr/bin/time ] || { echo "crldump: /usr/bin/time (Debian package time) is needed"; exit 1; }
cd "$W" || exit 1

# ------------------------------------------------------------------ inputs
if [ ! -s ca.pem ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -subj "/CN=Bench CA" -days 3650 \
        -out ca.pem 2>/dev/null || exit 1
fi
mkcrl() {       # ENTRIES OUT
    [ -s "$2" ] && return 0
    python3 "$top/bench/mkcrl.py" "$1" "$2.tbs" "Bench CA" &&
        openssl dgst -sha256 -sign ca.key -out "$2.sig" "$2.tbs" &&
        python3 "$top/bench/mkcrl.py" wrap "$2.tbs" "$2.sig" "$2" && rm -f "$2.tbs" "$2.sig"
}
mkcrl "$N" big.der || exit 1
mkcrl "$NCT" certtool.der || exit 1
mkcrl 20000 small.der || exit 1
if [ ! -s leaves.pem ]; then
    for s in 2 3 4; do      # 2: middle entry, 3: last entry, 4: not on the CRL
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key \
            -subj "/CN=leaf $s" -out leaf.csr 2>/dev/null &&
            openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial $s -days 365 \
                -out "leaf$s.pem" 2>/dev/null || exit 1
    done
    cat leaf2.pem leaf3.pem leaf4.pem > leaves.pem
fi
size=$(wc -c < big.der)

# "wall user sys maxrss_kb" of the best (lowest CPU) of MRUNS (default RUNS) runs; stdout to /dev/null
measure() {
    best=""
    i=0
    while [ $i -lt "${MRUNS:-$RUNS}" ]; do
        /usr/bin/time -f '%e %U %S %M' -o time.out "$@" > /dev/null 2> /dev/null
        line=$(tail -n 1 time.out)
        if [ -z "$best" ] || awk -v a="$line" -v b="$best" \
            'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[2] + x[3] < y[2] + y[3]) }'; then
            best=$line
        fi
        i=$((i + 1))
    done
    echo "$best"
}
cpu() { echo "$1" | awk '{printf "%.3f", $2 + $3}'; }
wall() { echo "$1" | awk '{printf "%.3f", $1}'; }
rss() { echo "$1" | awk '{printf "%.1f", $4 / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

echo "## crldump ($N entries, $(printf '%.1f' "$(echo "$size / 1048576" | bc -l)") MiB DER; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "| run | wall s | CPU s | peak RSS MiB | openssl/run (wall) | openssl/run (CPU) |"
echo "|---|---:|---:|---:|---:|---:|"
ssl=$(measure openssl crl -inform DER -in big.der -text -noout)
echo "| openssl crl -text -noout | $(wall "$ssl") | $(cpu "$ssl") | $(rss "$ssl") | 1.0 | 1.0 |"
for mode in text json; do
    opt=""; [ $mode = json ] && opt=--json
    r=$(measure "$CD" $opt big.der)
    echo "| crldump $opt | $(wall "$r") | $(cpu "$r") | $(rss "$r") | $(ratio "$(wall "$ssl")" "$(wall "$r")") | $(ratio "$(cpu "$ssl")" "$(cpu "$r")") |" |
        sed 's/crldump  |/crldump (text) |/'
done
r=$(measure "$CD" --no-entries big.der)
echo "| crldump --no-entries | $(wall "$r") | $(cpu "$r") | $(rss "$r") | $(ratio "$(wall "$ssl")" "$(wall "$r")") | $(ratio "$(cpu "$ssl")" "$(cpu "$r")") |"
r=$(measure sh -c "cat big.der | '$CD' --json")
echo "| cat \\| crldump --json (pipe: no mapping) | $(wall "$r") | $(cpu "$r") | $(rss "$r") | $(ratio "$(wall "$ssl")" "$(wall "$r")") | $(ratio "$(cpu "$ssl")" "$(cpu "$r")") |"
echo
echo "Revocation lookup and signature check on the same CRL:"
echo
echo "| run | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
r=$(measure "$CD" --no-entries --cert leaves.pem big.der)
"$CD" --json --no-entries --cert leaves.pem big.der 2>/dev/null | grep -c '"revoked":true' > lookup.count
echo "| crldump --cert (3 certificates, $(cat lookup.count) revoked) | $(wall "$r") | $(cpu "$r") | $(rss "$r") |"
r=$(measure "$CD" --no-entries --issuer ca.pem big.der)
echo "| crldump --issuer (RSA-2048 over the TBS) | $(wall "$r") | $(cpu "$r") | $(rss "$r") |"
r=$(measure openssl crl -inform DER -in big.der -CAfile ca.pem -noout)
echo "| openssl crl -CAfile -noout | $(wall "$r") | $(cpu "$r") | $(rss "$r") |"
echo
if command -v certtool >/dev/null 2>&1; then
    echo "GnuTLS certtool is quadratic in the number of entries, so it runs on smaller CRLs (timeout ${CT_TIMEOUT} s):"
    echo
    echo "| entries | certtool --crl-info wall s | CPU s | peak RSS MiB | crldump wall s | CPU s | certtool/crldump (wall) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    for f in small.der certtool.der; do
        n=$("$CD" -f revoked_count "$f")
        MRUNS=1
        ct=$(measure timeout "$CT_TIMEOUT" certtool --crl-info --inder --infile "$f")
        MRUNS=""
        mine=$(measure "$CD" "$f")
        if [ "$(wall "$ct" | cut -d. -f1)" -ge "$CT_TIMEOUT" ]; then
            echo "| $n | > $CT_TIMEOUT (timed out) | $(cpu "$ct") | $(rss "$ct") | $(wall "$mine") | $(cpu "$mine") | > $(ratio "$(wall "$ct")" "$(wall "$mine")") |"
        else
            echo "| $n | $(wall "$ct") | $(cpu "$ct") | $(rss "$ct") | $(wall "$mine") | $(cpu "$mine") | $(ratio "$(wall "$ct")" "$(wall "$mine")") |"
        fi
    done
else
    echo "certtool: absent (Debian gnutls-bin)"
fi
echo

# ----------------------------------------------- verifications per second
LIB=$top/build/rel/libcertkit.a
if [ -f "$LIB" ] && [ -f "$top/bench/verify_speed.c" ]; then
    cc -O2 -std=c11 -I"$top" -I"$top/build/gen" -D_GNU_SOURCE -DLTM_DESC -DUSE_LTM -o verify_speed \
        "$top/bench/verify_speed.c" "$LIB" -ltomcrypt -ltommath -lsodium 2>/dev/null
fi
if [ -x verify_speed ]; then
    (cd "$top" && "$W/verify_speed" 1) > vs.out 2>/dev/null
    ours_rsa=$(awk -F'|' '/rsa2048-sha256/{gsub(/ /,"",$3); print $3}' vs.out)
    ours_p256=$(awk -F'|' '/p256-sha256/{gsub(/ /,"",$3); print $3}' vs.out)
    out=$(openssl speed -seconds 1 rsa2048 ecdsap256 2>/dev/null)
    ssl_rsa=$(echo "$out" | awk '/^rsa 2048 bits/{print $NF}')
    ssl_p256=$(echo "$out" | awk '/nistp256/{print $NF}')
    echo "Signature verifications per second (CPU time; no target):"
    echo
    echo "| scheme | certkit verify/s | openssl speed verify/s | certkit / openssl |"
    echo "|---|---:|---:|---:|"
    printf '| RSA-2048 | %s | %s | %s |\n' "$ours_rsa" "$ssl_rsa" "$(ratio "$ours_rsa" "$ssl_rsa")"
    printf '| ECDSA P-256 | %s | %s | %s |\n' "$ours_p256" "$ssl_p256" "$(ratio "$ours_p256" "$ssl_p256")"
else
    echo "verify_speed: not built (bench/verify_speed.c or build/rel/libcertkit.a missing)"
fi
