#!/bin/sh
# make cluster-demo: on one machine, all on loopback, a 3-node etcd, a
# PostgreSQL primary and two replicas under Patroni (synchronous mode), two
# Pantau instances and haproxy in front of both the database and Pantau;
# checks that Pantau answers through haproxy, switches the primary over
# and checks again, then stops everything and removes the folder.
# Needs the Debian packages patroni, etcd-server, etcd-client, haproxy,
# postgresql-15 and postgresql-15-postgis-3. Run as root (PostgreSQL and
# Patroni then run as the postgres account) or as an ordinary user.
set -eu
D=${CLUSTER_DEMO_DIR:-/tmp/pantau-cluster-demo}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -r | head -1)
PW=demo-only-password
AS=""
[ "$(id -u)" = 0 ] && AS="runuser -u postgres --"
for b in etcd etcdctl patroni patronictl haproxy curl; do
	command -v $b >/dev/null || { echo "cluster-demo: $b missing: apt-get install patroni etcd-server etcd-client haproxy curl" >&2; exit 2; }
done
rm -rf "$D"; mkdir -p "$D"; chmod 755 "$D"
[ -n "$AS" ] && chown postgres "$D" # Patroni writes pgpass files and data directories here
PIDS=""
stop() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 3
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$D"
	echo "cluster-demo: stopped everything"
}
trap stop EXIT INT TERM
wait_for() { # wait_for SECONDS WHAT COMMAND...
	t=$1; what=$2; shift 2
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt $((t * 2)) ] && { echo "cluster-demo: $what not ready after ${t}s; logs:" >&2; tail -n 15 "$D"/*.log >&2; exit 1; }
		sleep 0.5
	done
	echo "cluster-demo: $what ready"
}

# etcd: 3 members.
CLUSTER=e1=http://127.0.0.1:23801,e2=http://127.0.0.1:23802,e3=http://127.0.0.1:23803
for n in 1 2 3; do
	etcd --name e$n --data-dir "$D/etcd$n" --listen-client-urls http://127.0.0.1:2379$n \
		--advertise-client-urls http://127.0.0.1:2379$n --listen-peer-urls http://127.0.0.1:2380$n \
		--initial-advertise-peer-urls http://127.0.0.1:2380$n --initial-cluster $CLUSTER \
		--initial-cluster-token pantau-demo --initial-cluster-state new >"$D/etcd$n.log" 2>&1 &
	PIDS="$PIDS $!"
done
ETCD=127.0.0.1:23791,127.0.0.1:23792,127.0.0.1:23793
wait_for 30 "etcd (3 members)" env ETCDCTL_API=3 etcdctl --endpoints=$ETCD endpoint health

# Patroni: 3 PostgreSQL nodes.
for n in 1 2 3; do
	mkdir -p "$D/run$n"
	cat >"$D/pg$n.yml" <<YML
scope: pantau-demo
name: pg$n
restapi: {listen: 127.0.0.1:800$n, connect_address: 127.0.0.1:800$n}
etcd3: {hosts: '$ETCD'}
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 5
    synchronous_mode: true
    postgresql: {use_pg_rewind: true, parameters: {wal_level: replica, hot_standby: 'on', wal_log_hints: 'on'}}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}]
postgresql:
  listen: 127.0.0.1:5433$n
  connect_address: 127.0.0.1:5433$n
  data_dir: $D/pg$n
  bin_dir: $PGBIN
  pgpass: $D/pgpass$n
  pg_hba: ['local all all trust', 'host replication replicator 127.0.0.1/32 scram-sha-256', 'host all all 127.0.0.1/32 scram-sha-256']
  authentication:
    superuser: {username: postgres, password: $PW}
    replication: {username: replicator, password: $PW}
  parameters: {unix_socket_directories: '$D/run$n'}
YML
	[ -n "$AS" ] && chown -R postgres "$D/run$n" "$D/pg$n.yml" && touch "$D/patroni$n.log" && chown postgres "$D/patroni$n.log"
	$AS patroni "$D/pg$n.yml" >"$D/patroni$n.log" 2>&1 &
	PIDS="$PIDS $!"
	[ $n = 1 ] && wait_for 90 "Patroni primary" curl -fs http://127.0.0.1:8001/primary
done
wait_for 120 "replica pg2" curl -fs http://127.0.0.1:8002/replica
wait_for 120 "replica pg3" curl -fs http://127.0.0.1:8003/replica

# haproxy: 5000 the primary, 5001 the replicas (Patroni's REST checks), 8090 Pantau.
# PG_SERVERS: the three nodes, each checked on its Patroni REST port.
PG_SERVERS="  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions"
for n in 1 2 3; do PG_SERVERS="$PG_SERVERS
  server pg$n 127.0.0.1:5433$n check port 800$n"; done
cat >"$D/haproxy.cfg" <<CFG
global
  maxconn 200
defaults
  mode tcp
  timeout connect 3s
  timeout client 30m
  timeout server 30m
listen primary
  bind 127.0.0.1:5000
  option httpchk GET /primary
$PG_SERVERS
listen replicas
  bind 127.0.0.1:5001
  balance roundrobin
  option httpchk GET /replica
$PG_SERVERS
listen pantau
  bind 127.0.0.1:8090
  mode http
  balance roundrobin
  option httpchk GET /readyz
  server p1 127.0.0.1:8081 check inter 1s
  server p2 127.0.0.1:8082 check inter 1s
CFG
haproxy -f "$D/haproxy.cfg" >"$D/haproxy.log" 2>&1 &
PIDS="$PIDS $!"
wait_for 20 "haproxy" sh -c "PGPASSWORD=$PW $PGBIN/psql -h 127.0.0.1 -p 5000 -U postgres -Atc 'SELECT 1' postgres"
PGPASSWORD=$PW $PGBIN/psql -h 127.0.0.1 -p 5000 -U postgres -qc 'CREATE DATABASE pantau' postgres

# Two Pantau instances.
go build -o "$D/pantau" .
DB="postgres://postgres:$PW@127.0.0.1:5000/pantau?sslmode=disable"
REP="postgres://postgres:$PW@127.0.0.1:5001/pantau?sslmode=disable"
for n in 1 2; do
	"$D/pantau" serve --home "$D/home$n" --addr 127.0.0.1:808$n --database-url "$DB" --replica-url "$REP" \
		--public-url http://127.0.0.1:8090 >"$D/pantau$n.log" 2>&1 &
	PIDS="$PIDS $!"
done
wait_for 60 "Pantau behind haproxy" curl -fs http://127.0.0.1:8090/readyz
curl -fs http://127.0.0.1:8081/metrics | grep '^pantau_db_reads_total' || true
patronictl -c "$D/pg1.yml" list

# Switch the primary over; Pantau answers again through haproxy.
patronictl -c "$D/pg1.yml" switchover --leader pg1 --candidate pg2 --force
wait_for 60 "new primary pg2" curl -fs http://127.0.0.1:8002/primary
wait_for 60 "Pantau after the switchover" curl -fs http://127.0.0.1:8090/readyz
patronictl -c "$D/pg1.yml" list
echo "cluster-demo: OK"
