#!/bin/sh
# certdump: golden text and JSON output for the fixtures of testdata/certdump/
# (made by testdata/gen-certdump.sh), JSON validated with jq, -f, input forms
# (PEM, DER, DER bundle, base64 lines, PKCS#7 PEM and DER, stdin), exit codes
# (1 malformed, 2 usage, 3 --check-expiry), wrong kinds, warnings, --strict, -o.
#
# Regenerate the golden files after changing the output on purpose:
#   REGEN=1 BIN=bin TOP=$PWD sh tests/cli/t_certdump.sh
. "$TOP/tests/cli/lib.sh"
CD="$BIN/certdump"
F="$TD/certdump"
G="$F/golden"
AT=2026-01-01T00:00:00Z
CERTS="rsa-ca ec-leaf ed25519 rsa-pss v1 bmp negserial"

if [ ! -x "$CD" ]; then
    nok certdump-built "no $CD"
    exit 0
fi
cd "$F" || exit 1

# ------------------------------------------------------------ golden files
if [ "${REGEN:-}" = 1 ]; then
    mkdir -p "$G"
    for c in $CERTS; do
        "$CD" --at $AT "$c.pem" > "$G/$c.txt" 2>/dev/null
        "$CD" --at $AT --json "$c.pem" > "$G/$c.json" 2>/dev/null
    done
    echo "golden files rewritten in $G"
fi
for c in $CERTS; do
    "$CD" --at $AT "$c.pem" > "$TMP/$c.txt" 2>"$TMP/$c.err"
    rc=$?
    expect_eq "text-rc-$c" "$rc" 0
    if diff -u "$G/$c.txt" "$TMP/$c.txt" > "$TMP/diff" 2>&1; then ok "golden-text-$c"; else nok "golden-text-$c" "$(head -c 600 "$TMP/diff")"; fi
    "$CD" --at $AT --json "$c.pem" > "$TMP/$c.json" 2>/dev/null
    if diff -u "$G/$c.json" "$TMP/$c.json" > "$TMP/diff" 2>&1; then ok "golden-json-$c"; else nok "golden-json-$c" "$(head -c 600 "$TMP/diff")"; fi
done

