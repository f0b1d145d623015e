#!/bin/sh
# crldump: golden text and JSON for the fixtures of testdata/crl/ (made by
# testdata/gen-csr-crl.sh), the JSON schema, v1/v2/delta/indirect CRLs, entries
# (serial, date, reason, invalidity date, hold instruction, certificate issuer),
# --no-entries, expiry (--at), --issuer (valid, invalid, no issuer), --cert
# (revoked, not revoked, not covered, indirect, removeFromCRL, expired CRL, bundles),
# -f, input forms, streaming of a large generated CRL (memory), and the differential
# test against `openssl crl` over testdata and ../shared/corpus.
#
# Regenerate the golden files after changing the output on purpose:
#   REGEN=1 BIN=bin TOP=$PWD sh tests/cli/t_crldump.sh
. "$TOP/tests/cli/lib.sh"
T="$BIN/crldump"
F="$TD/crl"
G="$F/golden"
AT=2026-01-01T00:00:00Z
GOOD="v2.crl v1.crl ec.crl empty.crl indirect.crl delta.der idp-short.crl"

if [ ! -x "$T" ]; then
    nok crldump-built "no $T"
    exit 0
fi
cd "$F" || exit 1

# ------------------------------------------------------------ golden files
if [ "${REGEN:-}" = 1 ]; then
    mkdir -p "$G"
    for c in $GOOD; do
        "$T" --at $AT "$c" > "$G/$c.txt" 2>/dev/null
        "$T" --at $AT --json "$c" > "$G/$c.json" 2>/dev/null
    done
    echo "golden files rewritten in $G"
fi
for c in $GOOD; do
    "$T" --at $AT "$c" > "$TMP/$c.txt" 2>"$TMP/$c.err"
    expect_eq "text-rc-$c" "$?" 0
    if diff -u "$G/$c.txt" "$TMP/$c.txt" > "$TMP/diff" 2>&1; then ok "golden-text-$c"; else nok "golden-text-$c" "$(head -c 600 "$TMP/diff")"; fi
    "$T" --at $AT --json "$c" > "$TMP/$c.json" 2>/dev/null
    if diff -u "$G/$c.json" "$TMP/$c.json" > "$TMP/diff" 2>&1; then ok "golden-json-$c"; else nok "golden-json-$c" "$(head -c 600 "$TMP/diff")"; fi
done

