#!/bin/sh
# csrdump: golden text and JSON for the fixtures of testdata/csr/ (made by
# testdata/gen-csr-crl.sh), the JSON schema, attributes (challengePassword redacted,
# Microsoft attributes decoded), the self-signature (exit 3 on a broken one),
# -f, --pem round trip, input forms, wrong kinds, warnings and --strict, and the
# differential test against `openssl req` over testdata and ../shared/corpus.
#
# Regenerate the golden files after changing the output on purpose:
#   REGEN=1 BIN=bin TOP=$PWD sh tests/cli/t_csrdump.sh
. "$TOP/tests/cli/lib.sh"
T="$BIN/csrdump"
F="$TD/csr"
G="$F/golden"
GOOD="rsa.csr ec.der ed25519.csr rsa-pss.csr ms.csr noattrs.csr"

if [ ! -x "$T" ]; then
    nok csrdump-built "no $T"
    exit 0
fi
cd "$F" || exit 1

# ------------------------------------------------------------ golden files
if [ "${REGEN:-}" = 1 ]; then
    mkdir -p "$G"
    for c in $GOOD; do
        "$T" "$c" > "$G/$c.txt" 2>/dev/null
        "$T" --json "$c" > "$G/$c.json" 2>/dev/null
    done
    echo "golden files rewritten in $G"
fi
for c in $GOOD; do
    "$T" "$c" > "$TMP/$c.txt" 2>"$TMP/$c.err"
    expect_eq "text-rc-$c" "$?" 0
    expect_eq "no-stderr-$c" "$(cat "$TMP/$c.err")" ""
    if diff -u "$G/$c.txt" "$TMP/$c.txt" > "$TMP/diff" 2>&1; then ok "golden-text-$c"; else nok "golden-text-$c" "$(head -c 600 "$TMP/diff")"; fi
    "$T" --json "$c" > "$TMP/$c.json" 2>/dev/null
    if diff -u "$G/$c.json" "$TMP/$c.json" > "$TMP/diff" 2>&1; then ok "golden-json-$c"; else nok "golden-json-$c" "$(head -c 600 "$TMP/diff")"; fi
done

# ------------------------------------------------------------------- JSON
if command -v jq >/dev/null 2>&1; then
    req='["type","source","index","version","subject","public_key","signature_algorithm","signature_valid","attributes","extensions","fingerprints","warnings"]'
    for c in $GOOD; do
        missing=$(jq -r --argjson req "$req" '[$req[] as $k | select(has($k) | not) | $k] | join(",")' "$TMP/$c.json")
        expect_eq "json-required-fields-$c" "$missing" ""
        expect_eq "json-signature-valid-$c" "$(jq -r .signature_valid "$TMP/$c.json")" true
    done
    j() { jq -r "$2" "$TMP/$1.json"; }
    expect_eq json-type "$(j rsa.csr .type)" csr
    expect_eq json-source "$(j rsa.csr .source)" rsa.csr
    expect_eq json-version "$(j rsa.csr .version)" 1
    expect_eq json-subject "$(j rsa.csr .subject.rfc4514)" "CN=www.example.com,O=Example Inc.,ST=California,C=US"
    expect_eq json-key-rsa "$(j rsa.csr '.public_key.algorithm + " " + (.public_key.bits|tostring)')" "rsa 2048"
    expect_eq json-key-ec "$(j ec.der '.public_key.algorithm + " " + .public_key.curve')" "ec P-256"
    expect_eq json-key-ed25519 "$(j ed25519.csr .public_key.algorithm)" ed25519
    expect_eq json-sigalg-ec "$(j ec.der .signature_algorithm.name)" ecdsa-with-SHA384
    expect_eq json-sigalg-pss "$(j rsa-pss.csr .signature_algorithm.params.salt_length)" 32
    expect_eq json-attr-names "$(j rsa.csr '[.attributes[].name] | join(",")')" "challengePassword,unstructuredName,extensionRequest"
    expect_eq json-challenge-redacted "$(j rsa.csr '.attributes[0].value')" "<redacted>"
    expect_eq json-unstructured "$(j rsa.csr '.attributes[1].value')" "Example Unstructured Name"
    expect_eq json-ext-req-in-attr "$(j rsa.csr '.attributes[2].value | length')" 5
    expect_eq json-ext-names "$(j rsa.csr '[.extensions[].name] | join(",")')" \
        "subjectAltName,keyUsage,extKeyUsage,basicConstraints,subjectKeyIdentifier"
    expect_eq json-san "$(j rsa.csr '[.subject_alt_names[] | .type + ":" + .value] | join(",")')" \
        "dns:www.example.com,dns:example.com,ip:192.0.2.10,ip:2001:db8::1,email:admin@example.com,uri:https://example.com/"
    expect_eq json-key-usage "$(j rsa.csr '.key_usage | join(",")')" "digitalSignature,keyEncipherment"
    expect_eq json-eku "$(j rsa.csr '.extended_key_usage | join(",")')" "1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2"
    expect_eq json-bc "$(j rsa.csr '.basic_constraints | "\(.ca) \(.path_len)"')" "false null"
    expect_eq json-ski-len "$(j rsa.csr '.subject_key_id | length')" 40
    expect_eq json-noattrs "$(j noattrs.csr '.attributes | length') $(j noattrs.csr '.extensions | length')" "0 0"
    expect_eq json-no-san-without-ext "$(j noattrs.csr 'has("subject_alt_names")')" false
    # Microsoft enrollment attributes
    a() { jq -r --arg n "$1" ".attributes[] | select(.name == \$n) | $2" "$TMP/ms.csr.json"; }
    expect_eq ms-os-version "$(a msOSVersion .value)" "10.0.19045.2"
    expect_eq ms-client-info "$(a msRequestClientInfo '.value | "\(.client_id)|\(.machine)|\(.user)|\(.process)"')" \
        '5|WS01.corp.example.com|CORP\alice|certreq.exe'
    expect_eq ms-csp "$(a msEnrollmentCSPProvider '.value | "\(.key_spec)|\(.csp_name)"')" \
        "1|Microsoft Enhanced Cryptographic Provider v1.0"
    expect_eq ms-name-value "$(a msEnrollmentNameValuePair '.value | "\(.name)=\(.value)"')" "CertificateTemplate=WebServer"
    expect_eq ms-template "$(a msCertificateTemplate '.value | "\(.template_id) \(.major_version) \(.minor_version)"')" \
        "1.3.6.1.4.1.311.21.8.1.2.3 100 4"
    expect_eq ms-unknown-attr "$(jq -r '.attributes[] | select(.oid == "1.2.3.4.5.6") | .value.der' "$TMP/ms.csr.json")" 02012a
    expect_eq ms-template-name-ext "$(j ms.csr '.extensions[] | select(.oid == "1.3.6.1.4.1.311.20.2") | .value')" WebServer
