#!/bin/sh
# pfxsplit: options and exit codes; the differential test against `openssl pkcs12
# -nodes` over every fixture of testdata/pkcs12 (made by testdata/gen-pkcs12.sh with
# openssl, keytool, certtool and python3 cryptography) and every PKCS#12 file of
# ../shared/corpus (MANIFEST kind pkcs12, with its documented password); the hostile
# fixtures; and the malformed PKCS#12 files of the corpus.
#
# For a file openssl opens (-legacy where the manifest or PASSWORDS.tsv says so):
#   key     pfxsplit -k (PKCS#8)   == openssl's PRIVATE KEY blocks, both through
#                                     `openssl pkey -outform DER` (sorted when several)
#   certs   pfxsplit -c + -a       == every CERTIFICATE openssl prints (as sets of DER)
#   leaf    pfxsplit -c            == the certificate openssl -clcerts picks (the one with a
#                                     localKeyID) when it picks exactly one; otherwise, or when
#                                     they differ, our leaf must hold the key's public key
#                                     (openssl pkey -pubout == openssl x509 -pubkey): "explained"
#   CA set  pfxsplit -a            == the certificates openssl -cacerts picks, else explained
#                                     the same way (openssl's pick follows localKeyID only)
#   --info --json                  is one JSON object of the SPEC shape (jq): type, safes[]
# For a file openssl cannot open (PBMAC1, Camellia, GOST, NSS quirks...): pfxsplit either
# opens it, and then each key must match its leaf (openssl pkey/x509 -pubkey), or exits 1
# with "unsupported:" / a named error.  Counts are printed at the end.
. "$TOP/tests/cli/lib.sh"
P="$BIN/pfxsplit"
FX="$TD/pkcs12"
if [ ! -x "$P" ]; then
    nok pfxsplit-built "no $P"
    exit 0
fi
cd "$TMP" || exit 1
TAB=$(printf '\t')

# ------------------------------------------------------------------ options
expect_rc help 0 "$P" --help
expect_match help-usage "$TMP/out" '^usage: pfxsplit'
expect_rc version 0 "$P" -V
expect_match version-text "$TMP/out" '^pfxsplit \(certkit\) '
expect_rc unknown-option 2 "$P" --frobnicate
expect_rc two-files 2 "$P" a.p12 b.p12
expect_rc json-needs-info 2 "$P" --json "$FX/openssl-default.p12"
expect_rc der-needs-files 2 "$P" --outform der "$FX/openssl-default.p12"
expect_rc bad-key-format 2 "$P" --key-format pem -k k.pem "$FX/openssl-default.p12"
expect_rc missing-file 2 "$P" --pass pass:x "$TMP/does-not-exist.p12"

if [ ! -f "$FX/PASSWORDS.tsv" ]; then
    nok fixtures "no $FX/PASSWORDS.tsv: run sh testdata/gen-pkcs12.sh"
    exit 0
fi

