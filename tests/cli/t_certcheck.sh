# certcheck: every rule passing and failing, for each deployment model
# (fixtures: testdata/gen-certcheck.sh).  Each case asserts the exact check name and status.
. "$TOP/tests/cli/lib.sh"
C="$BIN/certcheck"
D="$TD/certcheck"
LATER=$(date -u -d '+30 days' +%Y-%m-%d)

# run NAME WANT_RC ARGS...: runs certcheck --json, keeps the output for st()
run() {
    n=$1; want=$2; shift 2
    "$C" --json "$@" > "$TMP/cc.json" 2> "$TMP/cc.err"; rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$n: exit $want"; else nok "$n: exit $want" "got $rc: $(head -c 400 "$TMP/cc.err") $(grep -v '"pass"' "$TMP/cc.json" | head -c 600)"; fi
}
# st NAME CHECK STATUS: the check's status in the last run
st() {
    got=$(jq -r --arg c "$2" 'select(.check==$c) | .status' "$TMP/cc.json" | head -n 1)
    expect_eq "$1: $2 is $3" "${got:-absent}" "$3"
}
base="--key $D/standalone.key --ca $D/ca.pem"

expect_rc "help" 0 "$C" --help
expect_rc "no arguments is a usage error" 2 "$C"
expect_rc "--peer without --cluster" 2 "$C" --cert "$D/cluster.pem" --key "$D/cluster.key" --ca "$D/ca.pem" --peer a

# standalone, everything right (with CRLs)
run "standalone ok" 0 --cert "$D/standalone.pem" $base --crl "$D/root.crl" --crl "$D/issuing.crl" --name vcs.example.com --mutual
for c in format-cert format-ca format-key key-encrypted key-match name-cn name-san eku-server eku-client chain \
         ca-unrelated validity validity-chain key-size sig-hash crl-present crl-expired revocation; do
    st "standalone ok" $c pass
done
expect_eq "standalone ok: every line is JSON" "$(jq -c . "$TMP/cc.json" >/dev/null 2>&1 && echo yes)" yes

# text output: aligned lines and a summary
"$C" --cert "$D/standalone.pem" $base --name vcs.example.com > "$TMP/text" 2>&1
expect_match "text: PASS lines" "$TMP/text" "^PASS  name-cn          CN is vcs.example.com"
expect_match "text: summary" "$TMP/text" "^certcheck: [0-9]+ passed, [0-9]+ warnings?, 0 failed"
"$C" -q --cert "$D/wrongcn.pem" --key "$D/wrongcn.key" --ca "$D/ca.pem" --name vcs.example.com > "$TMP/quiet" 2>&1
expect_eq "--quiet prints failures only" "$(grep -vc '^FAIL' "$TMP/quiet")" 1

# naming
run "wrong CN" 3 --cert "$D/wrongcn.pem" --key "$D/wrongcn.key" --ca "$D/ca.pem" --name vcs.example.com
st "wrong CN" name-cn fail
run "per-peer ok" 0 --cert "$D/peer1.pem" --key "$D/peer1.key" --ca "$D/ca.pem" --name peer1.example.com --cluster cluster.example.com
st "per-peer ok" name-cn pass; st "per-peer ok" name-san pass
run "per-peer, cluster missing from SAN" 3 --cert "$D/peer1nocluster.pem" --key "$D/peer1nocluster.key" --ca "$D/ca.pem" --name peer1.example.com --cluster cluster.example.com
st "per-peer, cluster missing from SAN" name-san fail
run "cluster cert ok" 0 --cert "$D/cluster.pem" --key "$D/cluster.key" --ca "$D/ca.pem" --cluster cluster.example.com --peer peer1.example.com --peer peer2.example.com
st "cluster cert ok" name-cn pass; st "cluster cert ok" name-san pass
run "cluster cert, peer missing" 3 --cert "$D/clustermissing.pem" --key "$D/clustermissing.key" --ca "$D/ca.pem" --cluster cluster.example.com --peer peer1.example.com --peer peer2.example.com
st "cluster cert, peer missing" name-san fail
expect_match "missing peer named" "$TMP/cc.json" "peer2.example.com"
run "cluster model, per-peer certificate" 3 --cert "$D/peer1.pem" --key "$D/peer1.key" --ca "$D/ca.pem" --cluster cluster.example.com --peer peer1.example.com
st "cluster model, per-peer certificate" name-cn fail

