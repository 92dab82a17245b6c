#!/usr/bin/env bash
# Runs `dotnet test` on the solution and closes with one plain line that totals every test assembly.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet test RealtimeOperator.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The xunit console logger does not print skip reasons: say here why whole suites skipped, before the closing line.
grep -q "Skipped! .*Realtime.Operator.E2E.Tests" "$log" && [ -z "${REALTIME_E2E_KUBECONFIG:-}" ] &&
  echo "SKIPPED: the opt-in real-cluster suite (tests/Realtime.Operator.E2E.Tests): REALTIME_E2E_KUBECONFIG is not set; see its README for kind/k3d"
skip_reason="${XDG_CACHE_HOME:-$HOME/.cache}/realtime-operator/apiextensions-apiserver/skip-reason"
[ -f "$skip_reason" ] && echo "SKIPPED: the real apiextensions-apiserver tests: $(cat "$skip_reason")"
# A crashed or hung test host ends its assembly without a summary line: count it as a failure, not as nothing.
aborted=$(grep -c "^Test Run Aborted" "$log")
awk -v aborted="$aborted" '
  /(Passed|Failed|Skipped)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
    gsub(",", ""); for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f + aborted, s }' "$log"
rm -f "$log"
exit "$status"
