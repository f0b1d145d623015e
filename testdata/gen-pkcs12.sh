#!/bin/sh
# gen-pkcs12.sh - builds the PKCS#12 fixtures in testdata/pkcs12/ with every
# producer on a Debian machine:
# the openssl command, Java keytool, GnuTLS certtool and python3's cryptography.
#     sh testdata/gen-pkcs12.sh
# Keys are random: tests/cli/t_pfxsplit.sh compares pfxsplit with what
# `openssl pkcs12` extracts from the same files, never with fixed bytes.
#
# testdata/pkcs12/PASSWORDS.tsv lists every fixture: file, password ("(none)": no
# password at all, try absent and empty; "(empty)": the empty string), the openssl
# flag it needs ("-legacy" or "-"), and what it is.  Hostile fixtures (hostile-*.p12)
# are derived from good ones by a small DER rewriter (python3, below) and listed in
# HOSTILE.tsv with the message pfxsplit must print.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/testdata/pkcs12"
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
O=openssl
q() { "$@" >/dev/null 2>&1; }
PW=secret

# --- a three-level chain: root -> intermediate -> leaf (serverAuth + clientAuth) ----
cat > ext.cnf <<'EOF'
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[inter]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:vcs.example.com, DNS:vcs1.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
mkchain() {  # prefix keyalg-args...
    p=$1; shift
    q $O req -x509 -newkey rsa:2048 -nodes -keyout "$p-root.key" -out "$p-root.crt" -days 3650 \
        -subj "/C=US/O=certkit test/CN=certkit $p Root CA" \
        -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash"
    q $O req -newkey rsa:2048 -nodes -keyout "$p-inter.key" -out "$p-inter.csr" \
        -subj "/C=US/O=certkit test/CN=certkit $p Issuing CA"
    q $O x509 -req -in "$p-inter.csr" -CA "$p-root.crt" -CAkey "$p-root.key" -set_serial 2 -days 3000 \
        -extfile ext.cnf -extensions inter -out "$p-inter.crt"
    q $O req -new "$@" -nodes -keyout "$p-leaf.key" -out "$p-leaf.csr" \
        -subj "/C=US/O=certkit test/CN=vcs.example.com"
    q $O x509 -req -in "$p-leaf.csr" -CA "$p-inter.crt" -CAkey "$p-inter.key" -set_serial 3 -days 800 \
        -extfile ext.cnf -extensions leaf -out "$p-leaf.crt"
    cat "$p-inter.crt" "$p-root.crt" > "$p-cas.crt"
    cat "$p-root.crt" "$p-inter.crt" > "$p-cas-rev.crt"
}
mkchain rsa -newkey rsa:2048
mkchain ec -newkey ec -pkeyopt ec_paramgen_curve:P-256

list="$out/PASSWORDS.tsv"
printf 'file\tpassword\topenssl\twhat\n' > "$list"
add() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$list"; }

# --- openssl pkcs12 -export --------------------------------------------------------
ex() {  # name password openssl-flag what args...
    n=$1 pw=$2 fl=$3 what=$4; shift 4
    $O pkcs12 -export "$@" -out "$out/$n" 2>/dev/null
    add "$n" "$pw" "$fl" "$what"
}
L="-inkey rsa-leaf.key -in rsa-leaf.crt"
ex openssl-default.p12 $PW - "OpenSSL 3 default: PBES2 AES-256-CBC, HMAC-SHA256 MAC, 2048 iterations" \
    $L -name server -passout pass:$PW
ex openssl-legacy.p12 $PW -legacy "-legacy: RC2-40 certificates, 3DES key, SHA-1 MAC" \
    $L -name server -legacy -passout pass:$PW
ex openssl-certpbe-none.p12 $PW - "-certpbe NONE: certificates in a plain safe" \
    $L -certpbe NONE -passout pass:$PW
ex openssl-keypbe-none.p12 $PW - "-keypbe NONE: the key in a keyBag" \
    $L -keypbe NONE -passout pass:$PW
ex openssl-nomac.p12 $PW - "-nomac: no integrity check" \
    $L -nomac -passout pass:$PW
ex openssl-macsha512.p12 $PW - "-macalg sha512" \
    $L -macalg sha512 -passout pass:$PW
ex openssl-iter1.p12 $PW - "-iter 1 -maciter: one iteration everywhere" \
    $L -iter 1 -passout pass:$PW
