# vanban: `make run` sets up, ingests corpus/ and serves; `make test` runs the whole suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export VANBAN_DB ?= vanban.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install dev system-deps lint typecheck bench serve clean lock

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need Python 3.11 ($(PY)); set PY=/path/to/python3.11"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .

dev: install
	$(BIN)/python -m pip install -q -r requirements-dev.lock

# Converters for legacy .doc and OCR of scanned PDFs (Debian packages); skipped when
# apt is unavailable or we are not root: their tests then skip with the reason.
system-deps:
	@missing=""; \
	command -v antiword >/dev/null || missing="$$missing antiword"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr tesseract-ocr-vie"; \
	if command -v tesseract >/dev/null && ! tesseract --list-langs 2>/dev/null | grep -qx vie; then missing="$$missing tesseract-ocr-vie"; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "could not install$$missing; .doc and OCR tests will skip"; \
	  else echo "missing$$missing (not root or no apt); .doc and OCR tests will skip"; fi; \
	fi

run: install system-deps
	$(BIN)/vanban ingest corpus/raw corpus/legacy || true
	$(BIN)/vanban list --limit 20
	$(BIN)/vanban serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/vanban serve --host $(HOST) --port $(PORT)

test: dev system-deps
	$(BIN)/ruff check pipeline extractors index api tests bench
	$(BIN)/ruff format --check pipeline extractors index api tests bench
	$(BIN)/mypy --strict
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff check pipeline extractors index api tests bench
	$(BIN)/ruff format --check pipeline extractors index api tests bench

typecheck: dev
	$(BIN)/mypy

bench: dev
	$(BIN)/python -m bench.extract
	$(BIN)/python -m bench.scaling
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.api

# Regenerate the pinned lock files from pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml -o requirements.lock --python-version 3.11 -q
	uv pip compile pyproject.toml --group dev -o requirements-dev.lock --python-version 3.11 -q

clean:
	rm -rf $(VENV) vanban.db vanban.db-wal vanban.db-shm .pytest_cache .ruff_cache .mypy_cache
