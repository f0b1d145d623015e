# Helpers for CLI tests.  Sourced by tests/cli/t_*.sh with BIN and TOP set.
# Each assertion prints "ok NAME" or "not ok NAME: why".
TD="$TOP/testdata"
CORPUS="${CERTKIT_CORPUS:-$TOP/../shared/corpus}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { echo "ok $1"; }
nok() { echo "not ok $1: $2"; }
# expect_rc NAME WANT CMD...: runs CMD, compares its exit code
expect_rc() {
    n=$1; want=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$n"; else nok "$n" "exit $rc, wanted $want: $(head -c 300 "$TMP/err")"; fi
}
# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "got [$2] wanted [$3]"; fi
}
# expect_match NAME FILE REGEX (grep -E)
expect_match() {
    if grep -Eq -- "$3" "$2"; then ok "$1"; else nok "$1" "no line matching /$3/ in: $(head -c 300 "$2")"; fi
}
# expect_same NAME FILE1 FILE2
expect_same() {
    if cmp -s "$2" "$3"; then ok "$1"; else nok "$1" "$2 and $3 differ"; fi
}
have_corpus() { [ -f "$CORPUS/MANIFEST.tsv" ]; }
