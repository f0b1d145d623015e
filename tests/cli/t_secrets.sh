#!/bin/sh
# The secrets audit (issue 8 item 3), over pfxsplit, keyconv, keymatch and certcheck:
#   1. modes: every file that holds a private key is created 0600, even with umask 000
#      (pfxsplit -k/-o/--encrypt-key, keyconv -o in every form, der2pem/pem2der -o of a
#      key, and a key written over an existing 0644 file); other outputs keep 0666&~umask.
#   2. messages: with a distinctive password (wrong, right, from pass:/env:/file:/fd:, and
#      a mistyped source), neither standard output nor standard error holds the password,
#      its first 8 characters or its UTF-16 form.
#   3. wiping: the tools run with tests/secrets/wipecheck.c preloaded (built here with
#      cc): every block the tool frees, and the heap at exit, are searched for the
#      password (UTF-8, UTF-16BE, UTF-16LE) and, where a key is decrypted, for 16 octets
#      of its private exponent or scalar.  The release tools in bin/ are static, where
#      malloc cannot be interposed, so this part uses build/dyn/bin, the same sources
#      linked dynamically without sanitizers (`make dyn`, which `make check` runs; built
#      here when missing).  A control program that frees an unwiped copy must be caught,
#      and one that wipes it must not, or the part is void.
# Fixtures are made here with the openssl command (the password must be ours).
. "$TOP/tests/cli/lib.sh"
cd "$TMP" || exit 1
SD="$TD/sample"
PW='Zq7Wx-Hostile-Secret-42'
PW8=$(printf '%s' "$PW" | cut -c1-8)
WRONG='Kj3Vb-Wrong-Password-17'
for t in pfxsplit keyconv; do
    [ -x "$BIN/$t" ] || nok "secrets-$t-built" "no $BIN/$t"
done
if ! command -v openssl >/dev/null 2>&1; then
    nok secrets-openssl "the openssl command is needed to make the fixtures"
    exit 0
fi

# ------------------------------------------------------------------ fixtures
cat "$SD/issuing-ca.pem" "$SD/root-ca.pem" > cas.pem
openssl pkcs12 -export -inkey "$SD/server.key" -in "$SD/server.pem" -certfile cas.pem \
    -passout "pass:$PW" -out t.p12 2>/dev/null || nok fixture-p12 "openssl pkcs12 -export failed"
openssl pkcs12 -export -legacy -inkey "$SD/server.key" -in "$SD/server.pem" \
    -passout "pass:$PW" -out t-legacy.p12 2>/dev/null || rm -f t-legacy.p12
openssl pkcs8 -topk8 -v2 aes256 -in "$SD/server.key" -passout "pass:$PW" -out k.p8.pem 2>/dev/null ||
    nok fixture-p8 "openssl pkcs8 failed"
openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in "$SD/server.key" -passout "pass:$PW" -out k.p8-pbe.pem 2>/dev/null ||
    rm -f k.p8-pbe.pem
openssl pkcs8 -topk8 -scrypt -scrypt_N 1024 -scrypt_r 8 -scrypt_p 1 -in "$SD/server.key" -passout "pass:$PW" \
    -out k.p8-scrypt.pem 2>/dev/null || nok fixture-p8-scrypt "openssl pkcs8 -scrypt failed"
openssl pkcs12 -export -keypbe CAMELLIA-256-CBC -certpbe CAMELLIA-256-CBC -inkey "$SD/server.key" \
    -in "$SD/server.pem" -passout "pass:$PW" -out t-camellia.p12 2>/dev/null || nok fixture-p12-camellia "openssl pkcs12 failed"
openssl rsa -traditional -aes256 -in "$SD/server.key" -passout "pass:$PW" -out k.legacy.pem 2>/dev/null ||
    nok fixture-legacy "openssl rsa -aes256 failed"
openssl pkey -in "$SD/server.key" -outform DER -out key.der 2>/dev/null
printf '%s\n' "$PW" > pw.txt
# 16 octets of the private exponent: what a decrypted key looks like in memory
D16=$(openssl pkey -in "$SD/server.key" -text -noout 2>/dev/null |
      sed -n '/^privateExponent:/,/^prime1:/p' | grep '^ ' | tr -d ' :\n' | sed 's/^\(00\)*//' | cut -c1-32)
