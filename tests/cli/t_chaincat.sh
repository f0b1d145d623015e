# chaincat: ordering, determinism, diagnosis, output forms, and agreement with
# `openssl verify -show_chain` on the fixture chains (testdata/gen-chains.sh).
. "$TOP/tests/cli/lib.sh"
C="$BIN/chaincat"
D="$TD/chains"

# split a PEM bundle into one file per block: split FILE PREFIX -> PREFIX.0 PREFIX.1 ...
split_pem() {
    awk -v p="$2" '/-----BEGIN/{f=p"."n++} f{print > f} /-----END/{close(f); f=""}' "$1"
}
subjects() { # PEM bundle -> one subject line per cert
    openssl crl2pkcs7 -nocrl -certfile "$1" | openssl pkcs7 -print_certs -noout 2>/dev/null | sed -n 's/^subject=//p'
}

expect_rc "help exits 0" 0 "$C" --help
expect_match "help to stdout" "$TMP/out" "usage: chaincat"
expect_rc "version" 0 "$C" --version
expect_match "version text" "$TMP/out" "^chaincat \(certkit\) "
expect_rc "unknown option exits 2" 2 "$C" --bogus
expect_match "usage on stderr" "$TMP/err" "usage: chaincat"

# every complete fixture: exit 0, leaf-to-root order as built
for f in rsa2 ec3 mixed4; do
    expect_rc "$f complete" 0 "$C" "$D/$f.pem"
    cp "$TMP/out" "$TMP/$f.out"
    expect_eq "$f order" "$(subjects "$TMP/$f.out")" "$(subjects "$D/$f.pem")"
done

# the same pile in every order gives the same output
split_pem "$D/mixed4.pem" "$TMP/m4"
perm_fail=0; n=0
for a in 0 1 2 3; do for b in 0 1 2 3; do for c in 0 1 2 3; do for d in 0 1 2 3; do
    [ $a = $b ] || [ $a = $c ] || [ $a = $d ] || [ $b = $c ] || [ $b = $d ] || [ $c = $d ] && continue
    cat "$TMP/m4.$a" "$TMP/m4.$b" "$TMP/m4.$c" "$TMP/m4.$d" > "$TMP/shuf.pem"
    "$C" "$TMP/shuf.pem" > "$TMP/shuf.out" 2>/dev/null || perm_fail=$((perm_fail + 1))
    cmp -s "$TMP/shuf.out" "$TMP/mixed4.out" || perm_fail=$((perm_fail + 1))
    n=$((n + 1))
done; done; done; done
expect_eq "24 orders of a 4-level pile give one output ($n tried)" "$perm_fail" 0
# operands in another order, one file per certificate
"$C" "$TMP/m4.3" "$TMP/m4.1" "$TMP/m4.0" "$TMP/m4.2" > "$TMP/sep.out" 2>/dev/null
expect_same "separate files, any order" "$TMP/sep.out" "$TMP/mixed4.out"

# output forms
"$C" --root-first "$D/mixed4.pem" > "$TMP/rf.out"
expect_eq "--root-first reverses" "$(subjects "$TMP/rf.out" | head -n 1)" "$(subjects "$D/mixed4.pem" | tail -n 1)"
"$C" --no-root "$D/mixed4.pem" > "$TMP/nr.out"
expect_eq "--no-root drops the root" "$(grep -c BEGIN "$TMP/nr.out")" 3
"$C" --ca-file "$D/mixed4.pem" > "$TMP/ca.out"
expect_eq "--ca-file: issuer to root, no leaf" "$(subjects "$TMP/ca.out")" "$(subjects "$D/mixed4.pem" | tail -n 3)"
"$C" --comments "$D/ec3.pem" > "$TMP/cm.out"
expect_eq "--comments adds subject= lines" "$(grep -c '^subject=' "$TMP/cm.out")" 3
expect_rc "--outform der to a file" 0 "$C" --outform der -o "$TMP/chain.der" "$D/ec3.pem"
expect_eq "DER bundle holds the chain" "$(openssl asn1parse -inform DER -in "$TMP/chain.der" | grep -c 'd=0')" 3
expect_rc "--json" 0 "$C" --json "$D/ec3.pem"
expect_eq "json: complete" "$(jq -r .complete "$TMP/out")" true
expect_eq "json: three certs, all signatures valid" "$(jq -r '[.certs[].signature_valid] | map(tostring) | join(",")' "$TMP/out")" "true,true,true"
expect_eq "json: leaf first" "$(jq -r '.certs[0].subject.rfc4514' "$TMP/out")" "CN=leaf3.example.com,O=certkit tests"
expect_rc "--tree" 0 "$C" --tree "$D/mixed4.pem"
expect_eq "tree shows the 4 certificates" "$(wc -l < "$TMP/out")" 4
expect_match "tree indents the leaf 3 levels" "$TMP/out" "^        \+-- leaf4.example.com"