# peer address
run "peer address in SAN" 0 --cert "$D/standalone.pem" $base --peer-address vcs.example.com
st "peer address in SAN" peer-address pass
run "peer address is an IP, cert holds names" 0 --cert "$D/ippeer.pem" --key "$D/ippeer.key" --ca "$D/ca.pem" --peer-address 192.0.2.10
st "peer address is an IP, cert holds names" peer-address warn
run "peer address not in the certificate" 3 --cert "$D/standalone.pem" $base --peer-address 192.0.2.99
st "peer address not in the certificate" peer-address fail

# EKU
run "serverAuth only, no --mutual" 0 --cert "$D/serveronly.pem" --key "$D/serveronly.key" --ca "$D/ca.pem"
st "serverAuth only, no --mutual" eku-server pass; st "serverAuth only, no --mutual" eku-client warn
run "serverAuth only, --mutual" 3 --cert "$D/serveronly.pem" --key "$D/serveronly.key" --ca "$D/ca.pem" --mutual
st "serverAuth only, --mutual" eku-client fail
expect_match "the fix is named" "$TMP/cc.json" 'client and server'

# chain
run "missing intermediate" 3 --cert "$D/standalone.pem" --key "$D/standalone.key" --ca "$D/ca-missing-intermediate.pem"
st "missing intermediate" chain fail
expect_match "missing issuer named with its AKI" "$TMP/cc.json" 'lacks the issuer of \\"CN=vcs.example.com\\": \\"CN=Example Issuing CA,O=Example\\" \(AKI [0-9a-f:]+\)'
st "missing intermediate" ca-unrelated absent
run "unrelated certificate in CA file" 0 --cert "$D/standalone.pem" --key "$D/standalone.key" --ca "$D/ca-unrelated.pem"
st "unrelated certificate in CA file" ca-unrelated warn
run "expired intermediate" 3 --cert "$D/standalone.pem" --key "$D/standalone.key" --ca "$D/ca-expired-intermediate.pem" --at "$LATER"
st "expired intermediate" validity-chain fail
st "expired intermediate" validity pass
run "SHA-1 intermediate" 0 --cert "$D/standalone.pem" --key "$D/standalone.key" --ca "$D/ca-sha1-intermediate.pem"
st "SHA-1 intermediate" sig-hash warn

# keys
run "encrypted key" 3 --cert "$D/standalone.pem" --key "$D/standalone-encrypted.key" --ca "$D/ca.pem"
st "encrypted key" key-encrypted fail
expect_match "keyconv named" "$TMP/cc.json" "keyconv"
run "mismatched key" 3 --cert "$D/standalone.pem" --key "$D/mismatched.key" --ca "$D/ca.pem"
st "mismatched key" key-match fail
run "1024-bit key" 3 --cert "$D/weak.pem" --key "$D/weak.key" --ca "$D/ca.pem"
st "1024-bit key" key-size fail

# formats
run "DER certificate" 3 --cert "$D/standalone.der" $base
st "DER certificate" format-cert fail
expect_match "der2pem named" "$TMP/cc.json" "der2pem"

