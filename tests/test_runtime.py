"""xlidl's C runtime (runtime/) and ``xlidl check``.

* Fast (default run): the command on the bundled example, the -D defines decided from the
  models, the runtime's C unit tests (tests/c/test_builtins.c: JSON edge cases of the
  builtins, error codes, logging) for both backends and both cpuid formats under
  ASan+UBSan, valgrind on master's testidl, and the yajl -> json-c output rules.
* Slow (@pytest.mark.slow; XLIDL_SLOW=1 or CI): every release of the Xen IDL corpus and
  the example, both IDL files, compiled warning-free with gcc and clang, testidl run
  under ASan+UBSan with leak detection for seeds 1-3; the json-c build of every
  libxl_types.idl under ASan+UBSan for seeds 1-2, its output compared with the yajl
  build's.

The runtime is compiled once per compiler, backend and flags into a static archive per
test session (:class:`Runtimes`); a release's generated C is compiled once, and only
testidl.c again for each further seed.

**yajl vs json-c output.**  Upstream's two backends print the same JSON values
differently; :func:`yajl_to_jsonc` is the exact rule, applied to the yajl build's stdout,
that gives the json-c build's stdout byte for byte:

1. every JSON value testidl prints (after ``<type>: `` in the to/from_json part, after
   ``\\t<NAME> = <int> = `` in the enumeration "to JSON" part) is printed again in
   json-c's JSON_C_TO_STRING_PRETTY form: 2-space indentation instead of 4, no space
   after ``:``, an empty object or array as ``{`` newline ``}`` (yajl puts an empty line
   between them), ``/`` escaped as ``\\/``, ``\\u00xx`` escapes in lower case (yajl:
   upper case);
2. the newline yajl writes after each top-level value is dropped, so each ``<type>: ``
   line is followed by one blank line fewer, and the enumeration "to JSON" lines run
   together on one line;
3. nothing else differs: same values, same order, repeated keys kept, numbers printed
   the same (our json-c generators write unsigned values as unsigned).

The test also checks that printing the parsed values again in yajl's form gives the
yajl stdout back, so the comparison loses nothing.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import (ROOT, TESTS, check_golden, have_program, need, release_params,
                      xen_idl, xlidl)

from xlidl import api
from xlidl.backend.options import Options
from xlidl.tools import cbuild

EXAMPLE = ROOT / "examples" / "vmconfig.idl"
GOLDEN = TESTS / "golden" / "runtime"
SEEDS = ("1", "2", "3")
JSONC_SEEDS = ("1", "2")


# -- prerequisites --------------------------------------------------------------------------

def need_program(name: str) -> None:
    need(have_program(name), "%s is not installed" % name)


def need_package(pkg: str) -> None:
    try:
        cbuild.pkg_config(pkg, "--cflags")
    except cbuild.CheckError as e:
        need(False, str(e))


def need_backend(json_backend: str) -> None:
    need_program("pkg-config")
    need_package("yajl")
    if json_backend == "jsonc":
        need_package("json-c")


def sanitize_flags(sanitize: bool) -> tuple:
    return cbuild.SANITIZE_CFLAGS if sanitize else ()


# -- shared builds ----------------------------------------------------------------------------

class Runtimes:
    """One runtime archive per (compiler, backend, sanitize) for the whole session."""

    def __init__(self, base: Path):
        self.base = base
        self.archives = {}

    def get(self, cc: str = "gcc", json_backend: str = "yajl", sanitize: bool = False) -> str:
        key = (cc, json_backend, sanitize)
        if key not in self.archives:
            d = self.base / ("%s-%s%s" % (cc, json_backend, "-asan" if sanitize else ""))
            self.archives[key] = cbuild.build_runtime(str(d), cc, json_backend,
                                                      sanitize_flags(sanitize))
        return self.archives[key]


# The session fixtures `runtimes` (a Runtimes) and `results` (a ReleaseRuns) are in
# conftest.py: tests/test_schema.py validates the same testidl runs.


def release_idls(release: str) -> list:
    """The IDL files of a release (main, internal), or the bundled example."""
    if release == "example":
        return [EXAMPLE]
    return [xen_idl(release), xen_idl(release, "libxl_types_internal.idl")]


class ReleaseRuns:
    def __init__(self, base: Path, runtimes: Runtimes):
        self.base, self.runtimes = base, runtimes
        self.done = {}

    def run(self, release: str, cc: str, json_backend: str, sanitize: bool, seeds) -> dict:
        key = (release, cc, json_backend, sanitize)
        have = self.done.setdefault(key, {})
        missing = [s for s in seeds if s not in have]
        if missing:
            have.update(self._build_and_run(release, cc, json_backend, sanitize, missing))
        return {s: have[s] for s in seeds}

    def _build_and_run(self, release, cc, json_backend, sanitize, seeds) -> dict:
        paths = [str(p) for p in release_idls(release)]
        main_path = paths[0]
        internal_path = paths[1] if len(paths) > 1 else None
        b = cbuild.Program(main_path, api.load(main_path, harness=True), internal_path,
                           api.load(internal_path) if internal_path else None,
                           Options(json=json_backend))
        wd = self.base / ("%s-%s-%s%s" % (release, cc, json_backend,
                                          "-asan" if sanitize else ""))
        flags = sanitize_flags(sanitize)
        t_extra = cbuild.TESTIDL_SANITIZE_EXCEPTIONS if sanitize else ()
        lib = self.runtimes.get(cc, json_backend, sanitize)
        out = {}
        common_objs = None
        for seed in seeds:
            b.generate(str(wd), seed=seed)
            testidl = b.testidl_source()
            if common_objs is None:
                # every generated .c but testidl.c, and idlconfig.c: once
                others = [p for p in b.files if p.endswith(".c") and p != testidl]
                others.append(os.path.join(cbuild.runtime_dir(), "src", "idlconfig.c"))
                common_objs = b.compile(str(wd), cc, flags, objdir=str(wd / "obj"),
                                        sources=others)
            objdir = wd / ("obj-seed-" + seed)
            objs = b.compile(str(wd), cc, flags, objdir=str(objdir), sources=[testidl],
                             testidl_extra=t_extra)
            exe = b.link(common_objs + objs, lib, str(objdir / "testidl"), cc, flags)
            out[seed] = cbuild.run_testidl(exe, sanitize=sanitize)
        return out


def assert_passed(r, what: str) -> None:
    assert r.ok, "%s: %s" % (what, r.failure())
    assert "Testing Enumerations" in r.stdout, what


# -- yajl -> json-c: the documented difference --------------------------------------------------

class JsonObject(list):
    """A JSON object as its (key, value) pairs: order and repeated keys kept."""


#: where testidl prints a JSON value: after "<type>: " (to/from_json part) and after
#: "\t<NAME> = <int> = " (the "to JSON" lines of the enumeration part)
VALUE_START = re.compile(r"^(?:[A-Za-z_]\w*: |\t\w+ = -?\d+ = )", re.M)


def _escape(s: str, slash: str, hexcase) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "/":
            out.append(slash)
        elif ch in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif o < 0x20:
            out.append("\\u" + hexcase("%04x" % o))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _format(v, depth: int, style: str) -> str:
    """A value as yajl's beautifier ("yajl") or json-c's PRETTY mode ("jsonc") prints
    it, nested at depth."""
    step, colon = ("    ", ": ") if style == "yajl" else ("  ", ":")
    if isinstance(v, (JsonObject, list)):
        is_obj = isinstance(v, JsonObject)
        open_, close = "{}" if is_obj else "[]"
        if not v:
            gap = "\n" if style == "yajl" else ""
            return open_ + "\n" + gap + step * depth + close
        items = []
        for item in v:
            if is_obj:
                k, x = item
                items.append(step * (depth + 1) + _string(k, style) + colon
                             + _format(x, depth + 1, style))
            else:
                items.append(step * (depth + 1) + _format(item, depth + 1, style))
        return open_ + "\n" + ",\n".join(items) + "\n" + step * depth + close
    if isinstance(v, str):
        return _string(v, style)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    raise AssertionError("testidl printed a value of an unexpected kind: %r" % (v,))


def _string(s: str, style: str) -> str:
    if style == "yajl":
        return _escape(s, "/", str.upper)
    return _escape(s, "\\/", str.lower)


def reformat_testidl_output(text: str, style: str) -> str:
    """testidl's stdout of a yajl build with every JSON value printed again in ``style``:
    "yajl" must give the text back, "jsonc" gives the json-c build's stdout."""
    decoder = json.JSONDecoder(object_pairs_hook=JsonObject)
    out, pos = [], 0
    for m in VALUE_START.finditer(text):
        if m.start() < pos:
            continue
        if text[m.start()] == "\t" and not _in_to_json_block(text, m.start()):
            continue    # "-- to string:" lines look alike but are testidl's printf
        out.append(text[pos:m.end()])
        value, end = decoder.raw_decode(text, m.end())
        assert text[end:end + 1] == "\n", "yajl ends a top-level value with a newline"
        out.append(_format(value, 0, style) + ("\n" if style == "yajl" else ""))
        pos = end + 1
    out.append(text[pos:])
    return "".join(out)


