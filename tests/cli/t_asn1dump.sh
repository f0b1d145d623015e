#!/bin/sh
# asn1dump: options, exit codes, the tree and its values, DER violations (warnings,
# --strict), BER, PEM, structural errors, the depth limit, atomic -o, and the
# differential test against `openssl asn1parse -i`: for every certificate, CRL and
# CSR of the corpus (and the fixtures made here), the same element list in the same
# order, with the same offsets, depths, header lengths, content lengths, tags and
# constructed/primitive flags.
. "$TOP/tests/cli/lib.sh"
A1D="$BIN/asn1dump"
cd "$TMP" || exit 1

# bytes HEX... > FILE: writes raw bytes (hex pairs, spaces ignored)
bytes() {
    printf '%b' "$(printf '%s' "$*" | tr -d ' \n' | awk '{
        h = "0123456789abcdef"; s = tolower($0)
        for (i = 1; i < length(s); i += 2)
            printf "\\0%03o", (index(h, substr(s, i, 1)) - 1) * 16 + index(h, substr(s, i + 1, 1)) - 1
    }')"
}

# ---------------------------------------------------------------- normalisers
# asn1dump lines -> "offset depth hl len cons|prim TAG" in openssl's tag names
ours() {
    awk '
    /^ *[0-9]+ +[0-9]+ +([0-9]+|inf): / {
        split($0, a, ": "); pre = a[1]; rest = substr($0, length(pre) + 3)
        split(pre, f, " "); off = f[1]; hl = f[2]; len = f[3]
        sp = match(rest, /[^ ]/); depth = (sp - 1) / 2; t = substr(rest, sp)
        cons = (t ~ / \{$/) ? "cons" : "prim"
        if (match(t, /^\[APPLICATION [0-9]+\]/)) { s = substr(t, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); tag = "appl [ " s " ]" }
        else if (match(t, /^\[PRIVATE [0-9]+\]/)) { s = substr(t, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); tag = "priv [ " s " ]" }
        else if (match(t, /^\[[0-9]+\]/)) { s = substr(t, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); tag = "cont [ " s " ]" }
        else if (match(t, /^UNIVERSAL [0-9]+/)) { s = substr(t, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); tag = "<ASN1 " s ">" }
        else if (t ~ /^OBJECT IDENTIFIER/) tag = "OBJECT"
        else if (t ~ /^BIT STRING/) tag = "BIT STRING"
        else if (t ~ /^OCTET STRING/) tag = "OCTET STRING"
        else { split(t, w, /[ ,]/); tag = toupper(w[1]) }
        print off, depth, hl, len, cons, tag
    }'
}
# openssl asn1parse -i lines -> the same form
theirs() {
    awk '
    /^ *[0-9]+:d=/ {
        line = $0
        off = line; sub(/:.*/, "", off); gsub(/ /, "", off)
        d = line; sub(/.*:d=/, "", d); sub(/ .*/, "", d)
        hl = line; sub(/.*hl=/, "", hl); sub(/ .*/, "", hl)
        l = line; sub(/.* l= */, "", l); sub(/ .*/, "", l)
        cons = (line ~ / cons: /) ? "cons" : "prim"
        t = line; sub(/.* (cons|prim): */, "", t); sub(/ *:.*$/, "", t)
        sub(/ +\[HEX DUMP\].*$/, "", t); sub(/ +$/, "", t)
        print off, d, hl, l, cons, t
    }'
}
# the first certificate / CRL / CSR of a file as DER
first_der() {
    if [ "$(head -c1 "$1" | od -An -tx1 | tr -d ' ')" = 30 ]; then cat "$1"; return; fi
    awk '/^-----BEGIN (X509 |TRUSTED |X\.509 )?CERTIFICATE-----/ || /^-----BEGIN (X509 CRL|CRL|(NEW )?CERTIFICATE REQUEST)-----/ { f = 1; next }
         f && /^-----END/ { exit }
         f && !/:/ { print }' "$1" | base64 -d 2>/dev/null
}
# differ NAME DERFILE: asn1dump -e and openssl asn1parse -i list the same elements
differ() {
    openssl asn1parse -inform DER -i -in "$2" > d.ossl 2>/dev/null || return 2
    "$A1D" -e "$2" > d.ours 2>/dev/null
    [ -s d.ours ] || { sleep 1; "$A1D" -e "$2" > d.ours 2>/dev/null; }   # bin/ relinked under us
    theirs < d.ossl > d.o
    ours < d.ours > d.a
    [ -s d.o ] && cmp -s d.o d.a
}

# ---------------------------------------------------------------- fixtures
mk() { openssl "$@" >/dev/null 2>&1; }
mk req -x509 -newkey rsa:2048 -nodes -subj '/CN=ca/O=Example Ltd.' -days 30 -keyout ca.key -out ca.pem \
    -addext "subjectAltName=DNS:ca.example.com,IP:192.0.2.1" -addext "keyUsage=critical,keyCertSign,cRLSign"
mk req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=leaf -keyout leaf.key -out leaf.csr
mk x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 10 -out leaf.pem
printf '' > index.txt
cat > ca.cnf <<EOF
[ca]
default_ca = d
[d]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 7
EOF
echo 01 > crlnumber
mk ca -config ca.cnf -gencrl -keyfile ca.key -cert ca.pem -out ca.crl
mk x509 -in ca.pem -outform DER -out ca.der
mk x509 -in leaf.pem -outform DER -out leaf.der
mk crl -in ca.crl -outform DER -out crl.der
mk req -in leaf.csr -outform DER -out csr.der
if [ ! -s ca.der ] || [ ! -s leaf.der ] || [ ! -s crl.der ] || [ ! -s csr.der ]; then
    nok fixtures "openssl could not make the test fixtures"
    exit 0
fi

# ---------------------------------------------------------------- options
expect_rc help 0 "$A1D" --help
expect_match help-stdout "$TMP/out" '^usage: asn1dump'
expect_rc version 0 "$A1D" -V
expect_match version-form "$TMP/out" '^asn1dump \(certkit\) [0-9]+\.[0-9]+\.[0-9]+$'
expect_rc unknown-option 2 "$A1D" --bogus ca.der
expect_match unknown-option-usage "$TMP/err" '^usage: asn1dump'
expect_rc bad-depth 2 "$A1D" -d 0 ca.der
expect_rc bad-depth-text 2 "$A1D" --max-depth=x ca.der
expect_rc missing-file 2 "$A1D" "$TMP/nonexistent.der"
expect_match missing-file-msg "$TMP/err" "^asn1dump: $TMP/nonexistent.der: cannot open"

# ---------------------------------------------------------------- the tree
expect_rc der-cert 0 "$A1D" ca.der
cp "$TMP/out" ca.txt
expect_match tree-root ca.txt '^ +0 +4 +[0-9]+: SEQUENCE \{$'
expect_match tree-version ca.txt '^ +[0-9]+ +2 +1:       INTEGER 2$'
expect_match tree-oid-name ca.txt 'OBJECT IDENTIFIER sha256WithRSAEncryption \(1\.2\.840\.113549\.1\.1\.11\)$'
expect_match tree-cn ca.txt "OBJECT IDENTIFIER commonName \\(2\\.5\\.4\\.3\\)"
expect_match tree-string ca.txt "UTF8String 'Example Ltd\\.'|PrintableString 'Example Ltd\\.'"
expect_match tree-time ca.txt 'UTCTime 20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
expect_match tree-encapsulated-key ca.txt 'BIT STRING, encapsulates \{$'
expect_match tree-modulus ca.txt 'INTEGER \(2048 bit\)$'
expect_match tree-exponent ca.txt 'INTEGER 65537 \(0x10001\)$'
expect_match tree-extension ca.txt 'OCTET STRING, encapsulates \{$'
expect_match tree-san-dns ca.txt "\\[2\\] 'ca\\.example\\.com'"
expect_match tree-keyusage ca.txt "BIT STRING \\(1 unused bit\\) '0000011'B 06"
expect_match tree-truncated-hex ca.txt '\[ [0-9]+ more bytes not shown \]'
expect_rc der-cert-all 0 "$A1D" -a ca.der
if grep -q 'more bytes not shown' "$TMP/out"; then nok all-bytes "-a still truncates"; else ok all-bytes; fi
expect_rc no-encapsulated 0 "$A1D" -e ca.der
if grep -q encapsulates "$TMP/out"; then nok no-encapsulated-tree "-e still shows encapsulated DER"; else ok no-encapsulated-tree; fi
expect_rc ec-leaf 0 "$A1D" leaf.der
expect_match ec-curve "$TMP/out" 'OBJECT IDENTIFIER prime256v1 \(1\.2\.840\.10045\.3\.1\.7\)'
expect_eq ec-point-not-der "$(grep -c 'BIT STRING, encapsulates' "$TMP/out")" 0   # EC point, RSA signature
expect_rc ec-csr 0 "$A1D" csr.der
expect_match ec-sig "$TMP/out" '^ +[0-9]+ +2 +[0-9]+:   BIT STRING, encapsulates \{$'  # ECDSA-Sig-Value
expect_eq ec-csr-one-encapsulated "$(grep -c 'BIT STRING, encapsulates' "$TMP/out")" 1
expect_rc clean-der-no-warnings 0 "$A1D" --strict ca.der crl.der csr.der leaf.der
expect_eq clean-der-stderr "$(wc -c < "$TMP/err" | tr -d ' ')" 0
expect_match multi-operand-title "$TMP/out" '^# crl\.der: object 1 at offset 0$'

# PEM: one tree per block, titled
cat ca.pem leaf.pem > two.pem
expect_rc pem-two 0 "$A1D" two.pem
expect_eq pem-two-titles "$(grep -c '^# two.pem: block [12]: CERTIFICATE$' "$TMP/out")" 2
expect_eq pem-two-roots "$(grep -c '^ *0  4 *[0-9]*: SEQUENCE {$' "$TMP/out")" 2
expect_rc stdin 0 sh -c "\"$A1D\" < ca.der"
expect_match stdin-tree "$TMP/out" '^ +0 +4 +[0-9]+: SEQUENCE \{$'
# DER bundle: offsets count from the start of the file
cat ca.der crl.der > bundle.der
casz=$(wc -c < ca.der | tr -d ' ')
expect_rc bundle 0 "$A1D" bundle.der
expect_match bundle-second "$TMP/out" "^# bundle.der: object 2 at offset $casz\$"
expect_match bundle-offsets "$TMP/out" "^ *$casz +[0-9] +[0-9]+: SEQUENCE \\{\$"

# ---------------------------------------------------------------- DER violations
bytes '30 81 07 01 01 01 02 02 00 05' > viol.der         # non-minimal length, BOOLEAN 01, INTEGER 00 05
expect_rc viol 0 "$A1D" viol.der
expect_match viol-inline "$TMP/out" '! warning: non-minimal length encoding'
expect_match viol-bool "$TMP/out" 'BOOLEAN TRUE \(0x01\)'
expect_eq viol-count "$(grep -c 'warning:' "$TMP/err")" 3
expect_match viol-stderr "$TMP/err" '^asn1dump: viol\.der: offset 3: \[0\]\[0\]: warning: BOOLEAN TRUE encoded as 0x01, not 0xff \(X\.690 11\.1\)$'
expect_match viol-int "$TMP/err" '^asn1dump: viol\.der: offset 6: \[0\]\[1\]: warning: non-minimal INTEGER encoding \(X\.690 8\.3\.2\)$'
expect_rc viol-strict 1 "$A1D" --strict viol.der
expect_eq viol-strict-count "$(grep -c 'error (--strict):' "$TMP/err")" 3
bytes '31 06 02 01 02 02 01 01' > set.der                 # SET OF out of order
expect_rc set-order 1 "$A1D" --strict set.der
expect_match set-order-msg "$TMP/err" 'SET OF elements not in ascending order \(X\.690 11\.6\)'
bytes '13 03 2a 2e 61' > star.der                          # '*' in a PrintableString
expect_rc printable-star 0 "$A1D" star.der
expect_match printable-star-value "$TMP/out" "PrintableString '\\*\\.a'"
expect_match printable-star-msg "$TMP/err" "PrintableString contains '\\*'"
bytes '0c 05 61 1b 5b 33 31' > esc.der                     # an escape sequence in a UTF8String
expect_rc escape 0 "$A1D" esc.der
expect_match escape-shown "$TMP/out" "UTF8String 'a\\\\x1b\\[31'"
if grep -q "$(printf '\033')" "$TMP/out"; then nok escape-raw "ESC written to the output"; else ok escape-raw; fi

# many violations: every one is listed, not only the first 32
{ printf '\060\170'; i=0; while [ $i -lt 40 ]; do printf '\001\001\001'; i=$((i + 1)); done; } > many.der
expect_rc many-violations 0 "$A1D" many.der
expect_eq many-violations-listed "$(grep -c 'warning: BOOLEAN TRUE encoded as 0x01' "$TMP/err")" 40

# ---------------------------------------------------------------- BER
bytes '30 80 24 80 04 02 61 62 04 01 63 00 00 02 01 05 00 00' > ber.der
expect_rc ber 0 "$A1D" ber.der
expect_match ber-inf "$TMP/out" '^ +0 +2 +inf: SEQUENCE \{$'
expect_match ber-eoc "$TMP/out" '^ +11 +2 +0:     EOC$'
expect_match ber-int "$TMP/out" '^ +13 +2 +1:   INTEGER 5$'
expect_match ber-warn "$TMP/err" 'offset 2: \[0\]\[0\]: warning: constructed OCTET STRING'
expect_rc ber-strict 1 "$A1D" --strict ber.der
if have_corpus && [ -f "$CORPUS/pkcs12/bssl-nss.p12" ]; then
    expect_rc nss-p12 0 "$A1D" "$CORPUS/pkcs12/bssl-nss.p12"
    expect_match nss-p12-bag "$TMP/out" 'OBJECT IDENTIFIER pkcs8ShroudedKeyBag'
    expect_match nss-p12-inf "$TMP/out" 'inf: SEQUENCE \{$'
fi

# ---------------------------------------------------------------- errors
head -c 100 ca.der > trunc.der
expect_rc truncated 1 "$A1D" trunc.der
expect_match truncated-msg "$TMP/err" '^asn1dump: trunc\.der: '
bytes '30 0b 30 03 02 05 01 02 01 09 05 00 00' > inner.der   # damaged element inside a sound one
expect_rc inner-damage 1 "$A1D" inner.der
expect_match inner-damage-inline "$TMP/out" '! error: '
expect_match inner-damage-sibling "$TMP/out" 'INTEGER 9$'
expect_match inner-damage-msg "$TMP/err" '^asn1dump: inner\.der: offset 4: \[0\]\[0\]\[0\]: '
# depth: 70 nested SEQUENCEs
awk 'BEGIN { c = "0500"; for (i = 0; i < 70; i++) { n = length(c) / 2; c = (n < 128 ? sprintf("30%02x", n) : sprintf("3081%02x", n)) c }; print c }' > deep.hex
bytes "$(cat deep.hex)" > deep.der
expect_rc depth-limit 1 "$A1D" deep.der
expect_match depth-limit-msg "$TMP/err" 'nesting deeper than 64 levels'
expect_rc depth-raised 0 "$A1D" -d 100 deep.der
expect_rc depth-lowered 1 "$A1D" -d 3 ca.der
# encrypted legacy PEM is reported, not dumped as noise
openssl rsa -in ca.key -aes128 -passout pass:x -traditional -out enc.pem >/dev/null 2>&1 ||
    openssl rsa -in ca.key -aes128 -passout pass:x -out enc.pem >/dev/null 2>&1
if grep -q 'Proc-Type: 4,ENCRYPTED' enc.pem 2>/dev/null; then
    expect_rc encrypted-pem 1 "$A1D" enc.pem
    expect_match encrypted-pem-msg "$TMP/err" 'encrypted PEM block'
fi
# a bad object among good ones: the others still dumped, exit 1
cat ca.pem > mixed.pem
printf -- '-----BEGIN CERTIFICATE-----\nMIIBIjANBgkq\n-----END CERTIFICATE-----\n' >> mixed.pem
cat leaf.pem >> mixed.pem
expect_rc mixed 1 "$A1D" mixed.pem
expect_eq mixed-good-trees "$(grep -c '^ *0  4 *[0-9]*: SEQUENCE {$' "$TMP/out")" 2

# ---------------------------------------------------------------- -o
expect_rc output-file 0 "$A1D" -o out.txt ca.der
expect_same output-file-same out.txt ca.txt
rm -f bad.txt
expect_rc output-on-error 1 "$A1D" -o bad.txt trunc.der
if [ -e bad.txt ]; then nok output-no-partial "bad.txt left behind"; else ok output-no-partial; fi

# ---------------------------------------------------------------- differential
for f in ca.der leaf.der crl.der csr.der ber.der viol.der; do
    if differ "asn1parse-$f" "$f"; then ok "asn1parse-$f"; else nok "asn1parse-$f" "$(diff d.o d.a | head -4 | tr '\n' ' ')"; fi
done
if ! have_corpus; then
    echo "# corpus absent ($CORPUS): corpus differential test skipped"
    exit 0
fi
same=0; bad=0; skipped=0
for f in "$CORPUS"/certs/* "$CORPUS"/crl/* "$CORPUS"/csr/*; do
    first_der "$f" > x.der
    if [ ! -s x.der ]; then skipped=$((skipped + 1)); continue; fi
    differ x "x.der"; rc=$?
    if [ $rc -eq 2 ]; then skipped=$((skipped + 1)); continue; fi
    if [ $rc -eq 0 ]; then
        same=$((same + 1))
    else
        bad=$((bad + 1))
        [ $bad -le 20 ] && nok "asn1parse-corpus ${f#"$CORPUS"/}" "$(diff d.o d.a | head -4 | tr '\n' ' ')"
    fi
done
echo "# asn1parse differential: $same files identical, $bad differ, $skipped skipped"
if [ $same -ge 500 ] && [ $bad -eq 0 ]; then ok "asn1parse-corpus ($same files)"; else nok asn1parse-corpus "$same identical, $bad differ"; fi
