#!/bin/sh
# der2pem: options, exit codes, round trips, atomic -o, and the differential test
# against `openssl x509|crl|req -outform PEM` over the corpus.
. "$TOP/tests/cli/lib.sh"
# private copies: a rebuild of bin/ while the test runs cannot swap the binaries under it
cp "$BIN/der2pem" "$BIN/pem2der" "$TMP/" || { nok setup "der2pem and pem2der are not built in $BIN"; exit 0; }
D2P="$TMP/der2pem"
P2D="$TMP/pem2der"

# ---------------------------------------------------------------- fixtures
# An EC CA, a leaf, a CRL and a CSR, made with the openssl command.
mk() { openssl "$@" >/dev/null 2>&1; }
cd "$TMP" || exit 1
mk req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=ca -days 30 \
    -keyout ca.key -out ca.pem
mk req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=leaf -keyout leaf.key -out leaf.csr
mk x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 10 -out leaf.pem
printf '' > index.txt
cat > ca.cnf <<EOF
[ca]
default_ca = d
[d]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 7
EOF
echo 01 > crlnumber
mk ca -config ca.cnf -gencrl -keyfile ca.key -cert ca.pem -out ca.crl
for f in ca leaf; do openssl x509 -in $f.pem -outform DER -out $f.der; done
openssl crl -in ca.crl -outform DER -out crl.der
openssl req -in leaf.csr -outform DER -out csr.der
openssl pkey -in leaf.key -outform DER -out key.der        # SEC1 (traditional)
openssl pkcs8 -topk8 -nocrypt -in leaf.key -outform DER -out p8.der
if [ ! -s ca.der ] || [ ! -s leaf.der ] || [ ! -s crl.der ] || [ ! -s csr.der ] || [ ! -s key.der ] || [ ! -s p8.der ]; then
    nok fixtures "openssl could not make the test fixtures"
    exit 0
fi

# ---------------------------------------------------------------- options
expect_rc help 0 "$D2P" --help
expect_match help-stdout "$TMP/out" '^usage: der2pem'
expect_rc help-short 0 "$D2P" -h
expect_rc version 0 "$D2P" --version
expect_match version-form "$TMP/out" '^der2pem \(certkit\) [0-9]+\.[0-9]+\.[0-9]+$'
expect_rc version-short 0 "$D2P" -V
expect_rc unknown-option 2 "$D2P" --bogus ca.der
expect_match unknown-option-reason "$TMP/err" "^der2pem: unknown option '--bogus'$"
expect_match unknown-option-usage "$TMP/err" '^usage: der2pem'
expect_rc unknown-short 2 "$D2P" -q ca.der
expect_match unknown-short-reason "$TMP/err" "unknown option '-q'"
expect_rc missing-arg 2 "$D2P" ca.der -l
expect_match missing-arg-reason "$TMP/err" "option '-l' needs an argument"
expect_rc bad-inform 2 "$D2P" -i xml ca.der
expect_rc help-arg 2 "$D2P" --help=x
expect_rc missing-file 2 "$D2P" "$TMP/nonexistent.der"
expect_match missing-file-msg "$TMP/err" "^der2pem: $TMP/nonexistent.der: cannot open: No such file or directory$"
expect_rc folder 2 "$D2P" "$TMP"

