#!/usr/bin/env bash
# `make bench`: publishes realtime-server as its image does and builds the load generator in Release, then runs
# every benchmark scenario against our server and the Node socket.io reference in one invocation (about 22 minutes;
# not part of `make test`).
# Then the operator's RSS at 1, 50 and 200 RealtimeClusters, the operator published as its image publishes it and
# run as its own process against the fake API server (about three minutes).
# The Markdown tables go to stdout and to artifacts/bench/results.md and artifacts/bench/operator.md; copy them into
# docs/benchmarks.md.
# Extra arguments go to the suite, e.g. --env.DOTNET_gcServer=0 to run our server with another setting;
# `./scripts/bench.sh operator [--clusters=1,50,200] [--env.NAME=VALUE...]` runs only the operator rows.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p artifacts/bench
# The server is published as its image publishes it (ReadyToRun code), apart from everyone's bin/obj.
dotnet publish realtime-server/Realtime.Server/Realtime.Server.csproj -c Release --nologo -v quiet -p:UseAppHost=false \
  --artifacts-path artifacts/bench/build --output artifacts/bench/realtime-server
dotnet publish operator/Realtime.Operator/Realtime.Operator.csproj -c Release --nologo -v quiet -p:UseAppHost=false \
  --artifacts-path artifacts/bench/build --output artifacts/bench/realtime-operator
dotnet build -c Release --nologo -v quiet tests/bench/Realtime.Bench/Realtime.Bench.csproj
dotnet build -c Release --nologo -v quiet tests/bench/Realtime.Bench.Floor/Realtime.Bench.Floor.csproj
# 5,000 idle clients plus the servers' sockets need more descriptors than the usual soft limit of 1,024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
if [[ "${1:-}" == operator ]]; then
  shift
  exec dotnet tests/bench/Realtime.Bench/bin/Release/net10.0/realtime-bench.dll operator \
    --operator-dll="$PWD/artifacts/bench/realtime-operator/realtime-operator.dll" --out="$PWD/artifacts/bench/operator.md" "$@"
fi
dotnet tests/bench/Realtime.Bench/bin/Release/net10.0/realtime-bench.dll suite \
  --server-dll="$PWD/artifacts/bench/realtime-server/realtime-server.dll" \
  --out="$PWD/artifacts/bench/results.md" "$@"
dotnet tests/bench/Realtime.Bench/bin/Release/net10.0/realtime-bench.dll operator \
  --operator-dll="$PWD/artifacts/bench/realtime-operator/realtime-operator.dll" --out="$PWD/artifacts/bench/operator.md"
