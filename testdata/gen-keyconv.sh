#!/bin/sh
# gen-keyconv.sh - builds the fixtures in testdata/keyconv/ for keyconv's tests with
# the openssl command (OpenSSL 3; the legacy provider for DES, RC2 and the MD5 PBE).
# Run from anywhere:
#     sh testdata/gen-keyconv.sh          (re-creates testdata/keyconv/)
# Keys are random: tests/cli/t_keyconv.sh compares keyconv's output with what
# `openssl pkey` makes of the same files, never with fixed bytes.
#
# Every encrypted fixture uses the password "secret" unless its name says otherwise:
#   *.empty.*  the empty password (PKCS#8 only: openssl writes no empty-password legacy PEM)
#   *.utf8.*   the password "pässwörd" (UTF-8)
# Names: <key>.pem (PKCS#8 from genpkey), <key>.trad.pem (PKCS#1 / SEC1 / DSA form),
#   <key>.legacy-<cipher>.pem   legacy PEM: Proc-Type: 4,ENCRYPTED + DEK-Info
#   <key>.p8-<scheme>.pem/.der  EncryptedPrivateKeyInfo
#   unsup-*                     encryptions keyconv refuses by name (scrypt, Camellia...)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/testdata/keyconv"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
O=openssl
LEG="-provider legacy -provider default"
PW="-passout pass:secret"
q() { "$@" >/dev/null 2>&1; }

# --- keys ------------------------------------------------------------------------
q $O genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem
q $O genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pem
q $O genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem
q $O genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem
q $O genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.pem
q $O genpkey -algorithm ED25519 -out ed25519.pem
q $O genpkey -algorithm X25519 -out x25519.pem
q $O genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:256 \
    -out dsaparam.pem
q $O genpkey -paramfile dsaparam.pem -out dsa.pem
rm -f dsaparam.pem

# traditional forms (openssl rsa/ec/dsa -traditional), PEM and DER
q $O rsa -in rsa.pem -traditional -out rsa.trad.pem
q $O rsa -in rsa.pem -traditional -outform DER -out rsa.trad.der
for k in p256 p384 p521; do
    q $O ec -in $k.pem -out $k.trad.pem
    q $O ec -in $k.pem -outform DER -out $k.trad.der
done
q $O dsa -in dsa.pem -out dsa.trad.pem
q $O dsa -in dsa.pem -outform DER -out dsa.trad.der
for k in rsa p256 ed25519 dsa; do
    q $O pkey -in $k.pem -outform DER -out $k.der
done

# --- legacy encrypted PEM (RFC 1421 headers, OpenSSL's EVP_BytesToKey) ----------
for c in des3 aes128 aes192 aes256; do
    q $O rsa -in rsa.pem -traditional -$c $PW -out rsa.legacy-$c.pem
done
q $O rsa -in rsa.pem -traditional -des $PW $LEG -out rsa.legacy-des.pem
q $O ec -in p256.pem -aes256 $PW -out p256.legacy-aes256.pem
q $O ec -in p384.pem -des3 $PW -out p384.legacy-des3.pem
q $O dsa -in dsa.pem -des $PW $LEG -out dsa.legacy-des.pem
q $O dsa -in dsa.pem -aes128 $PW -out dsa.legacy-aes128.pem
q $O rsa -in rsa1024.pem -traditional -aes256 -passout 'pass:pässwörd' -out rsa1024.legacy-aes256.utf8.pem
# the other ciphers OpenSSL writes in DEK-Info: CFB and OFB modes, Blowfish, Camellia, SEED, CAST5
for c in aes-128-cfb aes-256-ofb des-ede3-cfb des-ede3-ofb des-cfb des-ede-ofb bf-cbc bf-cfb cast5-cbc cast5-ofb \
         rc2-cfb rc2-ofb seed-cbc seed-ofb camellia-128-cbc camellia-256-cbc camellia-192-cfb rc2-40-cbc rc2-64-cbc \
         des-ede-cbc; do
    q $O rsa -in rsa1024.pem -traditional -$c $PW $LEG -out rsa1024.legacy-$c.pem
done

