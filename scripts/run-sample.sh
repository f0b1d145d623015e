#!/bin/sh
# `make run`: the main job on the shipped sample (testdata/sample/) - an administrator
# preparing a video-conferencing server from what a Windows CA handed out:
#   1. der2pem: a DER bundle (.p7b-style pile of .cer files) to PEM;
#   2. asn1dump and certdump: what the server certificate holds;
#   3. pfxsplit: the .pfx (RC2-40 "legacy" encryption, as old Windows exports) to an
#      unencrypted key (0600), the server certificate and the CA file, in one run;
#   4. chaincat: the CA file rebuilt from the pile, verified link by link;
#   5. certcheck: the preflight an appliance would enforce, for a standalone server
#      that also does mutual TLS with its neighbours.
set -u
BIN=${1:-bin}
S=testdata/sample
OUT=build/run
rm -rf "$OUT"; mkdir -p "$OUT"
step() { printf '\n==> %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
status=0

step "1. a DER bundle to PEM (der2pem picks the label from the content)"
run "$BIN/der2pem" -o "$OUT/bundle.pem" "$S/bundle.der" || status=1
grep -c 'BEGIN CERTIFICATE' "$OUT/bundle.pem"

step "2. the server certificate: structure, then decoded"
run "$BIN/asn1dump" "$S/server.pem" | head -n 24
run "$BIN/certdump" "$S/server.pem" || status=1
run "$BIN/certdump" -f subject.rfc4514,not_after,subject_alt_names "$OUT/bundle.pem" || status=1

step "3. the PFX to key, server certificate and CA file (password from a file, never on the command line)"
run "$BIN/pfxsplit" --info "$S/server.pfx" --pass "file:$S/password" || status=1
run "$BIN/pfxsplit" --pass "file:$S/password" -k "$OUT/key.pem" -c "$OUT/server.pem" -a "$OUT/ca.pem" \
    "$S/server.pfx" || status=1
ls -l "$OUT/key.pem" "$OUT/server.pem" "$OUT/ca.pem"

step "4. the CA file, rebuilt from the pile and verified link by link"
run "$BIN/chaincat" --tree "$OUT/bundle.pem" || status=1
run "$BIN/chaincat" --ca-file "$OUT/server.pem" "$OUT/bundle.pem" -o "$OUT/ca-from-pile.pem" || status=1
cmp -s "$OUT/ca.pem" "$OUT/ca-from-pile.pem" && echo "the PFX's CA file and the one rebuilt from the pile are identical"

step "5. the preflight: standalone server vcs.example.com with mutual TLS"
run "$BIN/certcheck" --cert "$OUT/server.pem" --key "$OUT/key.pem" --ca "$OUT/ca.pem" \
    --name vcs.example.com --mutual || status=1
run "$BIN/keymatch" "$OUT/key.pem" "$OUT/server.pem" || status=1
exit $status
