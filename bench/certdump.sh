#!/bin/sh
# certdump benchmark (issue 3): certificates per second against openssl storeutl and
# GnuTLS certtool on a 10,000-certificate bundle, a loop of 1,000 single-certificate
# invocations against `openssl x509 -noout -text`, and peak memory (RSS) at 10k and
# 100k certificates, from a file and from a pipe.
#   sh bench/certdump.sh BIN_DIR      (make bench calls it through bench/run.sh)
# The bundle is the corpus' certificates replicated (or testdata's when the corpus is
# absent), built once under build/bench/.  Prints a markdown table.
set -u
BIN=$(cd "${1:-bin}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${CERTKIT_CORPUS:-$top/../shared/corpus}
W=$top/build/bench/certdump
mkdir -p "$W"
CD=$BIN/certdump
[ -x "$CD" ] || { echo "certdump: $CD not built"; exit 1; }

now() { date +%s.%N; }
# calc EXPR: floating-point arithmetic without bc (awk is always there)
calc() { awk "BEGIN { print $1 }"; }
# best3 CMD...: the shortest wall time of three runs (the machine is shared), in seconds
best3() {
    b=""
    for _ in 1 2 3; do
        t0=$(now); "$@" > /dev/null 2>&1; t1=$(now)
        t=$(calc "$t1 - $t0")
        if [ -z "$b" ] || [ "$(calc "($t < $b) ? 1 : 0")" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
elapsed() { calc "$2 - $1"; }
rate() { printf '%.0f' "$(calc "$1 / $2")"; }

# -------------------------------------------------------------- inputs
if [ ! -s "$W/base.pem" ]; then
    : > "$W/base.pem"
    if [ -f "$CORPUS/MANIFEST.tsv" ]; then
        awk -F'\t' 'NR>1 && ($6=="cert" || $6=="cert-bundle") && $8 ~ /^yes/ {print $1 "\t" $7}' \
            "$CORPUS/MANIFEST.tsv" |
        while IFS="$(printf '\t')" read -r path enc; do
            inf=PEM; [ "$enc" = DER ] && inf=DER
            # every certificate of the file, as openssl reads it (storeutl takes PEM)
            if [ "$inf" = DER ]; then
                openssl x509 -inform DER -in "$CORPUS/$path" 2>/dev/null >> "$W/base.pem"
            else
                openssl storeutl -certs -noout -text "$CORPUS/$path" >/dev/null 2>&1 &&
                    awk '/-----BEGIN (X509 |TRUSTED )?CERTIFICATE-----/{p=1; print "-----BEGIN CERTIFICATE-----"; next}
                         /-----END (X509 |TRUSTED )?CERTIFICATE-----/{p=0; print "-----END CERTIFICATE-----"; next}
                         p' "$CORPUS/$path" >> "$W/base.pem"
            fi
        done
    else
        cat "$top"/testdata/certdump/*.pem "$top"/testdata/sample/*.pem 2>/dev/null |
            awk '/-----BEGIN CERTIFICATE-----/{p=1} p{print} /-----END CERTIFICATE-----/{p=0}' > "$W/base.pem"
    fi
    # keep only certificates that openssl and certtool both read, one by one, so that
    # every tool gets the same input and none stops early on one it rejects
    mkdir -p "$W/split"
    rm -f "$W"/split/*.pem
    awk -v d="$W/split" '/-----BEGIN CERTIFICATE-----/ { n++; f = sprintf("%s/%05d.pem", d, n) }
                         f { print > f } /-----END CERTIFICATE-----/ { close(f); f = "" }' "$W/base.pem"
    : > "$W/base.pem"
    for f in "$W"/split/*.pem; do
        openssl x509 -noout -text -in "$f" >/dev/null 2>&1 || continue
        if command -v certtool >/dev/null 2>&1; then
            certtool -i --infile "$f" >/dev/null 2>&1 || continue
        fi
        cat "$f" >> "$W/base.pem"
    done
    rm -rf "$W/split"
fi
nbase=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$W/base.pem")
make_bundle() {     # N OUT
    [ -s "$2" ] && return
    awk -v want="$1" '
        /-----BEGIN CERTIFICATE-----/ { n++; cur = "" }
        { cur = cur $0 "\n" }
        /-----END CERTIFICATE-----/ { certs[n] = cur }
        END { for (i = 0; i < want; i++) printf "%s", certs[i % n + 1] }' "$W/base.pem" > "$2"
}
make_bundle 10000 "$W/10k.pem"
make_bundle 100000 "$W/100k.pem"
N=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$W/10k.pem")
awk '/-----BEGIN CERTIFICATE-----/{n++} n==1' "$W/base.pem" | awk '{print} /-----END/{exit}' > "$W/one.pem"

echo "## certdump ($N certificates from $nbase distinct; $(nproc) cores)"
echo
echo "| run | seconds | certificates/s | ratio vs storeutl |"
echo "|---|---|---|---|"
t_ssl=$(best3 openssl storeutl -noout -text -certs "$W/10k.pem")
ratio() { printf '%.1f' "$(calc "$t_ssl / $1")"; }
row() {     # LABEL SECONDS
    echo "| $1 | $(printf '%.3f' "$2") | $(rate "$N" "$2") | $(ratio "$2") |"
}
row "openssl storeutl -noout -text -certs" "$t_ssl"
if command -v certtool >/dev/null 2>&1; then
    row "certtool -i" "$(best3 certtool -i --infile "$W/10k.pem")"
else
    echo "| certtool -i | absent (Debian gnutls-bin) | | |"
fi
row "certdump (text)" "$(best3 "$CD" "$W/10k.pem")"
row "certdump --json" "$(best3 "$CD" --json "$W/10k.pem")"
row "certdump -f subject.rfc4514,not_after,fingerprints.sha256" \
    "$(best3 "$CD" -f subject.rfc4514,not_after,fingerprints.sha256 "$W/10k.pem")"
echo
echo "| loop of 1,000 single-certificate runs | seconds | ms per run | ratio |"
echo "|---|---|---|---|"
t0=$(now); i=0; while [ $i -lt 1000 ]; do openssl x509 -noout -text -in "$W/one.pem" > /dev/null 2>&1; i=$((i+1)); done; t1=$(now)
t_loop=$(elapsed "$t0" "$t1")
echo "| openssl x509 -noout -text | $(printf '%.3f' "$t_loop") | $(printf '%.2f' "$t_loop") | 1.0 |"
t0=$(now); i=0; while [ $i -lt 1000 ]; do "$CD" "$W/one.pem" > /dev/null 2>&1; i=$((i+1)); done; t1=$(now)
t=$(elapsed "$t0" "$t1")
echo "| certdump | $(printf '%.3f' "$t") | $(printf '%.2f' "$t") | $(printf '%.1f' "$(calc "$t_loop / $t")") |"
t0=$(now); i=0; while [ $i -lt 1000 ]; do :; i=$((i+1)); done; t1=$(now)
echo "| (the shell loop alone) | $(printf '%.3f' "$(elapsed "$t0" "$t1")") | | |"

echo
echo "| peak memory (max RSS) | 10k certificates | 100k certificates |"
echo "|---|---|---|"
rss() {     # prints KiB of max RSS of the command line given
    /usr/bin/time -f '%M' -o "$W/rss" "$@" > /dev/null 2>/dev/null
    cat "$W/rss" | tail -n 1
}
rss_pipe() {
    /usr/bin/time -f '%M' -o "$W/rss" sh -c "cat '$1' | '$CD' $2 > /dev/null 2>&1"
    # time measures the shell and its children together: the largest of them
    tail -n 1 "$W/rss"
}
kib() { printf '%.1f MiB' "$(calc "$1 / 1024")"; }
echo "| certdump (file) | $(kib "$(rss "$CD" "$W/10k.pem")") | $(kib "$(rss "$CD" "$W/100k.pem")") |"
echo "| certdump --json (file) | $(kib "$(rss "$CD" --json "$W/10k.pem")") | $(kib "$(rss "$CD" --json "$W/100k.pem")") |"
echo "| certdump (pipe) | $(kib "$(rss_pipe "$W/10k.pem" "")") | $(kib "$(rss_pipe "$W/100k.pem" "")") |"
echo "| certdump --json (pipe) | $(kib "$(rss_pipe "$W/10k.pem" --json)") | $(kib "$(rss_pipe "$W/100k.pem" --json)") |"
echo "| openssl storeutl -text | $(kib "$(rss openssl storeutl -noout -text -certs "$W/10k.pem")") | |"
if command -v certtool >/dev/null 2>&1; then
    echo "| certtool -i | $(kib "$(rss certtool -i --infile "$W/10k.pem")") | |"
fi
