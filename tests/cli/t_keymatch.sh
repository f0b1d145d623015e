#!/bin/sh
# keymatch: keys of every kind against certificates, requests and public keys made by
# testdata/gen-keys.sh (openssl, keytool, certtool); exit codes; text and JSON output;
# encrypted keys; and a differential against openssl's own public keys.
. "$TOP/tests/cli/lib.sh"
K="$BIN/keymatch"
D="$TD/keys"
[ -f "$D/rsa2048.pkcs8.pem" ] || sh "$TD/gen-keys.sh" >/dev/null 2>&1

# --- matches: every private key form against its certificate, request and public key
# (expect_rc sets $n: loops use other names)
for kn in rsa2048 rsa3p rsapss rsapss-sha256 p224 p256 p384 p521 ed25519 dsa; do
    for form in pkcs8.pem pkcs8.der trad.pem trad.der; do
        [ -f "$D/$kn.$form" ] || continue
        objs="$D/$kn.pub.pem $D/$kn.pub.der"
        [ -f "$D/$kn.crt" ] && objs="$objs $D/$kn.crt"
        [ -f "$D/$kn.csr" ] && objs="$objs $D/$kn.csr"
        # shellcheck disable=SC2086
        expect_rc "match-$kn-$form" 0 "$K" "$D/$kn.$form" $objs
    done
done
expect_rc match-x25519-cert 0 "$K" "$D/x25519.pkcs8.pem" "$D/x25519.crt" "$D/x25519.pub.pem"
for kn in secp256k1 bp256; do
    expect_rc "match-$kn-pub" 0 "$K" "$D/$kn.pkcs8.pem" "$D/$kn.pub.pem"
    expect_rc "match-$kn-trad" 0 "$K" "$D/$kn.trad.der" "$D/$kn.pub.der"
done
expect_rc match-x448-pub-given-back 1 "$K" "$D/x448.pkcs8.pem" "$D/x448.pub.pem"
expect_match match-x448-why "$TMP/err" 'cannot compare: .*X448'
expect_rc match-ed448-cannot-derive 1 "$K" "$D/ed448.pkcs8.pem" "$D/ed448.crt"
expect_match match-ed448-why "$TMP/err" 'cannot compare: .*Ed448'
# the public key itself can be the KEY (Ed448 then works)
expect_rc match-ed448-pub-as-key 0 "$K" "$D/ed448.pub.pem" "$D/ed448.crt"

# the output of a match
expect_rc match-text 0 "$K" "$D/p256.pkcs8.pem" "$D/p256.crt"
expect_eq match-text-line "$(cat "$TMP/out")" "match: $D/p256.crt[0] (O=certkit,CN=p256.example)"

# EC public point computed from the private scalar (SEC1 without publicKey)
for kn in p224 p256 p521; do
    expect_rc "match-nopub-$kn" 0 "$K" "$D/$kn.nopub.pem" "$D/$kn.crt" "$D/$kn.csr"
done
expect_rc match-nopub-der 0 "$K" "$D/p384.nopub.der" "$D/p384.crt"
# compressed point in the key, uncompressed in the certificate
expect_rc match-compressed 0 "$K" "$D/p256.compressed.pem" "$D/p256.crt" "$D/p256.pub.der"
expect_rc match-compressed-pub 0 "$K" "$D/p256.compressed.pub.pem" "$D/p256.crt"
# explicit curve parameters: the named curve they spell out
expect_rc match-explicit 0 "$K" "$D/p256.explicit.pem" "$D/p256.crt" "$D/p256.csr"
expect_match match-explicit-warning "$TMP/err" "warning: explicit EC parameters of P-256"
expect_rc match-explicit-nopub 0 "$K" "$D/p256.explicit-nopub.der" "$D/p256.crt"
expect_rc match-explicit-k1 0 "$K" "$D/secp256k1.explicit.pem" "$D/secp256k1.pub.der"
expect_rc explicit-strict 1 "$K" --strict "$D/p256.explicit.pem" "$D/p256.crt"
# DER certificate and request, a certificate as the KEY, a leaf issued by a CA
expect_rc match-der-objects 0 "$K" "$D/p256.trad.pem" "$D/p256.crt.der" "$D/p256.csr.der"
expect_rc match-cert-as-key 0 "$K" "$D/rsa2048.crt" "$D/rsa2048.csr" "$D/rsa2048.leaf.crt"
expect_rc match-pub-as-key 0 "$K" "$D/ed25519.pub.der" "$D/ed25519.crt"
expect_rc match-stdin 0 sh -c "\"$K\" \"$D/rsa2048.pkcs8.pem\" - < \"$D/rsa2048.crt\""

