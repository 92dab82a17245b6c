#!/bin/sh
# Starts the pod's Sentinel. Sentinel rewrites its config file as it learns the shard, so it runs on a copy of the
# mounted (read-only) template in a writable emptyDir, completed with the master it should watch and the password.
set -eu
. "$REDIS_SCRIPTS_DIR/common.sh"
master="$(master_to_follow)"
password="$(cat "$REDIS_AUTH_DIR/password.quoted")"
config="$SENTINEL_DIR/sentinel.conf"
umask 077
cp "$REDIS_SCRIPTS_DIR/sentinel.conf" "$config"
{
  printf 'port %s\n' "$SENTINEL_PORT"
  printf 'dir %s\n' "$SENTINEL_DIR"
  printf 'sentinel announce-ip %s\n' "$(member_host "$POD_NAME")"
  printf 'sentinel announce-port %s\n' "$SENTINEL_PORT"
  printf 'requirepass %s\n' "$password"
  printf 'sentinel monitor %s %s %s %s\n' "$MASTER_NAME" "$master" "$REDIS_PORT" "$SENTINEL_QUORUM"
  printf 'sentinel auth-pass %s %s\n' "$MASTER_NAME" "$password"
  printf 'sentinel down-after-milliseconds %s %s\n' "$MASTER_NAME" "$SENTINEL_DOWN_AFTER_MILLISECONDS"
  printf 'sentinel failover-timeout %s %s\n' "$MASTER_NAME" "$SENTINEL_FAILOVER_TIMEOUT_MILLISECONDS"
  printf 'sentinel parallel-syncs %s 1\n' "$MASTER_NAME"
} >>"$config"
exec redis-sentinel "$config"
