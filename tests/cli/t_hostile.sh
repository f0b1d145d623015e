#!/bin/sh
# The hostile-input table (issue 8 item 2): every case of tests/hostile/cases.txt, over
# the crafted files of tests/hostile/files/ (written by tests/hostile/gen.py, committed),
# plus three resource attacks made here at test time (not committed):
#   big-pem-line   a PEM block whose body is one line of 100,000,000 'A's
#   rdn-100k       a certificate whose subject has 100,000 RDNs (1.3 MB, built with printf)
#   der-70mib      a 70 MiB DER file that is one element (over the 64 MiB object limit)
#
# Passes:
#   1. release tools ($BIN): the exit status; exactly one line on standard error matching
#      the case's regex (",warn" cases: other lines must be warnings); no crash (status
#      >= 124, "Segmentation", sanitizer output); each case under 100 ms wall time (a case
#      over it is run once more and the faster run counts: the machine is shared); for cases
#      with {out}: no temporary left behind, and no output at all after an error (exit 1
#      or 2).  The tools run in tests/hostile/files, so messages name FILE.  The large
#      attacks have their own budgets (below), and peak RSS is measured with
#      /usr/bin/time -f %M when it is installed.
#   2. the ASan+UBSan tools (build/asan/bin, `make asan`), when built: the same cases and
#      assertions without the time limit, and no sanitizer report on standard error
#      (leaks included: detect_leaks=1; exitcode=86 too, so a report cannot pass for
#      exit 1).  Tools missing there are counted as skipped.
#   3. valgrind (memcheck, --leak-check=full, definite leaks are errors) over a fixed
#      sample of 20 cases, with the dynamically linked tools of build/dyn/bin (`make dyn`;
#      valgrind cannot follow malloc in the static release binaries), when both exist.
# HOSTILE_ONLY=REGEX runs only the cases whose "tool:file" matches, HOSTILE_PASSES="rel
# large asan valgrind" (the default) chooses the passes (for debugging).
. "$TOP/tests/cli/lib.sh"
H="$TOP/tests/hostile"
FILES="$H/files"
CASES="$H/cases.txt"
ASAN_BIN="$TOP/build/asan/bin"
DYN_BIN="$TOP/build/dyn/bin"
LIMIT_MS=${HOSTILE_LIMIT_MS:-100}
PASSES=" ${HOSTILE_PASSES:-rel large asan valgrind} "
want_pass() { case "$PASSES" in *" $1 "*) return 0 ;; esac; return 1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""

if [ ! -f "$CASES" ] || [ ! -d "$FILES" ]; then
    nok hostile-files "no $CASES or $FILES (python3 tests/hostile/gen.py writes the files)"
    exit 0
fi

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

SAN_RE='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|Segmentation fault|==[0-9]+== '

# check_stderr FLAGS REGEX: exactly one line of $TMP/err matches REGEX, the others
# (",warn" only) are warnings; an empty REGEX wants an empty standard error.
check_stderr() {
    flags=$1 re=$2
    if [ -z "$re" ]; then
        [ ! -s "$TMP/err" ] && return 0
        why="standard error not empty: $(head -c 300 "$TMP/err")"
        return 1
    fi
    m=$(grep -Ec -- "$re" "$TMP/err")
    if [ "$m" -ne 1 ]; then
        why="$m lines match /$re/ (want 1): $(head -c 400 "$TMP/err")"
        return 1
    fi
    others=$(grep -Ev -- "$re" "$TMP/err" | grep -c '')
    if [ "$others" -gt 0 ]; then
        case "$flags" in
            *warn*) bad=$(grep -Ev -- "$re" "$TMP/err" | grep -vc 'warning:')
                    [ "$bad" -eq 0 ] && return 0 ;;
        esac
        why="$others more lines on standard error: $(grep -Ev -- "$re" "$TMP/err" | head -c 300)"
        return 1
    fi
    return 0
}