def _in_to_json_block(text: str, at: int) -> bool:
    """Whether the tab-indented line at ``at`` belongs to an "<enum> -- to JSON:" block:
    the nearest line above that does not start with a tab is that header."""
    end = at
    while True:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end - 1] if end > 0 else ""
        if not line.startswith("\t") or start == 0:
            return line.endswith(" -- to JSON:")
        end = start


def yajl_to_jsonc(text: str) -> str:
    """The json-c build's stdout predicted from the yajl build's (see the module doc)."""
    return reformat_testidl_output(text, "jsonc")


def test_yajl_to_jsonc_rules():
    yajl = ('Testing TYPE_to/from_json()\n----------------------\n\n'
            'libxl_a: {\n    "k": "a/b\\u001F",\n    "e": {\n\n    },\n'
            '    "l": [\n        1,\n        -2\n    ],\n    "k": null\n}\n\n'
            'libxl_e: "pv"\n\n'
            'libxl_t -- to string:\n\tPV = 1 = "pv"\n'
            'libxl_t -- to JSON:\n\tPV = 1 = "pv"\n\tX = 2 = null\nlibxl_t -- from string:\n')
    jsonc = ('Testing TYPE_to/from_json()\n----------------------\n\n'
             'libxl_a: {\n  "k":"a\\/b\\u001f",\n  "e":{\n  },\n'
             '  "l":[\n    1,\n    -2\n  ],\n  "k":null\n}\n'
             'libxl_e: "pv"\n'
             'libxl_t -- to string:\n\tPV = 1 = "pv"\n'
             'libxl_t -- to JSON:\n\tPV = 1 = "pv"\tX = 2 = nulllibxl_t -- from string:\n')
    assert reformat_testidl_output(yajl, "yajl") == yajl
    assert yajl_to_jsonc(yajl) == jsonc


