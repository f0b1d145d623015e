#!/bin/sh
# Runs every benchmark against the tools in BIN (default bin) and prints markdown
# tables (ratios against openssl / certtool measured side by side).
#   sh bench/run.sh BIN_DIR
BIN=${1:-bin}
here=$(cd "$(dirname "$0")" && pwd)
status=0
sh "$here/certdump.sh" "$BIN" || status=1
sh "$here/verify.sh" "$BIN" || status=1
sh "$here/der2pem.sh" "$BIN" || status=1
sh "$here/crldump.sh" "$BIN" || status=1
sh "$here/chaincat.sh" "$BIN" || status=1
[ -f "$here/pfxsplit.sh" ] && { sh "$here/pfxsplit.sh" "$BIN" || status=1; }
exit $status