# ------------------------------------------------------------------ helpers
# pass_args PASSWORD: the pfxsplit password option ("(none)": none, stdin not a terminal)
pfx_run() {  # dir file password extra-args...: pfxsplit -k/-c/-a into dir
    d=$1 f=$2 pw=$3; shift 3
    rm -rf "$d"; mkdir -p "$d"
    case "$pw" in
        "(none)") "$P" -k "$d/key-%d.pem" -c "$d/cert-%d.pem" -a "$d/ca.pem" "$@" "$f" </dev/null ;;
        "(empty)") "$P" --pass pass: -k "$d/key-%d.pem" -c "$d/cert-%d.pem" -a "$d/ca.pem" "$@" "$f" ;;
        *) printf '%s\n' "$pw" > "$d.pw"
           "$P" --pass "file:$d.pw" -k "$d/key-%d.pem" -c "$d/cert-%d.pem" -a "$d/ca.pem" "$@" "$f" ;;
    esac
}
ossl_run() {  # file password legacy-flag: openssl pkcs12 -nodes to stdout
    f=$1 pw=$2 fl=$3
    [ "$fl" = "-" ] && fl=""
    case "$pw" in
        "(none)"|"(empty)") openssl pkcs12 -in "$f" -nodes -passin pass: $fl ;;
        *) printf '%s\n' "$pw" > "$TMP/o.pw"
           openssl pkcs12 -in "$f" -nodes -passin "file:$TMP/o.pw" $fl ;;
    esac
}
# certs_of FILE [leaf|ca|all]: sha256 of each CERTIFICATE's DER, sorted; leaf/ca split
# openssl's output by the localKeyID in the preceding Bag Attributes (its -clcerts rule)
certs_of() {
    awk -v want="${2:-all}" '
        /^Bag Attributes/ { kid = 0 }
        /^    localKeyID:/ { kid = 1 }
        /^-----BEGIN CERTIFICATE-----/ { inb = 1; body = ""; next }
        /^-----END CERTIFICATE-----/ {
            inb = 0
            if (want == "all" || (want == "leaf" && kid) || (want == "ca" && !kid)) print body
            kid = 0; next }
        inb { body = body $0 }
    ' "$1" | while read -r b; do printf '%s' "$b" | base64 -d | sha256sum | cut -c1-64; done | sort
}
# keys_of FILE...: each PRIVATE KEY block normalised by openssl pkey, sha256, sorted
keys_of() {
    for kf in "$@"; do
        [ -f "$kf" ] || continue
        awk '/^-----BEGIN .*PRIVATE KEY-----/ { n++; f = sprintf("%s.k%d", FILENAME, n); inb = 1 }
             inb { print > f }
             /^-----END .*PRIVATE KEY-----/ { close(f); inb = 0 }' "$kf"
    done
    for kf in "$@"; do
        for one in "$kf".k*; do
            [ -f "$one" ] || continue
            openssl pkey -in "$one" -outform DER 2>/dev/null | sha256sum | cut -c1-64
            rm -f "$one"
        done
    done | sort
}
# our_pairs DIR: every key-N.pem must match cert-N.pem (openssl's view of both public keys)
pairs_match() {
    d=$1; okp=0
    for k in "$d"/key-*.pem; do
        [ -f "$k" ] || continue
        c=$(printf '%s' "$k" | sed 's/key-\([0-9]*\)\.pem$/cert-\1.pem/')
        [ -f "$c" ] || continue
        a=$(openssl pkey -in "$k" -pubout -outform DER 2>/dev/null | sha256sum)
        b=$(openssl x509 -in "$c" -pubkey -noout 2>/dev/null | openssl pkey -pubin -outform DER 2>/dev/null | sha256sum)
        [ "$a" = "$b" ] || return 1
        okp=$((okp + 1))
    done
    [ "$okp" -gt 0 ]
}
cat_ours() { cat "$1"/cert-*.pem "$1"/ca.pem 2>/dev/null; }

agree=0; explained=0; disagree=0; compared=0; ours_only=0; both_fail=0; unsup=0
: > "$TMP/explain.txt"