# ------------------------------------------------------------------- JSON
if command -v jq >/dev/null 2>&1; then
    req='["type","source","index","version","signature_algorithm","issuer","this_update","next_update","expired","crl_number","delta_crl_indicator","extensions","revoked_count","revoked","fingerprints","warnings"]'
    for c in $GOOD; do
        missing=$(jq -r --argjson req "$req" '[$req[] as $k | select(has($k) | not) | $k] | join(",")' "$TMP/$c.json")
        expect_eq "json-required-fields-$c" "$missing" ""
        expect_eq "json-count-is-list-length-$c" "$(jq -r '.revoked_count == (.revoked | length)' "$TMP/$c.json")" true
    done
    j() { jq -r "$2" "$TMP/$1.json"; }
    expect_eq json-type "$(j v2.crl .type)" crl
    expect_eq json-version-2 "$(j v2.crl .version)" 2
    expect_eq json-version-1 "$(j v1.crl .version)" 1
    expect_eq json-issuer "$(j v2.crl .issuer.rfc4514)" "CN=CRL Test CA,O=Example,C=US"
    expect_eq json-this-update "$(j v2.crl .this_update)" 2025-03-01T00:00:00Z
    expect_eq json-next-update "$(j v2.crl .next_update)" 2035-03-01T00:00:00Z
    expect_eq json-not-expired "$(j v2.crl .expired)" false
    expect_eq json-expired-short "$(j idp-short.crl .expired)" true
    expect_eq json-crl-number "$(j v2.crl .crl_number)" 5
    expect_eq json-crl-number-v1 "$(j v1.crl .crl_number)" null
    expect_eq json-delta "$(j delta.der '.delta_crl_indicator + " " + .crl_number')" "8 9"
    expect_eq json-aki "$(j v2.crl '.authority_key_id | length')" 40
    expect_eq json-count "$(j v2.crl .revoked_count)" 5
    expect_eq json-empty "$(j empty.crl '.revoked_count, (.revoked | length)' | tr '\n' ' ')" "0 0 "
    expect_eq json-serials "$(j v2.crl '[.revoked[].serial] | join(",")')" \
        "1001,1002,1003,10ff,abcdef0123456789abcdef0123456789abcdef01"
    expect_eq json-dates "$(j v2.crl '[.revoked[].date] | join(",")')" \
        "2025-02-01T10:15:00Z,2025-02-02T11:00:00Z,2025-02-03T12:00:00Z,2025-02-04T00:00:00Z,2025-02-05T00:00:00Z"
    expect_eq json-reasons "$(j v2.crl '.revoked | map(.reason // "none") | join(",")')" \
        "keyCompromise,certificateHold,superseded,cessationOfOperation,none"
    expect_eq json-invalidity "$(j v2.crl '.revoked[0].invalidity_date')" 2025-01-30T00:00:00Z
    expect_eq json-hold "$(j v2.crl '.revoked[1].hold_instruction.name')" holdInstructionReject
    expect_eq json-v1-no-reasons "$(j v1.crl '[.revoked[].reason] | map(select(. != null)) | length')" 0
    expect_eq json-delta-remove "$(j delta.der '.revoked[0].reason')" removeFromCRL
    expect_eq json-generalized-date "$(j delta.der '.revoked[1].date')" 2025-03-11T00:00:00Z
    expect_eq json-indirect-issuer "$(j indirect.crl '.revoked[1].certificate_issuer[0].value.rfc4514')" \
        "CN=Other CA,O=Example,C=US"
    expect_eq json-indirect-null "$(j indirect.crl '.revoked[0].certificate_issuer, .revoked[2].certificate_issuer' | tr '\n' ' ')" "null null "
    expect_eq json-idp "$(j indirect.crl '.extensions[] | select(.name == "issuingDistributionPoint") | .value.indirect_crl')" true
    expect_eq json-sig-unchecked "$(j v2.crl '.signature_valid')" null
    expect_eq json-fingerprint "$(j v2.crl .fingerprints.sha256)" "$(sha256sum < v2.der | cut -d' ' -f1)"
    expect_eq json-fingerprint-sha1 "$(j v2.crl .fingerprints.sha1)" "$(sha1sum < v2.der | cut -d' ' -f1)"
    expect_eq json-no-entries "$("$T" --json --no-entries v2.crl | jq -r 'has("revoked"), .revoked_count' | tr '\n' ' ')" "false 5 "
else
    nok jq "jq is not installed"
fi

# ------------------------------------------------------------------- text
expect_match text-serial "$TMP/v2.crl.txt" '^        Serial Number: +10:01$'
expect_match text-date "$TMP/v2.crl.txt" '^            Revocation Date: +2025-02-01T10:15:00Z$'
expect_match text-reason "$TMP/v2.crl.txt" '^            Reason: +keyCompromise$'
expect_match text-count "$TMP/v2.crl.txt" '^    Revoked Certificates: +5$'
expect_match text-crl-number "$TMP/v2.crl.txt" '^    CRL Number: +5 \(0x05\)$'
expect_match text-expired "$TMP/idp-short.crl.txt" 'EXPIRED .* every certificate of its CA counts as revoked'
expect_match text-indirect-issuer "$TMP/indirect.crl.txt" 'CN=Other CA'
expect_match text-no-revoked "$TMP/empty.crl.txt" '^    Revoked Certificates: +none$'

