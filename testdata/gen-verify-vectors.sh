#!/bin/sh
# gen-verify-vectors.sh - regenerates testdata/verify/vectors.inc, the known-answer
# vectors of tests/unit/test_verify.c, with the openssl command as the oracle.
#
# Every vector is a PKCS#10 request signed by openssl (`openssl req -new`): a real
# signed object whose signed bytes, signature AlgorithmIdentifier (with openssl's
# own RSASSA-PSS parameters) and signature BIT STRING the test cuts out with the
# DER cursor.  Every key is also written out as its SubjectPublicKeyInfo and as the
# components `openssl pkey -text` prints, so the test checks spki_decode() against
# openssl and can verify without it.
#
# Usage: sh testdata/gen-verify-vectors.sh   (from anywhere; needs openssl >= 3.0)
# Fresh keys are generated on every run: commit the output together with this script.
set -eu
cd "$(dirname "$0")"
mkdir -p verify
OUT=verify/vectors.inc
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# comp LABEL TEXTFILE: the colon-hex block openssl -text prints under "LABEL:"
comp() {
    awk -v L="$1:" '
        on && /^ +[0-9a-f][0-9a-f](:|$)/ { s = $0; gsub(/[ :]/, "", s); printf "%s", s; next }
        on { exit }
        $1 == L && NF == 1 { on = 1 }' "$2"
}

KEYS=""
# key NAME TYPE CURVE GENPKEY-ARGS...: generates a key and records its public part
key() {
    name=$1 type=$2 curve=$3
    shift 3
    openssl genpkey "$@" -out "$T/$name.pem" 2>/dev/null
    openssl pkey -in "$T/$name.pem" -pubout -outform DER -out "$T/$name.spki"
    KEYS="$KEYS $name"
    eval "TYPE_$name=\$type CURVE_$name=\$curve"
}

# rsa_exact NAME BITS: an RSA key whose modulus has exactly BITS bits (openssl may make
# one bit fewer); 2047 and 1537 (8k+1: emLen = k - 1) are the PSS edge cases
rsa_exact() {
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        key "$1" CK_KEY_RSA CK_CURVE_NONE -algorithm RSA -pkeyopt "rsa_keygen_bits:$2"
        openssl pkey -in "$T/$1.pem" -noout -text | grep -q "($2 bit" && return 0
        KEYS=${KEYS% $1}
    done
    echo "gen-verify-vectors: no $2-bit key in 20 tries" >&2
    exit 1
}

# compressed NAME FROM: the same EC key with its point in compressed form
compressed() {
    cp "$T/$2.pem" "$T/$1.pem"
    openssl ec -in "$T/$2.pem" -pubout -conv_form compressed -outform DER -out "$T/$1.spki" 2>/dev/null
    KEYS="$KEYS $1"
    eval "TYPE_$1=\$TYPE_$2 CURVE_$1=\$CURVE_$2"
}

VECS=""
# csr NAME KEY REQ-ARGS...: a request signed by KEY
csr() {
    name=$1 k=$2
    shift 2
    openssl req -new -key "$T/$k.pem" -subj "/CN=certkit verify $name/O=certkit" "$@" \
        -outform DER -out "$T/$name.csr"
    VECS="$VECS $name:$k"
}

RAWS=""
printf 'certkit: a message signed with openssl dgst\n' > "$T/msg"
: > "$T/empty"
# raw NAME KEY OID_ID PARAMS-HEX MSGFILE pkeyutl|dgst ARGS...: a bare signature over MSGFILE
raw() {
    name=$1 k=$2 oid=$3 params=$4 msg=$5
    shift 5
    case $1 in
    digestinfo) # PKCS#1 v1.5 over a DigestInfo written here (prefix hex + SHA-256 of MSGFILE)
        printf '%s%s' "$2" "$(openssl dgst -sha256 -r "$T/$msg" | cut -c1-64)" | perl -e 'print pack("H*", <STDIN>)' > "$T/$name.di"
        openssl pkeyutl -sign -inkey "$T/$k.pem" -pkeyopt rsa_padding_mode:pkcs1 -in "$T/$name.di" \
            -out "$T/$name.sig" ;;
    pkeyutl) openssl "$@" -inkey "$T/$k.pem" -in "$T/$msg" -out "$T/$name.sig" ;;
    *) openssl "$@" "$T/$k.pem" -out "$T/$name.sig" "$T/$msg" ;; # dgst -sign KEY: empty messages too
    esac
    RAWS="$RAWS $name:$k:$oid:$params:$msg"
}

