#!/bin/sh
# Generates the csrdump and crldump fixtures: testdata/csr/ and testdata/crl/.
# openssl makes the keys, requests, certificates and CRLs (openssl ca -gencrl over an
# index.txt written here, so revocation dates are fixed); what openssl cannot make
# (Microsoft request attributes, an indirect CRL with certificateIssuer, a delta CRL
# with removeFromCRL) is written as DER by a small python3 program (standard library
# only) and signed with `openssl dgst -sign`.  The generated files are committed:
# keys are random, so regenerating changes the golden files (REGEN=1 in the tests).
#
#   sh testdata/gen-csr-crl.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
csr=$here/csr
crl=$here/crl
rm -rf "$csr" "$crl"
mkdir -p "$csr" "$crl"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"

# ------------------------------------------------------------ a DER writer
cat > mkder.py <<'PY'
"""Tiny DER writer for fixtures the openssl command cannot make.
usage: mkder.py KIND ARGS...   (writes DER to stdout)"""
import sys, binascii

def L(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b
def tlv(tag, body): return bytes([tag]) + L(len(body)) + body
def seq(*p): return tlv(0x30, b''.join(p))
def set_(*p): return tlv(0x31, b''.join(sorted(p)))
def integer(v):
    n = max(1, (v.bit_length() + 8) // 8) if v >= 0 else max(1, ((-v - 1).bit_length() + 8) // 8)
    return tlv(0x02, v.to_bytes(n, 'big', signed=True))
def oid(d):
    a = [int(x) for x in d.split('.')]
    out = bytes([a[0] * 40 + a[1]])
    for x in a[2:]:
        enc = [x & 0x7f]
        x >>= 7
        while x:
            enc.append(0x80 | (x & 0x7f)); x >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)
def utf8(s): return tlv(0x0c, s.encode())
def prn(s): return tlv(0x13, s.encode())
def ia5(s): return tlv(0x16, s.encode())
def bmp(s): return tlv(0x1e, s.encode('utf-16-be'))
def octets(b): return tlv(0x04, b)
def bits(b): return tlv(0x03, b'\x00' + b)
def boolean(v): return tlv(0x01, b'\xff' if v else b'\x00')
def utc(s): return tlv(0x17, s.encode())
def gen(s): return tlv(0x18, s.encode())
def enum(v): return tlv(0x0a, bytes([v]))
def ctx(n, body, cons=True): return tlv((0xa0 if cons else 0x80) | n, body)
def name(*rdns):
    return seq(*[set_(seq(oid(t), utf8(v) if t != '2.5.4.6' else prn(v))) for t, v in rdns])
def ext(o, val, crit=False):
    return seq(oid(o), *( [boolean(True)] if crit else [] ), octets(val))
def attr(o, *vals): return seq(oid(o), set_(*vals))

SHA256RSA = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, b''))
CN = '2.5.4.3'; O = '2.5.4.10'; C = '2.5.4.6'

def rd(p): return open(p, 'rb').read()

kind = sys.argv[1]
out = sys.stdout.buffer
if kind == 'ms-csr-info':
    spki = rd(sys.argv[2])
    san = seq(ctx(2, b'web01.corp.example.com', False), ctx(2, b'web.corp.example.com', False))
    exts = seq(ext('2.5.29.17', san),
               ext('1.3.6.1.4.1.311.20.2', bmp('WebServer')),
               ext('2.5.29.15', tlv(0x03, b'\x05\xa0'), True))
    attrs = [
        attr('1.3.6.1.4.1.311.13.2.3', ia5('10.0.19045.2')),
        attr('1.3.6.1.4.1.311.21.20', seq(integer(5), utf8('WS01.corp.example.com'),
                                          utf8('CORP\\alice'), utf8('certreq.exe'))),
        attr('1.3.6.1.4.1.311.13.2.2', seq(integer(1),
                                           bmp('Microsoft Enhanced Cryptographic Provider v1.0'),
                                           bits(b''))),
        attr('1.3.6.1.4.1.311.13.2.1', seq(bmp('CertificateTemplate'), bmp('WebServer'))),
        attr('1.3.6.1.4.1.311.21.7', seq(oid('1.3.6.1.4.1.311.21.8.1.2.3'), integer(100), integer(4))),
        attr('1.2.3.4.5.6', integer(42)),
        attr('1.2.840.113549.1.9.14', exts),
    ]
    out.write(seq(integer(0), name((C, 'US'), (O, 'Example Corp'), (CN, 'web01.corp.example.com')),
                  spki, ctx(0, b''.join(attrs))))
