#!/usr/bin/env bash
# One test-naming style: every [Fact]/[Theory] method reads as a sentence with underscores
# (A_client_that_stops_reading_is_dropped), never PascalCase. A one-word name is allowed.
# Usage: scripts/check-test-names.sh [directory...]  (default: tests/)
set -euo pipefail
cd "$(dirname "$0")/.."
roots=("${@:-tests}")
mapfile -t files < <(find "${roots[@]}" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*')
[ "${#files[@]}" -gt 0 ] || { echo "check-test-names: no C# files under ${roots[*]}" >&2; exit 2; }
awk '
  FNR == 1 { pending = 0 }
  /^[[:space:]]*\[(Fact|Theory)([(\]]|[[:space:]]*$)/ { pending = 1; next }
  pending && match($0, /[A-Za-z0-9_]+[[:space:]]*(<[^>]*>)?\(/) && $0 ~ /(void|Task|ValueTask)[[:space:]]/ {
    name = substr($0, RSTART, RLENGTH); sub(/[[:space:]]*(<[^>]*>)?\($/, "", name)
    checked++
    if (name !~ /_/ && name ~ /^[A-Z][a-z0-9]*[A-Z]/) { printf "%s:%d: test %s is PascalCase; name it as a sentence with underscores\n", FILENAME, FNR, name; bad++ }
    pending = 0
  }
  END {
    if (checked == 0) { print "check-test-names: found no [Fact]/[Theory] methods" > "/dev/stderr"; exit 2 }
    if (bad > 0) { printf "check-test-names: %d of %d test names break the style\n", bad, checked > "/dev/stderr"; exit 1 }
    printf "check-test-names: %d test names follow Sentence_with_underscores\n", checked
  }
' "${files[@]}"
