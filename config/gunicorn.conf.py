"""gunicorn for production: ``gunicorn -c config/gunicorn.conf.py`` (``make serve``).

Everything comes from the environment, like the Django settings:

* ``WEB_CONCURRENCY`` — worker processes (default: 2 per CPU + 1, at most 8);
* ``GUNICORN_THREADS`` — threads per worker (default 1: sync workers; more
  switches to ``gthread``, which needs ``DB_POOL_MAX`` ≥ threads);
* ``GUNICORN_BIND`` (default ``127.0.0.1:8000``, or ``HOST``/``PORT``);
* ``GUNICORN_TIMEOUT`` (default 60 s: a 100k-statement graph takes seconds);
* ``GUNICORN_ACCESS_LOG`` (``-`` for stdout; default off);
* ``FORWARDED_ALLOW_IPS`` — proxies trusted for ``X-Forwarded-*`` (default 127.0.0.1);
* ``ARGMAP_SERVER=asgi`` (what ``make serve`` sets) — uvicorn workers on ``config.asgi``: the same
  Django app plus the change stream's push (SSE woken by Redis, GraphQL subscriptions over WebSocket);
  otherwise WSGI sync/gthread workers on ``config.wsgi``, where the SSE stream falls back to polling.
  Under ASGI, HTTP runs Django's middleware and views as one sync chain in one thread hop
  (``config/handlers.py``), each request in a thread of its own: run it pooled (``DB_POOL=1``,
  ``CONN_MAX_AGE=0``), since persistent connections would pile up one per request thread. Point reads
  measured per worker class: docs/performance.md, "Point reads and serving (issue 18, this round)".

Workers are stateless: sessions and tokens live in PostgreSQL, so any number
of these processes on any number of machines can serve behind a load balancer.
With ``DB_POOL=1`` each worker keeps a psycopg pool (Django 5.2's built-in
pooling) and reuses its connections instead of connecting per request.
"""

import os

_cpus = os.cpu_count() or 1

asgi = os.environ.get("ARGMAP_SERVER", "wsgi") == "asgi"
wsgi_app = "config.asgi:application" if asgi else "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * _cpus + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "uvicorn_worker.UvicornWorker" if asgi else ("gthread" if threads > 1 else "sync")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow forever; jitter keeps them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Each worker opens its own database connections after the fork, never shared across processes.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


def post_worker_init(worker):
    """After the worker has loaded the application: keep the cyclic GC out of large requests."""
    from config.memory import settle_worker

    settle_worker()
