#!/bin/sh
# Adds up the "NAME: N passed, N failed" lines of every log in DIR and prints the
# closing line of the whole run.
dir=${1:-build/results}
cat "$dir"/*.log 2>/dev/null | awk '
  /^[a-z-]+: [0-9]+ passed, [0-9]+ failed/ { p += $2; f += $4; n++ }
  END { printf "Summary: %d passed, %d failed\n", p, f; exit (f > 0 || n == 0) }'
