#!/bin/sh
# Starts redis-server as the shard's master or as a replica of it, with the arguments the operator built ("$@",
# the auth config file first). Replicas announce their stable DNS name, which Sentinel resolves.
set -eu
. "$REDIS_SCRIPTS_DIR/common.sh"
self="$(member_host "$POD_NAME")"
master="$(master_to_follow)"
if [ "$master" = "$self" ]; then
  exec redis-server "$@" --replica-announce-ip "$self"
fi
exec redis-server "$@" --replica-announce-ip "$self" --replicaof "$master" "$REDIS_PORT"