# -- fast tests -------------------------------------------------------------------------------

def test_check_example():
    need_program("gcc")
    need_backend("yajl")
    r = xlidl("check", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    phases = [ln.split()[0] for ln in r.stdout.splitlines()]
    assert phases == ["generate", "compile", "run"], r.stdout
    assert re.search(r"^run +\d+\.\d\ds  testidl passed", r.stdout, re.M), r.stdout
    assert r.stderr == ""


def test_check_reports_what_failed(tmp_path):
    """An IDL the runtime cannot serve (status 1: the input), and generated C that does
    not compile (status 3: what check finds), each with a message naming the problem."""
    need_program("gcc")
    need_backend("yajl")
    unknown = tmp_path / "unknown.idl"
    unknown.write_text('namespace("x_")\nx_thing = Builtin("thing")\n'
                       'x_s = Struct("s", [("t", x_thing)])\n')
    r = xlidl("check", str(unknown))
    assert r.returncode == 1
    assert "does not implement the builtin type x_thing" in r.stderr, r.stderr

    # upstream's PASS_BY_VALUE struct quirk: its dispose uses p-> on a value
    byvalue = tmp_path / "byvalue.idl"
    byvalue.write_text('namespace("x_")\nx_s = Struct("s", [("a", string)], '
                       'passby=PASS_BY_VALUE)\n')
    r = xlidl("check", str(byvalue))
    assert r.returncode == 3, r.stdout
    assert "compilation failed (gcc)" in r.stderr and "error:" in r.stderr, r.stderr
    assert r.stdout.splitlines()[0].startswith("generate"), r.stdout


def test_check_file_names_and_missing_cases(tmp_path):
    """An IDL whose file name is no C identifier compiles (its files are compiled as
    my_types.idl's: gentypes makes the include guards from the file names); a keyed union
    missing a case gets the model's warning, then the compiler's -Wswitch error."""
    need_program("gcc")
    need_backend("yajl")
    dashed = tmp_path / "my-types.idl"
    dashed.write_text(EXAMPLE.read_text())
    keep = tmp_path / "kept"
    r = xlidl("check", "--keep", str(keep), str(dashed))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "#ifndef __MY_TYPES_H" in (keep / "_my_types.h").read_text()
    assert "my-types.idl" in r.stdout

    missing = TESTS / "warn" / "keyed-union-missing-case.idl"
    r = xlidl("check", str(missing))
    assert r.returncode == 3, r.stdout
    assert "keyed union 'u' has no case for T_E_TWO, T_E_THREE" in r.stderr, r.stderr
    assert "not handled in switch" in r.stderr, r.stderr


def test_check_options(tmp_path):
    r = xlidl("check", "--sanitize", "--valgrind", str(EXAMPLE))
    assert r.returncode == 2 and "cannot be combined" in r.stderr
    need_program("gcc")
    need_backend("yajl")
    keep = tmp_path / "kept"
    r = xlidl("check", "--keep", str(keep), "--seed", "7", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    assert (keep / "testidl.out").is_file() and (keep / "_vmconfig.c").is_file()
    assert "(seed 7)" in r.stdout


def test_check_own_features_idl(tmp_path):
    """tests/c/idl/features.idl: every builtin (cpuid policy in the legacy form), no
    libxl_error, hidden types, arrays of builtins; both backends under ASan+UBSan, and
    the json-c output follows the documented rules."""
    need_program("gcc")
    need_backend("jsonc")
    idl = TESTS / "c" / "idl" / "features.idl"
    m = api.load(str(idl))
    d = cbuild.idl_defines(str(idl), m)
    assert "-DXLIDL_CPUID_JSON_MAP=0" in d and "-DXLIDL_IDL_HAS_ERRORS=0" in d
    out = {}
    for backend in ("yajl", "jsonc"):
        keep = tmp_path / backend
        r = xlidl("check", "--sanitize", "--json", backend, "--seed", "3", "--keep",
                  str(keep), str(idl))
        assert r.returncode == 0, r.stdout + r.stderr
        assert "testidl passed: 3 types" in r.stdout, r.stdout
        out[backend] = (keep / "testidl.out").read_text()
    # the legacy form: the policy is the plain array of leaves, no "msr"
    assert '"cpuid": [\n        {\n            "leaf": ' in out["yajl"], out["yajl"][:2000]
    assert '"msr"' not in out["yajl"]
    assert reformat_testidl_output(out["yajl"], "yajl") == out["yajl"]
    assert yajl_to_jsonc(out["yajl"]) == out["jsonc"]


@pytest.mark.parametrize("release", release_params())
def test_idl_defines(release):
    """The knowledge the runtime gets from the model, checked against the IDL text."""
    main, internal = (str(p) for p in release_idls(release))
    m, i = api.load(main), api.load(internal)
    d = cbuild.idl_defines(main, m, internal, i)
    text = Path(main).read_text()
    decl = re.search(r'libxl_cpuid_policy_list = Builtin\((.*?)\)\n', text, re.S).group(1)
    legacy = 'json_parse_type="JSON_ARRAY"' in decl.replace(" ", "")
    assert ("-DXLIDL_CPUID_JSON_MAP=%d" % (not legacy)) in d
    assert "-DXLIDL_IDL_HAS_ERRORS=1" in d
    assert '-DXLIDL_TYPES_H="_libxl_types.h"' in d
    assert '-DXLIDL_INTERNAL_TYPES_PRIVATE_H="_libxl_types_internal_private.h"' in d
    assert cbuild.unknown_builtins([m, i]) == []


def test_idl_defines_example():
    m = api.load(str(EXAMPLE))
    d = cbuild.idl_defines(str(EXAMPLE), m)
    assert '-DXLIDL_TYPES_H="_vmconfig.h"' in d and "-DXLIDL_IDL_HAS_ERRORS=0" in d
    assert not any("INTERNAL" in x for x in d)


def test_cpuid_format_follows_the_idl():
    """The two formats are where the spec says: legacy up to 4.16, map from 4.18."""
    expected = {"4.5.0": 0, "4.10.0": 0, "4.16.0": 0, "4.18.0": 1, "master": 1}
    releases = [r for r in release_params() if r in expected]
    need(bool(releases), "the Xen IDL corpus is not available")
    for r in releases:
        assert cbuild.cpuid_json_map([api.load(str(xen_idl(r)))]) == expected[r], r


@pytest.mark.parametrize("backend", ["yajl", "jsonc"])
@pytest.mark.parametrize("cpuid", ["map", "legacy"])
def test_runtime_unit(backend, cpuid, runtimes, tmp_path):
    """tests/c/test_builtins.c under ASan+UBSan: JSON edge cases of the builtins (empty
    bitmap, NULL strings in key_value_list, defbool default, bad input rejected with an
    error code, ...).  The JSON text of a few fixed values is a golden file per backend:
    together they show the two backends' formats."""
    need_program("gcc")
    need_backend(backend)
    lib = runtimes.get("gcc", backend, sanitize=True)
    rt = cbuild.runtime_dir()
    cflags, libs = cbuild.backend_flags(backend)
    exe = tmp_path / "test_builtins"
    cmd = ["gcc", *cbuild.BASE_CFLAGS, *cbuild.SANITIZE_CFLAGS, *cflags,
           "-I" + os.path.join(rt, "include"), "-I" + os.path.join(rt, "src"),
           "-DTEST_CPUID_MAP=%d" % (cpuid == "map"),
           str(TESTS / "c" / "test_builtins.c"), lib, *libs, "-o", str(exe)]
    c = subprocess.run(cmd, capture_output=True, text=True)
    assert c.returncode == 0 and not c.stderr, c.stderr
    r = cbuild.run_testidl(str(exe), sanitize=True)
    failed = [ln for ln in r.stdout.splitlines() if ln.startswith("not ok")]
    assert r.returncode == 0 and not failed and not r.stderr, "\n".join(failed) + r.stderr
    assert re.search(r"^# \d+ checks, 0 failed$", r.stdout, re.M)
    sample = r.stdout[r.stdout.index("--- json ---"):r.stdout.index("--- end ---")]
    check_golden(GOLDEN / ("builtins-%s-%s.txt" % (backend, cpuid)), sample)


def test_valgrind_master(runtimes, tmp_path):
    """valgrind --leak-check=full: no errors, no leaks, for master's testidl (seed 1)."""
    need_program("gcc")
    need_program("valgrind")
    need_backend("yajl")
    idl = str(xen_idl("master"))
    b = cbuild.Program(idl, api.load(idl, harness=True))
    b.generate(str(tmp_path), seed="1")
    objs = b.compile(str(tmp_path), "gcc", ("-g",), objdir=str(tmp_path / "obj"))
    exe = b.link(objs, runtimes.get("gcc", "yajl"), str(tmp_path / "testidl"), "gcc")
    r = cbuild.run_testidl(exe, valgrind=True, logdir=str(tmp_path))
    assert_passed(r, "master testidl under valgrind")
    assert (tmp_path / "valgrind.log").read_text() == ""


def test_make_check_c():
    need_program("make")
    need_program("gcc")
    need_backend("yajl")
    import sys
    bindir = os.path.dirname(sys.executable)
    xl = os.path.join(bindir, "xlidl")
    need(os.path.exists(xl), "the xlidl script is not installed next to %s" % sys.executable)
    r = subprocess.run(["make", "-s", "-f", str(ROOT / "runtime" / "check.mk"), "check-c",
                        "XLIDL=" + xl], cwd=str(ROOT), capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "testidl passed" in r.stdout


# -- slow: every release ---------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("release", release_params() + ["example"])
def test_release_yajl(release, results):
    """Both IDL files compile warning-free with gcc and clang (-Wall -Werror); testidl
    passes under ASan+UBSan with leak detection for seeds 1-3 (gcc), and the clang build
    prints the same for each seed."""
    need_program("gcc")
    need_program("clang")
    need_backend("yajl")
    runs = results.run(release, "gcc", "yajl", True, SEEDS)
    for seed, r in runs.items():
        assert_passed(r, "%s, seed %s, gcc, ASan+UBSan" % (release, seed))
    for seed, r in results.run(release, "clang", "yajl", False, SEEDS).items():
        assert_passed(r, "%s, seed %s, clang" % (release, seed))
        assert r.stdout == runs[seed].stdout


@pytest.mark.slow
@pytest.mark.parametrize("release", release_params() + ["example"])
def test_release_jsonc(release, results):
    """The json-c build compiles warning-free (gcc) and passes under ASan+UBSan for seeds
    1-2; its stdout is the yajl build's under the documented rules (yajl_to_jsonc)."""
    need_program("gcc")
    need_backend("jsonc")
    yajl_runs = results.run(release, "gcc", "yajl", True, JSONC_SEEDS)
    runs = results.run(release, "gcc", "jsonc", True, JSONC_SEEDS)
    for seed, r in runs.items():
        assert_passed(r, "%s, seed %s, json-c, ASan+UBSan" % (release, seed))
        y = yajl_runs[seed]
        assert_passed(y, "%s, seed %s, yajl" % (release, seed))
        assert reformat_testidl_output(y.stdout, "yajl") == y.stdout
        assert r.stdout == yajl_to_jsonc(y.stdout), \
            "%s seed %s: json-c output differs from the documented rules" % (release, seed)