ex openssl-descert.p12 $PW -legacy "-descert: 3DES certificates (legacy provider for the key PBE)" \
    $L -descert -passout pass:$PW
ex openssl-empty-pw.p12 "(empty)" - "the empty password" \
    $L -passout pass:
ex openssl-legacy-empty-pw.p12 "(empty)" -legacy "-legacy with the empty password" \
    $L -legacy -passout pass:
ex openssl-nonascii-pw.p12 "Grüße €, пароль" - "a non-ASCII UTF-8 password" \
    $L -passout "pass:Grüße €, пароль"
ex openssl-legacy-nonascii-pw.p12 "Grüße €, пароль" -legacy "-legacy with a non-ASCII password (BMPString)" \
    $L -legacy -passout "pass:Grüße €, пароль"
ex openssl-chain.p12 $PW - "-chain: leaf, intermediate and root" \
    $L -chain -CAfile rsa-cas.crt -name server -passout pass:$PW
ex openssl-chain-shuffled.p12 $PW -legacy "-certfile root first: the CA order must come from the chain" \
    $L -certfile rsa-cas-rev.crt -legacy -passout pass:$PW
ex openssl-nokeys.p12 $PW - "-nokeys: certificates only" \
    -in rsa-leaf.crt -certfile rsa-cas.crt -nokeys -passout pass:$PW
ex openssl-nocerts.p12 $PW - "-nocerts: the key only" \
    -inkey rsa-leaf.key -nocerts -passout pass:$PW
ex openssl-ec.p12 $PW - "an EC P-256 key with its chain" \
    -inkey ec-leaf.key -in ec-leaf.crt -certfile ec-cas.crt -name ec-server -passout pass:$PW
ex openssl-pbe-3des-sha1.p12 $PW - "-keypbe/-certpbe PBE-SHA1-3DES, -macalg sha1" \
    $L -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -passout pass:$PW
ex openssl-aes128-sha1prf.p12 $PW - "PBES2 AES-128-CBC with hmacWithSHA1 (-keypbe aes-128-cbc)" \
    $L -keypbe aes-128-cbc -certpbe aes-128-cbc -passout pass:$PW
ex openssl-key-rc4.p12 $PW -legacy "-keypbe PBE-SHA1-RC4-128 (legacy)" \
    $L -keypbe PBE-SHA1-RC4-128 -certpbe PBE-SHA1-RC2-128 -legacy -passout pass:$PW

# --- Java keytool ------------------------------------------------------------------
if command -v keytool >/dev/null 2>&1; then
    kt() { keytool "$@" >/dev/null 2>&1; }
    kt -genkeypair -storetype PKCS12 -keystore "$out/java-key.p12" -storepass javapass -alias server \
        -keyalg RSA -keysize 2048 -dname "CN=java.example.com, O=certkit test" -validity 365
    add java-key.p12 javapass - "Java keytool: a key entry (PBES2 / HMAC-SHA256 in JDK 17)"
    cp "$out/java-key.p12" "$work/two.p12"
    kt -genkeypair -storetype PKCS12 -keystore "$work/two.p12" -storepass javapass -alias second \
        -keyalg EC -groupname secp256r1 -dname "CN=second.example.com" -validity 365
    cp "$work/two.p12" "$out/java-2keys.p12"
    add java-2keys.p12 javapass - "Java keytool: two key entries (RSA and EC)"
    kt -importcert -noprompt -storetype PKCS12 -keystore "$out/java-trust.p12" -storepass changeit \
        -alias root -file rsa-root.crt
    kt -importcert -noprompt -storetype PKCS12 -keystore "$out/java-trust.p12" -storepass changeit \
        -alias inter -file rsa-inter.crt
    add java-trust.p12 changeit - "Java keytool trust store: two trusted certificates (Oracle attribute)"
    kt -importkeystore -noprompt -srckeystore "$out/openssl-chain.p12" -srcstoretype PKCS12 \
        -srcstorepass $PW -destkeystore "$out/java-legacy.p12" -deststoretype PKCS12 -deststorepass javapass \
        -J-Dkeystore.pkcs12.legacy=true
    [ -f "$out/java-legacy.p12" ] && add java-legacy.p12 javapass -legacy \
        "Java keytool with keystore.pkcs12.legacy: RC2-40 certificates, 3DES key, SHA-1 MAC"
fi