# ----------------------------------------------------------------- expiry
expect_rc expired-warning 0 "$T" --at 2036-01-01 --no-entries v2.crl
expect_match expired-warning-line "$TMP/err" \
    '^crldump: v2\.crl: block 1: warning: the CRL expired 2035-03-01T00:00:00Z \([0-9]+ days ago\): every certificate of its CA counts as revoked$'
expect_eq expired-json "$("$T" --at 2036-01-01 -f expired v2.crl 2>/dev/null)" true
expect_eq not-expired-json "$("$T" --at 2035-03-01 -f expired v2.crl 2>/dev/null)" false
expect_eq no-next-update-never-expires "$("$T" --at 2100-01-01 -f expired,next_update v2.crl 2>/dev/null)" "true	2035-03-01T00:00:00Z"

# --------------------------------------------------------------- --issuer
expect_rc issuer-valid 0 "$T" --issuer cas.pem --no-entries v2.crl
expect_match issuer-valid-line "$TMP/out" '^    Signature: +valid \(issuer CN=CRL Test CA,O=Example,C=US\)$'
expect_eq issuer-valid-json "$("$T" --issuer cas.pem -f signature_valid,signature_issuer v2.crl)" "true	CN=CRL Test CA,O=Example,C=US"
expect_rc issuer-ec 0 "$T" --issuer cas.pem --no-entries ec.crl
expect_rc issuer-indirect 0 "$T" --issuer ca.pem --no-entries indirect.crl
expect_rc issuer-delta 0 "$T" --issuer ca.pem --no-entries delta.der
expect_rc issuer-invalid 3 "$T" --issuer ca.pem --no-entries badsig.der
expect_match issuer-invalid-line "$TMP/err" '^crldump: badsig\.der: signature: INVALID \(issuer CN=CRL Test CA'
expect_eq issuer-invalid-json "$("$T" --issuer ca.pem -f signature_valid badsig.der 2>/dev/null)" false
expect_rc issuer-missing 3 "$T" --issuer ec-ca.pem --no-entries v2.crl
expect_match issuer-missing-line "$TMP/err" 'signature: cannot check: ec-ca\.pem holds no certificate whose subject is CN=CRL Test CA'
expect_rc issuer-wrong-key 3 "$T" --issuer v1-ca.pem --no-entries v1.crl ec.crl
expect_rc issuer-file-missing 2 "$T" --issuer /nonexistent.pem v2.crl
# a CRL file that carries its CA: the certificate is skipped with a warning, and can be the issuer
expect_rc with-ca 0 "$T" --issuer with-ca.pem --no-entries with-ca.pem
expect_match with-ca-skipped "$TMP/err" 'block 1: warning: skipped: this is a certificate'

# ----------------------------------------------------------------- --cert
expect_rc cert-revoked 3 "$T" --cert revoked.pem --no-entries v2.crl
expect_match cert-revoked-line "$TMP/out" \
    '^revocation: revoked\.pem #0 \(serial 1001, CN=revoked\.example\.com\): REVOKED on 2025-02-01T10:15:00Z, reason keyCompromise, invalid since 2025-01-30T00:00:00Z$'
