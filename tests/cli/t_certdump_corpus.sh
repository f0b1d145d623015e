#!/bin/sh
# certdump, differential: every certificate of ../shared/corpus (MANIFEST kinds cert,
# cert-bundle, chain-leaf, chain-intermediates, chain-roots) and of testdata/ is
# decoded by certdump and by `openssl x509`, and these fields must agree:
#   subject, issuer      openssl -nameopt RFC2253,utf8  vs  certdump -f subject_openssl
#   serial               openssl -serial (uppercase, even length) vs certdump serial
#   notBefore, notAfter  openssl -dates -dateopt iso_8601
#   SAN, EKU, KU, basic constraints, SKI, AKI   openssl -ext ...
#   signature algorithm  openssl -text (its long name) vs certdump's OID, named by openssl
#   key type and size    openssl -text "Public Key Algorithm" / "Public-Key: (N bit)"
#   SHA-1, SHA-256       sha1sum of the DER (base64 -d of the PEM), openssl -fingerprint -sha256
# One certdump call per file (-f, with the PEM as the last field) and one openssl call
# per certificate, fed that PEM.  Files openssl rejects (MANIFEST openssl_ok != yes)
# are decoded but not compared.  Then every malformed certificate (malformed/, kinds
# malformed-cert and malformed-cert-bundle) must give exit 1 with an error line, or
# exit 0 with warnings; never a crash, never silence.
#
# Known openssl quirks (each normalised below, where the comparison is made):
#  Q1 openssl prints serials in uppercase hex padded to whole octets ("0A", "00");
#     certdump in lowercase without leading zeros.
#  Q2 openssl prints IPv6 SAN addresses uncompressed in uppercase ("2001:DB8:0:0:0:0:0:1");
#     certdump in RFC 5952 form ("2001:db8::1").
#  Q3 openssl prints a directoryName SAN in its "/C=DE/O=X" form, encoded order; certdump
#     as an RFC 4514 string (reversed).  Compared after converting openssl's form.
#  Q4 openssl prints "<unsupported>" for x400Address and ediPartyName SANs, and for
#     otherNames it does not know: only the type is compared then.  A UPN is printed as
#     "othername: UPN::value".
#  Q5 openssl names OIDs (EKUs, registeredID, signature algorithms) by its long names
#     ("TLS Web Server Authentication"); certdump gives dotted OIDs.  One
#     `openssl asn1parse -genconf` call names every OID certdump printed, and the names
#     are compared.
#  Q6 openssl gives no size for Ed25519/Ed448/X25519/X448 keys ("ED25519 Public-Key:"),
#     certdump gives 255/448; sizes are compared where openssl prints "(N bit)".
#  Q7 openssl prints key usage names in words ("Digital Signature"); mapped to RFC 5280
#     names.  "CA:FALSE" / "CA:TRUE, pathlen:N" are mapped to certdump's ca=,path_len=.
#  Q8 openssl leaves out an extension it cannot decode (it prints the raw bytes or an
#     error instead of the value) and prints the first of duplicate extensions;
#     certdump reports the malformed extension as a warning and leaves its convenience
#     field out.  Such fields are not compared (counted as "undecodable").
#  Q10 certdump names every GOST key "gost"; openssl names the variant ("GOST R 34.10-2001").
#  Q9 an AKI without keyIdentifier: openssl prints only DirName/serial lines; certdump's
#     authority_key_id is null (empty with -f).
. "$TOP/tests/cli/lib.sh"
CD="$BIN/certdump"
if [ ! -x "$CD" ]; then
    nok corpus-built "no $CD"
    exit 0
fi
W="${CERTKIT_KEEP:-$TMP/corpus}"      # CERTKIT_KEEP=DIR keeps the work files for a look
mkdir -p "$W/pem"