else
    nok jq "jq is not installed"
fi

# ---------------------------------------------------------------- secrets
"$T" rsa.csr > "$TMP/s.txt" 2>&1; "$T" --json rsa.csr >> "$TMP/s.txt" 2>&1
expect_eq secret-not-shown "$(grep -c 's3cret-Passw0rd' "$TMP/s.txt")" 0
expect_match secret-redacted-text "$TMP/s.txt" '^            <redacted>$'
"$T" --show-secrets rsa.csr > "$TMP/s2.txt" 2>&1
expect_match secret-shown-text "$TMP/s2.txt" '^            s3cret-Passw0rd$'
expect_eq secret-shown-json "$("$T" --show-secrets -f attributes.value rsa.csr | cut -d, -f1)" s3cret-Passw0rd

# -------------------------------------------------------------- signature
expect_rc badsig-exit-3 3 "$T" badsig.csr
expect_match badsig-message "$TMP/err" '^csrdump: badsig\.csr: block 1: signature: INVALID'
expect_match badsig-text "$TMP/out" '^    Signature: +INVALID'
expect_eq badsig-json "$("$T" -f signature_valid,signature_status badsig.csr 2>/dev/null)" "false	invalid"
expect_match good-signature-text "$TMP/rsa.csr.txt" "^    Signature: +valid \\(self-signed with the request's key\\)$"
# the worst exit wins, after every request was printed
expect_rc badsig-among-good 3 "$T" rsa.csr badsig.csr ed25519.csr
expect_eq badsig-among-good-all-printed "$(grep -c '^Certificate Request:' "$TMP/out")" 3

# ------------------------------------------------------------------- -f
expect_eq fields "$("$T" -f subject.rfc4514,signature_valid,subject_alt_names ec.der)" \
    "CN=www.example.com,O=Example Inc.,ST=California,C=US	true	ec.example.com,*.ec.example.com"
expect_eq fields-openssl-name "$("$T" -f subject_openssl rsa.csr)" \
    "$(openssl req -in rsa.csr -noout -subject -nameopt RFC2253,utf8 | sed 's/^subject=//')"
expect_rc fields-unknown 2 "$T" -f nosuchfield rsa.csr
expect_rc fields-and-json 2 "$T" -f subject --json rsa.csr