expect_rc cert-good 0 "$T" --cert good.pem --no-entries v2.crl
expect_match cert-good-line "$TMP/out" '^revocation: good\.pem #0 \(serial 1004, CN=good\.example\.com\): not revoked$'
expect_rc cert-other-issuer 0 "$T" --cert other.pem --no-entries v2.crl
expect_match cert-not-covered "$TMP/out" 'other\.pem #0 \(serial 1001, .*\): not covered by this CRL'
expect_rc cert-hold 3 "$T" --cert hold.pem --no-entries v2.crl
expect_match cert-hold-line "$TMP/out" 'REVOKED on 2025-02-02T11:00:00Z, reason certificateHold'
# indirect CRL: the entry after a certificateIssuer belongs to that issuer
expect_rc cert-indirect 3 "$T" --cert other2.pem --cert other.pem --cert good.pem --no-entries indirect.crl
expect_match cert-indirect-revoked "$TMP/out" 'other2\.pem #0 \(serial 2003, .*\): REVOKED on 2025-03-03T12:00:00Z, reason cessationOfOperation'
expect_match cert-indirect-same-serial-other-issuer "$TMP/out" 'other\.pem #0 \(serial 1001, .*\): not revoked$'
# delta CRL: removeFromCRL takes a certificate off hold
expect_rc cert-remove-from-crl 0 "$T" --cert hold.pem --no-entries delta.der
expect_match cert-remove-line "$TMP/out" 'hold\.pem #0 .*: not revoked \(removed from the CRL: removeFromCRL\)'
# an expired CRL: a covered certificate counts as revoked
expect_rc cert-expired-crl 3 "$T" --at 2036-01-01 --cert good.pem --no-entries v2.crl
expect_match cert-expired-line "$TMP/out" 'not listed, but the CRL has expired: it counts as revoked'
# bundles: PKCS#7 (DER) and several PEM files; one JSON line per certificate
"$T" --json --cert certs.p7b --cert ec-leaf.pem --no-entries v2.crl > "$TMP/chk.json" 2>/dev/null
expect_eq cert-json-lines "$(grep -c '"type":"revocation_check"' "$TMP/chk.json")" 4
if command -v jq >/dev/null 2>&1; then
    expect_eq cert-json-fields "$(grep revocation_check "$TMP/chk.json" | jq -r '[.cert, .index, .serial, .revoked, .covered, .reason // "-", .date // "-"] | join(" ")' | tr '\n' ';')" \
        "certs.p7b 0 1001 true true keyCompromise 2025-02-01T10:15:00Z;certs.p7b 1 1004 false true - -;certs.p7b 2 1001 false false - -;ec-leaf.pem 0 a false false - -;"
fi
expect_rc cert-file-empty 1 "$T" --cert v2.crl --no-entries v2.crl
expect_match cert-file-empty-line "$TMP/err" 'no certificate in this file'

# ------------------------------------------------------------------- -f
expect_eq fields "$("$T" -f issuer.rfc4514,crl_number,revoked_count,revoked.serial v2.crl)" \
    "CN=CRL Test CA,O=Example,C=US	5	5	1001,1002,1003,10ff,abcdef0123456789abcdef0123456789abcdef01"
expect_eq fields-openssl-issuer "$("$T" -f issuer_openssl v2.crl)" \
    "$(openssl crl -in v2.crl -noout -issuer -nameopt RFC2253,utf8 | sed 's/^issuer=//')"
expect_rc fields-unknown 2 "$T" -f nosuchfield v2.crl

# ---------------------------------------------------------- input forms
fp() { "$T" -f fingerprints.sha256 "$@" 2>/dev/null; }
want=$(sha256sum < v2.der | cut -d' ' -f1)
expect_eq der-input "$(fp v2.der)" "$want"
expect_eq stdin-input "$("$T" -f fingerprints.sha256 < v2.crl)" "$want"
sed 's/X509 CRL/CRL/' v2.crl > "$TMP/label.pem"
expect_eq crl-label "$(fp "$TMP/label.pem")" "$want"
"$T" --json --pem v2.der | jq -j .pem > "$TMP/back.pem" 2>/dev/null
expect_same pem-round-trip "$TMP/back.pem" v2.crl
expect_rc truncated 1 "$T" truncated.der
expect_rc cert-is-wrong-kind 1 "$T" ca.pem
expect_match wrong-kind-names-tool "$TMP/err" 'use certdump'
expect_rc help 0 "$T" --help
expect_rc version 0 "$T" --version
expect_rc unknown-option 2 "$T" --nope

