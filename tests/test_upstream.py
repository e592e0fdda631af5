"""Byte-identical to upstream: every IDL of ../shared/xen-idl, through `xlidl gentypes`
(yajl and --libjsonc) and `xlidl gentest` (seeds 1-5), gives files whose sha256 equals
that of upstream master's gentypes.py / gentest.py output, recorded in
tests/golden/upstream-digests.json (its SOURCE entry says how they were obtained)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest

from conftest import TESTS, release_params, xen_idl

from xlidl import cli

DIGESTS = json.loads((TESTS / "golden" / "upstream-digests.json").read_text())["releases"]
IDLS = {"libxl_types.idl": "types", "libxl_types_internal.idl": "types_internal"}


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected(release: str):
    if release not in DIGESTS:
        pytest.fail("no recorded upstream digests for release %r: add them to "
                    "tests/golden/upstream-digests.json" % release)
    return DIGESTS[release]


@pytest.mark.parametrize("backend", ["yajl", "jsonc"])
@pytest.mark.parametrize("idl_name", sorted(IDLS))
@pytest.mark.parametrize("release", release_params())
def test_gentypes_matches_upstream(release, idl_name, backend, tmp_path, monkeypatch):
    src = xen_idl(release, idl_name)
    want = expected(release)[idl_name]
    assert sha(src) == want["idl_sha256"], "%s is not the IDL the digests were made from" % src
    shutil.copy(src, tmp_path / idl_name)
    monkeypatch.chdir(tmp_path)
    stem = IDLS[idl_name]
    outs = ["__libxl_%s.h" % stem, "__libxl_%s_private.h" % stem,
            "__libxl_%s_json.h" % stem, "__libxl_%s.c" % stem]
    args = ["gentypes", "--argv0", "gentypes.py"] + (["--libjsonc"] if backend == "jsonc" else [])
    assert cli.main(args + [idl_name] + outs) == 0
    got = {o: sha(tmp_path / o) for o in outs}
    assert got == want[backend]


@pytest.mark.parametrize("release", release_params())
def test_gentest_matches_upstream(release, tmp_path, monkeypatch):
    src = xen_idl(release)
    want = expected(release)
    shutil.copy(src, tmp_path / "libxl_types.idl")
    monkeypatch.chdir(tmp_path)
    for seed in sorted(want["gentest"]):
        monkeypatch.setenv("LIBXL_TESTIDL_SEED", seed)
        assert cli.main(["gentest", "libxl_types.idl", "testidl.c"]) == 0
        assert sha(tmp_path / "testidl.c") == want["gentest"][seed], "seed %s" % seed
        # --seed gives the same file as the environment variable
        monkeypatch.delenv("LIBXL_TESTIDL_SEED")
        assert cli.main(["gentest", "--seed", seed, "libxl_types.idl", "t2.c"]) == 0
        assert (tmp_path / "t2.c").read_bytes() == (tmp_path / "testidl.c").read_bytes()


OWN = json.loads((TESTS / "golden" / "upstream-own-digests.json").read_text())
OWN_CASES = sorted(p.name for p in (TESTS / "idl").glob("*.idl"))


def test_every_own_idl_has_upstream_digests():
    assert sorted(k for k in OWN if k != "SOURCE") == OWN_CASES, \
        "record upstream's digests for the new tests/idl cases (see SOURCE)"


@pytest.mark.parametrize("backend", ["yajl", "jsonc"])
@pytest.mark.parametrize("name", OWN_CASES)
def test_own_idls_match_upstream(name, backend, tmp_path, monkeypatch):
    """Our own test IDLs give upstream's exact files too (deprecated_by paths, keyed
    unions in anonymous structs, re-bound names ...)."""
    want = OWN[name]
    src = TESTS / "idl" / name
    assert sha(src) == want["idl_sha256"], "%s changed: record its digests again" % name
    shutil.copy(src, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    stem = name[:-4]
    outs = ["__%s.h" % stem, "__%s_private.h" % stem, "__%s_json.h" % stem, "__%s.c" % stem]
    args = ["gentypes", "--argv0", "gentypes.py"] + (["--libjsonc"] if backend == "jsonc" else [])
    assert cli.main(args + [name] + outs) == 0
    assert {o: sha(tmp_path / o) for o in outs} == want[backend]
