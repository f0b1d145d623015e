#!/bin/sh
# gen-keys.sh - builds the key fixtures in testdata/keys/ for keymatch, keyconv and
# the key unit tests, with the producers on a Debian machine: the openssl command,
# Java keytool (through PKCS#12) and GnuTLS certtool.  Run from anywhere:
#     sh testdata/gen-keys.sh            (re-creates testdata/keys/)
# Keys are random: the tests compare against openssl's view of the same files, never
# against fixed numbers.  Every encrypted fixture uses the password "secret".
#
# Names: <alg>.pkcs8.pem/.der (PrivateKeyInfo), <alg>.trad.pem/.der (PKCS#1, SEC1 or
# DSA form), <alg>.pub.pem/.der (SubjectPublicKeyInfo), <alg>.crt (self-signed, or
# issued by ca.crt for keys that cannot sign), <alg>.csr, other-<alg>.* (a second,
# non-matching key of the same type).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/testdata/keys"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
O=openssl
q() { "$@" >/dev/null 2>&1; }

# a CA for the keys that cannot sign (X25519, X448) and for CA-issued certificates
q $O req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=certkit test CA"

# --- key generation -------------------------------------------------------------
genkey() {  # name, genpkey args...
    n=$1; shift
    q $O genpkey "$@" -out "$n.pkcs8.pem"
}
genkey rsa2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
genkey other-rsa2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
genkey rsa3p -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_primes:3
genkey rsapss -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048
genkey rsapss-sha256 -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_pss_keygen_md:sha256 \
    -pkeyopt rsa_pss_keygen_saltlen:32
genkey p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
genkey other-p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
genkey p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384
genkey p224 -algorithm EC -pkeyopt ec_paramgen_curve:P-224
genkey p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521
genkey secp256k1 -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1
genkey bp256 -algorithm EC -pkeyopt ec_paramgen_curve:brainpoolP256r1
genkey ed25519 -algorithm ED25519
genkey other-ed25519 -algorithm ED25519
genkey x25519 -algorithm X25519
genkey other-x25519 -algorithm X25519
genkey ed448 -algorithm ED448
genkey x448 -algorithm X448
q $O genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:256 \
    -out dsaparam.pem
genkey dsa -paramfile dsaparam.pem
genkey other-dsa -paramfile dsaparam.pem
rm -f dsaparam.pem

ALL="rsa2048 other-rsa2048 rsa3p rsapss rsapss-sha256 p256 other-p256 p384 p224 p521 secp256k1 bp256
     ed25519 other-ed25519 x25519 other-x25519 ed448 x448 dsa other-dsa"

# --- every form -----------------------------------------------------------------
for n in $ALL; do
    q $O pkcs8 -topk8 -nocrypt -in "$n.pkcs8.pem" -outform DER -out "$n.pkcs8.der"
    q $O pkey -in "$n.pkcs8.pem" -pubout -out "$n.pub.pem"
    q $O pkey -in "$n.pkcs8.pem" -pubout -outform DER -out "$n.pub.der"
    case $n in
    rsa*|other-rsa*)
        q $O rsa -in "$n.pkcs8.pem" -traditional -out "$n.trad.pem"
        q $O rsa -in "$n.pkcs8.pem" -traditional -outform DER -out "$n.trad.der" ;;
    p*|other-p*|secp*|bp*)
        q $O ec -in "$n.pkcs8.pem" -out "$n.trad.pem"
        q $O ec -in "$n.pkcs8.pem" -outform DER -out "$n.trad.der" ;;
    dsa|other-dsa)
        q $O dsa -in "$n.pkcs8.pem" -out "$n.trad.pem"
        q $O dsa -in "$n.pkcs8.pem" -outform DER -out "$n.trad.der" ;;
    esac
done
# RSA-PSS keys have no PKCS#1 form in openssl's eyes; drop what it refused
for f in rsapss*.trad.*; do [ -s "$f" ] || rm -f "$f"; done

# SEC1 variants: compressed public point, no public key at all
q $O ec -in p256.pkcs8.pem -conv_form compressed -out p256.compressed.pem
q $O ec -in p256.pkcs8.pem -conv_form compressed -pubout -out p256.compressed.pub.pem
q $O ec -in p256.pkcs8.pem -no_public -out p256.nopub.pem
q $O ec -in p384.pkcs8.pem -no_public -outform DER -out p384.nopub.der
q $O ec -in p521.pkcs8.pem -no_public -out p521.nopub.pem
q $O ec -in p224.pkcs8.pem -no_public -out p224.nopub.pem
# explicit curve parameters (a named curve spelled out), with and without the public point
q $O ec -in p256.pkcs8.pem -param_enc explicit -out p256.explicit.pem
q $O ec -in p256.pkcs8.pem -param_enc explicit -no_public -outform DER -out p256.explicit-nopub.der
q $O ec -in secp256k1.pkcs8.pem -param_enc explicit -out secp256k1.explicit.pem