# compare NAME FILE PASSWORD LEGACY-FLAG MANIFEST-OPENSSL-OK
compare() {
    n=$1 f=$2 pw=$3 fl=$4 okk=$5
    compared=$((compared + 1))
    extra=""
    case "$pw" in mac:*) extra="--no-mac-verify"; pw=$(printf '%s' "$pw" | sed 's/.*cipher://') ;; esac
    d="$TMP/o"
    pfx_run "$d" "$f" "$pw" $extra > "$TMP/p.out" 2> "$TMP/p.err"; prc=$?
    ossl_run "$f" "$pw" "$fl" > "$TMP/s.out" 2> "$TMP/s.err"; src=$?
    if [ $src -ne 0 ] && [ "$pw" != "(none)" ] && [ "$pw" != "(empty)" ] && command -v iconv >/dev/null; then
        # Java keystores: openssl needs the ISO-8859-1 bytes of the password
        if printf '%s\n' "$pw" | iconv -f UTF-8 -t ISO-8859-1 > "$TMP/o.pw" 2>/dev/null; then
            ofl=$fl; [ "$ofl" = "-" ] && ofl=""
            openssl pkcs12 -in "$f" -nodes -passin "file:$TMP/o.pw" $ofl > "$TMP/s.out" 2> "$TMP/s.err"; src=$?
        fi
    fi
    if [ $prc -ge 128 ]; then
        nok "pfx-$n" "pfxsplit crashed (exit $prc): $(head -c 200 "$TMP/p.err")"; disagree=$((disagree + 1)); return
    fi
    if [ -n "$(find "$d" -name '.*' -type f 2>/dev/null)" ]; then
        nok "pfx-$n" "a temporary file was left behind"; disagree=$((disagree + 1)); return
    fi
    # --info --json on every file but the million-iteration ones (they would double the run time)
    if command -v jq >/dev/null 2>&1 && ! printf '%s' "$f" | grep -q '_i_1000000'; then
        case "$pw" in
            "(none)") "$P" --info --json "$f" </dev/null > "$TMP/j.out" 2>/dev/null ;;
            "(empty)") "$P" --info --json --pass pass: "$f" > "$TMP/j.out" 2>/dev/null ;;
            *) "$P" --info --json --pass "file:$d.pw" $extra "$f" > "$TMP/j.out" 2>/dev/null ;;
        esac
        if ! jq -e '.type == "pkcs12" and (.safes | type == "array")' "$TMP/j.out" >/dev/null 2>&1; then
            nok "pfx-$n-json" "--info --json is not the SPEC object: $(head -c 200 "$TMP/j.out")"
            disagree=$((disagree + 1)); return
        fi
    fi
    # exit 1 only because a requested part does not exist (a self-signed leaf has no CA file)
    only_missing=0
    if [ $prc -eq 1 ] && grep -q 'not written' "$TMP/p.err" &&
       ! grep -v 'not written' "$TMP/p.err" | grep -Evq ': warning: |no password given'; then
        only_missing=1
    fi
    if [ $src -ne 0 ]; then
        # openssl cannot open it
        if [ $prc -eq 0 ] || [ $only_missing -eq 1 ]; then
            if ls "$d"/key-*.pem >/dev/null 2>&1 && ls "$d"/cert-*.pem >/dev/null 2>&1 && ! pairs_match "$d"; then
                nok "pfx-$n" "openssl fails, pfxsplit succeeds, but a key does not match its certificate"
                disagree=$((disagree + 1)); return
            fi
            ours_only=$((ours_only + 1))
            printf '%s: openssl fails (%s); pfxsplit opens it%s\n' "$n" \
                "$(grep -m1 -v '^Enter\|^MAC\|^Warning' "$TMP/s.err" | cut -c1-80)" \
                "$(ls "$d"/key-*.pem >/dev/null 2>&1 && echo ', keys match their certificates')" >> "$TMP/explain.txt"
            ok "pfx-$n"
        elif [ $prc -eq 1 ] && grep -Eq 'unsupported|wrong password|not supported|does not|over the limit|offset' "$TMP/p.err"; then
            both_fail=$((both_fail + 1))
            printf '%s: both fail; pfxsplit: %s\n' "$n" "$(grep -m1 'unsupported\|wrong\|not supported\|offset' "$TMP/p.err" | sed 's/^pfxsplit: [^:]*: //' | cut -c1-110)" >> "$TMP/explain.txt"
            ok "pfx-$n"
        else
            nok "pfx-$n" "openssl fails; pfxsplit exit $prc without a reason: $(head -c 200 "$TMP/p.err")"
            disagree=$((disagree + 1))
        fi
        return
    fi
    # openssl opens it: so must we, with the same key(s) and certificates
    if [ $prc -ne 0 ] && [ $only_missing -eq 0 ]; then
        if [ $prc -eq 1 ] && grep -q 'unsupported: ' "$TMP/p.err"; then
            # a cipher certkit names but does not implement (ARIA; IDEA fails in openssl too)
            unsup=$((unsup + 1))
            printf '%s: openssl opens it; pfxsplit: %s (by design)\n' "$n" \
                "$(grep -m1 -o 'unsupported: .*' "$TMP/p.err" | cut -c1-60)" >> "$TMP/explain.txt"
            ok "pfx-$n"; return
        fi
        nok "pfx-$n" "openssl opens it; pfxsplit exit $prc: $(head -c 300 "$TMP/p.err")"
        disagree=$((disagree + 1)); return
    fi
    okeys=$(keys_of "$TMP/s.out"); pkeys=$(keys_of "$d"/key-*.pem)
    if [ "$okeys" != "$pkeys" ]; then
        nok "pfx-$n" "keys differ (openssl $(printf '%s' "$okeys" | grep -c .), pfxsplit $(printf '%s' "$pkeys" | grep -c .))"
        disagree=$((disagree + 1)); return
    fi
    cat_ours "$d" > "$TMP/ours.pem"
    if [ "$(certs_of "$TMP/s.out" all)" != "$(certs_of "$TMP/ours.pem" all | sort -u)" ] &&
       [ "$(certs_of "$TMP/s.out" all | sort -u)" != "$(certs_of "$TMP/ours.pem" all | sort -u)" ]; then
        nok "pfx-$n" "the certificates differ from openssl's"
        disagree=$((disagree + 1)); return
    fi
    oleaf=$(certs_of "$TMP/s.out" leaf); oca=$(certs_of "$TMP/s.out" ca | sort -u)
    pleaf=$(cat "$d"/cert-*.pem 2>/dev/null | certs_of /dev/stdin all)
    pca=$(certs_of "$d/ca.pem" all 2>/dev/null | sort -u)
    [ -f "$d/ca.pem" ] || pca=""
    if [ "$oleaf" = "$pleaf" ] && [ "$oca" = "$pca" ]; then
        agree=$((agree + 1))
        ok "pfx-$n"
        return
    fi
    # different leaf/CA split: ours must be justified by the key (or by the chain when no key)
    if [ -n "$pkeys" ] && pairs_match "$d"; then
        explained=$((explained + 1))
        printf '%s: leaf/CA split differs from openssl -clcerts/-cacerts (localKeyID rule); pfxsplit leaf holds the key'"'"'s public key\n' "$n" >> "$TMP/explain.txt"
        ok "pfx-$n"
    elif [ -z "$pkeys" ] && [ -z "$okeys" ]; then
        explained=$((explained + 1))
        printf '%s: no key: openssl splits certificates by localKeyID, pfxsplit by the chain\n' "$n" >> "$TMP/explain.txt"
        ok "pfx-$n"
    else
        nok "pfx-$n" "leaf/CA split differs from openssl's and the leaf does not hold the key"
        disagree=$((disagree + 1))
    fi
}

