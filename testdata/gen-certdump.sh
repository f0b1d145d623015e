#!/bin/sh
# Generates the certdump fixtures in testdata/certdump/ with the openssl command.
# The generated files are committed: keys are random, so regenerating changes every
# golden file (tests/cli/t_certdump.sh --regen rewrites them).  Validity dates are
# fixed (openssl ca -startdate/-enddate) so that output under --at is stable.
#
#   sh testdata/gen-certdump.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/certdump}
mkdir -p "$out"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"

# ---------------------------------------------------------------- configuration
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = yes
preserve = yes
[ policy_any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
[ req ]
distinguished_name = dn
prompt = no
utf8 = yes
string_mask = utf8only
[ dn ]
CN = placeholder

# -- a root CA: basicConstraints with pathlen, name constraints, policies
[ ext_ca ]
basicConstraints = critical,CA:true,pathlen:1
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical,@nc
certificatePolicies = 2.5.29.32.0
[ nc ]
permitted;DNS.0 = example.com
permitted;DNS.1 = .example.org
permitted;IP.0 = 192.168.0.0/255.255.0.0
permitted;IP.1 = 2001:db8::/ffff:ffff::
permitted;email.0 = example.com
excluded;DNS.0 = bad.example.com
excluded;dirName.0 = nc_dir
[ nc_dir ]
O = Excluded Org

# -- a leaf with a SAN of every GeneralName type, EKUs, AIA, CRL DP, policies
[ ext_leaf ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyAgreement
extendedKeyUsage = serverAuth,clientAuth,1.3.6.1.4.1.311.10.3.4,1.2.3.4.5
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always,issuer:always
2.5.29.17 = ASN1:SEQUENCE:san
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/,caIssuers;URI:http://ca.example.com/root.crt
crlDistributionPoints = URI:http://crl.example.com/root.crl,URI:ldap://ldap.example.com/cn=Root%2Cdc=example%2Cdc=com?certificateRevocationList
certificatePolicies = ia5org,1.3.6.1.4.1.99999.1.2,@pol_cps
nsComment = certdump fixture
[ pol_cps ]
policyIdentifier = 2.23.140.1.2.2
CPS.1 = https://ca.example.com/cps
userNotice.1 = @notice
[ notice ]
explicitText = "UTF8:Certificats délivrés pour les tests"
organization = Example CA
noticeNumbers = 1, 2
[ san ]
dns = IMPLICIT:2,IA5STRING:www.example.com
dns2 = IMPLICIT:2,IA5STRING:*.example.com
ip4 = IMPLICIT:7,FORMAT:HEX,OCTETSTRING:c0a80001
ip6 = IMPLICIT:7,FORMAT:HEX,OCTETSTRING:20010db8000000000000000000000001
email = IMPLICIT:1,IA5STRING:admin@example.com
uri = IMPLICIT:6,IA5STRING:https://www.example.com/
rid = IMPLICIT:8,OID:1.2.3.4.5.6
upn = IMPLICIT:0,SEQUENCE:upn
dirname = EXPLICIT:4,SEQUENCE:dirname
x400 = IMPLICIT:3,SEQUENCE:x400
edi = IMPLICIT:5,SEQUENCE:edi
[ upn ]
type = OID:1.3.6.1.4.1.311.20.2.3
value = EXPLICIT:0,UTF8String:user@example.com
[ dirname ]
rdn1 = SET:rdn_c
rdn2 = SET:rdn_o
[ rdn_c ]
atv = SEQUENCE:atv_c
[ atv_c ]
t = OID:countryName
v = PRINTABLESTRING:DE
[ rdn_o ]
atv = SEQUENCE:atv_o
[ atv_o ]
t = OID:organizationName
v = UTF8String:Dir Name GmbH
[ x400 ]
bsa = SEQUENCE:x400_bsa
[ x400_bsa ]
country = EXPLICIT:1A,PRINTABLESTRING:DE
[ edi ]
party = EXPLICIT:1,UTF8String:EDI party

# -- Ed25519 self-signed, short
[ ext_ed ]
basicConstraints = critical,CA:true
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash

# -- RSA-PSS leaf
[ ext_pss ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth,emailProtection
subjectAltName = email:pss@example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

# -- BMPString names
[ ext_bmp ]
subjectAltName = DNS:bmp.example.com
CNF

init_ca() {
    rm -rf index.txt index.txt.attr newcerts serial
    mkdir -p newcerts
    : > index.txt
    echo "unique_subject = no" > index.txt.attr
    echo "$1" > serial
}

# ca SUBJECT KEY CSRKEY SIGNER_CERT SIGNER_KEY EXT START END OUT [extra ca options]
# SIGNER_CERT "self" makes a self-signed certificate.
sign() {
    subj=$1 key=$2 signcert=$3 signkey=$4 ext=$5 start=$6 end=$7 outf=$8
    shift 8
    openssl req -new -config ca.cnf -key "$key" -subj "$subj" -utf8 -out req.pem
    if [ "$signcert" = self ]; then
        openssl ca -batch -config ca.cnf -selfsign -keyfile "$signkey" -in req.pem \
            -startdate "$start" -enddate "$end" ${ext:+-extensions "$ext"} -utf8 -preserveDN \
            -notext "$@" -out "$outf" 2>ca.log || { cat ca.log >&2; exit 1; }
    else
        openssl ca -batch -config ca.cnf -cert "$signcert" -keyfile "$signkey" -in req.pem \
            -startdate "$start" -enddate "$end" ${ext:+-extensions "$ext"} -utf8 -preserveDN \
            -notext "$@" -out "$outf" 2>ca.log || { cat ca.log >&2; exit 1; }
    fi
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key
openssl genpkey -algorithm ED25519 -out ed.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out pss.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out v1.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out bmp.key

# 1. RSA root CA, 2020-2040
init_ca 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567
sign "/C=US/O=Example CA/OU=Certdump Fixtures/CN=Example Root CA" rsa.key self rsa.key ext_ca \
    20200101000000Z 20400101000000Z rsa-ca.pem

# 2. EC P-256 leaf with every SAN type, issued by the root; expired in 2025
init_ca 7f
sign "/C=US/ST=California/L=San Francisco/O=Example Inc./CN=www.example.com/emailAddress=admin@example.com" \
    ec.key rsa-ca.pem rsa.key ext_leaf 20240101120000Z 20250101120000Z ec-leaf.pem

# 3. Ed25519, self-signed, GeneralizedTime beyond 2049
init_ca 01
sign "/CN=Ed25519 Test/O=Example" ed.key self ed.key ext_ed 20230615000000Z 20510615000000Z ed25519.pem

# 4. RSA-PSS signed leaf (SHA-256, MGF1-SHA-256, salt 32)
init_ca 1000
sign "/CN=PSS Client/O=Example" pss.key rsa-ca.pem rsa.key ext_pss 20250101000000Z 20300101000000Z \
    rsa-pss.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256

# 5. v1 certificate (no extensions)
init_ca 05
sign "/C=GB/O=Legacy/CN=Version One" v1.key self v1.key "" 19991231235959Z 20491231235959Z v1.pem

# 6. BMPString names (string_mask = MASK:0x800 forces BMPString)
sed 's/^string_mask = utf8only/string_mask = MASK:0x800/' ca.cnf > bmp.cnf
init_ca 0bb0
openssl req -new -config bmp.cnf -key bmp.key -utf8 -subj "/O=Zürich Büro/CN=東京 テスト" -out req.pem
openssl ca -batch -config bmp.cnf -selfsign -keyfile bmp.key -in req.pem -startdate 20240301000000Z \
    -enddate 20340301000000Z -extensions ext_bmp -utf8 -preserveDN -notext -out bmp.pem 2>/dev/null

# 7. negative serial: the Ed25519 certificate re-signed with serial -0x12d687
openssl x509 -in ed25519.pem -key ed.key -set_serial -1234567 -preserve_dates -out negserial.pem

# ----------------------------------------------------------- derived inputs
cp rsa-ca.pem ec-leaf.pem ed25519.pem rsa-pss.pem v1.pem bmp.pem negserial.pem "$out"/
openssl x509 -in ec-leaf.pem -outform DER -out "$out"/ec-leaf.der
cat ec-leaf.pem rsa-ca.pem > "$out"/bundle.pem
openssl crl2pkcs7 -nocrl -certfile ec-leaf.pem -certfile rsa-ca.pem -out "$out"/bundle.p7b
openssl crl2pkcs7 -nocrl -certfile ec-leaf.pem -certfile rsa-ca.pem -outform DER -out "$out"/bundle.p7b.der
# a CRL, a request and a key: certdump names them and the tool to use
init_ca 01
openssl ca -batch -config ca.cnf -gencrl -cert rsa-ca.pem -keyfile rsa.key \
    -crl_lastupdate 20250101000000Z -crl_nextupdate 20250201000000Z -out "$out"/crl.pem 2>/dev/null
openssl req -new -config ca.cnf -key ec.key -subj "/CN=request" -out "$out"/request.csr
cp ec.key "$out"/key.pem
# malformed: a truncated DER certificate, and a bundle whose middle certificate is damaged
head -c 300 "$out"/ec-leaf.der > "$out"/truncated.der
{
    cat rsa-ca.pem
    # ec-leaf with its DER cut short, re-armoured as PEM
    printf -- '-----BEGIN CERTIFICATE-----\n'
    head -c 500 "$out"/ec-leaf.der | openssl base64
    printf -- '-----END CERTIFICATE-----\n'
    cat ed25519.pem
} > "$out"/bad-middle.pem
# a certificate whose notBefore month is 13 (framing intact, content invalid)
openssl x509 -in v1.pem -outform DER | LC_ALL=C sed 's/991231235959Z/991331235959Z/' > "$out"/badtime.der
echo "fixtures written to $out"