# ------------------------------------------------------------- the files
: > "$W/files"
if have_corpus; then
    awk -F'\t' 'NR>1 && ($6=="cert" || $6=="cert-bundle" || $6=="chain-leaf" ||
                         $6=="chain-intermediates" || $6=="chain-roots") {print $1 "\t" $8}' \
        "$CORPUS/MANIFEST.tsv" | while IFS="$(printf '\t')" read -r p okk; do
        printf '%s\t%s\n' "$CORPUS/$p" "$okk"
    done >> "$W/files"
else
    echo "# corpus: $CORPUS/MANIFEST.tsv absent; comparing testdata only"
fi
for f in "$TD"/certdump/rsa-ca.pem "$TD"/certdump/ec-leaf.pem "$TD"/certdump/ed25519.pem \
         "$TD"/certdump/rsa-pss.pem "$TD"/certdump/v1.pem "$TD"/certdump/bmp.pem \
         "$TD"/certdump/negserial.pem "$TD"/certdump/bundle.pem "$TD"/certdump/bundle.p7b \
         "$TD"/certdump/ec-leaf.der "$TD"/sample/*.pem; do
    [ -f "$f" ] && grep -q 'CERTIFICATE-----\|^0' "$f" 2>/dev/null && printf '%s\tyes\n' "$f" >> "$W/files"
    case $f in *.der) printf '%s\tyes\n' "$f" >> "$W/files" ;; esac
done

FIELDS=subject_openssl,issuer_openssl,serial,not_before,not_after,signature_algorithm.oid,public_key.algorithm
FIELDS=$FIELDS,public_key.bits,basic_constraints,key_usage,extended_key_usage,subject_key_id,authority_key_id
FIELDS=$FIELDS,subject_alt_names.type,subject_alt_names,fingerprints.sha1,fingerprints.sha256,warnings,pem

# ------------------------------------------------------------ our side
# ours.tsv: file, index, openssl_ok, then the fields; pem/N.pem: the certificate.
: > "$W/ours.tsv"
: > "$W/crashes"
n=0
while IFS="$(printf '\t')" read -r f okk; do
    "$CD" -f "$FIELDS" "$f" > "$W/out" 2> "$W/err"
    rc=$?
    if [ $rc -gt 3 ]; then echo "$f: exit $rc: $(head -c 200 "$W/err")" >> "$W/crashes"; fi
    case $okk in yes*) ;; *) continue ;; esac
    # openssl's count of certificates in the file, to catch certificates we lost
    want=$(grep -c -- '-----BEGIN \(X509 \|TRUSTED \)\?CERTIFICATE-----' "$f" 2>/dev/null)
    case $f in *.der|*.p7b|*.p7c) want="" ;; esac
    got=$(wc -l < "$W/out")
    if [ -n "$want" ] && [ "$want" -gt 0 ] && [ "$got" -ne "$want" ]; then
        echo "$f: certdump printed $got certificates, the file has $want: $(head -c 300 "$W/err")" >> "$W/lost"
    fi
    awk -F'\t' -v f="$f" -v okk="$okk" -v dir="$W/pem" -v start="$n" '
        { i = NR - 1; k = start + NR
          pem = $NF; gsub(/\\n/, "\n", pem); printf "%s", pem > (dir "/" k ".pem"); close(dir "/" k ".pem")
          b64 = pem; gsub(/-----[A-Z ]*-----/, "", b64); printf "%s", b64 > (dir "/" k ".b64"); close(dir "/" k ".b64")
          line = f "\t" i "\t" k
          for (j = 1; j < NF; j++) line = line "\t" $j
          print line }' "$W/out" >> "$W/ours.tsv"
    n=$((n + got))
done < "$W/files"

# ---------------------------------------------------------- openssl side
# One openssl call per certificate (its SHA-256 fingerprint included); the SHA-1 of
# the DER comes from coreutils, all certificates in one sha1sum call.
: > "$W/theirs.txt"
mkdir -p "$W/der"
k=1
while [ $k -le $n ]; do
    echo "@@@ $k" >> "$W/theirs.txt"
    openssl x509 -in "$W/pem/$k.pem" -noout -nameopt RFC2253,utf8 -dateopt iso_8601 -subject -issuer \
        -serial -dates -fingerprint -sha256 \
        -ext subjectAltName,extendedKeyUsage,keyUsage,basicConstraints,subjectKeyIdentifier,authorityKeyIdentifier \
        -text -certopt no_header,no_version,no_serial,no_validity,no_subject,no_issuer,no_extensions,no_sigdump,no_aux \
        >> "$W/theirs.txt" 2>&1
    base64 -d "$W/pem/$k.b64" > "$W/der/$k.der" 2>/dev/null
    k=$((k + 1))
done
if [ $n -gt 0 ]; then
    (cd "$W/der" && sha1sum -- *.der) | awk '{ f = $2; sub(/\.der$/, "", f); print "@@@ " f; print "sha1=" $1 }' >> "$W/theirs.txt"
fi

# Q5: the openssl long names for every OID certdump printed (EKUs, signature algorithms, RIDs)
awk -F'\t' '{ print $9; print $10; n = split($14, a, ","); for (i = 1; i <= n; i++) print a[i]
              if (index($17, "rid")) { m = split($18, v, ","); for (i = 1; i <= m; i++) print v[i] } }' \
    "$W/ours.tsv" | grep -E '^[0-9]+(\.[0-9]+)+$' | sort -u > "$W/oids"
sort -u "$W/oids" -o "$W/oids"
: > "$W/oidnames"
while read -r o; do
    nm=$(openssl asn1parse -genstr "OID:$o" 2>/dev/null | awk -F':' '/OBJECT/ { print $NF }')
    [ -n "$nm" ] && printf '%s\t%s\n' "$o" "$nm" >> "$W/oidnames"
done < "$W/oids"

# ------------------------------------------------------------ comparison
awk -F'\t' -v oidnames="$W/oidnames" -v report="$W/report" '
function norm_serial(s,   neg) {          # Q1
    neg = (substr(s, 1, 1) == "-"); if (neg) s = substr(s, 2)
    s = toupper(s); sub(/^0+/, "", s); if (s == "") s = "0"
    return (neg ? "-" : "") s
}
function ipv6(s,   g, n, i, best, bl, j, out, v) {    # Q2: RFC 5952 from openssl form
    n = split(s, g, ":"); if (n != 8) return tolower(s)
    for (i = 1; i <= 8; i++) { v = tolower(g[i]); sub(/^0+/, "", v); if (v == "") v = "0"; g[i] = v }
    best = 0; bl = 0
    for (i = 1; i <= 8; i++) if (g[i] == "0") { for (j = i; j <= 8 && g[j] == "0"; j++); if (j - i > bl && j - i >= 2) { best = i; bl = j - i }; i = j }
    out = ""
    for (i = 1; i <= 8; i++) {
        if (i == best) { out = out "::"; i += bl - 1; continue }
        if (i > 1 && i != best + bl) out = out ":"
        out = out g[i]
    }
    if (out ~ /^0:0:0:0:0:ffff:/) { }
    return out
}
function dirname(s,   n, a, i, out) {      # Q3: "/C=DE/O=X" -> "O=X,C=DE"
    n = split(s, a, "/"); out = ""
    for (i = n; i >= 2; i--) out = out (out == "" ? "" : ",") a[i]
    return out
}
function ku(s,   n, a, i, out, m) {        # Q7
    m["Digital Signature"] = "digitalSignature"; m["Non Repudiation"] = "nonRepudiation"
    m["Key Encipherment"] = "keyEncipherment"; m["Data Encipherment"] = "dataEncipherment"
    m["Key Agreement"] = "keyAgreement"; m["Certificate Sign"] = "keyCertSign"; m["CRL Sign"] = "cRLSign"
    m["Encipher Only"] = "encipherOnly"; m["Decipher Only"] = "decipherOnly"
    n = split(s, a, ", "); out = ""
    for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") ((a[i] in m) ? m[a[i]] : "?" a[i])
    return out
}
function hexcolon(s) { gsub(/[: ]/, "", s); return tolower(s) }
function san(s, types,   rest, out, m, t, v, pre, pos, n, tl, nt, ty) {    # Q2, Q3, Q4
    out = ""; tl = ""; nt = 0
    rest = s
    while (rest != "") {
        if (!match(rest, /^(DNS|IP Address|email|URI|DirName|othername|Registered ID|X400Name|EdiPartyName):/)) return "?unparsed:" rest
        pre = substr(rest, 1, RLENGTH - 1); rest = substr(rest, RLENGTH + 1)
        if (match(rest, /, (DNS|IP Address|email|URI|DirName|othername|Registered ID|X400Name|EdiPartyName):/)) {
            v = substr(rest, 1, RSTART - 1); rest = substr(rest, RSTART + 2)
        } else { v = rest; rest = "" }
        ty = (pre == "DNS") ? "dns" : (pre == "IP Address") ? "ip" : (pre == "email") ? "email" : (pre == "URI") ? "uri" : \
             (pre == "DirName") ? "dirname" : (pre == "othername") ? "othername" : (pre == "Registered ID") ? "rid" : \
             (pre == "X400Name") ? "x400" : "edipartyname"
        if (ty == "ip" && index(v, ":")) v = ipv6(v)
        if (ty == "dirname") v = dirname(v)
        if (ty == "othername") { if (v ~ /^ UPN::/) v = substr(v, 7); else v = "\001" }   # Q4
        if (ty == "x400" || ty == "edipartyname") v = "\001"
        if (ty == "rid") v = "\002" v
        nt++; tl = tl (nt > 1 ? "," : "") ty
        out = out (nt > 1 ? "," : "") v
    }
    types[1] = tl
    return out
}
BEGIN {
    while ((getline l < oidnames) > 0) { split(l, p, "\t"); ln[p[1]] = p[2] }
    keymap["rsa"] = "rsaEncryption"; keymap["ec"] = "id-ecPublicKey"; keymap["ed25519"] = "ED25519"
    keymap["ed448"] = "ED448"; keymap["x25519"] = "X25519"; keymap["x448"] = "X448"
    keymap["dsa"] = "dsaEncryption"; keymap["rsa-pss"] = "rsassaPss"
}
FNR == NR {                                     # theirs.txt
    if ($0 ~ /^@@@ /) { k = substr($0, 5); cur = ""; next }
    if ($0 ~ /^subject=/) { T[k, "subject"] = substr($0, 9); next }
    if ($0 ~ /^issuer=/) { T[k, "issuer"] = substr($0, 8); next }
    if ($0 ~ /^serial=/) { T[k, "serial"] = substr($0, 8); next }
    if ($0 ~ /^notBefore=/) { T[k, "nb"] = substr($0, 11); next }
    if ($0 ~ /^notAfter=/) { T[k, "na"] = substr($0, 10); next }
    if ($0 ~ /^sha1=/) { T[k, "sha1"] = substr($0, 6); next }
    if ($0 ~ /^sha256 Fingerprint=/) { v = substr($0, 20); gsub(/:/, "", v); T[k, "sha256"] = tolower(v); next }
    if ($0 ~ /^X509v3 /) { cur = $0; sub(/^X509v3 /, "", cur); sub(/:.*/, "", cur); T[k, "has", cur] = 1; next }
    if ($0 ~ /^    [^ ]/ && cur != "") {
        v = substr($0, 5)
        if (cur == "Authority Key Identifier") { if (v ~ /^keyid:/) T[k, cur] = substr(v, 7); else if (v !~ /^(DirName|serial|email|URI|DNS)/ && v ~ /^[0-9A-F:]+$/) T[k, cur] = v; next }
        T[k, cur] = (T[k, cur] == "" ? v : T[k, cur] "\n" v); next
    }
    if ($0 ~ /^        Signature Algorithm: /) { v = substr($0, 30); sub(/ +$/, "", v); T[k, "sigalg"] = v; cur = ""; next }
    if ($0 ~ /^            Public Key Algorithm: /) { T[k, "keyalg"] = substr($0, 35); cur = ""; next }
    if ($0 ~ /Public-Key: \([0-9]+ bit\)/) { v = $0; sub(/.*\(/, "", v); sub(/ bit.*/, "", v); T[k, "bits"] = v; next }
    if ($0 ~ /^[A-Za-z]/) cur = ""
    next
}
function cmp(what, ours, theirs) {
    compared[what]++
    if (ours == theirs) return
    bad++
    if (bad <= 40) printf "%s #%s: %s: certdump [%s] openssl [%s]\n", file, idx, what, ours, theirs > report
    badby[what]++
}
{                                                # ours.tsv
    file = $1; idx = $2; k = $3
    certs++
    cmp("subject", $4, T[k, "subject"])
    cmp("issuer", $5, T[k, "issuer"])
    cmp("serial", norm_serial($6), norm_serial(T[k, "serial"]))
    nb = T[k, "nb"]; sub(/ /, "T", nb); na = T[k, "na"]; sub(/ /, "T", na)
    cmp("notBefore", $7, nb)
    cmp("notAfter", $8, na)
    sig = ($9 in ln) ? ln[$9] : $9
    cmp("signature algorithm", sig, T[k, "sigalg"])
    kt = ($10 in keymap) ? keymap[$10] : ($10 in ln) ? ln[$10] : $10
    if ($10 == "gost" && T[k, "keyalg"] ~ /^GOST R 34\.10/) kt = T[k, "keyalg"]      # Q10
    cmp("key type", kt, T[k, "keyalg"])
    if (T[k, "bits"] != "") cmp("key size", $11, T[k, "bits"])
    # extensions: compared where openssl decoded them (Q8)
    if (T[k, "Basic Constraints"] != "") {
        v = T[k, "Basic Constraints"]; ca = (v ~ /CA:TRUE/) ? "true" : "false"; pl = ""
        if (match(v, /pathlen:[0-9]+/)) pl = substr(v, RSTART + 8, RLENGTH - 8)
        cmp("basic constraints", $12, "ca=" ca ",path_len=" pl)
    } else if (T[k, "has", "Basic Constraints"]) undecodable++
    if (T[k, "Key Usage"] != "") cmp("key usage", $13, ku(T[k, "Key Usage"]))
    else if (T[k, "has", "Key Usage"]) undecodable++
    if (T[k, "Extended Key Usage"] != "") {
        m = split($14, e, ","); o = ""
        for (i = 1; i <= m; i++) o = o (i > 1 ? ", " : "") ((e[i] in ln) ? ln[e[i]] : e[i])
        cmp("extended key usage", o, T[k, "Extended Key Usage"])
    } else if (T[k, "has", "Extended Key Usage"]) undecodable++
    if (T[k, "Subject Key Identifier"] != "") cmp("subject key id", $15, hexcolon(T[k, "Subject Key Identifier"]))
    else if (T[k, "has", "Subject Key Identifier"]) undecodable++
    if (T[k, "Authority Key Identifier"] != "") cmp("authority key id", $16, hexcolon(T[k, "Authority Key Identifier"]))
    else if (T[k, "has", "Authority Key Identifier"] && $16 != "") cmp("authority key id", $16, "(none)")   # Q9
    if (T[k, "Subject Alternative Name"] != "") {
        delete ty; tv = san(T[k, "Subject Alternative Name"], ty)
        cmp("SAN types", $17, ty[1])
        # values: element by element; Q4 placeholders (\001) match anything, RIDs (\002)
        # are compared by the openssl long name (Q5).  A dirname splits into the same
        # number of parts on both sides (Q3).
        n1 = split($18, ov, ","); n2 = split(tv, tvv, ",")
        if (n1 == n2) {
            o = ""; t = ""
            for (i = 1; i <= n1; i++) {
                if (tvv[i] == "\001") continue
                if (substr(tvv[i], 1, 1) == "\002") { tvv[i] = substr(tvv[i], 2); if (ov[i] in ln) ov[i] = ln[ov[i]] }
                o = o "," ov[i]; t = t "," tvv[i]
            }
            cmp("SAN values", o, t)
        } else if (index(tv, "\001")) {
            undecodable++          # an x400/ediParty/otherName value openssl cannot show, with commas
        } else {
            cmp("SAN values", $18, tv)
        }
    } else if (T[k, "has", "Subject Alternative Name"]) undecodable++
    cmp("SHA-1", $19 == "" ? "" : $19, T[k, "sha1"])
    cmp("SHA-256", $20, T[k, "sha256"])
}
END {
    printf "certificates %d, fields compared %d, disagreements %d, undecodable by openssl %d\n", certs, total(), bad + 0, undecodable + 0
    for (w in badby) printf "  %s: %d\n", w, badby[w]
}
function total(   s, w) { s = 0; for (w in compared) s += compared[w]; return s }
' "$W/theirs.txt" "$W/ours.tsv" > "$W/summary"
cat "$W/summary" | sed 's/^/# /'
[ -s "$W/report" ] && sed 's/^/#   /' "$W/report" | head -40
certs=$(awk '/^certificates/ { gsub(/,/, ""); print $2 }' "$W/summary")
bad=$(awk '/^certificates/ { gsub(/,/, ""); print $7 }' "$W/summary")
if [ "${certs:-0}" -gt 0 ]; then ok "corpus-compared-$certs"; else nok corpus-compared "no certificate compared"; fi
expect_eq corpus-disagreements "${bad:-?}" 0
if [ -s "$W/lost" ]; then nok corpus-no-lost-certificates "$(wc -l < "$W/lost") files: $(head -c 600 "$W/lost")"; else ok corpus-no-lost-certificates; fi
if [ -s "$W/crashes" ]; then nok corpus-no-crash "$(head -c 600 "$W/crashes")"; else ok corpus-no-crash; fi