# run_case MODE BINDIR NAME FILE CMD WANT FLAGS RE: one case; prints ok / not ok.
# MODE: rel (timed), asan, valgrind.
run_case() {
    mode=$1 bindir=$2 name=$3 file=$4 cmd=$5 want=$6 flags=$7 re=$8
    tool=${cmd%% *}
    od="$TMP/o"
    rm -rf "$od"; mkdir -p "$od"
    args=$(printf '%s' "$cmd" | sed -e "s|{}|$file|g" -e "s|{out}|$od/out|g" -e "s|{td}|$TD|g")
    set -f
    # shellcheck disable=SC2086
    set -- $args
    set +f
    shift
    tries=1
    [ "$mode" = rel ] && tries=2
    best=""
    while [ "$tries" -gt 0 ]; do
        tries=$((tries - 1))
        rm -rf "$od"; mkdir -p "$od"
        t0=$(now_ms)
        cd "$FILES" || return                 # messages name the file as the case does
        case "$mode" in
            valgrind)
                timeout 120 valgrind -q --error-exitcode=99 --leak-check=full \
                    --errors-for-leak-kinds=definite "$bindir/$tool" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null ;;
            asan)
                ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
                    timeout 60 "$bindir/$tool" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null ;;
            *)
                timeout 20 "$bindir/$tool" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null ;;
        esac
        rc=$?
        cd "$TMP" || return
        ms=$(( $(now_ms) - t0 ))
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
        [ "$mode" = rel ] && [ "$best" -le "$LIMIT_MS" ] && break
    done
    TOTAL_MS=$((TOTAL_MS + best))
    if [ "$best" -gt "$MAX_MS" ]; then MAX_MS=$best; MAX_NAME=$name; fi
    why=""
    if [ "$rc" -ge 124 ] || grep -Eq -- "$SAN_RE" "$TMP/err"; then
        why="crash or sanitizer report (exit $rc): $(grep -E -m3 -- "$SAN_RE|ERROR|SUMMARY" "$TMP/err" | head -c 600)"
    elif [ "$mode" = valgrind ] && [ "$rc" -eq 99 ]; then
        why="valgrind found errors: $(head -c 600 "$TMP/err")"
    elif [ "$rc" -ne "$want" ]; then
        why="exit $rc, wanted $want: $(head -c 300 "$TMP/err")"
    elif [ "$mode" != valgrind ] && ! check_stderr "$flags" "$re"; then
        :
    elif [ "$mode" = rel ] && [ "$best" -gt "$LIMIT_MS" ]; then
        why="took $best ms (limit $LIMIT_MS ms)"
    else
        left=$(ls -A "$od")
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] && [ -n "$left" ]; then
            why="exit $rc but left files behind: $left"
        elif [ -n "$left" ] && [ "$left" != out ]; then
            why="left temporaries behind: $left"
        fi
    fi
    if [ -z "$why" ]; then ok "$name"; else nok "$name" "$why"; fi
}

# each_case MODE BINDIR [K N]: runs the cases (K of the N, evenly spread, when given)
each_case() {
    mode=$1 bindir=$2 pick=${3:-1} of=${4:-1}
    n=0 ran=0 skipped=0
    prefix="hostile"
    [ "$mode" != rel ] && prefix="hostile-$mode"
    seen=" "
    while IFS='|' read -r file cmd want re; do
        case "$file" in ''|'#'*) continue ;; esac
        n=$((n + 1))
        [ $(( (n - 1) * pick / of )) -ne $(( n * pick / of )) ] || continue
        flags=${want#*,}; [ "$flags" = "$want" ] && flags=""
        want=${want%%,*}
        tool=${cmd%% *}
        name="$prefix:$tool:$file"
        if printf '%s' "$seen" | grep -qF " $name "; then
            k=2
            while printf '%s' "$seen" | grep -qF " $name#$k "; do k=$((k + 1)); done
            name="$name#$k"
        fi
        seen="$seen$name "
        if [ -n "${HOSTILE_ONLY:-}" ] && ! printf '%s\n' "$tool:$file" | grep -Eq -- "$HOSTILE_ONLY"; then
            continue
        fi
        if [ ! -x "$bindir/$tool" ]; then
            skipped=$((skipped + 1))
            [ "$mode" = rel ] && nok "$name" "no $bindir/$tool"
            continue
        fi
        if [ ! -f "$FILES/$file" ]; then
            nok "$name" "no $FILES/$file (run python3 tests/hostile/gen.py)"
            continue
        fi
        ran=$((ran + 1))
        run_case "$mode" "$bindir" "$name" "$file" "$cmd" "$want" "$flags" "$re"
    done < "$CASES"
    RAN=$ran SKIPPED=$skipped
}

