#!/bin/sh
# `make run`: the main job on the shipped sample (testdata/sample/).
#   1. der2pem turns a DER bundle (leaf, issuing CA, root) into a PEM bundle;
#   2. asn1dump shows the structure of the server certificate;
#   3. later steps (added as the tools land): certdump, chaincat, pfxsplit, certcheck.
set -u
BIN=${1:-bin}
S=testdata/sample
OUT=build/run
mkdir -p "$OUT"
step() { printf '\n==> %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "DER bundle to PEM (der2pem picks the label from the content)"
run "$BIN/der2pem" -o "$OUT/bundle.pem" "$S/bundle.der" && grep -c 'BEGIN CERTIFICATE' "$OUT/bundle.pem"

if [ -x "$BIN/asn1dump" ]; then
    step "the server certificate's DER structure"
    run "$BIN/asn1dump" "$S/server.pem" | head -n 40
fi
if [ -x "$BIN/certdump" ]; then
    step "the server certificate, decoded"
    run "$BIN/certdump" "$S/server.pem"
fi
