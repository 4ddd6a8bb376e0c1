#!/usr/bin/env bash
# Make sure a PostgreSQL server answers for the test suite, or fail with a clear message.
# Uses DATABASE_URL when set; otherwise the local server on 127.0.0.1:5432, started with
# pg_ctlcluster when it is installed and down.
set -u
if [ -n "${DATABASE_URL:-}" ]; then
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) exit 0 ;;
    *) echo "DATABASE_URL is set but is not PostgreSQL; the tests run on PostgreSQL only." >&2; exit 1 ;;
  esac
fi
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ready; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    echo "Starting PostgreSQL $version…" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 | sed 's/^/  /' >&2 || true
  done
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
cat >&2 <<'MSG'
No PostgreSQL server could be reached on 127.0.0.1:5432 and none could be started.
The test suite runs on PostgreSQL: start one, or set DATABASE_URL=postgres://user@host:port/dbname.
MSG
exit 1
