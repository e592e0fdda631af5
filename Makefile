# xlidl: `make` generates the bundled example into output/; `make test` runs the tests.
# Both create the virtual environment .venv first (see README.md; on a fresh Debian
# machine run `bash .ci/bootstrap` once to install the system packages).

VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
XLIDL   := $(VENV)/bin/xlidl
EXAMPLE := examples/vmconfig.idl

.PHONY: all example test test-all test-xen update-golden bench docs clean check-c

all: example

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,format]'
	touch $@

# The main job: generate the example (only files whose content changes are rewritten).
example: $(VENV)/.installed
	$(XLIDL) generate $(EXAMPLE) -o output

# The default test run; slow compile-and-run tests are included when CI=true or
# XLIDL_SLOW=1 (make test-all).
test: $(VENV)/.installed
	$(PY) -m pytest -q

test-all: $(VENV)/.installed
	XLIDL_SLOW=1 $(PY) -m pytest -q

# Only Xen's own build with contrib/xen's patches (slow; part of test-all and CI).
test-xen: $(VENV)/.installed
	XLIDL_SLOW=1 $(PY) -m pytest -q tests/test_xen_build.py

# After a deliberate change of the generated code: rewrite golden files and output/.
update-golden: $(VENV)/.installed example
	UPDATE_GOLDEN=1 $(PY) -m pytest -q

# Side-by-side timings against an upstream Xen checkout (see bench/README.md).
bench: $(VENV)/.installed
	$(PY) bench/bench.py $(ARGS)

# docs/idl.md is generated from the constructor table (gen/signatures.py).
docs: $(VENV)/.installed
	$(PY) -m xlidl.docgen > docs/idl.md

clean:
	rm -rf $(VENV) .pytest_cache

# make check-c: compile the example's generated C with xlidl's C runtime and run its
# test harness (XLIDL_CHECK_FLAGS=--sanitize, --cc clang, --json jsonc ...).
check-c: $(VENV)/.installed
-include runtime/check.mk
