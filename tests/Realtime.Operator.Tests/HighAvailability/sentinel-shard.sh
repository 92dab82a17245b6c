#!/bin/sh
# Runs one high-availability shard of three members, each start-redis.sh and start-sentinel.sh exactly as the
# operator ships them, inside a private network namespace (unshare -r -m -n) whose /etc/hosts gives every member's
# stable name (pod.headless-service.namespace.svc) its own loopback address, as the cluster's DNS would. Then it kills
# the master with SIGKILL and starts that member again. Each observation is printed as one key=value line for
# SentinelShardScriptTests to judge; a condition not met in time prints timeout=<what> and exits 1.
# $1: the work directory the test prepared (scripts/, auth/, hosts, redis-args).
set -eu
work="$1"
pids=""
cleanup() {
  for pid in $pids; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

mount --bind "$work/hosts" /etc/hosts
ip link set lo up
REDISCLI_AUTH="$(cat "$work/auth/password")"
export REDISCLI_AUTH
domain=chat-redis-headless.apps.svc

ip_of() { printf '127.0.0.%s\n' "$(($1 + 2))"; }
host_of() { printf 'chat-redis-%s.%s\n' "$1" "$domain"; }
now_ms() { date +%s%3N; }

member_env() {
  export POD_NAME="chat-redis-$1" POD_NAMESPACE=apps SHARD_NAME=chat-redis MEMBERS=3 MEMBER_DOMAIN="$domain" \
    MASTER_NAME=chat-redis REDIS_PORT=6379 SENTINEL_PORT=26379 SENTINEL_QUORUM=2 \
    SENTINEL_DOWN_AFTER_MILLISECONDS=1000 SENTINEL_FAILOVER_TIMEOUT_MILLISECONDS=3000 \
    REDIS_AUTH_DIR="$work/auth" REDIS_SCRIPTS_DIR="$work/member-$1/scripts" SENTINEL_DIR="$work/member-$1/sentinel"
}

prepare_member() {
  mkdir -p "$work/member-$1/data" "$work/member-$1/sentinel" "$work/member-$1/scripts"
  cp "$work/scripts/"* "$work/member-$1/scripts/"
  # Every member shares the ports, as pods do; on one host each must bind its own address.
  printf 'bind %s\n' "$(ip_of "$1")" >>"$work/member-$1/scripts/sentinel.conf"
}

# The operator's redis-server arguments (one a line, /data standing for the pod's data volume), plus this member's address.
start_redis() {
  (
    member_env "$1"
    set --
    while IFS= read -r argument; do
      [ "$argument" = "/data" ] && argument="$work/member-$POD_ORDINAL/data"
      set -- "$@" "$argument"
    done <"$work/redis-args"
    exec sh "$REDIS_SCRIPTS_DIR/start-redis.sh" "$@" --bind "$(ip_of "$POD_ORDINAL")" --daemonize no
  ) >>"$work/member-$1/redis.log" 2>&1 &
  eval "redis_pid_$1=$!"
  pids="$pids $!"
}

start_sentinel() {
  (
    member_env "$1"
    exec sh "$REDIS_SCRIPTS_DIR/start-sentinel.sh"
  ) >>"$work/member-$1/sentinel.log" 2>&1 &
  pids="$pids $!"
}

await() {
  what="$1"
  limit_ms="$2"
  shift 2
  deadline=$(($(now_ms) + limit_ms))
  until "$@" >/dev/null 2>&1; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      echo "timeout=$what"
      exit 1
    fi
    sleep 0.05
  done
}

master_seen_by() { redis-cli -h "$(ip_of "$1")" -p 26379 --raw SENTINEL get-master-addr-by-name chat-redis 2>/dev/null | head -n 1; }
role_of() { redis-cli -h "$(ip_of "$1")" -p 6379 --raw ROLE 2>/dev/null | head -n 1; }
linked() { redis-cli -h "$(ip_of "$1")" -p 6379 INFO replication 2>/dev/null | grep -q 'master_link_status:up'; }
knows_peers() {
  [ "$(redis-cli -h "$(ip_of "$1")" -p 26379 --raw SENTINEL replicas chat-redis 2>/dev/null | grep -c '^name$')" -ge 2 ] &&
    [ "$(redis-cli -h "$(ip_of "$1")" -p 26379 --raw SENTINEL sentinels chat-redis 2>/dev/null | grep -c '^name$')" -ge 2 ]
}
replicas_linked() { linked 1 && linked 2; }
is_master() { [ "$(role_of "$1")" = master ]; }
answers() { [ -n "$(role_of "$1")" ]; }
all_agree_on() {
  for member in 0 1 2; do [ "$(master_seen_by "$member")" = "$1" ] || return 1; done
}
ready() { (member_env "$2" && LOCAL_HOST="$(ip_of "$2")" sh "$REDIS_SCRIPTS_DIR/$1"); }
new_master_elected() {
  elected="$(master_seen_by 1)"
  [ -n "$elected" ] && [ "$elected" != "$(host_of 0)" ] && [ "$(master_seen_by 2)" = "$elected" ]
}

read_only() { mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"; }

for member in 0 1 2; do prepare_member "$member"; done
# As the pods mount them: the Secret and the ConfigMap read-only (so Sentinel's CONFIG REWRITE on a replica fails
# there as it does in a pod, instead of writing a replicaof line into the auth config every member reads).
read_only "$work/auth"
for member in 0 1 2; do read_only "$work/member-$member/scripts"; done
export POD_ORDINAL
for member in 0 1 2; do
  POD_ORDINAL=$member
  start_redis "$member"
  start_sentinel "$member"
done

# A new shard: every member starts at once, no Sentinel knows a master yet, all pick the first member.
await "first master agreed" 20000 all_agree_on "$(host_of 0)"
await "replicas linked" 20000 replicas_linked
for member in 0 1 2; do await "sentinel $member knows the shard" 20000 knows_peers "$member"; done
echo "initial_master=$(master_seen_by 1)"
echo "initial_roles=$(role_of 0),$(role_of 1),$(role_of 2)"
for member in 0 1 2; do
  ready redis-ready.sh "$member" && echo "redis_ready_$member=yes" || echo "redis_ready_$member=no"
  ready sentinel-ready.sh "$member" && echo "sentinel_ready_$member=yes" || echo "sentinel_ready_$member=no"
done

# The master's process dies.
killed_at=$(now_ms)
eval "kill -9 \$redis_pid_0"
await "a replica promoted" 20000 new_master_elected
echo "failover_ms=$(($(now_ms) - killed_at))"
promoted="$(master_seen_by 1)"
echo "promoted=$promoted"
promoted_ordinal="${promoted#chat-redis-}"
promoted_ordinal="${promoted_ordinal%%.*}"
await "the promoted member is master" 10000 is_master "$promoted_ordinal"

# The old master comes back: it must ask the Sentinels and start as a replica of the promoted member.
POD_ORDINAL=0
start_redis 0
await "the old master answers" 10000 answers 0
echo "restarted_first_role=$(role_of 0)"
await "the old master links to the promoted one" 20000 linked 0
echo "restarted_master_host=$(redis-cli -h "$(ip_of 0)" -p 6379 INFO replication | tr -d '\r' | sed -n 's/^master_host://p')"
echo "masters=$(for member in 0 1 2; do role_of "$member"; done | grep -c '^master$')"
# Sentinels reconnect to a returning member within a tenth of a second and demote it if it came back as master;
# "+convert-to-slave" in their logs is the trace of a second master, however short-lived, which clients could reach.
if grep -q '+convert-to-slave' "$work"/member-*/sentinel.log; then echo "demoted_by_sentinel=yes"; else echo "demoted_by_sentinel=no"; fi
echo "done=yes"
