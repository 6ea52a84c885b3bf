#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432, trust auth for the postgres user) and Redis
# (127.0.0.1:6379) answer; install them with apt-get and start them when they do not.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3 && [[ "$reply" == +PONG* ]]) 2>/dev/null; }

if ! pg_up; then
  "$here/ensure-system-packages.sh" postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  conf=/etc/postgresql/$version/main
  if ! $sudo grep -q "asn-portal trust" "$conf/pg_hba.conf"; then
    # Local test database only: trust loopback connections, as on the CI machines.
    $sudo sed -i '1i host all all 127.0.0.1/32 trust # asn-portal trust\nhost all all ::1/128 trust # asn-portal trust' "$conf/pg_hba.conf"
  fi
  $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || $sudo pg_ctlcluster "$version" main restart
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
pg_up || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

if ! redis_up; then
  "$here/ensure-system-packages.sh" redis-server
  $sudo mkdir -p /var/lib/redis /var/log/redis
  $sudo redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi
redis_up || { echo "Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }
echo "PostgreSQL and Redis are up."