[ ${#D16} -eq 32 ] || nok fixture-d16 "could not read the private exponent with openssl"

# leaks FILE...: does any FILE hold the password, its first 8 characters or (NULs
# dropped) its UTF-16 form?
leaks() {
    for f in "$@"; do
        if grep -aqF -e "$PW" -e "$PW8" -e "$WRONG" "$f" || tr -d '\000' < "$f" | grep -aqF -e "$PW" -e "$WRONG"; then
            return 0
        fi
    done
    return 1
}

# ---------------------------------------------------------------- 1. modes
mode_of() { stat -c %a "$1" 2>/dev/null || echo none; }
expect_mode() {  # NAME FILE MODE
    m=$(mode_of "$2")
    if [ "$m" = "$3" ]; then ok "$1"; else nok "$1" "$2 has mode $m, wanted $3"; fi
}
(
    umask 000
    "$BIN/pfxsplit" --pass "pass:$PW" -k m-key.pem -c m-cert.pem -a m-ca.pem t.p12 2>m.err
    "$BIN/pfxsplit" --pass "pass:$PW" -k 'm-key-%d.pem' t.p12 2>>m.err
    "$BIN/pfxsplit" --pass "pass:$PW" -o m-all.pem t.p12 2>>m.err
    "$BIN/pfxsplit" --pass "pass:$PW" --outform der -k m-key.der t.p12 2>>m.err
    "$BIN/pfxsplit" --pass "pass:$PW" --encrypt-key --pass-out pass:other --iter 1000 -k m-enc.pem t.p12 2>>m.err
    "$BIN/keyconv" --pass "pass:$PW" -o m-plain.pem k.p8.pem 2>>m.err
    "$BIN/keyconv" --pass "pass:$PW" --to pkcs1 -o m-pkcs1.pem k.legacy.pem 2>>m.err
    "$BIN/keyconv" --pass "pass:$PW" --outform der -o m-plain.der k.p8.pem 2>>m.err
    "$BIN/keyconv" --encrypt --pass-out pass:other --iter 1000 -o m-enc2.pem "$SD/server.key" 2>>m.err
    "$BIN/keyconv" --pubout -o m-pub.pem "$SD/server.key" 2>>m.err
    : > m-over.pem; chmod 644 m-over.pem
    "$BIN/keyconv" -o m-over.pem "$SD/server.key" 2>>m.err
    "$BIN/der2pem" -o m-d2p.pem key.der 2>>m.err
    "$BIN/pem2der" -o m-p2d.der "$SD/server.key" 2>>m.err
)
expect_mode mode-pfxsplit-key m-key.pem 600
expect_mode mode-pfxsplit-key-numbered m-key-1.pem 600
expect_mode mode-pfxsplit-stdout-file m-all.pem 600
expect_mode mode-pfxsplit-key-der m-key.der 600
expect_mode mode-pfxsplit-encrypted-key m-enc.pem 600
expect_mode mode-pfxsplit-cert-not-secret m-cert.pem 666
expect_mode mode-pfxsplit-ca-not-secret m-ca.pem 666
expect_mode mode-keyconv-pkcs8 m-plain.pem 600
expect_mode mode-keyconv-pkcs1 m-pkcs1.pem 600
expect_mode mode-keyconv-der m-plain.der 600
expect_mode mode-keyconv-encrypted m-enc2.pem 600
expect_mode mode-keyconv-pubout-not-secret m-pub.pem 666
expect_mode mode-keyconv-over-0644 m-over.pem 600
expect_mode mode-der2pem-key m-d2p.pem 600
expect_mode mode-pem2der-key m-p2d.der 600
if [ -s m.err ]; then nok mode-runs-quiet "$(head -c 300 m.err)"; else ok mode-runs-quiet; fi

# ------------------------------------------------------------- 2. messages
# quiet NAME WANT CMD...: runs CMD (stdin from /dev/null), wants exit WANT and no secret
quiet() {
    n=$1 want=$2; shift 2
    "$@" >q.out 2>q.err </dev/null
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        nok "$n" "exit $rc, wanted $want: $(head -c 200 q.err)"
    elif leaks q.out q.err; then
        nok "$n" "the password shows: $(grep -aF -e "$PW8" -e "$WRONG" q.err q.out | head -c 300)"
    else
        ok "$n"
    fi
}
export CERTKIT_TEST_PW="$PW"
quiet msg-pfxsplit-wrong 1 "$BIN/pfxsplit" --pass "pass:$PW" "$SD/server.pfx"
quiet msg-pfxsplit-wrong-info 1 "$BIN/pfxsplit" --info --pass "pass:$PW" "$SD/server.pfx"
quiet msg-pfxsplit-wrong-json 1 "$BIN/pfxsplit" --info --json --pass "pass:$PW" "$SD/server.pfx"
quiet msg-pfxsplit-wrong-env 1 "$BIN/pfxsplit" --pass env:CERTKIT_TEST_PW "$SD/server.pfx"
quiet msg-pfxsplit-wrong-file 1 "$BIN/pfxsplit" --pass file:pw.txt "$SD/server.pfx"
"$BIN/pfxsplit" --pass fd:3 "$SD/server.pfx" >q.out 2>q.err 3<pw.txt </dev/null
rc=$?
if [ "$rc" -eq 1 ] && ! leaks q.out q.err; then ok msg-pfxsplit-wrong-fd; else nok msg-pfxsplit-wrong-fd "exit $rc: $(head -c 200 q.err)"; fi
quiet msg-pfxsplit-wrong-k 1 "$BIN/pfxsplit" --pass "pass:$PW" -k q-key.pem -c q-cert.pem "$SD/server.pfx"
quiet msg-pfxsplit-right-info 0 "$BIN/pfxsplit" --info --pass "pass:$PW" t.p12
quiet msg-pfxsplit-right-json 0 "$BIN/pfxsplit" --info --json --pass "pass:$PW" t.p12
quiet msg-pfxsplit-right 0 "$BIN/pfxsplit" --pass "pass:$PW" t.p12
quiet msg-pfxsplit-typo-source 2 "$BIN/pfxsplit" --pass "passs:$PW" t.p12
quiet msg-pfxsplit-bad-iter 2 "$BIN/pfxsplit" --pass "pass:$PW" --encrypt-key --pass-out "pass:$PW" --iter nope -k q.pem t.p12
quiet msg-keyconv-wrong-pbes2 1 "$BIN/keyconv" --pass "pass:$PW" "$TD/keyconv/rsa.p8-aes256-sha256.pem"
quiet msg-keyconv-wrong-legacy 1 "$BIN/keyconv" --pass "pass:$PW" "$TD/keyconv/rsa.legacy-aes256.pem"
quiet msg-keyconv-wrong-pbe 1 "$BIN/keyconv" --pass "pass:$PW" "$TD/keyconv/rsa.p8-pbe-sha1-3des.pem"
quiet msg-keyconv-wrong-file 1 "$BIN/keyconv" --pass file:pw.txt "$TD/keyconv/rsa.p8-aes256-sha256.pem"
quiet msg-keyconv-right 0 "$BIN/keyconv" --pass "pass:$PW" k.p8.pem
quiet msg-keyconv-typo-source 2 "$BIN/keyconv" --pass "pas:$PW" k.p8.pem
quiet msg-keyconv-encrypt-bad-iter 2 "$BIN/keyconv" --encrypt --pass-out "pass:$PW" --iter 0 "$SD/server.key"
quiet msg-keymatch-wrong 1 "$BIN/keymatch" --pass "pass:$PW" "$TD/keyconv/rsa.p8-aes256-sha256.pem" "$SD/server.pem"
if [ -x "$BIN/certcheck" ]; then
    quiet msg-certcheck-pfx-wrong 1 "$BIN/certcheck" --pfx "$SD/server.pfx" --pass "pass:$PW" --name vcs.example.com
fi

# -------------------------------------------------------------- 3. wiping
DB="$TOP/build/dyn/bin"
if ! command -v cc >/dev/null 2>&1; then
    nok wipe-cc "no C compiler for tests/secrets/wipecheck.c"
    exit 0
fi
if [ ! -x "$DB/pfxsplit" ] || [ ! -x "$DB/keyconv" ]; then
    (cd "$TOP" && make -s dyn) >dyn.log 2>&1 || true
fi
if ! cc -shared -fPIC -O1 -Wall -Wextra -o wipecheck.so "$TOP/tests/secrets/wipecheck.c" -ldl 2>cc.err; then
    nok wipe-shim-builds "$(head -c 300 cc.err)"
    exit 0
fi
ok wipe-shim-builds

# The control: an unwiped copy must be found, a wiped one not.
cat > ctrl.c <<'EOF'
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    size_t n = strlen(argv[1]);
    char *p = malloc(n + 32);
    memcpy(p + 7, argv[1], n);
    if (argc > 2)
        explicit_bzero(p, n + 32);
    free(p);
    return 0;
}
EOF
cc -O0 -o ctrl ctrl.c 2>>cc.err
rm -f w.log
LD_PRELOAD="$TMP/wipecheck.so" WIPECHECK_SECRET="$PW" WIPECHECK_LOG="$TMP/w.log" ./ctrl "$PW"
if grep -q '^LEAK free .*password (UTF-8) at +7' w.log; then ok wipe-control-caught; else nok wipe-control-caught "$(head -c 300 w.log)"; fi
rm -f w.log
LD_PRELOAD="$TMP/wipecheck.so" WIPECHECK_SECRET="$PW" WIPECHECK_LOG="$TMP/w.log" ./ctrl "$PW" wipe
if ! grep -q '^LEAK' w.log && grep -q '^wipecheck: [1-9][0-9]* blocks checked, 0 findings' w.log; then
    ok wipe-control-clean
else
    nok wipe-control-clean "$(head -c 300 w.log)"
fi

if [ ! -x "$DB/pfxsplit" ]; then
    nok wipe-dyn-tools "no $DB (make dyn): $(tail -c 300 dyn.log 2>/dev/null)"
    exit 0
fi

# symbolize LINE TOOL: "LEAK ... | tool+0x12 libc.so.6+0x34" -> function names (addr2line)
symbolize() {
    printf '%s' "$1" | sed 's/ |.*//'
    for fr in $(printf '%s' "$1" | sed -n 's/.* | //p'); do
        case "$fr" in
            "$2"+0x*) a=$(printf '0x%x' $((${fr#*+} - 1)))          # the call, not the return
                      printf ' < %s' "$(addr2line -f -e "$DB/$2" "$a" 2>/dev/null | head -n 1)" ;;
        esac
    done
}

# wiped NAME SECRET HEX TOOL ARGS...: runs the dynamic TOOL under the shim; the log must
# count checked blocks and hold no finding.  The exit status is not judged here.
wiped() {
    n=$1 secret=$2 hex=$3 tool=$4; shift 4
    if [ ! -x "$DB/$tool" ]; then nok "$n" "no $DB/$tool"; return; fi
    rm -f w.log wo.*
    LD_PRELOAD="$TMP/wipecheck.so" WIPECHECK_SECRET="$secret" WIPECHECK_HEX="$hex" WIPECHECK_LOG="$TMP/w.log" \
        "$DB/$tool" "$@" >wo.out 2>wo.err </dev/null
    rc=$?
    if ! grep -q '^wipecheck: [1-9][0-9]* blocks checked' w.log 2>/dev/null; then
        nok "$n" "the shim did not run (exit $rc): $(head -c 200 wo.err)"
    elif grep -q '^LEAK' w.log; then
        first=$(grep '^LEAK' w.log | head -n 3 | while IFS= read -r l; do symbolize "$l" "$tool"; echo; done)
        nok "$n" "exit $rc, $(grep -c '^LEAK' w.log) findings: $first"
    else
        ok "$n"
    fi
    rm -rf wo.*
}
export WPW="$PW"
wiped wipe-pfxsplit-pbes2 "$PW" "$D16" pfxsplit --pass "pass:$PW" -k wo.key -c wo.crt -a wo.ca t.p12
if [ -f t-legacy.p12 ]; then
    wiped wipe-pfxsplit-legacy "$PW" "$D16" pfxsplit --pass "pass:$PW" -k wo.key t-legacy.p12
fi
wiped wipe-pfxsplit-stdout "$PW" "$D16" pfxsplit --pass "pass:$PW" t.p12
wiped wipe-pfxsplit-der "$PW" "$D16" pfxsplit --pass "pass:$PW" --outform der -k wo.key t.p12
wiped wipe-pfxsplit-env "$PW" "$D16" pfxsplit --pass env:WPW -k wo.key t.p12
wiped wipe-pfxsplit-file "$PW" "$D16" pfxsplit --pass file:pw.txt -k wo.key t.p12
wiped wipe-pfxsplit-info "$PW" "" pfxsplit --info --pass "pass:$PW" t.p12
wiped wipe-pfxsplit-wrong "$WRONG" "" pfxsplit --pass "pass:$WRONG" t.p12
wiped wipe-pfxsplit-encrypt-key "$PW" "$D16" pfxsplit --pass file:"$SD/password" --encrypt-key \
    --pass-out "pass:$PW" --iter 1000 -k wo.key "$SD/server.pfx"
wiped wipe-keyconv-pbes2 "$PW" "$D16" keyconv --pass "pass:$PW" -o wo.key k.p8.pem
wiped wipe-keyconv-legacy "$PW" "$D16" keyconv --pass "pass:$PW" -o wo.key k.legacy.pem
if [ -f k.p8-pbe.pem ]; then
    wiped wipe-keyconv-pkcs12-pbe "$PW" "$D16" keyconv --pass "pass:$PW" -o wo.key k.p8-pbe.pem
fi
wiped wipe-keyconv-der "$PW" "$D16" keyconv --pass "pass:$PW" --outform der -o wo.key k.p8.pem
wiped wipe-keyconv-scrypt "$PW" "$D16" keyconv --pass "pass:$PW" -o wo.key k.p8-scrypt.pem
wiped wipe-pfxsplit-camellia "$PW" "$D16" pfxsplit --pass "pass:$PW" -k wo.key t-camellia.p12
wiped wipe-keyconv-wrong "$WRONG" "" keyconv --pass "pass:$WRONG" k.p8.pem
wiped wipe-keyconv-encrypt "$PW" "" keyconv --encrypt --pass-out "pass:$PW" --iter 1000 -o wo.key "$SD/server.key"
wiped wipe-keymatch "$PW" "$D16" keymatch --pass "pass:$PW" k.p8.pem "$SD/server.pem"
wiped wipe-certcheck-pfx "$PW" "$D16" certcheck --pfx t.p12 --pass "pass:$PW" --name vcs.example.com
exit 0
