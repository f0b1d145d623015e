#!/bin/sh
# Fixtures for chaincat and certcheck: chains of 2, 3 and 4 levels in RSA, EC and mixed,
# a cross-signed intermediate, a wrong-signature link (same names, other key), a loop,
# a p7b.  Run from the repository root: sh testdata/gen-chains.sh (needs openssl).
# Validity: 20 years from the day it is run.
set -eu
out=$PWD/testdata/chains
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cat > x.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
key() { # name alg
    case $2 in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $1.key 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key ;;
    ec384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out $1.key ;;
    esac
}
root() { # name alg cn
    key $1 $2
    openssl req -new -x509 -key $1.key -subj "/O=certkit tests/CN=$3" -days 7300 \
        -set_serial 0x$(openssl rand -hex 8) -extensions ca -config x.cnf -out $1.pem
}
issue() { # name alg cn issuer ext
    [ -f $1.key ] || key $1 $2
    openssl req -new -key $1.key -subj "/O=certkit tests/CN=$3" -out $1.csr
    openssl x509 -req -in $1.csr -CA $4.pem -CAkey $4.key -set_serial 0x$(openssl rand -hex 8) \
        -days 7300 -extfile x.cnf -extensions $5 -out $1.pem 2>/dev/null
}
# 2 levels, RSA
root r2 rsa "Root Two"; issue l2 rsa "leaf2.example.com" r2 leaf
cat l2.pem r2.pem > "$out/rsa2.pem"
# 3 levels, EC
root r3 ec "Root Three EC"; issue i3 ec "Issuing Three EC" r3 ca; issue l3 ec "leaf3.example.com" i3 leaf
cat l3.pem i3.pem r3.pem > "$out/ec3.pem"
# 4 levels, mixed (RSA root, EC P-384 policy CA, RSA issuing CA, EC leaf)
root r4 rsa "Root Four"; issue p4 ec384 "Policy CA Four" r4 ca; issue i4 rsa "Issuing CA Four" p4 ca
issue l4 ec "leaf4.example.com" i4 leaf
cat l4.pem i4.pem p4.pem r4.pem > "$out/mixed4.pem"
cp l4.pem "$out/mixed4-leaf.pem"; cp r4.pem "$out/mixed4-root.pem"
cat i4.pem p4.pem > "$out/mixed4-intermediates.pem"
# missing intermediate: leaf + root only
cat l4.pem p4.pem r4.pem > "$out/missing-intermediate.pem"
# wrong-signature link: a second "Issuing CA Four" with another key (same name)
key i4bad rsa
openssl req -new -key i4bad.key -subj "/O=certkit tests/CN=Issuing CA Four" -out i4bad.csr
openssl x509 -req -in i4bad.csr -CA p4.pem -CAkey p4.key -set_serial 0x$(openssl rand -hex 8) \
    -days 7300 -extfile x.cnf -extensions ca -out i4bad.pem 2>/dev/null
# without SKI/AKI help: same subject, other key -> signature fails
cat l4.pem i4bad.pem p4.pem r4.pem > "$out/wrong-signature.pem"
# cross-signed intermediate: X signed by root A and (same key, same subject) by root B
root ra rsa "Cross Root A"; root rb ec "Cross Root B"
issue x rsa "Cross Intermediate" ra ca; cp x.pem xa.pem; cp x.key xa.key
openssl x509 -req -in x.csr -CA rb.pem -CAkey rb.key -set_serial 0x$(openssl rand -hex 8) \
    -days 7300 -extfile x.cnf -extensions ca -out xb.pem 2>/dev/null
issue lx ec "crossleaf.example.com" xa leaf
cat lx.pem xa.pem xb.pem ra.pem rb.pem > "$out/cross.pem"
cp ra.pem "$out/cross-root-a.pem"; cp rb.pem "$out/cross-root-b.pem"
# a loop: two CAs that signed each other, no root
key la rsa; key lb rsa
openssl req -new -key la.key -subj "/O=certkit tests/CN=Loop A" -out la.csr
openssl req -new -key lb.key -subj "/O=certkit tests/CN=Loop B" -out lb.csr
openssl req -new -x509 -key la.key -subj "/O=certkit tests/CN=Loop A" -days 1 -out la-self.pem
openssl req -new -x509 -key lb.key -subj "/O=certkit tests/CN=Loop B" -days 1 -out lb-self.pem
openssl x509 -req -in la.csr -CA lb-self.pem -CAkey lb.key -set_serial 0x0a -days 7300 -extfile x.cnf -extensions ca -out la.pem 2>/dev/null
openssl x509 -req -in lb.csr -CA la-self.pem -CAkey la.key -set_serial 0x0b -days 7300 -extfile x.cnf -extensions ca -out lb.pem 2>/dev/null
key lleaf rsa
openssl req -new -key lleaf.key -subj "/O=certkit tests/CN=loopleaf.example.com" -out lleaf.csr
openssl x509 -req -in lleaf.csr -CA la.pem -CAkey la.key -set_serial 0x0c -days 7300 -extfile x.cnf -extensions leaf -out lleaf.pem 2>/dev/null
cat lleaf.pem la.pem lb.pem > "$out/loop.pem"
# p7b of the 3-level EC chain, DER and PEM
openssl crl2pkcs7 -nocrl -certfile "$out/ec3.pem" -outform DER -out "$out/ec3.p7b"
openssl crl2pkcs7 -nocrl -certfile "$out/ec3.pem" -out "$out/ec3-p7b.pem"
# keys for certcheck tests
cp l3.key "$out/ec3-leaf.key"; cp l4.key "$out/mixed4-leaf.key"
echo "wrote $(ls "$out" | wc -l) files to $out"
