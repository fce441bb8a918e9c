# The two commands of the quick start are `make run` and `make test`; both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-unit test-functional test-e2e bench package lint clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/activate

# Start the local stack on 127.0.0.1: moto (DynamoDB, KMS), the development identity provider,
# demo data and `chalice local` on port 8000. Ctrl-C stops everything.
# Other ports: make run ARGS="--api-port 8100 --aws-port 5100 --idp-port 8101".
run: $(BIN)/activate
	$(BIN)/python -m devstack $(ARGS)

# All three tiers: unit, functional (moto in process) and end to end (starts the local stack).
test: $(BIN)/activate
	$(BIN)/python -m pytest -q

test-unit: $(BIN)/activate
	$(BIN)/python -m pytest -q tests/unit

test-functional: $(BIN)/activate
	$(BIN)/python -m pytest -q tests/functional

test-e2e: $(BIN)/activate
	$(BIN)/python -m pytest -q tests/e2e

bench: $(BIN)/activate
	$(BIN)/python -m bench

package: $(BIN)/activate
	bash infra/package.sh

lint: $(BIN)/activate
	bash infra/lint.sh

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