# ------------------------------------------------------------ the fixtures
tail -n +2 "$FX/PASSWORDS.tsv" > "$TMP/fx.tsv"
while IFS="$TAB" read -r file pw fl what; do
    compare "fx-$file" "$FX/$file" "$pw" "$fl" yes
done < "$TMP/fx.tsv"

# -------------------------------------------------------------- the corpus
if have_corpus; then
    awk -F'\t' 'NR>1 && $6 ~ /pkcs12$/ && $1 ~ /^pkcs12\// {print $1 "\t" $9 "\t" $8}' "$CORPUS/MANIFEST.tsv" |
        sort -u > "$TMP/corpus.tsv"
    while IFS="$TAB" read -r file pw okk; do
        fl=-
        case "$okk" in *legacy*) fl=-legacy ;; esac
        [ "$pw" = "?" ] && continue
        compare "$(basename "$file" | cut -c1-60)" "$CORPUS/$file" "$pw" "$fl" "$okk"
    done < "$TMP/corpus.tsv"
else
    echo "# corpus: $CORPUS/MANIFEST.tsv absent; corpus comparison skipped"
fi
echo "# pfxsplit vs openssl: $compared files compared, $agree agree, $explained explained (leaf/CA split),"
echo "#   $ours_only opened by pfxsplit only, $both_fail fail in both (named), $unsup ciphers named unsupported"
echo "#   by design (openssl opens them), $disagree disagreements"
sed 's/^/#   /' "$TMP/explain.txt"