# ------------------------------------------------------- labels and output
for k in ca:CERTIFICATE crl:'X509 CRL' csr:'CERTIFICATE REQUEST' key:'EC PRIVATE KEY' p8:'PRIVATE KEY'; do
    f=${k%%:*}; l=${k#*:}
    "$D2P" $f.der > $f.out 2>"$TMP/err"
    expect_eq "label-$f" "$(head -n 1 $f.out)" "-----BEGIN $l-----"
done
openssl x509 -in ca.pem -outform PEM > ca.want
expect_same der-cert-as-openssl ca.out ca.want
openssl crl -in ca.crl -outform PEM > crl.want
expect_same der-crl-as-openssl crl.out crl.want
openssl req -in leaf.csr -outform PEM > csr.want
expect_same der-csr-as-openssl csr.out csr.want
expect_rc label-override 0 "$D2P" -l 'TRUSTED CERTIFICATE' ca.der
expect_eq label-override-line "$(head -n 1 "$TMP/out")" "-----BEGIN TRUSTED CERTIFICATE-----"
expect_rc label-bad 2 "$D2P" -l '' ca.der

# stdin, "-", "--"
"$D2P" < ca.der > stdin.out 2>/dev/null
expect_same stdin stdin.out ca.want
"$D2P" - < ca.der > dash.out 2>/dev/null
expect_same dash-operand dash.out ca.want
cp ca.der ./-l
"$D2P" -- -l > ddash.out 2>/dev/null
expect_same double-dash ddash.out ca.want
rm -f ./-l

# bundle: one block per object, in order; pem2der brings the bundle back
cat ca.der leaf.der crl.der csr.der > bundle.der
"$D2P" bundle.der > bundle.pem 2>"$TMP/err"
expect_eq bundle-blocks "$(grep -c '^-----BEGIN' bundle.pem)" 4
cat ca.want crl.want > two.want
"$P2D" bundle.pem > back.der 2>/dev/null
expect_same bundle-roundtrip back.der bundle.der
# PEM input passes through, normalised: CRLF, text around, legacy labels
{ printf 'Bag Attributes\r\n    friendlyName: ca\r\n'; sed 's/$/\r/' ca.pem; echo 'subject=CN = ca';
  sed -e 's/BEGIN X509 CRL/BEGIN CRL/' -e 's/END X509 CRL/END CRL/' ca.crl; } > messy.pem
"$D2P" messy.pem > messy.out 2>"$TMP/err"
expect_same pem-normalised messy.out two.want
sed -e 's/CERTIFICATE REQUEST/NEW CERTIFICATE REQUEST/' leaf.csr > new.csr
"$D2P" new.csr > new.out 2>/dev/null
expect_same pem-new-csr-label new.out csr.want
"$D2P" ca.der messy.pem > mixed.out 2>/dev/null
cat ca.want two.want > mixed.want
expect_same der-and-pem-operands mixed.out mixed.want
# one base64 DER object per line (certificate-transparency dumps)
{ base64 -w0 ca.der; echo; base64 -w0 crl.der; printf '\r\n'; } > ct.b64
"$D2P" ct.b64 > ct.out 2>/dev/null
expect_same base64-lines ct.out two.want

# ------------------------------------------------------------- bad input
printf '' > empty
expect_rc empty-input 1 "$D2P" empty
expect_match empty-msg "$TMP/err" '^der2pem: empty: empty input$'
# a bad block among good ones: the good ones are written, the exit code is 1
{ cat ca.pem; printf -- '-----BEGIN CERTIFICATE-----\nMIIB*AAA\n-----END CERTIFICATE-----\n'; cat leaf.pem; } > onebad.pem
"$D2P" onebad.pem > onebad.out 2>"$TMP/err"; rc=$?
expect_eq onebad-rc "$rc" 1
expect_eq onebad-written "$(grep -c '^-----BEGIN' onebad.out)" 2
expect_match onebad-msg "$TMP/err" '^der2pem: onebad.pem: block 2: line [0-9]+, column 5: invalid base64 character .\*.$'
{ cat ca.pem; sed 's/END CERTIFICATE/END X509 CRL/' leaf.pem; } > mismatch.pem
expect_rc mismatch 1 "$D2P" mismatch.pem
expect_match mismatch-msg "$TMP/err" 'block 2: BEGIN CERTIFICATE \(line [0-9]+\) closed by END X509 CRL \(line [0-9]+\)'
head -c 300 ca.der > trunc.der
expect_rc truncated-der 1 "$D2P" trunc.der
expect_match truncated-msg "$TMP/err" '^der2pem: trunc.der: truncated'
printf '\060\003\002\001\001' > unknown.der
expect_rc unknown-structure 1 "$D2P" unknown.der
expect_match unknown-structure-msg "$TMP/err" 'give its label with -l'
expect_rc unknown-structure-l 0 "$D2P" -l 'SOMETHING' unknown.der

# ------------------------------------------------------------- atomic -o
mkdir -p o
( umask 022; "$D2P" -o o/ca.pem ca.der ) 2>"$TMP/err"
expect_same out-file o/ca.pem ca.want
expect_eq out-mode "$(stat -c %a o/ca.pem)" 644
echo old > o/keep.pem
"$D2P" -o o/keep.pem ca.der trunc.der 2>/dev/null; rc=$?
expect_eq out-error-rc "$rc" 1
expect_eq out-error-untouched "$(cat o/keep.pem)" old
"$D2P" -o o/new.pem ca.der empty 2>/dev/null
expect_eq out-error-no-file "$(ls -A o | tr '\n' ' ')" "ca.pem keep.pem "
( umask 000; "$D2P" -o o/key.pem key.der ) 2>/dev/null
expect_eq out-key-0600 "$(stat -c %a o/key.pem)" 600
( umask 000; "$D2P" -o o/bundle-with-key.pem ca.der p8.der ) 2>/dev/null
expect_eq out-bundle-with-key-0600 "$(stat -c %a o/bundle-with-key.pem)" 600
( umask 000; "$D2P" -o o/world.pem ca.der ) 2>/dev/null
expect_eq out-umask-000 "$(stat -c %a o/world.pem)" 666
expect_rc out-no-folder 2 "$D2P" -o "$TMP/no/such/dir/x.pem" ca.der
# a signal while writing leaves nothing behind
mkfifo slow.fifo
( "$D2P" -o o/sig.pem slow.fifo 2>/dev/null & echo $! > pid; wait ) &
( cat ca.der; sleep 3 ) > slow.fifo &
sleep 1
expect_eq out-temp-while-writing "$(ls -A o | grep -c '^\.sig\.pem\.')" 1
kill -TERM "$(cat pid)" 2>/dev/null
wait
expect_eq out-signal-no-file "$(ls -A o | grep -c sig)" 0

# ------------------------------------------------------------ corpus diff
# Every certificate, CRL and CSR in the corpus (malformed/ skipped): der2pem's block
# for each object must equal `openssl x509|crl|req -outform PEM` of that object.
if ! have_corpus; then
    echo "# corpus absent ($CORPUS): differential test skipped"
    exit 0
fi
mkdir -p diff
files=0; objs=0; agree=0; disagree=0; skipped=0; rejected=0; trusted=0
awk -F'\t' 'NR > 1 && ($6 == "cert" || $6 == "cert-bundle" || $6 == "crl" || $6 == "csr") &&
            $1 !~ /^malformed\// { print $1 "\t" $7 }' "$CORPUS/MANIFEST.tsv" > list.tsv
while IFS="$(printf '\t')" read -r rel enc; do
    f="$CORPUS/$rel"
    [ -f "$f" ] || continue
    files=$((files + 1))
    rm -f diff/b* diff/whole diff/joined
    "$D2P" "$f" > diff/whole 2>/dev/null
    case "$enc" in
    DER)
        kind=$("$D2P" "$f" 2>/dev/null | head -n 1)
        case "$kind" in
        *"X509 CRL"*) cmd=crl ;;
        *"CERTIFICATE REQUEST"*) cmd=req ;;
        *) cmd=x509 ;;
        esac
        if ! openssl $cmd -inform DER -in "$f" -outform PEM > diff/want 2>/dev/null; then
            rejected=$((rejected + 1)); continue
        fi
        objs=$((objs + 1))
        if cmp -s diff/want diff/whole; then agree=$((agree + 1)); else
            disagree=$((disagree + 1)); nok "corpus-$rel" "differs from openssl $cmd"; fi
        continue ;;
    esac
    # PEM: split the file's blocks, compare each one; the whole-file run must equal
    # the blocks run one by one (streaming and text between blocks).
    LC_ALL=C awk -v dir=diff '
        { sub(/^\357\273\277/, "") }
        /^[ \t]*-----BEGIN / && !inb { n++; f = sprintf("%s/b%04d", dir, n); inb = 1 }
        inb { print > f }
        inb && /^[ \t]*-----END / { close(f); inb = 0 }' "$f"
    : > diff/joined
    for b in diff/b*; do
        [ -f "$b" ] || continue
        "$D2P" "$b" >> diff/joined 2>/dev/null
        label=$(head -n 1 "$b" | tr -d '\r' | sed -e 's/^[ \t]*-----BEGIN //' -e 's/-----[ \t]*$//')
        case "$label" in
        "CERTIFICATE"|"X509 CERTIFICATE"|"TRUSTED CERTIFICATE") cmd=x509; in=$b ;;
        "X509 CRL") cmd=crl; in=$b ;;
        "CRL") cmd=crl; in=$b.relabel
               sed -e 's/BEGIN CRL/BEGIN X509 CRL/' -e 's/END CRL/END X509 CRL/' "$b" > "$in" ;;
        "CERTIFICATE REQUEST"|"NEW CERTIFICATE REQUEST") cmd=req; in=$b ;;
        *) skipped=$((skipped + 1)); continue ;;
        esac
        if ! openssl $cmd -in "$in" -outform PEM > diff/want 2>/dev/null; then
            rejected=$((rejected + 1)); continue
        fi
        objs=$((objs + 1))
        "$D2P" "$b" > diff/got 2>/dev/null
        if cmp -s diff/want diff/got; then
            agree=$((agree + 1))
        elif [ "$label" = "TRUSTED CERTIFICATE" ]; then
            # openssl x509 drops the trust settings (X509_CERT_AUX) and relabels; der2pem
            # keeps the block whole.  Check that the certificate is the block's first part.
            "$P2D" "$b" > diff/got.der 2>/dev/null
            openssl x509 -in diff/want -outform DER > diff/want.der 2>/dev/null
            n=$(wc -c < diff/want.der)
            if [ "$(head -c "$n" diff/got.der | od -An -tx1)" = "$(od -An -tx1 < diff/want.der)" ]; then
                trusted=$((trusted + 1)); agree=$((agree + 1))
            else
                disagree=$((disagree + 1)); nok "corpus-$rel-$(basename "$b")" "trusted certificate differs"
            fi
        else
            disagree=$((disagree + 1)); nok "corpus-$rel-$(basename "$b")" "differs from openssl $cmd"
        fi
    done
    if ! cmp -s diff/joined diff/whole; then
        disagree=$((disagree + 1)); nok "corpus-$rel-whole" "whole-file output differs from the blocks one by one"
    fi
done < list.tsv
echo "# corpus: $files files, $objs objects compared with openssl, $agree agree ($trusted TRUSTED CERTIFICATE kept whole), $disagree disagree, $rejected rejected by openssl, $skipped other blocks"
expect_eq corpus-files-compared "$([ "$files" -gt 500 ] && echo yes)" yes
expect_eq corpus-disagreements "$disagree" 0
