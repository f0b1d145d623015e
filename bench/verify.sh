#!/bin/sh
# Signature verification speed (issue 4): ck_verify() per scheme (bench/verify_speed.c),
# beside `openssl speed` for RSA-2048 and ECDSA P-256 on the same machine.
#   sh bench/verify.sh [BIN_DIR]   (make bench calls it through bench/run.sh; needs
#                                   build/rel/libcertkit.a, which `make` builds)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
LIB=build/rel/libcertkit.a
[ -f "$LIB" ] || { echo "verify: $LIB not built (run make)"; exit 1; }
mkdir -p build/bench
cc -O2 -std=c11 -I. -Ibuild/gen -D_GNU_SOURCE -DLTM_DESC -DUSE_LTM -o build/bench/verify_speed \
    bench/verify_speed.c "$LIB" -ltomcrypt -ltommath -lsodium || exit 1
echo "## Signature verification"
echo
build/bench/verify_speed "${VERIFY_SECONDS:-1}" || exit 1
echo
ours_rsa=$(build/bench/verify_speed 1 | awk -F'|' '/rsa2048-sha256/{gsub(/ /,"",$3); print $3}')
ours_p256=$(build/bench/verify_speed 1 | awk -F'|' '/p256-sha256/{gsub(/ /,"",$3); print $3}')
out=$(openssl speed -seconds 1 rsa2048 ecdsap256 2>/dev/null)
ssl_rsa=$(echo "$out" | awk '/^rsa 2048 bits/{print $NF}')
ssl_p256=$(echo "$out" | awk '/nistp256/{print $NF}')
echo "| scheme | certkit verify/s | openssl verify/s | certkit / openssl |"
echo "|---|---:|---:|---:|"
printf '| RSA-2048 | %s | %s | %.2f |\n' "$ours_rsa" "$ssl_rsa" "$(echo "$ours_rsa / $ssl_rsa" | bc -l)"
printf '| ECDSA P-256 | %s | %s | %.2f |\n' "$ours_p256" "$ssl_p256" "$(echo "$ours_p256 / $ssl_p256" | bc -l)"