# --------------------------------------------------------------- 1. release
TOTAL_MS=0 MAX_MS=0 MAX_NAME=""
if want_pass rel; then
    each_case rel "$BIN"
    echo "# hostile: $RAN cases with $BIN, $TOTAL_MS ms in all, slowest $MAX_MS ms ($MAX_NAME)"
fi

# ------------------------------------------------------ large attacks (made here)
# hexout HEX: writes the bytes (coreutils printf; dash's own has no \x)
hexout() { env printf "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
# derlen N: the DER length octets of N, as hex
derlen() {
    if [ "$1" -lt 128 ]; then printf '%02x' "$1"
    elif [ "$1" -lt 256 ]; then printf '81%02x' "$1"
    elif [ "$1" -lt 65536 ]; then printf '82%04x' "$1"
    elif [ "$1" -lt 16777216 ]; then printf '83%06x' "$1"
    else printf '84%08x' "$1"; fi
}
# mkrdn OUT COUNT: a certificate (the header, key and signature of testdata/keys/p256.crt)
# whose subject is COUNT RDNs "CN=AA"; the RDNs are doubled up file by file, not looped.
mkrdn() {
    out=$1 count=$2
    hexout 310b300906035504030c024141 > "$TMP/rdn.all"
    : > "$TMP/rdn.acc"
    cur=$count
    while [ "$cur" -gt 0 ]; do
        [ $((cur % 2)) -eq 1 ] && cat "$TMP/rdn.all" >> "$TMP/rdn.acc"
        cat "$TMP/rdn.all" "$TMP/rdn.all" > "$TMP/rdn.tmp" && mv "$TMP/rdn.tmp" "$TMP/rdn.all"
        cur=$((cur / 2))
    done
    # version, serial, signature, issuer, validity | subjectPublicKeyInfo | signatureAlgorithm, signatureValue
    hh=a00302010202146c01fdebcd386b4a4594f85080aaa2905eb2d8d6300a06082a8648ce3d04030230293115301306035504030c0c703235362e6578616d706c653110300e060355040a0c07636572746b6974301e170d3236313132373131313131395a170d3336313132343131313131395a
    tt=3059301306072a8648ce3d020106082a8648ce3d0301070342000404017d547fc35a45e82ad29639f0d700104ca33c128506a17ae986d1e016df71207a39e48d7f6ff17512420c3ebe09f3196513e24f6ea8eca8d284156d3cc959
    ss=300a06082a8648ce3d040302034800304502203a208ee08930831beecd43a0bbcdd9a5c4dcd555255720bd6284059d04586e8c022100b67ec7a3839caa55467d07aa08b2f6a1e7966a096e19ef1c846278b16d9e19ad
    l3=$((count * 13)); s3=$(derlen $l3)
    l2=$((${#hh} / 2 + ${#s3} / 2 + 1 + l3 + ${#tt} / 2)); s2=$(derlen $l2)
    l1=$((${#s2} / 2 + 1 + l2 + ${#ss} / 2)); s1=$(derlen $l1)
    { hexout "30${s1}30${s2}${hh}30${s3}"; cat "$TMP/rdn.acc"; hexout "${tt}${ss}"; } > "$out"
    rm -f "$TMP/rdn.all" "$TMP/rdn.acc"
}

# big_case MODE BINDIR NAME FILE BUDGET_MS RSS_KB WANT REGEX TOOL ARGS...: one large attack;
# WANT "0/1": either decoded (exit 0, nothing on standard error) or refused (exit 1, REGEX);
# WANT "any": any exit below 4, any message (crash, time and memory are still judged)
big_case() {
    mode=$1 bindir=$2 name=$3 file=$4 budget=$5 rsskb=$6 want=$7 re=$8; shift 8
    tool=$1; shift
    [ -x "$bindir/$tool" ] || { [ "$mode" = rel ] && nok "$name" "no $bindir/$tool"; return; }
    rm -rf "$TMP/o"; mkdir -p "$TMP/o"
    cd "$TMP" || return
    file=$(basename "$file")
    t0=$(now_ms)
    if [ "$mode" = asan ]; then
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            timeout 300 "$bindir/$tool" "$@" "$file" >/dev/null 2>"$TMP/err"
    elif [ -n "$TIME" ]; then
        timeout 120 $TIME -o "$TMP/rss" -f %M "$bindir/$tool" "$@" "$file" >/dev/null 2>"$TMP/err"
    else
        timeout 120 "$bindir/$tool" "$@" "$file" >/dev/null 2>"$TMP/err"
    fi
    rc=$?
    ms=$(( $(now_ms) - t0 ))
    rss=""
    if [ "$mode" = rel ] && [ -n "$TIME" ]; then rss=$(tail -n 1 "$TMP/rss"); fi
    why=""
    if [ "$rc" -ge 124 ] || grep -Eq -- "$SAN_RE" "$TMP/err"; then
        why="crash or sanitizer report (exit $rc): $(head -c 600 "$TMP/err")"
    elif [ "$want" = any ] && [ "$rc" -lt 4 ]; then
        :
    elif [ "$want" = any ]; then
        why="exit $rc: $(head -c 300 "$TMP/err")"
    elif [ "$want" = 0/1 ] && [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        why="exit $rc, wanted 0 or 1: $(head -c 300 "$TMP/err")"
    elif [ "$want" != 0/1 ] && [ "$rc" -ne "$want" ]; then
        why="exit $rc, wanted $want: $(head -c 300 "$TMP/err")"
    elif [ "$rc" -eq 0 ] && ! check_stderr "" ""; then
        :
    elif [ "$rc" -ne 0 ] && ! check_stderr "" "$re"; then
        :
    elif [ "$mode" = rel ] && [ "$ms" -gt "$budget" ]; then
        why="took $ms ms (budget $budget ms)"
    elif [ -n "$rss" ] && [ "$rss" -gt "$rsskb" ]; then
        why="peak RSS $rss KB (budget $rsskb KB)"
    elif [ "$rc" -ne 0 ] && [ -n "$(ls -A "$TMP/o")" ]; then
        why="exit $rc but left files behind: $(ls -A "$TMP/o")"
    fi
    rm -f "$TMP/o/out"
    if [ -z "$why" ]; then ok "$name"; else nok "$name" "$why"; fi
    echo "# $name: exit $rc, $ms ms${rss:+, peak RSS $rss KB}"
}

# Budgets (release tools): the 100 MB line is read up to the 64 MiB object limit (the
# base64 of 64 MiB is ~90 MB), so memory stays under 160 MB and time under 3 s; the
# 70 MiB DER is refused from its header (under 500 ms, 16 MB); the 100,000-RDN name is
# refused at a named limit or decoded, under 1.5 s and 64 MB (asn1dump prints 600,000
# lines: 3 s).
large_attacks() {
    mode=$1 bindir=$2
    p="hostile-large"; [ "$mode" != rel ] && p="hostile-large-$mode"
    big_case "$mode" "$bindir" "$p:certdump:rdn-100k" "$TMP/rdn-100k.der" 1500 65536 0/1 \
        '^certdump: rdn-100k.der: offset [0-9]+: tbsCertificate.subject.rdns(\[[0-9]+\])?: more than [0-9]+ (RDNs|attributes) in a name$' certdump
    big_case "$mode" "$bindir" "$p:chaincat:rdn-100k" "$TMP/rdn-100k.der" 1500 65536 any '' chaincat
    big_case "$mode" "$bindir" "$p:asn1dump:rdn-100k" "$TMP/rdn-100k.der" 3000 65536 0 '' asn1dump
    big_case "$mode" "$bindir" "$p:der2pem:rdn-100k" "$TMP/rdn-100k.der" 1500 65536 0 '' der2pem -o "$TMP/o/out"
    big_case "$mode" "$bindir" "$p:certdump:der-70mib" "$TMP/der-70mib.der" 500 16384 1 \
        '^certdump: der-70mib.der: an element of 73400326 bytes is over the limit of 67108864 bytes$' certdump
    big_case "$mode" "$bindir" "$p:asn1dump:der-70mib" "$TMP/der-70mib.der" 500 16384 1 \
        'over the limit of 67108864 bytes$' asn1dump -o "$TMP/o/out"
    big_case "$mode" "$bindir" "$p:pem2der:der-70mib" "$TMP/der-70mib.der" 500 16384 1 \
        'over the limit of 67108864 bytes$' pem2der -o "$TMP/o/out"
    [ "$mode" = asan ] && return     # the 100 MB line costs seconds under ASan, and says nothing new
    big_case "$mode" "$bindir" "$p:certdump:big-pem-line" "$TMP/big-pem-line.pem" 3000 163840 1 \
        '^certdump: big-pem-line.pem: block 1: line 1: PEM block larger than the limit of 67108864 bytes$' certdump
    big_case "$mode" "$bindir" "$p:pem2der:big-pem-line" "$TMP/big-pem-line.pem" 3000 163840 1 \
        'larger than the limit of 67108864 bytes$' pem2der -o "$TMP/o/out"
}

want_pass large || PASSES=$(echo "$PASSES" | sed 's/ asan / asan-cases /')
t0=$(now_ms)
want_pass large && {
mkrdn "$TMP/rdn-100k.der" 100000
{ hexout 308404600000; head -c 73400320 /dev/zero; } > "$TMP/der-70mib.der"
{ echo "-----BEGIN CERTIFICATE-----"; head -c 100000000 /dev/zero | tr '\0' 'A'; echo
  echo "-----END CERTIFICATE-----"; } > "$TMP/big-pem-line.pem"
echo "# hostile-large: made the files in $(( $(now_ms) - t0 )) ms"
large_attacks rel "$BIN"
rm -f "$TMP/big-pem-line.pem"
}

# ---------------------------------------------------------- 2. ASan + UBSan
if ! want_pass asan && ! want_pass asan-cases; then
    :
elif [ -d "$ASAN_BIN" ]; then
    TOTAL_MS=0 MAX_MS=0 MAX_NAME=""
    each_case asan "$ASAN_BIN"
    echo "# hostile-asan: $RAN cases with $ASAN_BIN ($SKIPPED skipped: tool not built there), $TOTAL_MS ms"
    want_pass asan && large_attacks asan "$ASAN_BIN"
else
    echo "# hostile-asan: skipped, no $ASAN_BIN (make asan)"
fi
rm -f "$TMP/der-70mib.der" "$TMP/rdn-100k.der"

# ------------------------------------------------------------- 3. valgrind
if ! want_pass valgrind; then
    :
elif command -v valgrind >/dev/null 2>&1 && [ -d "$DYN_BIN" ]; then
    total=$(grep -Evc '^(#|$)' "$CASES")
    TOTAL_MS=0 MAX_MS=0 MAX_NAME=""
    each_case valgrind "$DYN_BIN" 20 "$total"
    echo "# hostile-valgrind: $RAN sampled cases with $DYN_BIN, $TOTAL_MS ms"
else
    echo "# hostile-valgrind: skipped (needs valgrind and $DYN_BIN: make dyn)"
fi
exit 0