# ------------------------------------------------------------ malformed
if have_corpus; then
    : > "$W/silent"
    : > "$W/mcrash"
    nm=0
    awk -F'\t' 'NR>1 && ($6=="malformed-cert" || $6=="malformed-cert-bundle") {print $1}' "$CORPUS/MANIFEST.tsv" > "$W/malformed"
    while read -r p; do
        nm=$((nm + 1))
        "$CD" "$CORPUS/$p" > /dev/null 2> "$W/err"
        rc=$?
        if [ $rc -gt 3 ] || grep -q 'AddressSanitizer\|runtime error' "$W/err"; then
            echo "$p: exit $rc $(head -c 200 "$W/err")" >> "$W/mcrash"
        elif [ $rc -eq 1 ] && grep -q "^certdump: " "$W/err"; then
            :
        elif [ $rc -eq 0 ] && grep -q ": warning: " "$W/err"; then
            :
        else
            echo "$p: exit $rc, $(wc -l < "$W/err") stderr lines" >> "$W/silent"
        fi
    done < "$W/malformed"
    echo "# malformed certificates: $nm"
    if [ -s "$W/mcrash" ]; then nok malformed-no-crash "$(head -c 600 "$W/mcrash")"; else ok "malformed-no-crash-$nm"; fi
    if [ -s "$W/silent" ]; then
        nok malformed-error-or-warning "$(wc -l < "$W/silent") decoded silently: $(head -c 800 "$W/silent")"
    else
        ok malformed-error-or-warning
    fi
fi
