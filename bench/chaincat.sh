#!/bin/sh
# chaincat on a pile of 1,000 certificates (100 chains of 10, RSA-2048, shuffled):
# the time to order them with every signature verified (target: under 1 s), and
# `openssl verify` building the same 100 chains for comparison.
# The pile is generated once under build/bench/chains (about a minute) and reused.
BIN=${1:-bin}
W=build/bench/chains
mkdir -p "$W"
if [ ! -f "$W/pile.pem" ]; then
    echo "chaincat bench: generating 100 chains of 10 (once)..." >&2
    cat > "$W/x.cnf" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
    : > "$W/all.pem"; : > "$W/leaves.pem"; : > "$W/roots.pem"; : > "$W/inter.pem"
    c=0
    while [ $c -lt 100 ]; do
        openssl req -new -x509 -newkey rsa:2048 -nodes -keyout "$W/k0" -subj "/O=bench/CN=Root $c" -days 3650 \
            -extensions ca -config "$W/x.cnf" -out "$W/c0" 2>/dev/null
        cat "$W/c0" >> "$W/roots.pem"
        l=1
        while [ $l -lt 10 ]; do
            p=$((l - 1)); ext=ca; [ $l -eq 9 ] && ext=leaf
            openssl req -new -newkey rsa:2048 -nodes -keyout "$W/k$l" -subj "/O=bench/CN=Chain $c level $l" \
                -out "$W/r$l" 2>/dev/null
            openssl x509 -req -in "$W/r$l" -CA "$W/c$p" -CAkey "$W/k$p" -set_serial $((c * 100 + l)) -days 3650 \
                -extfile "$W/x.cnf" -extensions $ext -out "$W/c$l" 2>/dev/null
            if [ $l -eq 9 ]; then cat "$W/c$l" >> "$W/leaves.pem"; else cat "$W/c$l" >> "$W/inter.pem"; fi
            l=$((l + 1))
        done
        cat "$W"/c[0-9] >> "$W/all.pem"
        c=$((c + 1))
    done
    # shuffle the 1,000 PEM blocks
    awk '/-----BEGIN/{b=""} {b=b $0 "\n"} /-----END/{printf "%s", b; printf "\0"}' "$W/all.pem" |
        shuf -z --random-source=/dev/zero | tr -d '\0' > "$W/pile.pem"
fi
n=$(grep -c BEGIN "$W/pile.pem")
t0=$(date +%s.%N)
"$BIN/chaincat" --json "$W/pile.pem" > "$W/out.json" 2>"$W/err"; rc=$?
t1=$(date +%s.%N)
chains=$(wc -l < "$W/out.json")
complete=$(grep -c '"complete":true' "$W/out.json")
ours=$(echo "$t1 - $t0" | bc)
t0=$(date +%s.%N)
openssl verify -untrusted "$W/inter.pem" -CAfile "$W/roots.pem" "$W/leaves.pem" > /dev/null 2>&1
t1=$(date +%s.%N)
theirs=$(echo "$t1 - $t0" | bc)
echo
echo "### chaincat: $n certificates, 100 chains of 10 (RSA-2048), shuffled"
echo
echo "| tool | time (s) | chains | complete | every signature verified |"
echo "|---|---:|---:|---:|---|"
printf '| chaincat --json | %.3f | %s | %s | yes (exit %s) |\n' "$ours" "$chains" "$complete" "$rc"
printf '| openssl verify (the 100 leaves, untrusted + CA file) | %.3f | 100 | - | yes |\n' "$theirs"
echo
echo "target: under 1 s"