# ------------------------------------------------------------- hostile files
tail -n +2 "$FX/HOSTILE.tsv" > "$TMP/h.tsv"
while IFS="$TAB" read -r file pw want; do
    rm -rf "$TMP/h"; mkdir -p "$TMP/h"
    t0=$(date +%s%N)
    "$P" --pass "pass:$pw" -k "$TMP/h/k.pem" -c "$TMP/h/c.pem" -a "$TMP/h/a.pem" "$FX/$file" \
        > "$TMP/out" 2> "$TMP/err"; rc=$?
    t1=$(date +%s%N)
    if [ $rc -ne 1 ]; then
        nok "hostile-$file" "exit $rc, wanted 1: $(head -c 200 "$TMP/err")"
    elif ! grep -Eq "$want" "$TMP/err"; then
        nok "hostile-$file" "no /$want/ in: $(head -c 300 "$TMP/err")"
    elif [ -n "$(ls -A "$TMP/h")" ]; then
        nok "hostile-$file" "files were written: $(ls -A "$TMP/h")"
    else
        ok "hostile-$file"
    fi
    case "$file" in *iter-bomb*)
        ms=$(( (t1 - t0) / 1000000 ))
        if [ "$ms" -lt 100 ]; then ok "hostile-$file-fast"; else nok "hostile-$file-fast" "took $ms ms"; fi ;;
    esac
done < "$TMP/h.tsv"

# wrong password: exit 1, the MAC message, nothing written
rm -rf "$TMP/h"; mkdir -p "$TMP/h"
expect_rc wrong-password 1 "$P" --pass pass:wrong -k "$TMP/h/k.pem" "$FX/openssl-default.p12"
expect_match wrong-password-msg "$TMP/err" 'wrong password, or the file was altered'
expect_eq wrong-password-nothing-written "$(ls -A "$TMP/h")" ""
# a legacy file opens with no switch; the key is 0600, the certificates are not
rm -rf "$TMP/h"; mkdir -p "$TMP/h"
umask 022
expect_rc legacy-split 0 "$P" --pass pass:secret -k "$TMP/h/k.pem" -c "$TMP/h/c.pem" -a "$TMP/h/a.pem" \
    "$FX/openssl-chain-shuffled.p12"
expect_eq key-mode-0600 "$(stat -c %a "$TMP/h/k.pem" 2>/dev/null)" 600
expect_eq cert-mode-0644 "$(stat -c %a "$TMP/h/c.pem" 2>/dev/null)" 644
# the CA file is ordered from the leaf's issuer to the root, though the PFX stores the root first
first=$(openssl x509 -in "$TMP/h/a.pem" -noout -subject 2>/dev/null)
expect_match ca-order-issuer-first /dev/stdin 'Issuing CA' <<EOF
$first
EOF
expect_eq ca-count "$(grep -c 'BEGIN CERTIFICATE' "$TMP/h/a.pem")" 2
# the iteration cap: --max-iter below the file's count refuses it, with the number
expect_rc max-iter 1 "$P" --pass pass:secret --max-iter 1000 "$FX/openssl-default.p12"
expect_match max-iter-msg "$TMP/err" 'iteration count 2048 is over the limit of 1000'
# no MAC: a note in --info, not an error
expect_rc nomac-info 0 "$P" --pass pass:secret --info "$FX/openssl-nomac.p12"
expect_match nomac-info-text "$TMP/out" 'no integrity check in this file'
# absent vs empty: with no password and no terminal both are tried, and the one that worked is named
expect_rc null-pw 0 "$P" --info "$FX/gnutls-null-pw.p12" </dev/null
expect_match null-pw-which "$TMP/out" 'Password: absent'
expect_rc empty-pw 0 "$P" --info "$FX/openssl-empty-pw.p12" </dev/null
expect_match empty-pw-which "$TMP/out" 'Password: empty'
# trailing bytes: a warning, success
expect_rc trailing 0 "$P" --pass pass:secret "$FX/trailing-bytes.p12"
expect_match trailing-warning "$TMP/err" 'warning: 9 bytes after the PFX'
# key formats
expect_rc pkcs1 0 "$P" --pass pass:secret --key-format pkcs1 -k "$TMP/h/rsa.pem" "$FX/openssl-default.p12"
expect_match pkcs1-label "$TMP/h/rsa.pem" '^-----BEGIN RSA PRIVATE KEY-----'
expect_rc sec1 0 "$P" --pass pass:secret --key-format sec1 -k "$TMP/h/ec.pem" "$FX/openssl-ec.p12"
expect_match sec1-label "$TMP/h/ec.pem" '^-----BEGIN EC PRIVATE KEY-----'
expect_rc sec1-on-rsa 1 "$P" --pass pass:secret --key-format sec1 -k "$TMP/h/x.pem" "$FX/openssl-default.p12"
expect_eq sec1-on-rsa-nothing "$(ls "$TMP/h/x.pem" 2>/dev/null)" ""
# --encrypt-key: PBES2 / AES-256-CBC / PBKDF2-HMAC-SHA256 that openssl decrypts
expect_rc encrypt-key 0 "$P" --pass pass:secret --encrypt-key --pass-out pass:newpw --iter 1000 \
    -k "$TMP/h/enc.pem" "$FX/openssl-default.p12"