elif kind == 'badattr-csr-info':
    spki = rd(sys.argv[2])
    attrs = [attr('1.3.6.1.4.1.311.21.20', seq(octets(b'\x05'), utf8('host'))),   # clientId not an INTEGER
             attr('1.2.840.113549.1.9.7', utf8('pw-in-bad-file'))]
    out.write(seq(integer(0), name((CN, 'bad attribute')), spki, ctx(0, b''.join(attrs))))
elif kind == 'indirect-tbs':
    # An indirect CRL (RFC 5280 5.3.3) of "CN=CRL Test CA" that also speaks for "CN=Other CA"
    issuer = name((C, 'US'), (O, 'Example'), (CN, 'CRL Test CA'))
    other = name((C, 'US'), (O, 'Example'), (CN, 'Other CA'))
    aki = rd(sys.argv[2])
    entries = seq(
        seq(integer(0x1001), utc('250301120000Z'), seq(ext('2.5.29.21', enum(1)))),
        seq(integer(0x2002), utc('250302120000Z'),
            seq(ext('2.5.29.21', enum(4)), ext('2.5.29.29', seq(ctx(4, other)), True))),
        seq(integer(0x2003), utc('250303120000Z'), seq(ext('2.5.29.21', enum(5)))),
    )
    idp = seq(ctx(4, boolean(True)[2:], False))       # indirectCRL [4] BOOLEAN TRUE
    exts = seq(ext('2.5.29.35', seq(ctx(0, aki, False))), ext('2.5.29.20', integer(7)),
               ext('2.5.29.28', idp, True))
    out.write(seq(integer(1), SHA256RSA, issuer, utc('250401000000Z'), utc('350401000000Z'),
                  entries, ctx(0, exts)))
elif kind == 'delta-tbs':
    issuer = name((C, 'US'), (O, 'Example'), (CN, 'CRL Test CA'))
    aki = rd(sys.argv[2])
    entries = seq(
        seq(integer(0x1002), utc('250310000000Z'), seq(ext('2.5.29.21', enum(8)))),   # removeFromCRL
        seq(integer(0x1005), gen('20250311000000Z'),
            seq(ext('2.5.29.21', enum(3)), ext('2.5.29.24', gen('20250301000000Z')))),
    )
    exts = seq(ext('2.5.29.35', seq(ctx(0, aki, False))), ext('2.5.29.20', integer(9)),
               ext('2.5.29.27', integer(8), True))
    out.write(seq(integer(1), SHA256RSA, issuer, utc('250315000000Z'), utc('350315000000Z'),
                  entries, ctx(0, exts)))
elif kind == 'wrap':
    # wrap TBS SIG: SEQUENCE { tbs, sha256WithRSAEncryption, BIT STRING sig }
    out.write(seq(rd(sys.argv[2]), SHA256RSA, bits(rd(sys.argv[3]))))
elif kind == 'ski':
    # the keyIdentifier of a certificate's SKI extension (DER in argv[2]), raw
    d = rd(sys.argv[2])
    i = d.find(bytes.fromhex('0603551d0e'))
    o = d[i + 5:]
    # OCTET STRING { OCTET STRING keyid }
    assert o[0] == 4
    inner = o[2:]
    assert inner[0] == 4
    out.write(inner[2:2 + inner[1]])
else:
    sys.exit('unknown kind ' + kind)