# encrypted forms (refused by keymatch without a password; keyconv decrypts them)
q $O pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -passout pass:secret -out rsa2048.enc-pkcs8.pem
q $O pkcs8 -topk8 -in p256.pkcs8.pem -v2 aes-128-cbc -passout pass:secret -outform DER -out p256.enc-pkcs8.der
q $O rsa -in rsa2048.pkcs8.pem -traditional -aes256 -passout pass:secret -out rsa2048.enc-trad.pem
q $O ec -in p256.pkcs8.pem -des3 -passout pass:secret -out p256.enc-trad.pem

# --- certificates and requests ----------------------------------------------------
for n in rsa2048 other-rsa2048 rsa3p rsapss p256 other-p256 p384 p224 p521 ed25519 other-ed25519 ed448 dsa other-dsa; do
    q $O req -x509 -new -key "$n.pkcs8.pem" -out "$n.crt" -days 3650 -subj "/CN=$n.example/O=certkit"
    q $O req -new -key "$n.pkcs8.pem" -out "$n.csr" -subj "/CN=$n.example/O=certkit"
done
# keys that cannot sign: certificates from the CA over a request signed by another key
for n in x25519 other-x25519 x448; do
    q $O req -new -key rsa2048.pkcs8.pem -out tmp.csr -subj "/CN=$n.example/O=certkit"
    q $O x509 -req -in tmp.csr -CA ca.crt -CAkey ca.key -CAcreateserial -force_pubkey "$n.pub.pem" \
        -days 3650 -out "$n.crt"
done
rm -f tmp.csr ca.srl
# a CA-issued certificate for rsa2048 (keymatch on a leaf that is not self-signed)
q $O req -new -key rsa2048.pkcs8.pem -out tmp.csr -subj "/CN=leaf.example/O=certkit"
q $O x509 -req -in tmp.csr -CA ca.crt -CAkey ca.key -set_serial 4242 -days 3650 -out rsa2048.leaf.crt
rm -f tmp.csr
# DER forms and a bundle
q $O x509 -in p256.crt -outform DER -out p256.crt.der
q $O req -in p256.csr -outform DER -out p256.csr.der
cat rsa2048.leaf.crt ca.crt > rsa2048.chain.pem

# --- Java keytool (via PKCS#12) ---------------------------------------------------
if command -v keytool >/dev/null 2>&1; then
    for a in rsa ec; do
        case $a in
        rsa) opts="-keyalg RSA -keysize 2048" ;;
        ec) opts="-keyalg EC -groupname secp256r1" ;;
        esac
        # shellcheck disable=SC2086
        q keytool -genkeypair -alias "$a" $opts -dname "CN=java-$a.example" -keystore "java-$a.p12" \
            -storetype PKCS12 -storepass changeit -keypass changeit -validity 3650
        q $O pkcs12 -in "java-$a.p12" -passin pass:changeit -nodes -nocerts -out "java-$a.key"
        q $O pkcs12 -in "java-$a.p12" -passin pass:changeit -nokeys -clcerts -out "java-$a.crt"
    done
fi

# --- GnuTLS certtool ----------------------------------------------------------------
if command -v certtool >/dev/null 2>&1; then
    printf 'cn = "gnutls.example"\nexpiration_days = 3650\nsigning_key\n' > gnutls.tmpl
    q certtool --generate-privkey --key-type rsa --bits 2048 --outfile gnutls-rsa.key
    q certtool --generate-privkey --key-type ecdsa --curve secp256r1 --outfile gnutls-p256.key
    q certtool --generate-privkey --key-type ed25519 --outfile gnutls-ed25519.key
    q certtool --generate-privkey --key-type rsa --bits 2048 --pkcs8 --empty-password --outfile gnutls-rsa.pkcs8.key
    for a in rsa p256 ed25519; do
        q certtool --generate-self-signed --load-privkey "gnutls-$a.key" --template gnutls.tmpl \
            --outfile "gnutls-$a.crt"
    done
    rm -f gnutls.tmpl
fi

# --- RFC 8410 10.3: an Ed25519 OneAsymmetricKey v2 with attributes and publicKey -----
cat > rfc8410-v2.pem <<'EOF'
-----BEGIN PRIVATE KEY-----
MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB
Z9w7lshQhqowtrbLDFw4rXAxZuE=
-----END PRIVATE KEY-----
EOF

rm -f ca.key
chmod 0644 ./*
echo "gen-keys: $(find . -type f | wc -l) files in $out"
