#!/bin/sh
# pem2der: options, exit codes, -l / -n selection, terminal refusal, atomic -o.
. "$TOP/tests/cli/lib.sh"
# private copies: a rebuild of bin/ while the test runs cannot swap the binaries under it
cp "$BIN/der2pem" "$BIN/pem2der" "$TMP/" || { nok setup "der2pem and pem2der are not built in $BIN"; exit 0; }
D2P="$TMP/der2pem"
P2D="$TMP/pem2der"
mk() { openssl "$@" >/dev/null 2>&1; }
cd "$TMP" || exit 1
mk req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=ca -days 30 \
    -keyout ca.key -out ca.pem
mk req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=leaf -keyout leaf.key -out leaf.csr
mk x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 10 -out leaf.pem
mk ec -in leaf.key -aes128 -passout pass:secret -out enc.key
for f in ca leaf; do openssl x509 -in $f.pem -outform DER -out $f.der 2>/dev/null; done
openssl req -in leaf.csr -outform DER -out csr.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in leaf.key -outform DER -out key.der 2>/dev/null
if [ ! -s ca.der ] || [ ! -s leaf.der ] || [ ! -s csr.der ] || [ ! -s key.der ]; then
    nok fixtures "openssl could not make the test fixtures"
    exit 0
fi

# ---------------------------------------------------------------- options
expect_rc help 0 "$P2D" --help
expect_match help-stdout "$TMP/out" '^usage: pem2der'
expect_rc version 0 "$P2D" -V
expect_match version-form "$TMP/out" '^pem2der \(certkit\) [0-9]+\.[0-9]+\.[0-9]+$'
expect_rc unknown-option 2 "$P2D" --nope ca.pem
expect_match unknown-option-usage "$TMP/err" '^usage: pem2der'
expect_rc bad-n 2 "$P2D" -n 0 ca.pem
expect_rc bad-n-text 2 "$P2D" -n two ca.pem
expect_rc bad-n-negative 2 "$P2D" -n -1 ca.pem
expect_rc missing-arg 2 "$P2D" ca.pem --label
expect_match missing-arg-reason "$TMP/err" "option '--label' needs an argument"

# ------------------------------------------------------------- conversion
"$P2D" ca.pem > ca.out 2>/dev/null
expect_same pem-to-der ca.out ca.der
{ cat ca.pem; echo "text between"; cat leaf.csr; cat leaf.pem; cat leaf.key; } > pile.pem
"$P2D" pile.pem > pile.der 2>/dev/null
cat ca.der csr.der leaf.der key.der > pile.want
expect_same bundle pile.der pile.want
"$P2D" -l 'CERTIFICATE REQUEST' pile.pem > sel.der 2>/dev/null
expect_same label-filter sel.der csr.der
"$P2D" -l CERTIFICATE pile.pem > certs.der 2>/dev/null
cat ca.der leaf.der > certs.want
expect_same label-filter-two certs.der certs.want
"$P2D" -n 3 pile.pem > third.der 2>/dev/null
expect_same nth third.der leaf.der
"$P2D" -l CERTIFICATE -n 2 pile.pem > second.der 2>/dev/null
expect_same label-and-nth second.der leaf.der
expect_rc nth-too-far 1 "$P2D" -n 9 pile.pem
expect_match nth-too-far-msg "$TMP/err" '^pem2der: no block 9: 4 found$'
expect_rc label-absent 1 "$P2D" -l 'X509 CRL' pile.pem
expect_match label-absent-msg "$TMP/err" 'no block labelled X509 CRL'
sed -e 's/BEGIN CERTIFICATE/BEGIN X509 CERTIFICATE/' -e 's/END CERTIFICATE/END X509 CERTIFICATE/' ca.pem > legacy.pem
"$P2D" -l CERTIFICATE legacy.pem > legacy.der 2>/dev/null
expect_same legacy-label legacy.der ca.der
# DER and base64 lines pass through; -l works on their structure
"$P2D" ca.der leaf.pem > mixed.der 2>/dev/null
cat ca.der leaf.der > mixed.want
expect_same der-passes-through mixed.der mixed.want
cat ca.der csr.der > two.der
"$P2D" -l 'CERTIFICATE REQUEST' two.der > sel2.der 2>/dev/null
expect_same der-label-filter sel2.der csr.der
base64 -w0 leaf.der > one.b64
"$P2D" one.b64 > b64.der 2>/dev/null
expect_same base64-line b64.der leaf.der
# pem2der(der2pem(x)) == x over a bundle
"$D2P" pile.want | "$P2D" > rt.der 2>/dev/null
expect_same roundtrip rt.der pile.want

# --------------------------------------------------------------- refusals
if grep -q '^Proc-Type: 4,ENCRYPTED' enc.key 2>/dev/null; then
    expect_rc encrypted-legacy 1 "$P2D" enc.key
    expect_match encrypted-legacy-msg "$TMP/err" 'encrypted .*keyconv'
fi
{ cat ca.pem; printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n@@@@\n-----END CERTIFICATE-----\n'; cat leaf.pem; } > onebad.pem
"$P2D" onebad.pem > onebad.der 2>"$TMP/err"; rc=$?
expect_eq onebad-rc "$rc" 1
expect_same onebad-others-written onebad.der mixed.want
expect_match onebad-msg "$TMP/err" '^pem2der: onebad.pem: block 2: line [0-9]+, column 1: invalid base64 character .@.$'
# a terminal on standard output: refused with exit 2, before reading anything
if command -v script >/dev/null 2>&1; then
    script -qec "$P2D $TMP/ca.pem" /dev/null > tty.out 2>&1; rc=$?
    expect_eq terminal-refused-rc "$rc" 2
    expect_match terminal-refused-msg tty.out 'refusing to write DER to a terminal'
    script -qec "$P2D -o $TMP/tty.der $TMP/ca.pem" /dev/null > /dev/null 2>&1; rc=$?
    expect_eq terminal-with-o "$rc" 0
    expect_same terminal-with-o-file tty.der ca.der
    script -qec "$D2P $TMP/ca.der" /dev/null > tty2.out 2>&1; rc=$?
    expect_eq der2pem-to-terminal "$rc" 0
else
    echo "# no script(1): the terminal refusal is covered by the cli unit test only"
fi

# ------------------------------------------------------------- atomic -o
mkdir -p o
( umask 022; "$P2D" -o o/ca.der ca.pem ) 2>/dev/null
expect_same out-file o/ca.der ca.der
expect_eq out-mode "$(stat -c %a o/ca.der)" 644
( umask 000; "$P2D" -o o/key.der leaf.key ) 2>/dev/null
expect_eq out-key-0600 "$(stat -c %a o/key.der)" 600
expect_same out-key-content o/key.der key.der
"$P2D" -o o/bad.der ca.pem onebad.pem 2>/dev/null; rc=$?
expect_eq out-error-rc "$rc" 1
expect_eq out-error-no-file "$(ls -A o | tr '\n' ' ')" "ca.der key.der "