# --- GnuTLS certtool ---------------------------------------------------------------
if command -v certtool >/dev/null 2>&1; then
    gt() { certtool --to-p12 --load-privkey rsa-leaf.key --load-certificate rsa-leaf.crt \
        --p12-name server --outder "$@" >/dev/null 2>&1; }
    gt --password "$PW" --outfile "$out/gnutls.p12" && add gnutls.p12 $PW - "GnuTLS certtool --to-p12"
    gt --empty-password --outfile "$out/gnutls-empty-pw.p12" && \
        add gnutls-empty-pw.p12 "(empty)" - "certtool --empty-password"
    gt --null-password --outfile "$out/gnutls-null-pw.p12" && \
        add gnutls-null-pw.p12 "(none)" - "certtool --null-password: the absent password"
    certtool --to-p12 --load-privkey rsa-leaf.key --load-certificate rsa-leaf.crt \
        --load-ca-certificate rsa-cas.crt --p12-name server --outder --password "$PW" \
        --outfile "$out/gnutls-chain.p12" >/dev/null 2>&1 && \
        add gnutls-chain.p12 $PW - "certtool --to-p12 with the CA certificates"
fi

# --- python3 cryptography ----------------------------------------------------------
py=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import cryptography' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
    "$py" - "$out" <<'EOF'
import sys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
out = sys.argv[1]
key = serialization.load_pem_private_key(open("rsa-leaf.key", "rb").read(), None)
leaf = x509.load_pem_x509_certificate(open("rsa-leaf.crt", "rb").read())
cas = [x509.load_pem_x509_certificate(open(n, "rb").read()) for n in ("rsa-inter.crt", "rsa-root.crt")]
s = serialization.pkcs12.serialize_key_and_certificates
open(out + "/pyca-best.p12", "wb").write(s(b"server", key, leaf, cas, serialization.BestAvailableEncryption(b"secret")))
open(out + "/pyca-none.p12", "wb").write(s(b"server", key, leaf, cas, serialization.NoEncryption()))
EOF
    add pyca-best.p12 $PW - "python3 cryptography BestAvailableEncryption, with CA certificates"
    add pyca-none.p12 "(none)" - "python3 cryptography NoEncryption"
fi

# --- hostile fixtures: a small DER rewriter ----------------------------------------
hl="$out/HOSTILE.tsv"
printf 'file\tpassword\twant\n' > "$hl"
python3 - "$out" <<'EOF'
import sys, os
out = sys.argv[1]

def parse(b, i=0, end=None):
    """DER to a tree of [tag, children-or-bytes]; constructed elements become lists."""
    end = len(b) if end is None else end
    items = []
    while i < end:
        t = b[i]; i += 1
        l = b[i]; i += 1
        if l & 0x80:
            n = l & 0x7f; l = int.from_bytes(b[i:i+n], "big"); i += n
        v = b[i:i+l]
        items.append([t, parse(b, i, i + l) if t & 0x20 else v])
        i += l
    return items

def enc_len(n):
    if n < 0x80: return bytes([n])
    s = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(s)]) + s

def ser(items):
    o = b""
    for t, v in items:
        body = ser(v) if isinstance(v, list) else v
        o += bytes([t]) + enc_len(len(body)) + body
    return o

def load(n): return parse(open(os.path.join(out, n), "rb").read())
def save(n, tree): open(os.path.join(out, n), "wb").write(ser(tree))

# PFX ::= SEQUENCE { version, authSafe ContentInfo, macData }; an element is [tag, value]
def pfx(t): return t[0][1]                       # [version, authSafe, macData]
def auth_octets(t): return pfx(t)[1][1][1][1][0] # authSafe.content [0] -> OCTET STRING element
def mac_data(t): return pfx(t)[2][1]             # [DigestInfo, macSalt, iterations]
def safes(asafe): return asafe[0][1]             # AuthenticatedSafe: [ContentInfo...]
def eci_alg(ci):                                 # encryptedData ContentInfo -> AlgorithmIdentifier
    enc_data = ci[1][1][1][0]                    # content [0] -> EncryptedData
    return enc_data[1][1][1][1]                  # encryptedContentInfo.contentEncryptionAlgorithm