# p7b input (DER and PEM) gives the same chain as the PEM bundle
"$C" "$D/ec3.pem" > "$TMP/ec3.ref"
expect_rc "p7b DER" 0 "$C" "$D/ec3.p7b"
expect_same "p7b DER same chain" "$TMP/out" "$TMP/ec3.ref"
expect_rc "p7b PEM" 0 "$C" "$D/ec3-p7b.pem"
expect_same "p7b PEM same chain" "$TMP/out" "$TMP/ec3.ref"

# duplicates are dropped with a note
cat "$D/ec3.pem" "$D/ec3.pem" > "$TMP/dup.pem"
expect_rc "duplicates" 0 "$C" "$TMP/dup.pem"
expect_same "duplicates: same chain" "$TMP/out" "$TMP/ec3.ref"
expect_match "duplicates noted" "$TMP/err" "duplicate"

# diagnosis
expect_rc "missing intermediate exits 3" 3 "$C" "$D/missing-intermediate.pem"
expect_match "missing intermediate named" "$TMP/err" 'missing the issuer of "leaf4.example.com": "CN=Issuing CA Four,O=certkit tests" \(AKI [0-9a-f:]+\)'
expect_match "unused certificates named" "$TMP/err" "belongs to no chain"
expect_rc "wrong signature exits 3" 3 "$C" "$D/wrong-signature.pem"
expect_match "bad link named" "$TMP/err" "does not verify"
expect_rc "loop exits 3" 3 "$C" "$D/loop.pem"
expect_match "loop: incomplete" "$TMP/err" "incomplete|belongs to no chain"

# cross-signed intermediate: the trust anchor decides the path
expect_rc "cross, anchor A" 0 "$C" --roots "$D/cross-root-a.pem" "$D/cross.pem"
expect_eq "cross: ends at root A" "$(subjects "$TMP/out" | tail -n 1)" "$(subjects "$D/cross-root-a.pem")"
expect_rc "cross, anchor B" 0 "$C" --roots "$D/cross-root-b.pem" "$D/cross.pem"
expect_eq "cross: ends at root B" "$(subjects "$TMP/out" | tail -n 1)" "$(subjects "$D/cross-root-b.pem")"
expect_rc "cross, no anchors" 0 "$C" "$D/cross.pem"
expect_eq "cross: 3 certificates" "$(grep -c BEGIN "$TMP/out")" 3
expect_rc "roots given, chain ends elsewhere" 3 "$C" --roots "$D/mixed4-root.pem" "$D/ec3.pem"

# agreement with openssl verify -show_chain (leaf, untrusted intermediates, root as CA file)
for f in rsa2 ec3 mixed4; do
    split_pem "$D/$f.pem" "$TMP/v$f"
    nb=$(grep -c 'BEGIN CERTIFICATE' "$D/$f.pem")
    last="$TMP/v$f.$((nb - 1))"
    : > "$TMP/untrusted.pem"
    i=1
    while [ $i -lt $((nb - 1)) ]; do cat "$TMP/v$f.$i" >> "$TMP/untrusted.pem"; i=$((i + 1)); done
    if [ -s "$TMP/untrusted.pem" ]; then U="-untrusted $TMP/untrusted.pem"; else U=""; fi
    openssl verify -no-CApath -no-CAstore -show_chain $U -CAfile "$last" "$TMP/v$f.0" 2>/dev/null |
        sed -n 's/^depth=[0-9]*: //p' | sed 's/ (untrusted)//' > "$TMP/ossl"
    "$C" --roots "$last" "$TMP/v$f.0" "$TMP/untrusted.pem" 2>/dev/null > "$TMP/ours.pem"
    split_pem "$TMP/ours.pem" "$TMP/o$f"
    : > "$TMP/oursubj"
    i=0
    while [ -f "$TMP/o$f.$i" ]; do
        openssl x509 -in "$TMP/o$f.$i" -noout -subject -nameopt oneline | sed 's/^subject=//' >> "$TMP/oursubj"
        i=$((i + 1))
    done
    expect_eq "$f: same chain as openssl verify -show_chain" "$(cat "$TMP/oursubj")" "$(cat "$TMP/ossl")"
done

# PKCS#12 input: the certificates of a PFX join the pile
openssl pkcs12 -export -nokeys -in "$D/ec3.pem" -passout pass:pile -out "$TMP/ec3.pfx" 2>/dev/null
expect_rc "pfx input" 0 "$C" --pass pass:pile "$TMP/ec3.pfx"
expect_same "pfx input: same chain" "$TMP/out" "$TMP/ec3.ref"
expect_rc "pfx input, wrong password" 1 "$C" --pass pass:nope "$TMP/ec3.pfx"
expect_match "pfx wrong password named" "$TMP/err" "wrong password"