# ---------------------------------------------------------------- keys
key rsa1024 CK_KEY_RSA CK_CURVE_NONE -algorithm RSA -pkeyopt rsa_keygen_bits:1024
key rsa2048 CK_KEY_RSA CK_CURVE_NONE -algorithm RSA -pkeyopt rsa_keygen_bits:2048
key rsa2048b CK_KEY_RSA CK_CURVE_NONE -algorithm RSA -pkeyopt rsa_keygen_bits:2048
rsa_exact rsa2047 2047
rsa_exact rsa1537 1537
key rsa4096 CK_KEY_RSA CK_CURVE_NONE -algorithm RSA -pkeyopt rsa_keygen_bits:4096
key rsae3 CK_KEY_RSA CK_CURVE_NONE -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3
key pss2048 CK_KEY_RSA_PSS CK_CURVE_NONE -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048
key pssr2048 CK_KEY_RSA_PSS CK_CURVE_NONE -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 \
    -pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256 -pkeyopt rsa_pss_keygen_saltlen:32
key p192 CK_KEY_EC CK_CURVE_P192 -algorithm EC -pkeyopt ec_paramgen_curve:P-192
key p224 CK_KEY_EC CK_CURVE_P224 -algorithm EC -pkeyopt ec_paramgen_curve:P-224
key p256 CK_KEY_EC CK_CURVE_P256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key p256b CK_KEY_EC CK_CURVE_P256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key p384 CK_KEY_EC CK_CURVE_P384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384
key p521 CK_KEY_EC CK_CURVE_P521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521
compressed p256c p256
compressed p384c p384
compressed p224c p224
key k256 CK_KEY_EC CK_CURVE_SECP256K1 -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1
key bp256 CK_KEY_EC CK_CURVE_BRAINPOOL_P256R1 -algorithm EC -pkeyopt ec_paramgen_curve:brainpoolP256r1
key ed25519 CK_KEY_ED25519 CK_CURVE_NONE -algorithm ED25519
key ed25519b CK_KEY_ED25519 CK_CURVE_NONE -algorithm ED25519
key ed448 CK_KEY_ED448 CK_CURVE_NONE -algorithm ED448
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:256 \
    -out "$T/dsa2048.param" 2>/dev/null
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -pkeyopt dsa_paramgen_q_bits:160 \
    -out "$T/dsa1024.param" 2>/dev/null
key dsa2048 CK_KEY_DSA CK_CURVE_NONE -paramfile "$T/dsa2048.param"
key dsa1024 CK_KEY_DSA CK_CURVE_NONE -paramfile "$T/dsa1024.param"

# ---------------------------------------------------------- signatures
PSS="-sigopt rsa_padding_mode:pss"
for md in md5 sha1 sha224 sha256 sha384 sha512 sha512-224 sha512-256 sha3-224 sha3-256 sha3-384 sha3-512; do
    csr "rsa2048-$md" rsa2048 "-$md"
done
csr rsa1024-sha256 rsa1024 -sha256
csr rsa2047-sha256 rsa2047 -sha256
csr rsa1537-sha256 rsa1537 -sha256
csr rsa4096-sha512 rsa4096 -sha512
csr rsae3-sha256 rsae3 -sha256
# RSASSA-PSS: openssl writes the parameters; salt lengths 32, 0, 20 (defaults), max
csr pss-sha256-salt32 rsa2048 -sha256 $PSS -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
csr pss-sha256-salt0 rsa2048 -sha256 $PSS -sigopt rsa_pss_saltlen:0 -sigopt rsa_mgf1_md:sha256
csr pss-sha1-default rsa2048 -sha1 $PSS -sigopt rsa_pss_saltlen:20 -sigopt rsa_mgf1_md:sha1
csr pss-sha384-salt48 rsa2048 -sha384 $PSS -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384
csr pss-sha512-mgf1sha256 rsa2048 -sha512 $PSS -sigopt rsa_pss_saltlen:64 -sigopt rsa_mgf1_md:sha256
csr pss-sha256-saltmax rsa2048 -sha256 $PSS -sigopt rsa_pss_saltlen:max -sigopt rsa_mgf1_md:sha256
csr pss-2047-sha256 rsa2047 -sha256 $PSS -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
csr pss-1537-sha256 rsa1537 -sha256 $PSS -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
csr pss-4096-sha256 rsa4096 -sha256 $PSS -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
csr psskey-sha256 pss2048 -sha256 -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
csr psskeyr-sha256 pssr2048 -sha256 -sigopt rsa_pss_saltlen:32
# ECDSA
csr p192-sha256 p192 -sha256
csr p224-sha224 p224 -sha224
for md in sha1 sha224 sha256 sha384 sha512 sha3-256 sha3-512; do
    csr "p256-$md" p256 "-$md"