PY
der() { python3 mkder.py "$@"; }
flip_last() {   # IN OUT: flips one bit of the last byte (inside the signature)
    python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); d[-1]^=1; open(sys.argv[2],"wb").write(d)' "$1" "$2"
}

# =================================================================== requests
cat > req.cnf <<'CNF'
[ req ]
distinguished_name = dn
attributes = attrs
prompt = no
utf8 = yes
string_mask = utf8only
[ dn ]
C = US
ST = California
O = Example Inc.
CN = www.example.com
[ attrs ]
challengePassword = s3cret-Passw0rd
unstructuredName = Example Unstructured Name
[ ext_rsa ]
subjectAltName = DNS:www.example.com,DNS:example.com,IP:192.0.2.10,IP:2001:db8::1,email:admin@example.com,URI:https://example.com/
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
basicConstraints = critical,CA:false
subjectKeyIdentifier = hash
[ ext_ec ]
subjectAltName = DNS:ec.example.com,DNS:*.ec.example.com
extendedKeyUsage = serverAuth
[ ext_ed ]
subjectAltName = email:ed@example.com
CNF
cat > req-plain.cnf <<'CNF'
[ req ]
distinguished_name = dn
prompt = no
utf8 = yes
[ dn ]
CN = no attributes
CNF

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key
openssl genpkey -algorithm ED25519 -out ed.key
openssl req -new -config req.cnf -key rsa.key -reqexts ext_rsa -sha256 -out "$csr/rsa.csr"
openssl req -new -config req.cnf -key ec.key -reqexts ext_ec -sha384 -outform DER -out "$csr/ec.der"
openssl req -new -config req.cnf -key ed.key -reqexts ext_ed -subj "/O=Example/CN=Ed25519 Request" -out "$csr/ed25519.csr"
openssl req -new -config req.cnf -key rsa.key -reqexts ext_ec -sigopt rsa_padding_mode:pss \
    -sigopt rsa_pss_saltlen:32 -sha256 -subj "/CN=pss.example.com" -out "$csr/rsa-pss.csr"
openssl req -new -config req-plain.cnf -key ec.key -out "$csr/noattrs.csr"
sed 's/CERTIFICATE REQUEST/NEW CERTIFICATE REQUEST/' "$csr/rsa.csr" > "$csr/new-label.csr"
openssl req -in "$csr/rsa.csr" -outform DER -out rsa.der
flip_last rsa.der bad.der
openssl req -inform DER -in bad.der -out "$csr/badsig.csr"
# Microsoft attributes (an enrollment client's request), signed with the RSA key
openssl pkey -in rsa.key -pubout -outform DER -out rsa.spki
der ms-csr-info rsa.spki > ms.info
openssl dgst -sha256 -sign rsa.key -out ms.sig ms.info
der wrap ms.info ms.sig > ms.der
openssl req -inform DER -in ms.der -out "$csr/ms.csr"
# a malformed attribute value (a warning, not an error)
der badattr-csr-info rsa.spki > ba.info
openssl dgst -sha256 -sign rsa.key -out ba.sig ba.info
der wrap ba.info ba.sig > "$csr/badattr.der"
# two requests in one file, and a certificate (a wrong kind for csrdump)
cat "$csr/rsa.csr" "$csr/ed25519.csr" > "$csr/two.pem"
# truncated DER
head -c 200 rsa.der > "$csr/truncated.der"
for f in rsa.csr ed25519.csr rsa-pss.csr noattrs.csr new-label.csr ms.csr; do
    openssl req -verify -noout -in "$csr/$f" 2>/dev/null || { echo "gen: $f does not verify" >&2; exit 1; }
done
openssl req -verify -noout -inform DER -in "$csr/ec.der" 2>/dev/null
openssl req -verify -noout -inform DER -in "$csr/badattr.der" 2>/dev/null

# ======================================================================= CRLs
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
crlnumber = crlnumber
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
preserve = yes
[ policy_any ]
countryName = optional
organizationName = optional
commonName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ ext_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ext_leaf ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://crl.example.com/ca.crl
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ crl_ext_idp ]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp
[ idp ]
fullname = URI:http://crl.example.com/ca.crl
onlysomereasons = keyCompromise,CACompromise,superseded
CNF

