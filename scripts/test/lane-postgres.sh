#!/usr/bin/env bash
# A PostgreSQL cluster of a test lane's own, beside the machine's (Debian's postgresql-common tools):
# the fault suites stop and start the PostgreSQL they run on, so two lanes side by side must not
# share one. Created once (trust auth on 127.0.0.1, a `test` database, as the machine's), then reused.
#   scripts/test/lane-postgres.sh <cluster-name> <port>
set -euo pipefail
name="${1:?cluster name}" port="${2:?port}"

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
command -v pg_createcluster >/dev/null ||
  die "pg_createcluster not found: the test lanes need Debian's postgresql package (apt-get install postgresql)"
version="$(ls /etc/postgresql | sort -V | tail -n1)"
[[ -n "$version" ]] || die "no PostgreSQL version under /etc/postgresql"

if [[ ! -d "/etc/postgresql/$version/$name" ]]; then
  pg_createcluster "$version" "$name" --port "$port" -- --auth=trust >/dev/null
fi
# Its own status, not the port's: another server on that port would answer for it.
if [[ "$(pg_lsclusters -h "$version" "$name" | awk '{print $4}')" != online ]]; then
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start ||
    die "PostgreSQL cluster $name did not start (is port $port taken? see pg_lsclusters)"
fi
for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p "$port" || die "PostgreSQL cluster $name did not answer on port $port"
if [[ -z "$(psql -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")" ]]; then
  createdb -h 127.0.0.1 -p "$port" -U postgres test
fi
