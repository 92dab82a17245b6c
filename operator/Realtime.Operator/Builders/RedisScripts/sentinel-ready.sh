#!/bin/sh
# Ready when the Sentinel answers with the password.
set -eu
. "$REDIS_SCRIPTS_DIR/common.sh"
[ "$(timeout 2 redis-cli -h "$LOCAL_HOST" -p "$SENTINEL_PORT" PING)" = "PONG" ]
