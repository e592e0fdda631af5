"""Fuzzing the generated JSON parsers (gen/tools/libfuzzer.py, templates/c/fuzz.c.j2).

* The keyed-union reproducers (tests/fuzz/regressions/keyed-union-duplicate-*.json) abort
  the parser as upstream writes it, and are rejected cleanly with --fix all (a logged
  error, ERROR_INVAL), under ASan and UBSan and with -DNDEBUG, for both backends.
* Every input of the regression corpus (tests/fuzz/regressions/) runs through the whole
  round trip (from_json, to_json, from_json, to_json, copy, dispose) without a crash.
* CI's fuzz stage: libFuzzer runs for XLIDL_FUZZ_SECONDS (default 60) per backend on Xen
  master's IDL with --fix all, seeded with testidl's JSON and the IDL's words.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TESTS, have_program, need, xen_idl, xlidl

from xlidl import api
from xlidl.model.upstream_fixes import FIXES
from xlidl.backend.options import Options
from xlidl.tools import cbuild, libfuzzer

REGRESSIONS = TESTS / "fuzz" / "regressions"
REPRODUCERS = sorted(REGRESSIONS.glob("keyed-union-duplicate-*.json"))


def need_backend(json: str) -> None:
    try:
        cbuild.backend_flags(json)
    except cbuild.CheckError as e:
        need(False, str(e))


class Harnesses:
    """Standalone harnesses (replay, --parse) of Xen master's IDL, built once per
    (backend, fixes, flags) for the session."""

    def __init__(self, base: Path):
        self.base = base
        self.built = {}

    def get(self, json: str, fixed: bool, ndebug: bool) -> str:
        key = (json, fixed, ndebug)
        if key not in self.built:
            need(have_program("gcc"), "gcc is not installed")
            need_backend(json)
            fixes = frozenset(FIXES) if fixed else frozenset()
            main = str(xen_idl("master"))
            internal = str(xen_idl("master", "libxl_types_internal.idl"))
            program = cbuild.Program(main, api.load(main, fixes=fixes), internal,
                                     api.load(internal, fixes=fixes),
                                     Options(json=json, fixes=fixes))
            wd = self.base / ("%s-%s-%s" % (json, "fixed" if fixed else "plain",
                                            "ndebug" if ndebug else "debug"))
            h = libfuzzer.Harness(program, str(wd), "gcc")
            h.generate()
            flags = list(cbuild.SANITIZE_CFLAGS) + (["-DNDEBUG"] if ndebug else [])
            self.built[key] = h.build("harness", flags, standalone=True)
        return self.built[key]


@pytest.fixture(scope="module")
def harnesses(tmp_path_factory):
    return Harnesses(tmp_path_factory.mktemp("fuzz"))


def run(exe, *args):
    return subprocess.run([exe, *args], capture_output=True, text=True, errors="replace",
                          env=dict(os.environ, **cbuild.SANITIZE_ENV))


@pytest.mark.slow
@pytest.mark.parametrize("ndebug", [False, True], ids=["asserts", "ndebug"])
@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_reproducers_are_rejected_with_the_fix(json, ndebug, harnesses):
    assert len(REPRODUCERS) == 3
    exe = harnesses.get(json, True, ndebug)
    for doc in REPRODUCERS:
        r = run(exe, "--parse", "libxl_domain_config", str(doc))
        assert r.returncode == 1, (doc.name, r.returncode, r.stderr)
        assert r.stdout == "libxl_domain_config_from_json: -3\n"   # ERROR_FAIL
        assert "is a second case of keyed union" in r.stderr, r.stderr
        assert "(rc=-6)" in r.stderr                               # ERROR_INVAL
        assert "Sanitizer" not in r.stderr and "runtime error" not in r.stderr
        # the whole round trip too: nothing to check, no crash
        r = run(exe, str(doc))
        assert r.returncode == 0, r.stderr


@pytest.mark.slow
def test_reproducers_abort_without_the_fix(harnesses):
    """The fix is seen to matter: as upstream writes the parser, each reproducer fails
    the assertion in TYPE_init_KEY()."""
    exe = harnesses.get("yajl", False, False)
    for doc in REPRODUCERS:
        r = run(exe, "--parse", "libxl_domain_config", str(doc))
        assert r.returncode == -6, (doc.name, r.returncode)
        assert "_init_" in r.stderr and "Assertion" in r.stderr, r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_regression_corpus_replays_cleanly(json, harnesses):
    exe = harnesses.get(json, True, False)
    inputs = sorted(p for p in REGRESSIONS.iterdir() if p.is_file())
    assert len(inputs) >= 3
    for p in inputs:
        r = run(exe, str(p))
        assert r.returncode == 0, (p.name, r.stderr[-3000:])


def test_dictionary_and_seeds():
    idl = api.load(str(xen_idl("master")))
    from xlidl.backend.render import fuzz_targets
    targets = fuzz_targets(idl)
    assert targets[0].typename == "libxl_domain_config"
    words = libfuzzer.dictionary(targets)
    for w in ('"type.hvm"', '"connection.socket"', '"b_info"', '"std"', '"<default>"'):
        assert w in words, w
    text = ('libxl_domain_config: {\n    "c_info": {}\n}\nlibxl_device_disk: {\n}\n'
            'Testing TYPE_copy()\n')
    seeds = libfuzzer.seeds(text, targets)
    assert seeds["seed-libxl_domain_config"] == b'{\n    "c_info": {}\n}\n'
    disk = seeds["seed-libxl_device_disk"]
    n = [t.typename for t in targets].index("libxl_device_disk")
    assert disk[0] % len(targets) == n and disk[0] >= 128 and disk[1:] == b"{\n}\n"


@pytest.mark.slow
@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_fuzz_stage(json, tmp_path):
    """CI's fuzz stage: `xlidl fuzz --fix all` on Xen master's IDL finds no crash."""
    need(have_program("clang"), "clang is not installed")
    need_backend(json)
    seconds = os.environ.get("XLIDL_FUZZ_SECONDS", "60")
    r = xlidl("fuzz", "--fix", "all", "--json", json, "--seconds", seconds, "--keep",
              str(tmp_path / "build"), str(xen_idl("master")))
    assert r.returncode == 0, r.stdout + r.stderr[-5000:]
    lines = r.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["generate", "compile", "seed", "fuzz"]
    runs = int(lines[-1].split()[2])
    assert runs > 1000, lines[-1]
    print(lines[-1])


def test_replay_crash_descriptions_and_missing_inputs(tmp_path):
    """fuzz --replay said "exit status -6": it says what happened to the program, and a
    missing input is an error in the input (status 1) before anything is built."""
    assert cbuild.exit_description(-6) == "abort (SIGABRT: a failed assert() or abort())"
    assert cbuild.exit_description(-11) == "be killed by SIGSEGV"
    assert cbuild.exit_description(97) == "exit with status 97 (AddressSanitizer found an error)"
    assert cbuild.exit_description(1) == "exit with status 1"
    r = xlidl("fuzz", "--replay", str(tmp_path / "nope.json"),
              str(TESTS.parent / "examples" / "vmconfig.idl"))
    assert r.returncode == 1
    assert r.stderr == "xlidl: error: cannot read '%s': No such file or directory\n" % (
        tmp_path / "nope.json")


@pytest.mark.slow
def test_replay_names_the_input_and_the_abort(tmp_path):
    """Without --fix, each reproducer makes master's parser abort: status 3 (a finding),
    and the message names the input and SIGABRT."""
    need(have_program("clang"), "clang is not installed")
    need_backend("yajl")
    r = xlidl("fuzz", "--replay", str(REPRODUCERS[0]), str(xen_idl("master")))
    assert r.returncode == 3, r.stdout + r.stderr[-3000:]
    assert "xlidl: error: %s: this input made the harness abort (SIGABRT: a failed assert() " \
           "or abort())" % REPRODUCERS[0] in r.stderr, r.stderr[-3000:]
    assert "exit status -6" not in r.stderr