# ------------------------------------------------ streaming: a large CRL
# 200,000 entries written by bench/mkcrl.py (unsigned-by-openssl is enough here: the
# structure is what matters), printed with bounded memory and one line per entry.
if command -v python3 >/dev/null 2>&1 && [ -x /usr/bin/time ]; then
    limit=16384     # KiB; a sanitizer build (shadow memory) gets more room
    if ldd "$T" 2>/dev/null | grep -q 'libasan'; then limit=65536; fi
    python3 "$TOP/bench/mkcrl.py" 200000 "$TMP/big.tbs" "Big CA" &&
        printf 'sig' > "$TMP/big.sig" && python3 "$TOP/bench/mkcrl.py" wrap "$TMP/big.tbs" "$TMP/big.sig" "$TMP/big.der"
    /usr/bin/time -f '%M' -o "$TMP/rss" "$T" --json "$TMP/big.der" > "$TMP/big.json" 2>/dev/null
    expect_eq big-json-entries "$(jq -r '.revoked | length' "$TMP/big.json")" 200000
    rss=$(cat "$TMP/rss")
    if [ "$rss" -lt $limit ]; then ok "big-peak-rss-under-16MiB ($rss KB)"; else nok big-peak-rss-under-16MiB "$rss KB"; fi
    /usr/bin/time -f '%M' -o "$TMP/rss" "$T" "$TMP/big.der" > "$TMP/big.txt" 2>/dev/null
    expect_eq big-text-entries "$(grep -c '^        Serial Number:' "$TMP/big.txt")" 200000
    rss=$(cat "$TMP/rss")
    if [ "$rss" -lt $limit ]; then ok "big-text-peak-rss-under-16MiB ($rss KB)"; else nok big-text-peak-rss-under-16MiB "$rss KB"; fi
    # certificates of "CN=Big CA" with serials 2 (listed, in the middle) and 4 (not listed)
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TMP/bigca.key" \
        -subj "/CN=Big CA" -days 30 -out "$TMP/bigca.pem" 2>/dev/null
    for s in 2 4; do
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TMP/l.key" \
            -subj "/CN=leaf $s" -out "$TMP/l.csr" 2>/dev/null
        openssl x509 -req -in "$TMP/l.csr" -CA "$TMP/bigca.pem" -CAkey "$TMP/bigca.key" -set_serial $s \
            -days 30 -out "$TMP/leaf$s.pem" 2>/dev/null
    done
    cat "$TMP/leaf2.pem" "$TMP/leaf4.pem" > "$TMP/leaves.pem"
    "$T" --json --no-entries --cert "$TMP/leaves.pem" "$TMP/big.der" > "$TMP/lk.json" 2>/dev/null
    expect_eq big-lookup-exit "$?" 3
    expect_eq big-lookup "$(grep revocation_check "$TMP/lk.json" | jq -r '"\(.serial) \(.revoked)"' | tr '\n' ' ')" "2 true 4 false "
fi

# ----------------------------------------------------------- differential
out=$(python3 "$TOP/tests/cli/pki_diff.py" crl "$BIN" "$F" 2>&1)
printf '%s\n' "$out" | grep -E '^(not )?ok ' | sed 's/^ok /ok diff-testdata /; s/^not ok /not ok diff-testdata /'
printf '%s\n' "$out" | grep '^# summary' | sed 's/^# summary/# testdata/'
if have_corpus; then
    out=$(python3 "$TOP/tests/cli/pki_diff.py" crl "$BIN" "$CORPUS" --expect "$TOP/tests/cli/pki_diff_expect.tsv" 2>&1)
    printf '%s\n' "$out" | grep -E '^(not )?ok ' | sed 's/^ok /ok diff-corpus /; s/^not ok /not ok diff-corpus /'
    printf '%s\n' "$out" | grep '^# summary' | sed 's/^# summary/# corpus/'
else
    echo "# corpus absent ($CORPUS): differential test over the corpus skipped"
fi