# ca DIR SUBJ KEYALG: a self-signed CA in its own openssl ca directory
mkca() {
    mkdir -p "$1/newcerts"
    : > "$1/index.txt"
    echo "unique_subject = no" > "$1/index.txt.attr"
    echo 1000 > "$1/serial"
    echo 01 > "$1/crlnumber"
    cp ca.cnf "$1/"
    (cd "$1" &&
        openssl genpkey $3 -out ca.key 2>/dev/null &&
        openssl req -new -config ca.cnf -key ca.key -subj "$2" -out ca.req &&
        openssl ca -batch -config ca.cnf -selfsign -keyfile ca.key -in ca.req -extensions ext_ca \
            -startdate 20240101000000Z -enddate 20440101000000Z -notext -out ca.pem 2>/dev/null)
}
# leaf DIR SERIAL(hex) SUBJ OUT: a certificate from that CA with that serial
leaf() {
    echo "$2" > "$1/serial"
    (cd "$1" &&
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out leaf.key &&
        openssl req -new -config ca.cnf -key leaf.key -subj "$3" -out leaf.req &&
        openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in leaf.req -extensions ext_leaf \
            -startdate 20240601000000Z -enddate 20340601000000Z -notext -out "$4" 2>/dev/null)
}
mkca rsa "/C=US/O=Example/CN=CRL Test CA" "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"
mkca ec "/C=US/O=Example/CN=CRL Test EC CA" "-algorithm EC -pkeyopt ec_paramgen_curve:P-256"
mkca other "/C=US/O=Example/CN=Other CA" "-algorithm EC -pkeyopt ec_paramgen_curve:P-256"
mkca v1 "/C=US/O=Example/CN=CRL v1 CA" "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"

leaf rsa 1001 "/CN=revoked.example.com" "$crl/revoked.pem"
leaf rsa 1002 "/CN=hold.example.com" "$crl/hold.pem"
leaf rsa 1003 "/CN=superseded.example.com" "$crl/superseded.pem"
leaf rsa 1004 "/CN=good.example.com" "$crl/good.pem"
leaf other 1001 "/CN=other.example.com" "$crl/other.pem"
leaf other 2003 "/CN=other2.example.com" "$crl/other2.pem"
leaf ec 0a "/CN=ec-leaf.example.com" "$crl/ec-leaf.pem"
cp rsa/ca.pem "$crl/ca.pem"
cp ec/ca.pem "$crl/ec-ca.pem"
cp other/ca.pem "$crl/other-ca.pem"
cp v1/ca.pem "$crl/v1-ca.pem"

# index.txt with fixed revocation times (openssl ca -revoke would stamp "now")
subj() { openssl x509 -in "$1" -noout -subject -nameopt compat | sed 's/^subject=//'; }
{
    printf 'R\t340601000000Z\t250201101500Z,keyTime,20250130000000Z\t1001\tunknown\t%s\n' "$(subj "$crl/revoked.pem")"
    printf 'R\t340601000000Z\t250202110000Z,holdInstruction,holdInstructionReject\t1002\tunknown\t%s\n' "$(subj "$crl/hold.pem")"
    printf 'R\t340601000000Z\t250203120000Z,superseded\t1003\tunknown\t%s\n' "$(subj "$crl/superseded.pem")"
    printf 'V\t340601000000Z\t\t1004\tunknown\t%s\n' "$(subj "$crl/good.pem")"
    printf 'R\t340601000000Z\t250204000000Z,cessationOfOperation\t10FF\tunknown\t/CN=gone.example.com\n'
    printf 'R\t340601000000Z\t250205000000Z\tABCDEF0123456789ABCDEF0123456789ABCDEF01\tunknown\t/CN=long-serial.example.com\n'
} > rsa/index.txt
echo 05 > rsa/crlnumber
(cd rsa &&
    openssl ca -batch -config ca.cnf -gencrl -crlexts crl_ext -crl_lastupdate 250301000000Z \
        -crl_nextupdate 350301000000Z -out "$crl/v2.crl" 2>/dev/null &&
    openssl ca -batch -config ca.cnf -gencrl -crlexts crl_ext_idp -crl_lastupdate 250301000000Z \
        -crl_nextupdate 250401000000Z -out "$crl/idp-short.crl" 2>/dev/null)
