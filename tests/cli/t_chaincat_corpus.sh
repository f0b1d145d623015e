# chaincat over every chain case of ../shared/corpus/chains (NIST PKITS, BoringSSL,
# x509-limbo incl. real-world chains), at each case's validation time, against
# `openssl verify -show_chain` (-no-CApath -no-CAstore: only the case's roots) building the same path (-untrusted intermediates,
# -CAfile roots, no purpose or host-name checks: path building only).
#  - openssl finds a path (OK, or a failure that is not "no issuer"): chaincat must
#    find a complete chain to a trust anchor;
#  - openssl finds none (error 2 or 20: unable to get (local) issuer certificate):
#    chaincat must report the chain incomplete;
#  - where both build a path, the chains are compared certificate by certificate;
#    a different but valid choice among several paths is counted and listed, never
#    silently accepted (see the note at the end).
. "$TOP/tests/cli/lib.sh"
C="$BIN/chaincat"
if ! have_corpus; then
    echo "ok chaincat-corpus: ../shared/corpus is absent; corpus chain cases not run"
    exit 0
fi
same=0; differ=0; cases=0; bad=0
for d in "$CORPUS"/chains/*/; do
    [ -f "$d/case.json" ] || continue
    cases=$((cases + 1))
    name=$(basename "$d")
    at=$(jq -r '.validation_time // empty' "$d/case.json")
    [ -n "$at" ] || at=2021-10-05T12:00:00Z
    epoch=$(date -u -d "$at" +%s)
    inter=""; [ -f "$d/intermediates.pem" ] && inter="$d/intermediates.pem"
    U=""; [ -n "$inter" ] && U="-untrusted $inter"
    openssl verify -no-CApath -no-CAstore -show_chain -attime "$epoch" $U -CAfile "$d/roots.pem" "$d/leaf.pem" > "$TMP/o" 2>&1
    ocode=$(sed -n 's/^error \([0-9]*\) at .*/\1/p' "$TMP/o" | head -n 1)
    grep -q ': OK$' "$TMP/o" && ocode=0
    "$C" --json --at "$at" --roots "$d/roots.pem" --leaf "$d/leaf.pem" $inter > "$TMP/c" 2> "$TMP/ce"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 3 ] && [ $rc -ne 1 ]; then
        nok "chain-case $name" "chaincat exit $rc: $(head -c 300 "$TMP/ce")"; bad=$((bad + 1)); continue
    fi
    complete=$(jq -r .complete "$TMP/c" | head -n 1)
    expect=$(jq -r .expected_result "$d/case.json")
    # openssl without -partial_chain insists on a self-signed trust anchor; certkit takes any
    # certificate in --roots as one (RFC 5280 6.1: a trust anchor need not be self-signed)
    if [ "$ocode" = 2 ] || [ "$ocode" = 20 ]; then
        openssl verify -no-CApath -no-CAstore -partial_chain -attime "$epoch" $U -CAfile "$d/roots.pem" "$d/leaf.pem" > "$TMP/op" 2>&1
        pcode=$(sed -n 's/^error \([0-9]*\) at .*/\1/p' "$TMP/op" | head -n 1)
        grep -q ': OK$' "$TMP/op" && pcode=0
        [ "$pcode" != 2 ] && [ "$pcode" != 20 ] && [ -n "$pcode" ] && ocode="partial:$pcode"
    fi
    listed=$(awk -F'\t' -v n="$name" '$1 == n {print $2}' "$TOP/tests/cli/chaincat_corpus_expect.tsv")
    if [ $rc -eq 1 ]; then
        if [ "$expect" = FAILURE ] && [ "$listed" = malformed ]; then ok "chain-case $name: malformed input refused"; else
            nok "chain-case $name" "exit 1 on a case not listed as malformed: $(head -c 300 "$TMP/ce")"; bad=$((bad + 1)); fi
        continue
    fi
    if [ -n "$listed" ]; then
        if [ "$listed" = "complete:$complete" ]; then ok "chain-case $name: listed difference ($listed)"; else
            nok "chain-case $name" "listed as $listed, chaincat says complete=$complete"; bad=$((bad + 1)); fi
        continue
    fi
    case "$ocode" in
    2|20|19)
        # no path to a trust anchor (19: it ends at a self-signed certificate that is not one)
        if [ "$complete" = false ]; then ok "chain-case $name: no path, as openssl"; else
            nok "chain-case $name" "chaincat found a path, openssl error $ocode"; bad=$((bad + 1)); fi ;;
    7)
        # openssl found the path but a signature fails: chaincat keeps no such link and says so
        if [ "$complete" = false ] && grep -q "does not verify" "$TMP/ce"; then ok "chain-case $name: bad signature found, as openssl"; else
            nok "chain-case $name" "openssl: signature failure; chaincat complete=$complete: $(head -c 300 "$TMP/ce")"; bad=$((bad + 1)); fi ;;
    "")
        nok "chain-case $name" "openssl gave no result: $(head -c 200 "$TMP/o")"; bad=$((bad + 1)) ;;
    *)
        # openssl built a path (then maybe rejected it for a reason outside path building)
        if [ "$complete" != true ]; then
            nok "chain-case $name" "openssl built a path (code $ocode), chaincat did not: $(head -c 300 "$TMP/ce")"
            bad=$((bad + 1)); continue
        fi
        ok "chain-case $name: path found, as openssl"
        if [ "$ocode" = 0 ]; then
            sed -n 's/^depth=[0-9]*: //p' "$TMP/o" | sed 's/ (untrusted)//' > "$TMP/osubj"
            "$C" --at "$at" --roots "$d/roots.pem" --leaf "$d/leaf.pem" $inter 2>/dev/null > "$TMP/cpem"
            : > "$TMP/csubj"
            awk -v p="$TMP/cb" '/-----BEGIN/{f=p"."n++} f{print > f} /-----END/{close(f); f=""}' "$TMP/cpem"
            i=0
            while [ -f "$TMP/cb.$i" ]; do
                openssl x509 -in "$TMP/cb.$i" -noout -subject -nameopt oneline | sed 's/^subject=//' >> "$TMP/csubj"
                rm -f "$TMP/cb.$i"; i=$((i + 1))
            done
            if cmp -s "$TMP/osubj" "$TMP/csubj"; then same=$((same + 1)); else
                differ=$((differ + 1)); echo "# chain differs from openssl's in $name"; fi
        fi ;;
    esac
done
echo "# chain cases: $cases, identical chains where openssl verified: $same, different choice: $differ"
expect_eq "no chain case failed" "$bad" 0