# --- encrypted PKCS#8 --------------------------------------------------------------
p8() {  # input, output name, pkcs8 args...
    i=$1; n=$2; shift 2
    q $O pkcs8 -topk8 -in "$i" -out "$n" "$@"
}
p8 rsa.pem rsa.p8-aes256-sha256.pem -v2 aes256 -v2prf hmacWithSHA256 $PW
p8 rsa.pem rsa.p8-aes256-sha256.der -v2 aes256 -v2prf hmacWithSHA256 $PW -outform DER
p8 rsa.pem rsa.p8-des3.pem -v2 des3 $PW
p8 rsa.pem rsa.p8-aes192-sha512.pem -v2 aes192 -v2prf hmacWithSHA512 $PW
p8 rsa.pem rsa.p8-aes128-sha1.pem -v2 aes128 -v2prf hmacWithSHA1 $PW
p8 rsa.pem rsa.p8-aes128-iter1.pem -v2 aes128 -iter 1 $PW
p8 rsa.pem rsa.p8-des.pem -v2 des $PW $LEG
p8 rsa.pem rsa.p8-rc2.pem -v2 rc2 $PW $LEG
p8 rsa.pem rsa.p8-pbe-sha1-3des.pem -v1 PBE-SHA1-3DES $PW
p8 rsa.pem rsa.p8-pbe-sha1-2des.pem -v1 PBE-SHA1-2DES $PW
p8 rsa.pem rsa.p8-pbe-md5-des.pem -v1 PBE-MD5-DES $PW $LEG
p8 rsa.pem rsa.p8-pbe-sha1-des.pem -v1 PBE-SHA1-DES $PW $LEG
p8 rsa.pem rsa.p8-pbe-sha1-rc2-40.pem -v1 PBE-SHA1-RC2-40 $PW $LEG
p8 rsa.pem rsa.p8-pbe-sha1-rc2-128.pem -v1 PBE-SHA1-RC2-128 $PW $LEG
p8 rsa.pem rsa.p8-pbe-sha1-rc4-128.pem -v1 PBE-SHA1-RC4-128 $PW $LEG
p8 p256.pem p256.p8-aes256.pem -v2 aes256 -v2prf hmacWithSHA256 $PW
p8 p521.pem p521.p8-pbe-sha1-3des.der -v1 PBE-SHA1-3DES $PW -outform DER
p8 ed25519.pem ed25519.p8-aes256.pem -v2 aes256 $PW
p8 x25519.pem x25519.p8-aes128.der -v2 aes128 $PW -outform DER
p8 dsa.pem dsa.p8-aes256.der -v2 aes256 $PW -outform DER
p8 dsa.pem dsa.p8-pbe-sha1-3des.pem -v1 PBE-SHA1-3DES $PW
p8 rsa1024.pem rsa1024.p8-aes256.empty.pem -v2 aes256 -passout pass:
p8 rsa1024.pem rsa1024.p8-aes256.utf8.pem -v2 aes256 -passout 'pass:pässwörd'
p8 rsa1024.pem rsa1024.p8-pbe-sha1-3des.utf8.pem -v1 PBE-SHA1-3DES -passout 'pass:pässwörd'

# --- what keyconv refuses, by name ------------------------------------------------
p8 rsa1024.pem rsa1024.p8-scrypt.pem -scrypt -scrypt_N 1024 -scrypt_r 8 -scrypt_p 1 $PW
p8 rsa1024.pem rsa1024.p8-camellia256.pem -v2 camellia256 $PW
q $O rsa -in rsa1024.pem -traditional -aes-128-cfb8 $PW -out unsup-legacy-cfb8.pem
q $O rsa -in rsa1024.pem -traditional -aes-256-ctr $PW -out unsup-legacy-ctr.pem
# an iteration bomb: PBES2 asking 2^31-1 PBKDF2 rounds (refused before any work)
cat > bomb.cnf <<'EOF'
asn1=SEQUENCE:epki
[epki]
alg=SEQUENCE:alg
data=FORMAT:HEX,OCTETSTRING:00112233445566778899aabbccddeeff
[alg]
oid=OID:1.2.840.113549.1.5.13
params=SEQUENCE:pbes2
[pbes2]
kdf=SEQUENCE:kdf
enc=SEQUENCE:enc
[kdf]
oid=OID:1.2.840.113549.1.5.12
p=SEQUENCE:kdfp
[kdfp]
salt=FORMAT:HEX,OCTETSTRING:0001020304050607
iter=INTEGER:2147483647
prf=SEQUENCE:prf
[prf]
oid=OID:1.2.840.113549.2.9
null=NULL
[enc]
oid=OID:2.16.840.1.101.3.4.1.2
iv=FORMAT:HEX,OCTETSTRING:000102030405060708090a0b0c0d0e0f
EOF
q $O asn1parse -genconf bomb.cnf -out iter-bomb.der
rm -f bomb.cnf

# a key file that carries its certificate too (keyconv passes over the certificate)
q $O req -x509 -new -key p256.pem -out p256.crt -days 3650 -subj "/CN=keyconv test"
cat p256.crt p256.legacy-aes256.pem > p256.cert-and-key.pem
# two keys in one file
cat rsa.legacy-aes128.pem p256.p8-aes256.pem > two-keys.pem

# every fixture must exist and be what its name says
for f in rsa.legacy-des.pem dsa.legacy-des.pem; do
    grep -q '^DEK-Info: DES-CBC,' "$f" || { echo "gen-keyconv: $f is not DES-CBC encrypted" >&2; exit 1; }
done
for f in *.legacy-*.pem; do
    case $f in unsup-*) continue ;; esac
    grep -q '^Proc-Type: 4,ENCRYPTED' "$f" || { echo "gen-keyconv: $f is not encrypted" >&2; exit 1; }
done
echo "gen-keyconv: $(ls | wc -l) files in $out"
