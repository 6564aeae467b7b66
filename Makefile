# tornado-operator: every target installs what it needs (a virtualenv in .venv, the
# Kubernetes binaries built from hack/ into hack/bin).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hack

.PHONY: all venv wordnet ecosystem-bins kubeconform report-tools test test-unit test-cluster lint lint-all crds docs k8s-bins cluster-up cluster-down up down status env test-kind demo run-local bench bench-engine bench-fixer bench-routing bench-webhook bench-pod clean

all: test

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## WordNet's database (Debian's wordnet-base), the lexicon of the offline label routing.
wordnet:
	@bash hack/install-wordnet.sh

## The Kubernetes control plane binaries (etcd, kube-apiserver, ...), built from pinned Go modules.
k8s-bins:
	bash hack/build-k8s.sh

## Graphviz and Chromium (Debian packages) and hack/browser's npm packages: `tornado report` and its tests.
report-tools:
	bash hack/install-report-tools.sh

## The tools that judge the integrations with their own code (Argo CD, kstatus, Flux, promtool).
ecosystem-bins:
	bash hack/build-ecosystem.sh

## Everything: lint, unit tests, then the tests against the real control plane.
test: $(STAMP) wordnet k8s-bins report-tools ecosystem-bins lint
	$(BIN)/python -m pytest

## Unit tests of pure code only (no cluster, fast).
test-unit: $(STAMP) wordnet report-tools
	$(BIN)/python -m pytest -m "not cluster"

test-cluster: $(STAMP) wordnet k8s-bins ecosystem-bins
	$(BIN)/python -m pytest -m cluster

## The cluster tests on a kind cluster (pytest-kind-ng; needs Docker and kind): stops at once,
## in one line, when they are missing. Never run on this project's machines (no container engine).
test-kind:
	@python3 hack/devcluster/kind_preflight.py
	@$(MAKE) --no-print-directory venv
	$(BIN)/python -m pytest --cluster=kind -m cluster $(PYTEST_ARGS)

## ruff + mypy --strict on the package and its tests (make test runs this first).
lint: $(STAMP)
	$(BIN)/ruff check operator tests hack/devcluster
	$(BIN)/mypy operator/tornado_operator

## Also the benchmark and demo scripts under hack/.
lint-all: lint
	$(BIN)/ruff check hack

## Regenerate docs/assertions.md from the models, checkers, analysis and fix strategies.
docs: $(STAMP)
	$(BIN)/tornado docs assertions --output docs/assertions.md

## Regenerate crds/ from the pydantic models.
crds: $(STAMP)
	$(BIN)/tornado crds --output crds

kubeconform:
	bash hack/build-kubeconform.sh

cluster-up: $(STAMP) k8s-bins
	$(BIN)/python -m devcluster up

cluster-down: $(STAMP)
	$(BIN)/python -m devcluster down

## A playground that stays up (README "Try your own pathway"): the control plane, the CRDs and
## the operator with its webhook, in the background; `eval "$$(make -s env)"` to use it.
PLAYGROUND = $(BIN)/python -m devcluster.playground --state-dir $(CURDIR)/.cluster

up: $(STAMP) wordnet k8s-bins
	@$(PLAYGROUND) up

down: $(STAMP)
	@$(PLAYGROUND) down

status: $(STAMP)
	@$(PLAYGROUND) status

env: $(STAMP)
	@$(PLAYGROUND) env

## The main job: local control plane + operator + the support-line example, watched to the end.
demo: $(STAMP) wordnet k8s-bins
	$(BIN)/python hack/demo.py examples/support-line

## The same loop without a cluster (the pathway author's inner loop).
run-local: $(STAMP) wordnet
	$(BIN)/tornado run examples/support-line --output out/support-line

## The operator's figures against the goals (real control plane; ~20 minutes): docs/performance.md.
bench: $(STAMP) wordnet k8s-bins
	$(BIN)/python hack/bench/run.py

## Mutation testing of the pure core (mutmut): score and surviving mutants, docs/testing.md.
## MUTATION_ARGS: e.g. "--only loop" (one group: loop, judge, verify, sim, views), "--jobs 1", "--show".
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet 'mutmut==3.8.1'
	$(BIN)/python hack/mutation.py $(MUTATION_ARGS)

## The fixer on the corpus of unseen pathways (tests/corpus/fixer): gaps repaired, held-out regressions, paraphrases.
bench-fixer: $(STAMP) wordnet
	$(BIN)/python hack/bench_fixer.py --verbose

## Label routing on the routing corpus (tests/corpus/routing): accuracy, close-label confusion, turns/s.
bench-routing: $(STAMP) wordnet
	$(BIN)/python hack/bench_routing.py

bench-engine: $(STAMP) wordnet
	$(BIN)/python -m tornado_operator.engine.bench

## An iteration pod's CPU: `tornado job` of a support-line iteration against the real control
## plane, and its imports (~1 min; BENCH_POD_COMPARE=REV measures a git revision alongside).
bench-pod: $(STAMP) wordnet k8s-bins
	$(BIN)/python hack/bench_pod.py

## Admission latency the webhook adds under 50 concurrent creates (real control plane).
bench-webhook: $(STAMP) k8s-bins
	$(BIN)/python hack/bench_webhook.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
