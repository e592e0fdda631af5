# runtime/check.mk - `make check-c`: compile the bundled example's generated C
# with xlidl's C runtime and run its testidl (see runtime/README.md).
# Included from the top-level Makefile; usable alone too:
#     make -f runtime/check.mk check-c
# XLIDL (default: xlidl) and XLIDL_CHECK_FLAGS (e.g. --sanitize, --cc clang,
# --json jsonc) can be set on the command line.

XLIDL ?= xlidl
XLIDL_CHECK_FLAGS ?=
XLIDL_CHECK_ROOT := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))/..

.PHONY: check-c
check-c:
	$(XLIDL) check $(XLIDL_CHECK_FLAGS) $(XLIDL_CHECK_ROOT)/examples/vmconfig.idl
