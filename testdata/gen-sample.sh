#!/bin/sh
# Makes the sample used by `make run`: a 3-level chain (root, issuing CA, server
# certificate for vcs.example.com with serverAuth+clientAuth) as a DER bundle, the
# PEM files, and the same key and chain as a legacy (RC2-40) PFX; see sample/README.
# Run from the repository root: sh testdata/gen-sample.sh.  Needs the openssl command.
set -eu
out=testdata/sample
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[sub]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = caIssuers;URI:http://pki.example.com/root.cer
crlDistributionPoints = URI:http://pki.example.com/root.crl
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:vcs.example.com, DNS:vcs1.example.com, DNS:vcs2.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = caIssuers;URI:http://pki.example.com/issuing.cer, OCSP;URI:http://ocsp.example.com
crlDistributionPoints = URI:http://pki.example.com/issuing.crl
CNF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out root.key 2>/dev/null
openssl req -new -x509 -key root.key -subj "/C=US/O=Example Corp/CN=Example Root CA" -days 7300 \
    -set_serial 0x1001 -extensions ca -config ext.cnf -out root.pem 2>/dev/null || \
openssl req -new -x509 -key root.key -subj "/C=US/O=Example Corp/CN=Example Root CA" -days 7300 \
    -set_serial 0x1001 -addext "basicConstraints=critical,CA:TRUE" -out root.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out sub.key
openssl req -new -key sub.key -subj "/C=US/O=Example Corp/CN=Example Issuing CA 1" -out sub.csr
openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -set_serial 0x2002 -days 3650 \
    -extfile ext.cnf -extensions sub -out sub.pem 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf.key 2>/dev/null
openssl req -new -key leaf.key -subj "/C=US/O=Example Corp/OU=Video/CN=vcs.example.com" -out leaf.csr
openssl x509 -req -in leaf.csr -CA sub.pem -CAkey sub.key -set_serial 0x3003abcdef -days 825 \
    -extfile ext.cnf -extensions leaf -out leaf.pem 2>/dev/null
for f in leaf sub root; do openssl x509 -in $f.pem -outform DER; done > bundle.der
# the PFX as old Windows CAs and OpenSSL 1.x export it: certificates under RC2-40,
# the key under 3DES, HMAC-SHA1; the CA certificates stored root first
cat root.pem sub.pem > cas.pem
openssl pkcs12 -export -legacy -inkey leaf.key -in leaf.pem -certfile cas.pem -name vcs.example.com \
    -passout "pass:appliance demo" -out server.pfx 2>/dev/null || \
openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile cas.pem -name vcs.example.com \
    -certpbe PBE-SHA1-RC2-40 -keypbe PBE-SHA1-3DES -passout "pass:appliance demo" -out server.pfx
cd - >/dev/null
cp "$tmp/server.pfx" "$out/server.pfx"
printf 'appliance demo\n' > "$out/password"
cp "$tmp/bundle.der" "$out/bundle.der"
cp "$tmp/leaf.pem" "$out/server.pem"
cp "$tmp/leaf.key" "$out/server.key"
cp "$tmp/sub.pem" "$out/issuing-ca.pem"
cp "$tmp/root.pem" "$out/root-ca.pem"
echo "wrote $out/bundle.der (leaf, issuing CA, root) and the PEM files"
