#!/bin/sh
# Fixtures for certcheck: one set per rule and per deployment model, passing and
# failing.  Run from the repository root: sh testdata/gen-certcheck.sh (needs openssl).
# Everything is valid for 20 years from the day it is run, except where a case says
# otherwise; tests judge the short-lived cases with --at.
set -eu
out=$PWD/testdata/certcheck
rm -rf "$out"; mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cat > x.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[both]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
[client]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
[server]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
CNF
# a minimal `openssl ca` set-up per CA, for CRLs
ca_setup() { # dir cert key
    mkdir -p $1; : > $1/index.txt; echo 1000 > $1/crlnumber
    cat > $1/ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = $PWD/$1/index.txt
crlnumber = $PWD/$1/crlnumber
certificate = $PWD/$2
private_key = $PWD/$3
default_md = sha256
default_crl_days = 3650
CNF
}
rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:${2:-2048} -out $1 2>/dev/null; }
ser() { echo 0x$(openssl rand -hex 8); }
export SAN="DNS:unused.example.com"

rsa root.key
openssl req -new -x509 -key root.key -subj "/O=Example/CN=Example Root" -days 7300 -set_serial $(ser) \
    -extensions ca -config x.cnf -out root.pem
rsa sub.key
openssl req -new -key sub.key -subj "/O=Example/CN=Example Issuing CA" -out sub.csr
openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -set_serial $(ser) -days 7300 \
    -extfile x.cnf -extensions ca -out sub.pem 2>/dev/null
leaf() { # name cn san ext [keyfile] [days]
    k=${5:-$1.key}; [ -f $k ] || rsa $k
    openssl req -new -key $k -subj "/O=Example/CN=$2" -out $1.csr
    SAN=$3 openssl x509 -req -in $1.csr -CA sub.pem -CAkey sub.key -set_serial $(ser) -days ${6:-7300} \
        -extfile x.cnf -extensions $4 -out $1.pem 2>/dev/null
}
cat sub.pem root.pem > "$out/ca.pem"
cp root.pem "$out/root.pem"; cp sub.pem "$out/issuing.pem"

# standalone
leaf standalone vcs.example.com "DNS:vcs.example.com" both
leaf wrongcn other.example.com "DNS:vcs.example.com" both
leaf serveronly vcs.example.com "DNS:vcs.example.com" server
leaf clientonly vcs.example.com "DNS:vcs.example.com" client
leaf ippeer vcs.example.com "DNS:vcs.example.com,IP:192.0.2.10" both
# cluster, a certificate per peer
leaf peer1 peer1.example.com "DNS:peer1.example.com,DNS:cluster.example.com" both
leaf peer1nocluster peer1.example.com "DNS:peer1.example.com" both
# cluster, one certificate
leaf cluster cluster.example.com "DNS:cluster.example.com,DNS:peer1.example.com,DNS:peer2.example.com" both
leaf clustermissing cluster.example.com "DNS:cluster.example.com,DNS:peer1.example.com" both
# weak key
leaf weak vcs.example.com "DNS:vcs.example.com" both weak.key
rsa weak.key 1024 2>/dev/null || true
rm -f weak.pem weak.csr; rsa weak.key 1024
openssl req -new -key weak.key -subj "/O=Example/CN=vcs.example.com" -out weak.csr
SAN="DNS:vcs.example.com" openssl x509 -req -in weak.csr -CA sub.pem -CAkey sub.key -set_serial $(ser) -days 7300 \
    -extfile x.cnf -extensions both -out weak.pem 2>/dev/null
for f in standalone wrongcn serveronly clientonly ippeer peer1 peer1nocluster cluster clustermissing weak; do
    cp $f.pem "$out/$f.pem"; cp $f.key "$out/$f.key"
done
# DER certificate
openssl x509 -in standalone.pem -outform DER -out "$out/standalone.der"
# encrypted key, and a key of another certificate
openssl pkey -in standalone.key -aes256 -passout pass:secret -out "$out/standalone-encrypted.key"
cp wrongcn.key "$out/mismatched.key"
# CA file without the intermediate
cp root.pem "$out/ca-missing-intermediate.pem"
# CA file with an unrelated certificate
rsa other.key
openssl req -new -x509 -key other.key -subj "/O=Elsewhere/CN=Unrelated Root" -days 7300 -extensions ca \
    -config x.cnf -out other.pem
cat sub.pem root.pem other.pem > "$out/ca-unrelated.pem"
# expired intermediate: same key and name, valid 1 day (tests use --at 30 days on)
openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -set_serial $(ser) -days 1 \
    -extfile x.cnf -extensions ca -out subshort.pem 2>/dev/null
cat subshort.pem root.pem > "$out/ca-expired-intermediate.pem"
# SHA-1 intermediate: same key and name, signed with SHA-1
openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -set_serial $(ser) -days 7300 -sha1 \
    -extfile x.cnf -extensions ca -out subsha1.pem 2>/dev/null
cat subsha1.pem root.pem > "$out/ca-sha1-intermediate.pem"
# CRLs: root's and the issuing CA's (good), the issuing CA's listing the server (revoked),
# a short-lived one (expired with --at), and one signed by another key under the same name
ca_setup rootca root.pem root.key
ca_setup subca sub.pem sub.key
openssl ca -config rootca/ca.cnf -gencrl -out "$out/root.crl" 2>/dev/null
openssl ca -config subca/ca.cnf -gencrl -out "$out/issuing.crl" 2>/dev/null
openssl ca -config subca/ca.cnf -gencrl -crlhours 1 -out "$out/issuing-short.crl" 2>/dev/null
cp -r subca subrev
sed -i "s|$PWD/subca|$PWD/subrev|g" subrev/ca.cnf
openssl ca -config subrev/ca.cnf -revoke standalone.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config subrev/ca.cnf -gencrl -out "$out/issuing-revoked.crl" 2>/dev/null
rsa fake.key
openssl req -new -x509 -key fake.key -subj "/O=Example/CN=Example Issuing CA" -days 7300 -extensions ca \
    -config x.cnf -out fake.pem
ca_setup otherca other.pem other.key
openssl ca -config otherca/ca.cnf -gencrl -out "$out/unrelated.crl" 2>/dev/null
ca_setup fakeca fake.pem fake.key
openssl ca -config fakeca/ca.cnf -gencrl -out "$out/issuing-wrong-signer.crl" 2>/dev/null
echo "wrote $(ls "$out" | wc -l) files to $out"
