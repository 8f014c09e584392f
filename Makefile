# verbund – make demo | make test | make lint | make lock
PYTHON_FOUND := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export VERBUND_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo serve test test-fast test-e2e lint format lock messages clean check

$(BIN)/python:
	@test -n "$(PYTHON_FOUND)" || { echo "Python >= 3.12 is required"; exit 1; }
	$(PYTHON_FOUND) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	cd src/verbund && ../../$(BIN)/django-admin compilemessages -v 0
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/verbund demo

serve: $(VENV)/.installed
	$(BIN)/verbund serve

test: $(VENV)/.installed
	$(BIN)/verbund check
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: $(VENV)/.installed
	$(BIN)/pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

APPS := core programmes companies clusters competitions networks contracts events reporting portal audit
messages: $(VENV)/.installed
	cd src/verbund && ../../$(BIN)/verbund manage makemessages -l de -l en --no-obsolete \
		$(foreach a,$(APPS) analysis static,--ignore '$(a)/*')
	for a in $(APPS); do (cd src/verbund/$$a && mkdir -p locale && \
		../../../$(BIN)/verbund manage makemessages -l de -l en --no-obsolete); done
	cd src/verbund && ../../$(BIN)/django-admin compilemessages -v 0

lock: $(BIN)/python
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --universal -o requirements.lock -q

clean:
	rm -rf $(VENV) var .pytest_cache
