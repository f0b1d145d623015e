#!/bin/sh
# `make bench`: every benchmark against the tools in BIN (default bin), side by side
# with openssl (and certtool where the issue asks), printed as markdown tables and
# collected into build/bench/REPORT.md with the machine and the time of the run.
#   sh bench/run.sh BIN_DIR
BIN=${1:-bin}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p build/bench
R=build/bench/REPORT.md
{
    echo "# certkit performance report"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) - $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) - $(openssl version)"
} > "$R"
status=0
for b in startup der2pem certdump crldump verify chaincat pfxsplit kdf; do
    [ -f "$here/$b.sh" ] || continue
    sh "$here/$b.sh" "$BIN" 2>&1 | tee -a "$R" || status=1
done
echo
echo "report written to $R"
exit $status
