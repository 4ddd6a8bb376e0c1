# argmap — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint install install-dev serve bench bench-http loadtest fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt requirements/prod.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/prod.txt
	touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/prod.txt requirements/dev.txt requirements/mining.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

## Run the service on SQLite with the report's dataset and demo users, at http://127.0.0.1:8000/
demo: install
	mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --url http://$(HOST):$(PORT)/
	@echo "Live updates: no Redis in the quick start, so the change stream (/api/v1/maps/<id>/events/) polls the"
	@echo "feed every 2 s under runserver and GraphQL subscriptions need the ASGI server: make serve (see docs/api.md)."
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite on PostgreSQL (DATABASE_URL, else the local server).
test: install-dev
	config/scripts/ensure_postgres.sh
	config/scripts/ensure_chromium.sh
	config/scripts/ensure_argdown.sh
	config/scripts/ensure_graphviz.sh
	mkdir -p var/static
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Serve in production mode (with the webhook worker beside it): gunicorn with uvicorn (ASGI) workers (config/gunicorn.conf.py, WEB_CONCURRENCY) on
## $(HOST):$(PORT), DEBUG=0: HTTP, the SSE change stream and GraphQL subscriptions over WebSocket.
## Needs SECRET_KEY, DATABASE_URL and Redis (REDIS_URL, default 127.0.0.1:6379) for push across workers;
## DB_POOL=1 pools connections; see docs/performance.md. ARGMAP_SERVER=wsgi serves WSGI sync workers instead.
serve: install
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py deliver_webhooks & trap 'kill $$!' EXIT INT TERM; \
	DEBUG=0 ARGMAP_SERVER=$${ARGMAP_SERVER:-asgi} $(BIN)/gunicorn -c config/gunicorn.conf.py --bind $(HOST):$(PORT)

## Benchmark suite: fresh argmap_bench database, 1k/10k/100k maps, table into docs/performance.md (BENCH_ARGS=--quick).
bench: install-dev
	config/scripts/ensure_postgres.sh
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Over HTTP, side by side: argmap (gunicorn, 1 sync worker), PostGraphile (npm ci into var/node-bench/ from
## bench/postgraphile/) and a raw psycopg + orjson app on one fresh database; table into docs/performance.md.
## BENCH_HTTP_ARGS=--quick, --with-100k, --no-postgraphile, --reuse, --argmap-env DB_POOL=1.
bench-http: install-dev
	config/scripts/ensure_postgres.sh
	command -v wrk >/dev/null || (apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	$(BIN)/python -m bench.http $(BENCH_HTTP_ARGS)

## Loopback load test: gunicorn with 2 workers on 127.0.0.1 driven by wrk (installed from Debian when missing).
loadtest: install install-dev
	config/scripts/ensure_postgres.sh
	command -v wrk >/dev/null || (apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

## Long fuzz campaign of REST and GraphQL from their schemas (random seeds; FUZZ_EXAMPLES per operation).
fuzz: install-dev
	config/scripts/ensure_postgres.sh
	FUZZ_RANDOM=1 FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} FUZZ_STATEFUL_EXAMPLES=$${FUZZ_STATEFUL_EXAMPLES:-100} \
	FUZZ_STATEFUL_STEPS=$${FUZZ_STATEFUL_STEPS:-20} $(BIN)/python -m pytest tests/reliability/test_rest_fuzz.py \
	tests/reliability/test_graphql_fuzz.py -p no:cacheprovider $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf var $(VENV)