openssl crl -in "$crl/v2.crl" -outform DER -out "$crl/v2.der"
# the EC CA: one revoked leaf, affiliationChanged
printf 'R\t340601000000Z\t250210000000Z,affiliationChanged\t0A\tunknown\t%s\n' "$(subj "$crl/ec-leaf.pem")" > ec/index.txt
(cd ec && openssl ca -batch -config ca.cnf -gencrl -crlexts crl_ext -crl_lastupdate 250301000000Z \
    -crl_nextupdate 350301000000Z -out "$crl/ec.crl" 2>/dev/null)
# v1: no extensions at all (no crlnumber file, no crl extensions, no reasons)
printf 'R\t340601000000Z\t250101000000Z\t01\tunknown\t/CN=one\nR\t340601000000Z\t250102000000Z\t02\tunknown\t/CN=two\n' > v1/index.txt
rm -f v1/crlnumber
sed -i 's/^crlnumber = crlnumber$//' v1/ca.cnf
(cd v1 && openssl ca -batch -config ca.cnf -gencrl -crl_lastupdate 250301000000Z \
    -crl_nextupdate 350301000000Z -out "$crl/v1.crl" 2>/dev/null)
# empty v2 CRL (no revokedCertificates)
: > other/index.txt
(cd other && openssl ca -batch -config ca.cnf -gencrl -crlexts crl_ext -crl_lastupdate 250301000000Z \
    -crl_nextupdate 350301000000Z -out "$crl/empty.crl" 2>/dev/null)

# indirect CRL and delta CRL, written by mkder.py, signed by the RSA CA
der ski rsa/ca.pem > /dev/null 2>&1 || true
openssl x509 -in rsa/ca.pem -outform DER -out rsa/ca.der
der ski rsa/ca.der > rsa.ski
der indirect-tbs rsa.ski > ind.tbs
openssl dgst -sha256 -sign rsa/ca.key -out ind.sig ind.tbs
der wrap ind.tbs ind.sig > ind.der
openssl crl -inform DER -in ind.der -out "$crl/indirect.crl"
der delta-tbs rsa.ski > delta.tbs
openssl dgst -sha256 -sign rsa/ca.key -out delta.sig delta.tbs
der wrap delta.tbs delta.sig > "$crl/delta.der"

# a broken signature, a CRL together with its CA, certificates as a PKCS#7 bundle
flip_last "$crl/v2.der" "$crl/badsig.der"
cat "$crl/ca.pem" "$crl/v2.crl" > "$crl/with-ca.pem"
openssl crl2pkcs7 -nocrl -certfile "$crl/revoked.pem" -certfile "$crl/good.pem" \
    -certfile "$crl/other.pem" -outform DER -out "$crl/certs.p7b"
head -c 300 "$crl/v2.der" > "$crl/truncated.der"
cat "$crl/ca.pem" "$crl/ec-ca.pem" "$crl/other-ca.pem" > "$crl/cas.pem"

for f in v2.crl idp-short.crl indirect.crl; do
    openssl crl -noout -in "$crl/$f" -CAfile "$crl/ca.pem" 2>/dev/null || { echo "gen: $f does not verify" >&2; exit 1; }
done
openssl crl -noout -inform DER -in "$crl/delta.der" -CAfile "$crl/ca.pem" 2>/dev/null
openssl crl -noout -in "$crl/ec.crl" -CAfile "$crl/ec-ca.pem" 2>/dev/null
openssl crl -noout -in "$crl/v1.crl" -CAfile "$crl/v1-ca.pem" 2>/dev/null
echo "fixtures written to $csr and $crl"
