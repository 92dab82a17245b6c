#!/bin/sh
# Ready when Redis answers and, on a replica, its link to the master is up: a replica that cannot sync is no
# failover candidate, and the shard's status should say so.
set -eu
. "$REDIS_SCRIPTS_DIR/common.sh"
[ "$(timeout 2 redis-cli -h "$LOCAL_HOST" -p "$REDIS_PORT" PING)" = "PONG" ]
replication="$(timeout 2 redis-cli -h "$LOCAL_HOST" -p "$REDIS_PORT" INFO replication)"
case "$replication" in
  *role:slave*)
    case "$replication" in
      *master_link_status:up*) ;;
      *) exit 1 ;;
    esac
    ;;
esac