done
csr p256c-sha256 p256c -sha256
csr p224c-sha256 p224c -sha256
csr p384-sha384 p384 -sha384
csr p384c-sha384 p384c -sha384
csr p384-sha256 p384 -sha256
csr p521-sha512 p521 -sha512
csr p521-sha256 p521 -sha256
csr p521-sha1 p521 -sha1
# Edwards
csr ed25519 ed25519
csr ed448 ed448
# unsupported curves
csr k256-sha256 k256 -sha256
csr bp256-sha256 bp256 -sha256
# DSA
csr dsa2048-sha256 dsa2048 -sha256
csr dsa2048-sha224 dsa2048 -sha224
csr dsa1024-sha1 dsa1024 -sha1

# bare signatures (openssl pkeyutl), for what openssl cannot put in a request:
# RSASSA-PSS with SHA3-256 and MGF1-SHA3-256 (parameters written here), empty messages
SHA3_256_ALG=300b0609608648016503040208
P_SHA3="3030a00d${SHA3_256_ALG}a11a301806092a864886f70d010108${SHA3_256_ALG}a203020120"
raw raw-rsa2048-sha256 rsa2048 sha256WithRSAEncryption 0500 msg pkeyutl -sign -rawin -digest sha256
raw raw-pss-sha3-256 rsa2048 rsassa_pss "$P_SHA3" msg pkeyutl -sign -rawin -digest sha3-256 \
    -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 -pkeyopt rsa_mgf1_md:sha3-256
# DigestInfo with the hash parameters absent (RFC 8017 9.2 note 2: accepted), and one
# naming MD5 over a SHA-256 digest (rejected)
raw raw-rsa2048-sha256-noparams rsa2048 sha256WithRSAEncryption 0500 msg digestinfo \
    302f300b06096086480165030402010420
raw raw-rsa2048-md5-oid rsa2048 sha256WithRSAEncryption 0500 msg digestinfo \
    302e300a06082a864886f70d020505000420
raw raw-p256-sha256 p256 ecdsa_with_SHA256 "" msg pkeyutl -sign -rawin -digest sha256
raw raw-p256-empty p256 ecdsa_with_SHA256 "" empty dgst -sha256 -sign
raw raw-ed25519 ed25519 Ed25519 "" msg pkeyutl -sign -rawin
raw raw-dsa2048-sha256 dsa2048 dsa_with_SHA256 "" msg pkeyutl -sign -rawin -digest sha256

# --------------------------------------------------------------- output
{
    echo "/* Generated by testdata/gen-verify-vectors.sh with $(openssl version | cut -d' ' -f1-2): do not edit. */"
    echo "static const struct vkey vkeys[] = {"
    for k in $KEYS; do
        openssl pkey -pubin -inform DER -in "$T/$k.spki" -text -noout > "$T/$k.txt"
        eval "type=\$TYPE_$k curve=\$CURVE_$k"
        n="" e="" pt="" raw="" p="" q="" g="" y=""
        case $type in
        CK_KEY_RSA|CK_KEY_RSA_PSS)
            n=$(comp Modulus "$T/$k.txt")
            e=$(sed -n 's/^Exponent: [0-9]* (0x\([0-9a-f]*\)).*/\1/p' "$T/$k.txt")
            [ $((${#e} % 2)) -eq 1 ] && e="0$e"
            case $e in [89a-f]*) e="00$e" ;; esac ;;
        CK_KEY_EC) pt=$(comp pub "$T/$k.txt") ;;
        CK_KEY_ED25519|CK_KEY_ED448) raw=$(comp pub "$T/$k.txt") ;;
        CK_KEY_DSA)
            y=$(comp pub "$T/$k.txt"); p=$(comp P "$T/$k.txt")
            q=$(comp Q "$T/$k.txt"); g=$(comp G "$T/$k.txt") ;;
        esac
        printf '    { "%s", %s, %s,\n      "%s",\n      "%s", "%s", "%s", "%s",\n      "%s", "%s", "%s", "%s" },\n' \
            "$k" "$type" "$curve" "$(hex "$T/$k.spki")" "$n" "$e" "$pt" "$raw" "$p" "$q" "$g" "$y"
    done
    echo "};"
    echo "static const struct vsig vsigs[] = {"
    for v in $VECS; do
        name=${v%%:*} k=${v#*:}
        printf '    { "%s", "%s",\n      "%s" },\n' "$name" "$k" "$(hex "$T/$name.csr")"
    done
    echo "};"
    echo "static const struct vraw vraws[] = {"
    for v in $RAWS; do
        IFS=: read -r name k oid params msg <<EOF
$v
EOF
        printf '    { "%s", "%s", OID_%s, "%s",\n      "%s",\n      "%s" },\n' \
            "$name" "$k" "$oid" "$params" "$(hex "$T/$msg")" "$(hex "$T/$name.sig")"
    done
    echo "};"
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote $OUT: $(echo $KEYS | wc -w) keys, $(echo $VECS | wc -w) signed requests, $(echo $RAWS | wc -w) bare signatures" >&2
