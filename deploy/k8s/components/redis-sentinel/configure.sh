#!/bin/sh
# Writes this pod's redis.conf and sentinel.conf (run by the init container of each pod
# of the StatefulSet `redis`). The master is the one the other pods' sentinels name; when
# none answers (first start, or every pod restarted at once), it is redis-0.
#
# Environment: REDIS_PASSWORD; REDIS_HOST_0..2 (each pod's stable name); ORDINAL (this
# pod's number; by default from its host name, redis-N); CONF_DIR (/conf); DATA_DIR
# (/data); REDIS_PORT (6379), SENTINEL_PORT (26379) and BIND (every interface).
set -eu
: "${REDIS_PASSWORD:?}" "${REDIS_HOST_0:?}" "${REDIS_HOST_1:?}" "${REDIS_HOST_2:?}"
ordinal="${ORDINAL:-${HOSTNAME##*-}}"
conf="${CONF_DIR:-/conf}"
data="${DATA_DIR:-/data}"
port="${REDIS_PORT:-6379}"
sentinel_port="${SENTINEL_PORT:-26379}"
bind="${BIND:-* -::*}"
export REDISCLI_AUTH="$REDIS_PASSWORD"

host_of() {
    eval "echo \"\$REDIS_HOST_$1\""
}
self="$(host_of "$ordinal")"

master=""
for i in 0 1 2; do
    [ "$i" = "$ordinal" ] && continue
    answer="$(timeout 3 redis-cli --no-auth-warning -h "$(host_of "$i")" -p "$sentinel_port" \
        sentinel get-master-addr-by-name mymaster 2>/dev/null | head -n 1)" || answer=""
    case "$answer" in
        "" | *ERR* | *NOAUTH* | *"Could not connect"*) ;;
        *) master="$answer"; break ;;
    esac
done
if [ -z "$master" ]; then
    master="$(host_of 0)"
fi
echo "redis-$ordinal ($self): master is $master"

umask 077
mkdir -p "$conf"
cat > "$conf/redis.conf" <<CONF
port $port
bind $bind
protected-mode no
dir $data
appendonly yes
appendfsync everysec
requirepass "$REDIS_PASSWORD"
masterauth "$REDIS_PASSWORD"
replica-announce-ip $self
replica-announce-port $port
CONF
if [ "$master" != "$self" ]; then
    echo "replicaof $master $port" >> "$conf/redis.conf"
fi

# Sentinel rewrites its own file (current master, epochs): it lives in $conf too.
cat > "$conf/sentinel.conf" <<CONF
port $sentinel_port
bind $bind
protected-mode no
dir $conf
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $self
sentinel announce-port $sentinel_port
requirepass "$REDIS_PASSWORD"
sentinel sentinel-pass "$REDIS_PASSWORD"
sentinel monitor mymaster $master $port 2
sentinel auth-pass mymaster "$REDIS_PASSWORD"
sentinel down-after-milliseconds mymaster 5000
sentinel failover-timeout mymaster 60000
sentinel parallel-syncs mymaster 1
CONF