# CRLs
run "revoked server certificate" 3 --cert "$D/standalone.pem" $base --crl "$D/root.crl" --crl "$D/issuing-revoked.crl"
st "revoked server certificate" revocation fail
expect_match "reason shown" "$TMP/cc.json" "keyCompromise"
run "expired CRL" 3 --cert "$D/standalone.pem" $base --crl "$D/root.crl" --crl "$D/issuing-short.crl" --at "$LATER"
st "expired CRL" crl-expired fail
expect_match "expired CRL explained" "$TMP/cc.json" "counts as revoked"
run "CRL signed by the wrong CA" 3 --cert "$D/standalone.pem" $base --crl "$D/root.crl" --crl "$D/issuing-wrong-signer.crl"
st "CRL signed by the wrong CA" crl-signature fail
run "CRL missing for a CA" 3 --cert "$D/standalone.pem" $base --crl "$D/root.crl"
st "CRL missing for a CA" crl-present fail

# malformed input
printf 'not a certificate\n' > "$TMP/junk.pem"
expect_rc "malformed certificate file exits 1" 1 "$C" --cert "$TMP/junk.pem" $base

# --pfx: the same checks from one PKCS#12 file, split in memory
openssl pkcs12 -export -inkey "$D/standalone.key" -in "$D/standalone.pem" -certfile "$D/ca.pem" \
    -passout pass:pfxpass -out "$TMP/s.pfx" 2>/dev/null
run "pfx" 0 --pfx "$TMP/s.pfx" --pass pass:pfxpass --name vcs.example.com --mutual
st "pfx" pfx warn; st "pfx" key-match pass; st "pfx" chain pass; st "pfx" name-cn pass; st "pfx" eku-client pass
expect_match "pfx: pfxsplit named" "$TMP/cc.json" "pfxsplit -k key.pem"
run "pfx, wrong password" 1 --pfx "$TMP/s.pfx" --pass pass:nope --name vcs.example.com
expect_match "pfx, wrong password: MAC message" "$TMP/cc.err" "wrong password, or the file was altered"
expect_rc "--pfx with --cert is a usage error" 2 "$C" --pfx "$TMP/s.pfx" --cert "$D/standalone.pem"

# an encrypted key with --pass: still a FAIL for the upload, but the key is decrypted so
# that key-match and the rest still run
run "encrypted key, --pass" 3 --cert "$D/standalone.pem" --key "$D/standalone-encrypted.key" --ca "$D/ca.pem" --pass pass:secret
st "encrypted key, --pass" key-encrypted fail; st "encrypted key, --pass" key-match pass
run "encrypted key, wrong --pass" 1 --cert "$D/standalone.pem" --key "$D/standalone-encrypted.key" --ca "$D/ca.pem" --pass pass:nope
st "encrypted key, wrong --pass" key-encrypted fail

# the remaining rules' failing sides
openssl pkey -in "$D/standalone.key" -outform DER -out "$TMP/key.der"
run "DER key" 3 --cert "$D/standalone.pem" --key "$TMP/key.der" --ca "$D/ca.pem"
st "DER key" format-key fail; st "DER key" key-match pass
openssl x509 -in "$D/issuing.pem" -outform DER > "$TMP/ca.der"; openssl x509 -in "$D/root.pem" -outform DER >> "$TMP/ca.der"
run "DER CA file" 3 --cert "$D/standalone.pem" --key "$D/standalone.key" --ca "$TMP/ca.der"
st "DER CA file" format-ca fail; st "DER CA file" chain pass
run "clientAuth only" 3 --cert "$D/clientonly.pem" --key "$D/clientonly.key" --ca "$D/ca.pem" --mutual
st "clientAuth only" eku-server fail; st "clientAuth only" eku-client pass
run "server certificate not yet valid" 3 --cert "$D/standalone.pem" $base --at 2020-01-01
st "server certificate not yet valid" validity fail
expect_match "not valid before named" "$TMP/cc.json" "is not valid before"
run "server certificate expiring soon" 0 --cert "$D/standalone.pem" $base --warn-days 36500
st "server certificate expiring soon" validity warn
run "unrelated CRL" 0 --cert "$D/standalone.pem" $base --crl "$D/root.crl" --crl "$D/issuing.crl" --crl "$D/unrelated.crl"
st "unrelated CRL" crl-unrelated warn; st "unrelated CRL" crl-present pass