expect_match encrypt-key-label "$TMP/h/enc.pem" '^-----BEGIN ENCRYPTED PRIVATE KEY-----'
a=$(openssl pkey -in "$TMP/h/enc.pem" -passin pass:newpw -outform DER 2>/dev/null | sha256sum)
b=$(openssl pkey -in "$TMP/h/rsa.pem" -outform DER 2>/dev/null | sha256sum)
expect_eq encrypt-key-opens "$a" "$b"
openssl asn1parse -in "$TMP/h/enc.pem" > "$TMP/asn1.txt" 2>&1
expect_match encrypt-key-pbes2 "$TMP/asn1.txt" ':PBES2'
expect_match encrypt-key-prf "$TMP/asn1.txt" ':hmacWithSHA256'
expect_match encrypt-key-aes "$TMP/asn1.txt" ':aes-256-cbc'
# DER output
expect_rc der-out 0 "$P" --pass pass:secret --outform der -c "$TMP/h/c.der" "$FX/openssl-default.p12"
expect_rc der-out-valid 0 openssl x509 -inform DER -in "$TMP/h/c.der" -noout
# several keys need %d
expect_rc two-keys-need-pattern 1 "$P" --pass pass:javapass -k "$TMP/h/k.pem" "$FX/java-2keys.p12"
expect_match two-keys-msg "$TMP/err" '2 keys in this file: give -k with %d'
# missing parts: a message, no empty file
expect_rc no-ca 1 "$P" --pass pass:secret -a "$TMP/h/none.pem" "$FX/openssl-default.p12"
expect_match no-ca-msg "$TMP/err" 'no CA certificates in this file.*not written'
expect_eq no-ca-file "$(ls "$TMP/h/none.pem" 2>/dev/null)" ""
expect_rc no-key 1 "$P" --pass pass:secret -k "$TMP/h/nk.pem" "$FX/openssl-nokeys.p12"
expect_match no-key-msg "$TMP/err" 'no private key in this file'
# the Java ISO-8859-1 password quirk and the NSS BMPString-for-PBES2 quirk are named in --info
if have_corpus; then
    expect_rc java-latin1 0 "$P" --pass 'pass:Mötley Crüe' --info "$CORPUS/pkcs12/bc-with-key-entry.p12"
    expect_match java-latin1-named "$TMP/out" 'ISO-8859-1'
    expect_rc nss-bmp 0 "$P" --pass pass:nss --info "$CORPUS/pkcs12/nss-TestOldCA.p12"
    expect_match nss-bmp-named "$TMP/out" 'NSS'
    expect_rc aria-unsupported 1 "$P" --pass 'pass:Red Hat Enterprise Linux 7.4' \
        "$CORPUS/pkcs12/kario-028-rsa_2048_sha256_certandkey_PBES2_K_s_8_i_2048_aria-128-cbc_iv_16_mac_sha1_s_8_i_2048_pass_ascii.p12"
    expect_match aria-msg "$TMP/err" 'unsupported: aria-128-cbc'
    expect_rc pbmac1 0 "$P" --pass pass:1234 --info "$CORPUS/pkcs12/gnutls-pbmac1_256_256.good.p12"
    expect_match pbmac1-valid "$TMP/out" 'MAC: PBMAC1.*valid'