# ---------------------------------------------------------- input forms
fp() { "$T" -f fingerprints.sha256 "$@" 2>/dev/null; }
want=$(openssl req -in rsa.csr -outform DER | sha256sum | cut -d' ' -f1)
expect_eq fingerprint-is-sha256-of-der "$(fp rsa.csr)" "$want"
expect_eq new-label "$(fp new-label.csr)" "$want"
openssl req -in rsa.csr -outform DER -out "$TMP/rsa.der"
expect_eq der-input "$(fp "$TMP/rsa.der")" "$want"
expect_eq stdin-input "$("$T" -f fingerprints.sha256 < rsa.csr)" "$want"
expect_eq stdin-dash-source "$("$T" -f source - < rsa.csr)" "-"
base64 -w0 "$TMP/rsa.der" > "$TMP/rsa.b64"; echo >> "$TMP/rsa.b64"
expect_eq b64-line-input "$(fp "$TMP/rsa.b64")" "$want"
expect_eq two-in-one "$("$T" -f index,subject.rfc4514 two.pem | cut -f1 | tr '\n' ' ')" "0 1 "
# --pem gives the request back
"$T" --json --pem ec.der | jq -r .pem > "$TMP/back.pem"
expect_eq pem-round-trip "$(openssl req -in "$TMP/back.pem" -outform DER | sha256sum | cut -d' ' -f1)" \
    "$(sha256sum < ec.der | cut -d' ' -f1)"
"$T" --pem ec.der > "$TMP/textpem.txt"
expect_match pem-after-text "$TMP/textpem.txt" '^-----BEGIN CERTIFICATE REQUEST-----$'

# -------------------------------------------------- errors and warnings
expect_rc truncated-exit-1 1 "$T" truncated.der
expect_match truncated-message "$TMP/err" '^csrdump: truncated\.der: .*truncated'
expect_rc crl-is-wrong-kind 1 "$T" ../crl/v2.crl
expect_match wrong-kind-names-tool "$TMP/err" 'this is a CRL \(X509 CRL\); use crldump'
cat rsa.csr ../crl/ca.pem > "$TMP/mixed.pem"
expect_rc mixed-skips-cert 0 "$T" "$TMP/mixed.pem"
expect_match mixed-warning "$TMP/err" 'block 2: warning: skipped: this is a certificate'
expect_rc bad-attribute-decodes 0 "$T" badattr.der
expect_match bad-attribute-warning "$TMP/err" \
    '^csrdump: badattr\.der: offset [0-9]+: certificationRequestInfo\.attributes\[0\]\.values\[0\]\.clientId: warning: malformed msRequestClientInfo value'
expect_match bad-attribute-shown-as-der "$TMP/out" '\(malformed\) '
expect_rc bad-attribute-strict 1 "$T" --strict badattr.der
expect_rc missing-file 2 "$T" /nonexistent.csr
expect_rc unknown-option 2 "$T" --nope
expect_rc help 0 "$T" --help
expect_match help-mentions-show-secrets "$TMP/out" 'show-secrets'
expect_rc version 0 "$T" -V
expect_match version-line "$TMP/out" '^csrdump \(certkit\) '
# -o: written atomically; nothing left behind on failure
expect_rc output-file 0 "$T" -o "$TMP/o.txt" rsa.csr
expect_same output-file-content "$TMP/o.txt" "$TMP/rsa.csr.txt"
expect_rc output-file-bad 1 "$T" -o "$TMP/o2.txt" truncated.der
expect_eq output-file-bad-absent "$(ls "$TMP" | grep -c '^o2\.txt\|^\.o2')" 0

# ----------------------------------------------------------- differential
out=$(python3 "$TOP/tests/cli/pki_diff.py" csr "$BIN" "$F" 2>&1)
printf '%s\n' "$out" | grep -E '^(not )?ok ' | sed 's/^ok /ok diff-testdata /; s/^not ok /not ok diff-testdata /'
printf '%s\n' "$out" | grep '^# summary' | sed 's/^# summary/# testdata/'
if have_corpus; then
    out=$(python3 "$TOP/tests/cli/pki_diff.py" csr "$BIN" "$CORPUS" --expect "$TOP/tests/cli/pki_diff_expect.tsv" 2>&1)
    printf '%s\n' "$out" | grep -E '^(not )?ok ' | sed 's/^ok /ok diff-corpus /; s/^not ok /not ok diff-corpus /'
    printf '%s\n' "$out" | grep '^# summary' | sed 's/^# summary/# corpus/'
else
    echo "# corpus absent ($CORPUS): differential test over the corpus skipped"
fi