# producers: Java keytool (via PKCS#12), GnuTLS certtool, the RFC 8410 v2 example
for p in java-rsa java-ec; do
    [ -f "$D/$p.key" ] && expect_rc "match-$p" 0 "$K" "$D/$p.key" "$D/$p.crt"
done
for p in gnutls-rsa gnutls-p256 gnutls-ed25519; do
    [ -f "$D/$p.key" ] && expect_rc "match-$p" 0 "$K" "$D/$p.key" "$D/$p.crt"
done
expect_rc match-rfc8410-v2 3 "$K" "$D/rfc8410-v2.pem" "$D/ed25519.crt"

# --- mismatches
expect_rc mismatch-rsa 3 "$K" "$D/rsa2048.pkcs8.pem" "$D/other-rsa2048.crt"
expect_match mismatch-rsa-line "$TMP/out" "^MISMATCH: .*other-rsa2048.crt\[0\] \(O=certkit,CN=other-rsa2048.example\): a different key"
expect_rc mismatch-ec 3 "$K" "$D/p256.nopub.pem" "$D/other-p256.crt"
expect_rc mismatch-ed25519 3 "$K" "$D/ed25519.pkcs8.der" "$D/other-ed25519.crt"
expect_rc mismatch-x25519 3 "$K" "$D/x25519.pkcs8.pem" "$D/other-x25519.crt"
expect_rc mismatch-dsa 3 "$K" "$D/dsa.trad.der" "$D/other-dsa.crt"
expect_rc mismatch-kind 3 "$K" "$D/p256.pkcs8.pem" "$D/rsa2048.crt"
expect_match mismatch-kind-line "$TMP/out" "another kind of key \(rsa 2048; the key is ec P-256\)"
expect_rc mismatch-csr 3 "$K" "$D/rsa2048.pkcs8.pem" "$D/other-rsa2048.csr"
# one of several: the chain holds the leaf (match) and the CA (mismatch)
expect_rc mismatch-in-bundle 3 "$K" "$D/rsa2048.trad.pem" "$D/rsa2048.chain.pem"
expect_eq mismatch-in-bundle-lines "$(awk '{print $1}' "$TMP/out" | tr '\n' ' ')" "match: MISMATCH: "
# -q: nothing printed, the status tells
expect_rc quiet 3 "$K" -q "$D/rsa2048.pkcs8.pem" "$D/other-rsa2048.crt"
expect_eq quiet-silent "$(cat "$TMP/out")" ""

# --- JSON
expect_rc json 3 "$K" --json "$D/p256.pkcs8.der" "$D/p256.crt" "$D/rsa2048.crt"
if python3 -c 'import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert len(rows)==2, rows
a,b=rows
assert a["type"]=="keymatch" and a["match"] is True and a["index"]==0 and a["key_algorithm"]=="ec" and a["bits"]==256, a
assert a["object"].endswith("p256.crt") and a["key"].endswith("p256.pkcs8.der"), a
assert b["match"] is False and b["object_algorithm"]=="rsa" and b["object_bits"]==2048, b
' "$TMP/out" 2>"$TMP/py"; then ok json-fields; else nok json-fields "$(head -c 300 "$TMP/py")"; fi

# --- encrypted keys
expect_rc enc-no-pass 1 sh -c "\"$K\" \"$D/rsa2048.enc-pkcs8.pem\" \"$D/rsa2048.crt\" < /dev/null"
expect_match enc-no-pass-msg "$TMP/err" "encrypted key: give its password with --pass"
expect_rc enc-pkcs8 0 "$K" --pass pass:secret "$D/rsa2048.enc-pkcs8.pem" "$D/rsa2048.crt"
expect_rc enc-pkcs8-der 0 "$K" --pass pass:secret "$D/p256.enc-pkcs8.der" "$D/p256.crt"
expect_rc enc-legacy-rsa 0 env P=secret "$K" --pass env:P "$D/rsa2048.enc-trad.pem" "$D/rsa2048.crt"
printf 'secret\n' > "$TMP/pw"
expect_rc enc-legacy-ec 0 "$K" --pass "file:$TMP/pw" "$D/p256.enc-trad.pem" "$D/p256.crt"
expect_rc enc-wrong 1 "$K" --pass pass:nope "$D/p256.enc-trad.pem" "$D/p256.crt"
expect_match enc-wrong-msg "$TMP/err" "wrong password for this key \(des-ede3-cbc"
expect_rc enc-wrong-pkcs8 1 "$K" --pass pass:nope "$D/rsa2048.enc-pkcs8.pem" "$D/rsa2048.crt"
expect_match enc-wrong-pkcs8-msg "$TMP/err" "wrong password"

