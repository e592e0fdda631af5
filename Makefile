# xlidl: `make` generates the bundled example into output/; `make test` runs the tests.
# Both create the virtual environment .venv first (see README.md; on a fresh Debian
# machine run `bash .ci/bootstrap` once to install the system packages).

VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
XLIDL   := $(VENV)/bin/xlidl
EXAMPLE := examples/vmconfig.idl

.PHONY: all build example test test-all test-xen typecheck update-golden bench docs clean check-c fuzz dist

all: example

# pip's output goes to $(VENV)/pip.log, shown only when it fails.
$(VENV)/.installed: pyproject.toml setup.py
	@echo "make: installing xlidl and what it is built and tested with into $(VENV)" \
	     "(pip's output: $(VENV)/pip.log)"
	@$(PYTHON) -m venv $(VENV)
	@{ $(PY) -m pip install --upgrade pip && \
	   $(PY) -m pip install -e '.[build,test,format,validate]'; } >$(VENV)/pip.log 2>&1 || \
	 { cat $(VENV)/pip.log; echo "make: pip failed (its output above is in $(VENV)/pip.log)"; \
	   exit 1; }
	@touch $@

# What xlidl makes from grammar/ and templates/ when it is built (gen/buildtime.py): the
# LALR tables and the compiled templates.  A run never makes them.
BUILT     := gen/frontend/lalr_tables.py gen/backend/compiled/__init__.py
BUILT_SRC := grammar/libxl_idl.lark $(wildcard templates/*/*.j2 templates/*/*/*.j2) \
             gen/buildtime.py gen/frontend/grammar.py gen/backend/template_compiler.py \
             gen/backend/template_runtime.py

$(BUILT) &: $(VENV)/.installed $(BUILT_SRC)
	@$(PY) -m xlidl.buildtime
	@touch $(BUILT)
	@$(PY) -m compileall -q gen

build: $(BUILT)

# The main job: generate the example (only files whose content changes are rewritten).
example: $(BUILT)
	$(XLIDL) generate $(EXAMPLE) -o output

# The default test run; slow compile-and-run tests are included when CI=true or
# XLIDL_SLOW=1 (make test-all).
test: $(BUILT)
	$(PY) -m pytest -q

test-all: $(BUILT)
	XLIDL_SLOW=1 $(PY) -m pytest -q

# Only Xen's own build with contrib/xen's patches (slow; part of test-all and CI).
test-xen: $(BUILT)
	XLIDL_SLOW=1 $(PY) -m pytest -q tests/test_xen_build.py

# mypy over the package (pyproject.toml [tool.mypy]; the tests run it too).  mypy reads
# gen/ as the package xlidl through the link $(VENV)/mypy/xlidl.
typecheck: $(VENV)/.installed
	mkdir -p $(VENV)/mypy && ln -sfn ../../gen $(VENV)/mypy/xlidl
	MYPYPATH=$(VENV)/mypy $(VENV)/bin/mypy --config-file pyproject.toml \
	    --cache-dir $(VENV)/mypy/cache

# After a deliberate change of the generated code: rewrite golden files and output/.
update-golden: $(BUILT) example
	UPDATE_GOLDEN=1 $(PY) -m pytest -q

# Fuzz the JSON parsers generated from Xen's IDL with libFuzzer (clang), both backends,
# every upstream bug fixed; the corpus grows in .fuzz/ from run to run.
FUZZ_SECONDS ?= 60
FUZZ_IDL     ?= ../shared/xen-idl/master/libxl_types.idl
fuzz: $(BUILT)
	for json in yajl jsonc; do \
	    $(XLIDL) fuzz --fix all --json $$json --seconds $(FUZZ_SECONDS) \
	        --corpus .fuzz/corpus-$$json $(FUZZ_IDL) || exit 1; \
	done

# The release files in dist/: the sdist, the wheel and xlidl-VERSION.pyz (one file that
# any Python from 3.6 runs with nothing installed), the same bytes at every run from the
# same commit (gen/buildtime.py).  The pyz carries bytecode for each Python of
# PYZ_PYTHONS (default: pyenv's and the system's found here): another Python compiles
# xlidl's modules at each start instead, which is slower.
PYZ_PYTHONS ?= $(sort $(wildcard $(HOME)/.pyenv/versions/3.*/bin/python)) \
               $(wildcard /usr/bin/python3)
dist: $(VENV)/.installed
	rm -rf dist
	$(PY) -m xlidl.buildtime dist dist $(PYZ_PYTHONS)

# Side-by-side timings against an upstream Xen checkout (see bench/README.md).
bench: $(BUILT)
	$(PY) bench/bench.py $(ARGS)

# docs/idl.md is generated from the constructor table (gen/model/signatures.py).
docs: $(VENV)/.installed
	$(PY) -m xlidl.tools.docgen > docs/idl.md

clean:
	rm -rf $(VENV) .pytest_cache $(BUILT) gen/backend/compiled build dist xlidl.egg-info .fuzz

# make check-c: compile the example's generated C with xlidl's C runtime and run its
# test harness (XLIDL_CHECK_FLAGS=--sanitize, --cc clang, --json jsonc ...).
check-c: $(BUILT)
-include runtime/check.mk