# iteration bomb: MAC iterations 2^31-1 (the MAC itself need not be right: it is refused first)
t = load("openssl-legacy.p12")
mac_data(t)[2] = [0x02, (2**31 - 1).to_bytes(4, "big")]
save("hostile-iter-bomb-mac.p12", t)
# iteration bomb in the encrypted safe's PBES2 parameters (and the MAC removed)
t = load("openssl-default.p12")
del pfx(t)[2]
asafe = parse(auth_octets(t)[1])
ENC = bytes.fromhex("2a864886f70d010706")       # encryptedData
alg = eci_alg([ci for ci in safes(asafe) if ci[1][0][1] == ENC][0])
pbkdf2 = alg[1][1][1][0][1][1][1]                # PBES2-params.keyDerivationFunc.parameters content
pbkdf2[1] = [0x02, (2**31 - 1).to_bytes(4, "big")]
auth_octets(t)[1] = ser(asafe)
save("hostile-iter-bomb-safe.p12", t)
# version 2
t = load("openssl-default.p12")
pfx(t)[0] = [0x02, b"\x02"]
save("hostile-version2.p12", t)
# envelopedData in the AuthenticatedSafe
t = load("openssl-default.p12")
asafe = parse(auth_octets(t)[1])
safes(asafe)[0][1][0] = [0x06, bytes.fromhex("2a864886f70d010703")]
auth_octets(t)[1] = ser(asafe)
save("hostile-enveloped.p12", t)
# a flipped byte in the MAC value
t = load("openssl-default.p12")
dig = mac_data(t)[0][1][1]
d = bytearray(dig[1]); d[5] ^= 0x01; dig[1] = bytes(d)
save("hostile-mac-flipped.p12", t)
# a flipped byte in the authenticated content (the file was altered)
t = load("openssl-default.p12")
a = bytearray(auth_octets(t)[1]); a[len(a) // 2] ^= 0x80
auth_octets(t)[1] = bytes(a)
save("hostile-content-flipped.p12", t)
# truncated: the first half of a good file
b = open(os.path.join(out, "openssl-default.p12"), "rb").read()
open(os.path.join(out, "hostile-truncated.p12"), "wb").write(b[: len(b) // 2])
# trailing garbage after a good PFX: a warning, not an error
open(os.path.join(out, "trailing-bytes.p12"), "wb").write(b + b"\x00garbage\n")
# BER: the outer SEQUENCE and the authSafe in indefinite-length form, the data as a
# constructed OCTET STRING in 100-byte segments (what Java and NSS write)
def ber(items, segment_at=()):
    o = b""
    for t, v in items:
        if isinstance(v, list):
            o += bytes([t, 0x80]) + ber(v) + b"\x00\x00"
        elif t == 0x04 and len(v) > 100:
            segs = b"".join(bytes([0x04]) + enc_len(len(v[i:i+100])) + v[i:i+100] for i in range(0, len(v), 100))
            o += bytes([0x24, 0x80]) + segs + b"\x00\x00"
        else:
            o += bytes([t]) + enc_len(len(v)) + v
    return o
t = load("openssl-legacy.p12")
open(os.path.join(out, "ber-indefinite.p12"), "wb").write(ber(t))
EOF
printf '%s\t%s\t%s\n' hostile-iter-bomb-mac.p12 $PW "iteration count 2147483647 is over the limit" >> "$hl"
printf '%s\t%s\t%s\n' hostile-iter-bomb-safe.p12 $PW "iteration count 2147483647 is over the limit" >> "$hl"
printf '%s\t%s\t%s\n' hostile-version2.p12 $PW "version 2: a PFX must be version 3" >> "$hl"
printf '%s\t%s\t%s\n' hostile-enveloped.p12 $PW "public-key encrypted PFX: not supported" >> "$hl"
printf '%s\t%s\t%s\n' hostile-mac-flipped.p12 $PW "wrong password, or the file was altered" >> "$hl"
printf '%s\t%s\t%s\n' hostile-content-flipped.p12 $PW "wrong password, or the file was altered" >> "$hl"
printf '%s\t%s\t%s\n' hostile-truncated.p12 $PW "truncated|runs past|past the end" >> "$hl"
add trailing-bytes.p12 $PW - "a good PFX followed by 9 bytes: a warning"
add ber-indefinite.p12 $PW -legacy "the -legacy file rewritten in BER (indefinite lengths, segmented strings)"

chmod 644 "$out"/*
echo "gen-pkcs12: $(ls "$out" | grep -c '\.p12$') fixtures in testdata/pkcs12 (the make-run sample: gen-sample.sh)"