fi

# ------------------------------------------------ a PFX handed over as text
# base64 on one line (PowerShell's ToBase64String, key-vault downloads), base64 in
# 76-column lines (base64(1)), and PEM armor: the same key as from the binary file
SPFX="$TD/sample/server.pfx"
"$P" --pass "file:$TD/sample/password" "$SPFX" > "$TMP/bin.out" 2> /dev/null
base64 -w0 "$SPFX" > "$TMP/one.b64"
base64 "$SPFX" > "$TMP/wrapped.b64"
{ echo "-----BEGIN PKCS12-----"; base64 -w64 "$SPFX"; echo "-----END PKCS12-----"; } > "$TMP/armored.pem"
for f in one.b64 wrapped.b64 armored.pem; do
    "$P" --pass "file:$TD/sample/password" "$TMP/$f" > "$TMP/txt.out" 2> "$TMP/err"
    expect_eq "text-pfx-$f-exit" "$?" 0
    expect_same "text-pfx-$f-same" "$TMP/txt.out" "$TMP/bin.out"
done
printf 'MIIB%%%%not base64\n' > "$TMP/bad.b64"
expect_rc text-pfx-bad-base64 1 "$P" --pass pass:x "$TMP/bad.b64"
# another kind of object: named, with the tool that reads it
expect_rc pfx-given-certificate 1 "$P" --pass pass:x "$TD/sample/server.pem"
expect_match pfx-given-certificate-msg "$TMP/err" 'this is a certificate \(X509\), not a PKCS#12 file; use certdump$'
expect_rc pfx-given-key 1 "$P" --pass pass:x "$TD/sample/server.key"
expect_match pfx-given-key-msg "$TMP/err" 'not a PKCS#12 file; use keyconv$'

# ------------------------------------------------------- malformed corpus files
if have_corpus; then
    mal=0; malok=0
    awk -F'\t' 'NR>1 && $6 ~ /pkcs12$/ && $1 ~ /^malformed\// {print $1 "\t" $9}' "$CORPUS/MANIFEST.tsv" |
        sort -u > "$TMP/mal.tsv"
    while IFS="$TAB" read -r file pw; do
        mal=$((mal + 1))
        rm -rf "$TMP/m"; mkdir -p "$TMP/m"
        case "$pw" in "(empty)"|"(none)") pw="" ;; esac
        timeout 60 "$P" --pass "pass:$pw" -k "$TMP/m/k-%d.pem" -c "$TMP/m/c-%d.pem" -a "$TMP/m/a.pem" \
            "$CORPUS/$file" > "$TMP/out" 2> "$TMP/err"; rc=$?
        n=$(basename "$file" | cut -c1-50)
        if [ $rc -ge 2 ] && [ $rc -ne 1 ]; then
            nok "malformed-$n" "exit $rc: $(head -c 200 "$TMP/err")"
        elif [ -n "$(find "$TMP/m" -name '.*' -type f)" ]; then
            nok "malformed-$n" "a temporary file was left behind"
        elif [ $rc -eq 1 ] && ! [ -s "$TMP/err" ]; then
            nok "malformed-$n" "exit 1 without a message"
        else
            malok=$((malok + 1))
            ok "malformed-$n"
            [ $rc -eq 0 ] && echo "#   malformed/$n: opened (an NSS quirk pfxsplit knows); not an error"
        fi
    done < "$TMP/mal.tsv"
    echo "# malformed PKCS#12: $malok of $mal handled cleanly"
fi
exit 0