# ------------------------------------------------------------------- JSON
# every line parses, and carries every required field of the SPEC schema
if command -v jq >/dev/null 2>&1; then
    cat $(for c in $CERTS; do echo "$TMP/$c.json"; done) > "$TMP/all.json"
    n=$(wc -l < "$TMP/all.json")
    expect_eq json-lines "$n" 7
    bad=0
    while IFS= read -r line; do
        printf '%s\n' "$line" | jq -e 'type == "object"' >/dev/null 2>&1 || bad=$((bad + 1))
    done < "$TMP/all.json"
    expect_eq json-every-line-parses "$bad" 0
    req='["type","source","index","version","serial","serial_dec","signature_algorithm","issuer","subject","not_before","not_after","validity_status","public_key","extensions","self_issued","fingerprints","warnings"]'
    missing=$(jq -r --argjson req "$req" '[$req[] as $k | select(has($k) | not) | $k] | join(",")' "$TMP/all.json" | grep -v '^$' | head -3)
    expect_eq json-required-fields "$missing" ""
    j() { jq -r "$2" "$TMP/$1.json"; }
    expect_eq json-type "$(j rsa-ca .type)" certificate
    expect_eq json-source "$(j rsa-ca .source)" rsa-ca.pem
    expect_eq json-index "$(j rsa-ca .index)" 0
    expect_eq json-version-v3 "$(j rsa-ca .version)" 3
    expect_eq json-version-v1 "$(j v1 .version)" 1
    expect_eq json-v1-no-extensions "$(j v1 '.extensions | length')" 0
    expect_eq json-serial-long "$(j rsa-ca .serial)" a1b2c3d4e5f60718293a4b5c6d7e8f901234567
    expect_eq json-serial-dec-long "$(j rsa-ca .serial_dec)" 57695881630579109672551728465758925132512052583
    expect_eq json-serial-negative "$(j negserial .serial)" -12d687
    expect_eq json-serial-dec-negative "$(j negserial .serial_dec)" -1234567
    expect_eq json-serial-small "$(j ec-leaf .serial)" 7f
    expect_eq json-sigalg "$(j ec-leaf .signature_algorithm.name)" sha256WithRSAEncryption
    expect_eq json-sigalg-oid "$(j ec-leaf .signature_algorithm.oid)" 1.2.840.113549.1.1.11
    expect_eq json-sigalg-pss "$(j rsa-pss .signature_algorithm.oid)" 1.2.840.113549.1.1.10
    expect_eq json-issuer-rfc4514 "$(j ec-leaf .issuer.rfc4514)" "CN=Example Root CA,OU=Certdump Fixtures,O=Example CA,C=US"
    expect_eq json-subject-rfc4514 "$(j ec-leaf .subject.rfc4514)" \
        "emailAddress=admin@example.com,CN=www.example.com,O=Example Inc.,L=San Francisco,ST=California,C=US"
    expect_eq json-subject-oneline "$(j ed25519 .subject.oneline)" "CN = Ed25519 Test, O = Example"
    expect_eq json-rdns-order "$(j ed25519 '[.subject.rdns[][].name] | join(",")')" "CN,O"
    expect_eq json-bmp-value "$(j bmp '.subject.rdns[1][0].value')" "東京 テスト"
    expect_eq json-bmp-type "$(j bmp '.subject.rdns[1][0].type')" BMPString
    expect_eq json-bmp-rfc4514 "$(j bmp .subject.rfc4514)" "CN=東京 テスト,O=Zürich Büro"
    expect_eq json-not-before "$(j ec-leaf .not_before)" 2024-01-01T12:00:00Z
    expect_eq json-not-after "$(j ec-leaf .not_after)" 2025-01-01T12:00:00Z
    expect_eq json-generalized-time "$(j ed25519 .not_after)" 2051-06-15T00:00:00Z
    expect_eq json-utctime-1999 "$(j v1 .not_before)" 1999-12-31T23:59:59Z
    expect_eq json-expired "$(j ec-leaf .validity_status)" expired
    expect_eq json-valid "$(j rsa-ca .validity_status)" valid
    expect_eq json-not-yet-valid "$("$CD" --json --at 2019-06-01 rsa-ca.pem | jq -r .validity_status)" not_yet_valid
    expect_eq json-key-rsa "$(j rsa-ca '[.public_key.algorithm, .public_key.bits, .public_key.exponent] | map(tostring) | join(" ")')" "rsa 2048 65537"
    expect_eq json-key-ec "$(j ec-leaf '[.public_key.algorithm, .public_key.bits, .public_key.curve] | map(tostring) | join(" ")')" "ec 256 P-256"
    expect_eq json-key-ec384 "$(j v1 '.public_key.curve')" P-384
    expect_eq json-key-ed25519 "$(j ed25519 .public_key.algorithm)" ed25519
    spki=$(openssl x509 -in rsa-ca.pem -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
    expect_eq json-spki-sha256 "$(j rsa-ca .public_key.spki_sha256)" "$spki"
    expect_eq json-ext-order "$(j ec-leaf '[.extensions[].name] | join(",")')" \
        "basicConstraints,keyUsage,extKeyUsage,subjectKeyIdentifier,authorityKeyIdentifier,subjectAltName,authorityInfoAccess,cRLDistributionPoints,certificatePolicies,nsComment"
    expect_eq json-ext-critical "$(j ec-leaf '[.extensions[] | select(.critical) | .name] | join(",")')" keyUsage
    expect_eq json-san-types "$(j ec-leaf '[.subject_alt_names[].type] | join(",")')" \
        "dns,dns,ip,ip,email,uri,rid,othername,dirname,x400,edipartyname"
    expect_eq json-san-dns "$(j ec-leaf '.subject_alt_names[0].value')" www.example.com
    expect_eq json-san-ip4 "$(j ec-leaf '.subject_alt_names[2].value')" 192.168.0.1
    expect_eq json-san-ip6 "$(j ec-leaf '.subject_alt_names[3].value')" 2001:db8::1
    expect_eq json-san-upn "$(j ec-leaf '.subject_alt_names[7].value.value')" user@example.com
    expect_eq json-san-upn-oid "$(j ec-leaf '.subject_alt_names[7].value.oid')" 1.3.6.1.4.1.311.20.2.3
    expect_eq json-key-usage "$(j ec-leaf '.key_usage | join(",")')" digitalSignature,keyAgreement
    expect_eq json-key-usage-ca "$(j rsa-ca '.key_usage | join(",")')" keyCertSign,cRLSign
    expect_eq json-eku "$(j ec-leaf '.extended_key_usage | join(",")')" \
        1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2,1.3.6.1.4.1.311.10.3.4,1.2.3.4.5
    expect_eq json-bc-ca "$(j rsa-ca '.basic_constraints | "\(.ca) \(.path_len)"')" "true 1"
    expect_eq json-bc-leaf "$(j ec-leaf '.basic_constraints | "\(.ca) \(.path_len)"')" "false null"
    ski=$(openssl x509 -in rsa-ca.pem -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' :' | tr 'A-F' 'a-f')
    expect_eq json-ski "$(j rsa-ca .subject_key_id)" "$ski"
    expect_eq json-aki-is-issuer-ski "$(j ec-leaf .authority_key_id)" "$ski"
    expect_eq json-crldp "$(j ec-leaf '.crl_distribution_points | join(" ")')" \
        "http://crl.example.com/root.crl ldap://ldap.example.com/cn=Root%2Cdc=example%2Cdc=com?certificateRevocationList"
    expect_eq json-ocsp "$(j ec-leaf '.ocsp | join(" ")')" http://ocsp.example.com/
    expect_eq json-ca-issuers "$(j ec-leaf '.ca_issuers | join(" ")')" http://ca.example.com/root.crt
    expect_eq json-no-san-on-ca "$(j rsa-ca 'has("subject_alt_names")')" false
    expect_eq json-self-issued "$(j rsa-ca .self_issued) $(j ec-leaf .self_issued)" "true false"
    fp1=$(openssl x509 -in ec-leaf.pem -outform DER | sha1sum | cut -d' ' -f1)
    fp256=$(openssl x509 -in ec-leaf.pem -outform DER | sha256sum | cut -d' ' -f1)
    expect_eq json-fingerprint-sha1 "$(j ec-leaf .fingerprints.sha1)" "$fp1"
    expect_eq json-fingerprint-sha256 "$(j ec-leaf .fingerprints.sha256)" "$fp256"
    expect_match json-warning-negative "$TMP/negserial.json" '"warnings":\["offset [0-9]+: [^"]*serialNumber: negative serial'
    expect_eq json-no-warnings "$(j rsa-ca '.warnings | length')" 0
    expect_eq json-no-pem-by-default "$(j rsa-ca 'has("pem")')" false
    # --pem: the PEM field gives back the same certificate
    "$CD" --json --pem ec-leaf.pem | jq -j .pem > "$TMP/back.pem"
    expect_same json-pem-roundtrip "$TMP/back.pem" ec-leaf.pem
    # several certificates: one line each, index counting per source
    "$CD" --json bundle.pem rsa-ca.pem > "$TMP/multi.json"
    expect_eq json-multi-index "$(jq -r '"\(.source):\(.index)"' "$TMP/multi.json" | tr '\n' ' ')" \
        "bundle.pem:0 bundle.pem:1 rsa-ca.pem:0 "
    "$CD" --json < rsa-ca.pem > "$TMP/stdin.json"
    expect_eq json-stdin-source "$(jq -r .source "$TMP/stdin.json")" -
else
    nok jq "jq is not installed"
fi

# ------------------------------------------------------------------ text
t="$TMP/ec-leaf.txt"
expect_match text-header "$t" '^Certificate:$'
expect_match text-version "$t" '^    Version: +3 \(0x2\)$'
expect_match text-expired "$t" 'Not After: +2025-01-01T12:00:00Z \(expired 364 days ago\)$'
expect_match text-expires "$TMP/rsa-ca.txt" 'Not After: +2040-01-01T00:00:00Z \(expires in 5113 days\)$'
expect_match text-rfc4514 "$t" '^    Subject: +emailAddress=admin@example.com,CN=www.example.com,'
expect_match text-oneline "$t" '^ +C = US, ST = California, L = San Francisco, O = Example Inc., CN = www.example.com, emailAddress = admin@example.com$'
expect_match text-ext-name-oid "$t" '^        subjectAltName \(2\.5\.29\.17\):$'
expect_match text-ext-critical "$t" '^        keyUsage \(2\.5\.29\.15\), critical:$'
expect_match text-sha256 "$t" "SHA-256: +$(echo "$fp256" | tr a-f A-F | sed 's/../&:/g; s/:$//')\$"
expect_match text-keysize "$TMP/rsa-ca.txt" 'Key: +RSA 2048 bit$'
expect_match text-utf8 "$TMP/bmp.txt" 'CN=東京 テスト,O=Zürich Büro'
expect_match text-pss "$TMP/rsa-pss.txt" 'Salt length: +32$'
expect_match text-negative-serial "$TMP/negserial.txt" 'decimal -1234567$'
expect_match text-warning "$TMP/negserial.txt" 'offset [0-9]+: .*serialNumber: negative serial'
# aligned: every "Label: value" line of the top level puts its value in one column
cols=$(grep -E '^    [A-Za-z][A-Za-z -]*: +[^ ]' "$t" | awk '{ match($0, /: +/); print RSTART + RLENGTH }' | sort -u | wc -l)
expect_eq text-aligned "$cols" 1

# ---------------------------------------------------------------------- -f
"$CD" --at $AT -f subject.rfc4514,not_after,validity_status ec-leaf.pem > "$TMP/f.out"
printf 'emailAddress=admin@example.com,CN=www.example.com,O=Example Inc.,L=San Francisco,ST=California,C=US\t2025-01-01T12:00:00Z\texpired\n' > "$TMP/f.want"
expect_same fields-basic "$TMP/f.out" "$TMP/f.want"
expect_eq fields-sha256 "$("$CD" -f fingerprints.sha256 ec-leaf.pem)" "$fp256"
expect_eq fields-san "$("$CD" -f subject_alt_names rsa-pss.pem)" pss@example.com
expect_eq fields-eku "$("$CD" -f extended_key_usage rsa-pss.pem)" 1.3.6.1.5.5.7.3.2,1.3.6.1.5.5.7.3.4
expect_eq fields-list-of-names "$("$CD" -f extensions.name ed25519.pem)" basicConstraints,keyUsage,subjectKeyIdentifier
expect_eq fields-object "$("$CD" -f basic_constraints rsa-ca.pem)" ca=true,path_len=1
expect_eq fields-nested-null "$("$CD" -f basic_constraints.path_len ec-leaf.pem)" ""
expect_eq fields-absent "$("$CD" -f subject_alt_names,serial rsa-ca.pem)" "$(printf '\ta1b2c3d4e5f60718293a4b5c6d7e8f901234567')"
expect_eq fields-per-cert "$("$CD" -f serial bundle.pem | tr '\n' ' ')" "7f a1b2c3d4e5f60718293a4b5c6d7e8f901234567 "
expect_eq fields-name-object "$("$CD" -f issuer ed25519.pem)" "O=Example,CN=Ed25519 Test"
expect_eq fields-key "$("$CD" -f public_key.algorithm,public_key.bits ed25519.pem)" "$(printf 'ed25519\t253')"
expect_rc fields-unknown 2 "$CD" -f nosuchfield rsa-ca.pem
expect_match fields-unknown-msg "$TMP/err" "unknown field 'nosuchfield'"
expect_rc fields-with-json 2 "$CD" -f serial --json rsa-ca.pem

# ----------------------------------------------------------- input forms
"$CD" -f fingerprints.sha256 bundle.pem > "$TMP/fp.pem"
expect_eq forms-bundle-count "$(wc -l < "$TMP/fp.pem")" 2
"$CD" -f fingerprints.sha256 bundle.p7b > "$TMP/fp.p7b"
expect_same forms-p7b-pem "$TMP/fp.pem" "$TMP/fp.p7b"
"$CD" -f fingerprints.sha256 bundle.p7b.der > "$TMP/fp.p7d"
expect_same forms-p7b-der "$TMP/fp.pem" "$TMP/fp.p7d"
for c in ec-leaf rsa-ca; do openssl x509 -in $c.pem -outform DER; done > "$TMP/bundle.der"
"$CD" -f fingerprints.sha256 "$TMP/bundle.der" > "$TMP/fp.der"
expect_same forms-der-bundle "$TMP/fp.pem" "$TMP/fp.der"
for c in ec-leaf rsa-ca; do openssl x509 -in $c.pem -outform DER | base64 -w0; echo; done > "$TMP/bundle.b64"
"$CD" -f fingerprints.sha256 "$TMP/bundle.b64" > "$TMP/fp.b64"
expect_same forms-b64-lines "$TMP/fp.pem" "$TMP/fp.b64"
"$CD" -f fingerprints.sha256 < ec-leaf.der > "$TMP/fp.stdin"
expect_eq forms-der-stdin "$(cat "$TMP/fp.stdin")" "$fp256"
expect_eq forms-first "$("$CD" --first -f serial bundle.pem rsa-ca.pem | tr '\n' ' ')" "7f a1b2c3d4e5f60718293a4b5c6d7e8f901234567 "
sed 's/$/\r/' ec-leaf.pem > "$TMP/crlf.pem"
expect_eq forms-crlf "$("$CD" -f fingerprints.sha256 "$TMP/crlf.pem")" "$fp256"
{ echo "Bag Attributes"; echo "    friendlyName: x"; cat ec-leaf.pem; echo "text between"; cat rsa-ca.pem; } > "$TMP/text.pem"
"$CD" -f fingerprints.sha256 "$TMP/text.pem" > "$TMP/fp.text"
expect_same forms-text-around "$TMP/fp.pem" "$TMP/fp.text"

# ------------------------------------------------------- wrong kinds, errors
expect_rc kind-crl 1 "$CD" crl.pem
expect_match kind-crl-msg "$TMP/err" '^certdump: crl\.pem: .*this is a CRL \(X509 CRL\); use crldump$'
expect_rc kind-csr 1 "$CD" request.csr
expect_match kind-csr-msg "$TMP/err" 'use csrdump$'
expect_rc kind-key 1 "$CD" key.pem
expect_match kind-key-msg "$TMP/err" 'private key.*; use keyconv$'
# a certificate with its key (a server.pem), in either order: the key is skipped with a warning
cat ec-leaf.pem key.pem > "$TMP/withkey.pem"
expect_rc kind-skipped-after 0 "$CD" -f serial "$TMP/withkey.pem"
expect_eq kind-skipped-after-out "$(cat "$TMP/out")" 7f
expect_match kind-skipped-after-msg "$TMP/err" 'block 2: warning: skipped: this is a private key .*; use keyconv$'
cat key.pem crl.pem ec-leaf.pem > "$TMP/keyfirst.pem"
expect_rc kind-skipped-before 0 "$CD" -f serial "$TMP/keyfirst.pem"
expect_eq kind-skipped-before-out "$(cat "$TMP/out")" 7f
expect_eq kind-skipped-before-msgs "$(grep -c 'warning: skipped: ' "$TMP/err")" 2
expect_rc kind-only-others 1 "$CD" key.pem crl.pem
expect_eq kind-only-others-msgs "$(grep -c -v 'warning' "$TMP/err")" 2
expect_rc malformed-truncated 1 "$CD" truncated.der
expect_eq malformed-one-line "$(wc -l < "$TMP/err")" 1
expect_match malformed-msg "$TMP/err" '^certdump: truncated\.der: (offset [0-9]+: )?truncated'
expect_eq malformed-no-stdout "$(wc -c < "$TMP/out")" 0
expect_rc malformed-time 1 "$CD" badtime.der
expect_eq malformed-time-one-line "$(wc -l < "$TMP/err")" 1
expect_match malformed-time-msg "$TMP/err" '^certdump: badtime\.der: offset [0-9]+: (certificate\.)?tbsCertificate\.validity\.notBefore: .*month'

# a damaged certificate in the middle: the other two are still printed, exit 1
expect_rc malformed-middle 1 "$CD" -f subject.rfc4514 bad-middle.pem
expect_eq malformed-middle-others "$(tr '\n' '|' < "$TMP/out")" "CN=Example Root CA,OU=Certdump Fixtures,O=Example CA,C=US|O=Example,CN=Ed25519 Test|"
expect_eq malformed-middle-one-error "$(wc -l < "$TMP/err")" 1
expect_match malformed-middle-block "$TMP/err" '^certdump: bad-middle\.pem: block 2: offset [0-9]+: '
# worst exit code wins: 1 (malformed) over 3 (expiry)
expect_rc exit-worst 1 "$CD" --check-expiry 30 --at $AT ec-leaf.pem truncated.der
# warnings on stderr in the SPEC form, still exit 0; --strict makes them errors
expect_rc warning-rc 0 "$CD" negserial.pem
expect_match warning-line "$TMP/err" '^certdump: negserial\.pem: block 1: offset [0-9]+: [a-zA-Z.]*serialNumber: warning: negative serial'
expect_rc strict 1 "$CD" --strict negserial.pem
expect_eq strict-no-output "$(wc -c < "$TMP/out")" 0

# ----------------------------------------------------------- check-expiry
expect_rc expiry-expired 3 "$CD" --check-expiry 30 --at $AT -f serial ec-leaf.pem
expect_match expiry-msg "$TMP/err" 'expired 2025-01-01T12:00:00Z, 364 days ago'
expect_eq expiry-still-prints "$(cat "$TMP/out")" 7f
expect_rc expiry-far 0 "$CD" --check-expiry 5000 --at $AT rsa-ca.pem
expect_rc expiry-within 3 "$CD" --check-expiry 5200 --at $AT rsa-ca.pem
expect_match expiry-within-msg "$TMP/err" 'expires 2040-01-01T00:00:00Z, in 5113 days'
expect_rc expiry-any-of-many 3 "$CD" --check-expiry 30 --at $AT rsa-ca.pem ec-leaf.pem ed25519.pem

# ------------------------------------------------------------------ usage
expect_rc usage-help 0 "$CD" --help
expect_match usage-help-out "$TMP/out" '^usage: certdump'
expect_rc usage-version 0 "$CD" -V
expect_match usage-version-out "$TMP/out" '^certdump \(certkit\) '
expect_rc usage-unknown 2 "$CD" --bogus rsa-ca.pem
expect_match usage-unknown-msg "$TMP/err" '^usage: certdump'
expect_rc usage-bad-at 2 "$CD" --at yesterday rsa-ca.pem
expect_rc usage-bad-days 2 "$CD" --check-expiry soon rsa-ca.pem
expect_rc usage-missing-arg 2 "$CD" --check-expiry
expect_rc usage-no-file 2 "$CD" /nonexistent/x.pem
expect_rc usage-no-file-still-others 2 "$CD" -f serial /nonexistent/x.pem ec-leaf.pem
expect_eq usage-no-file-others-printed "$(cat "$TMP/out")" 7f

# ---------------------------------------------------------------- -o FILE
rm -f "$TMP/o.txt"
expect_rc output-ok 0 "$CD" -o "$TMP/o.txt" --at $AT ec-leaf.pem
expect_same output-content "$TMP/o.txt" "$TMP/ec-leaf.txt"
rm -f "$TMP/o2.txt"
expect_rc output-bad 1 "$CD" -o "$TMP/o2.txt" ec-leaf.pem truncated.der
if [ -e "$TMP/o2.txt" ]; then nok output-no-partial "left $TMP/o2.txt behind"; else ok output-no-partial; fi