# --- bad input and usage
printf 'not a key at all\n' > "$TMP/junk.pem"
expect_rc bad-key 1 "$K" "$TMP/junk.pem" "$D/rsa2048.crt"
expect_rc bad-object 1 "$K" "$D/rsa2048.pkcs8.pem" "$TMP/junk.pem"
# a bad object among matches still exits 1 (worse than 3) after the others are printed
expect_rc bad-among-good 1 "$K" "$D/rsa2048.pkcs8.pem" "$D/rsa2048.crt" "$TMP/junk.pem" "$D/other-rsa2048.crt"
expect_match bad-among-good-printed "$TMP/out" "^MISMATCH: .*other-rsa2048"
head -c 200 "$D/rsa2048.trad.der" > "$TMP/trunc.der"
expect_rc truncated-key 1 "$K" "$TMP/trunc.der" "$D/rsa2048.crt"
expect_match truncated-key-msg "$TMP/err" "^keymatch: .*trunc.der: .*truncated"
# a damaged key inside a sound PEM block: the decoder names offset and path
python3 -c 'import sys
d=bytearray(open(sys.argv[1],"rb").read()); d[5]=0x03
import base64; b=base64.encodebytes(bytes(d)).decode()
open(sys.argv[2],"w").write("-----BEGIN RSA PRIVATE KEY-----\n"+b+"-----END RSA PRIVATE KEY-----\n")' "$D/rsa2048.trad.der" "$TMP/damaged.pem"
expect_rc damaged-key 1 "$K" "$TMP/damaged.pem" "$D/rsa2048.crt"
expect_match damaged-key-msg "$TMP/err" "^keymatch: .*damaged.pem: block 1: offset [0-9]+: [a-zA-Z]+"
expect_rc private-as-object 0 "$K" "$D/rsa2048.pkcs8.pem" "$D/rsa2048.trad.der"
expect_rc usage-none 2 "$K"
expect_rc usage-one 2 "$K" "$D/rsa2048.pkcs8.pem"
expect_rc usage-bad-option 2 "$K" --frobnicate "$D/rsa2048.pkcs8.pem" "$D/rsa2048.crt"
expect_rc usage-two-stdin 2 "$K" - -
expect_rc missing-file 2 "$K" "$D/rsa2048.pkcs8.pem" "$TMP/does-not-exist"
expect_rc help 0 "$K" --help
expect_match help-usage "$TMP/out" "^usage: keymatch"
expect_rc version 0 "$K" -V
expect_match version-line "$TMP/out" "^keymatch \(certkit\) "

# --- differential: keymatch's verdict equals "openssl's public keys are byte-equal"
n_diff=0; bad_diff=""
for k in rsa2048 other-rsa2048 p256 other-p256 p384 ed25519 other-ed25519 x25519 dsa other-dsa rsapss; do
    openssl pkey -in "$D/$k.pkcs8.pem" -pubout -outform DER -out "$TMP/k.pub" 2>/dev/null
    for c in rsa2048 other-rsa2048 p256 other-p256 p384 ed25519 other-ed25519 x25519 dsa other-dsa rsapss; do
        openssl x509 -in "$D/$c.crt" -pubkey -noout 2>/dev/null | openssl pkey -pubin -outform DER -out "$TMP/c.pub" 2>/dev/null
        if cmp -s "$TMP/k.pub" "$TMP/c.pub"; then want=0; else want=3; fi
        kf="$D/$k.pkcs8.der"
        "$K" -q "$kf" "$D/$c.crt" >/dev/null 2>&1; got=$?
        n_diff=$((n_diff + 1))
        [ "$got" -eq "$want" ] || bad_diff="$bad_diff $k/$c:$got!=$want"
    done
done
if [ -z "$bad_diff" ] && [ "$n_diff" -eq 121 ]; then ok "differential-openssl-$n_diff-pairs"; else nok differential-openssl "$bad_diff"; fi
