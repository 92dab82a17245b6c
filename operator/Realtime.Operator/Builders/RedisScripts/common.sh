# Sourced by the start and readiness scripts of a high-availability Redis pod (POSIX sh: the Redis images are
# Alpine or Debian). Every setting comes from the pod's environment; the password only from the mounted Secret.
REDISCLI_AUTH="$(cat "$REDIS_AUTH_DIR/password")"
export REDISCLI_AUTH

# Where this pod's own Redis and Sentinel answer (the readiness checks): loopback, unless bound elsewhere.
LOCAL_HOST="${LOCAL_HOST:-127.0.0.1}"

member_host() {
  printf '%s.%s\n' "$1" "$MEMBER_DOMAIN"
}

# The master the other members' Sentinels report. A restarting pod follows the master they elected while it was
# away instead of coming back as a second master; its own Sentinel is skipped, it starts at the same moment.
current_master() {
  ordinal=0
  while [ "$ordinal" -lt "$MEMBERS" ]; do
    peer="$SHARD_NAME-$ordinal"
    if [ "$peer" != "$POD_NAME" ]; then
      answer="$(timeout 3 redis-cli -h "$(member_host "$peer")" -p "$SENTINEL_PORT" --raw \
        SENTINEL get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | head -n 1)" || answer=""
      case "$answer" in
        "" | *ERR* | *NOAUTH* | *WRONGPASS* | *"Could not connect"*) ;;
        *)
          printf '%s\n' "$answer"
          return 0
          ;;
      esac
    fi
    ordinal=$((ordinal + 1))
  done
  return 1
}

# The master to start from: the Sentinels' answer, or, when none answers (a new shard, or every pod restarted at
# once), the first member, which every pod of the shard picks alike.
master_to_follow() {
  current_master || member_host "$SHARD_NAME-0"
}
