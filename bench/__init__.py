"""argmap's benchmark suite: each measurement next to the raw baseline it is judged against.

``make bench`` (``python -m bench.run``) builds a fresh PostgreSQL database,
generates seeded maps of 1k, 10k and 100k statements, runs every case
interleaved with its baseline and writes the table into docs/performance.md.
``make loadtest`` (``python -m bench.loadtest``) serves the app under gunicorn
on 127.0.0.1 and measures throughput and latency with wrk.
"""
