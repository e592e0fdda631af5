"""--fix: each upstream bug in docs/compat.md's "Fixes" is corrected on request, and
nothing else changes (gen/model/upstream_fixes.py).  The reproducers of the keyed-union parser
bug are run in tests/test_libfuzzer.py."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from conftest import ROOT, TESTS, check_golden, need, xen_idl, xlidl

from xlidl import api
from xlidl.model.upstream_fixes import FIXES
from xlidl.model.types import Aggregate, KeyedUnion, Struct
from xlidl.tools.textdiff import unified_diff

#: the warning case each fix corrects, and the golden C of the fixed output
CASES = {
    "keyed-union-in-anonymous-struct": "keyed-union-in-anonymous-struct",
    "passby-value-struct": "passby-value-struct",
    "emitted-after-use": "emitted-after-use",
}
FIXES_IDL = TESTS / "c" / "idl" / "fixes.idl"


def test_fixes_are_listed_and_documented():
    r = xlidl("fixes", check=True)
    assert [line.split()[0] for line in r.stdout.splitlines()] == list(FIXES)
    doc = (ROOT / "docs" / "compat.md").read_text()
    for name in FIXES:
        assert "### %s\n" % name in doc, name


def test_an_unknown_fix_is_a_usage_error(tmp_path):
    r = xlidl("generate", "--fix", "keyed-union-duplicat", str(FIXES_IDL), "-o", str(tmp_path))
    assert r.returncode == 2
    assert "unknown fix 'keyed-union-duplicat'; did you mean 'keyed-union-duplicate'?" in r.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fix", sorted(CASES))
def test_warning_names_its_fix_and_goes_with_it(fix, tmp_path):
    idl = str(TESTS / "warn" / (CASES[fix] + ".idl"))
    r = xlidl("generate", "--no-testidl", idl, "-o", str(tmp_path / "a"))
    assert r.returncode == 0 and "(--fix %s corrects it)" % fix in r.stderr, r.stderr
    r = xlidl("generate", "--no-testidl", "--fix", fix, idl, "-o", str(tmp_path / "b"))
    assert r.returncode == 0 and "--fix %s" % fix not in r.stderr, r.stderr


@pytest.mark.parametrize("fix", sorted(CASES))
def test_fixed_output_matches_golden(fix):
    """The corrected C, reviewed (tests/golden/fixes/NAME/)."""
    idl = TESTS / "warn" / (CASES[fix] + ".idl")
    files = api.generate([str(idl)], "", testidl=False, fixes=frozenset([fix]))
    golden = TESTS / "golden" / "fixes" / fix
    for name in sorted(files):
        check_golden(golden / name, files[name])
    assert sorted(p.name for p in golden.iterdir()) == sorted(files)


def has_keyed_union(t) -> bool:
    """Whether a member of ``t`` (or of an anonymous struct in it) is a keyed union."""
    for f in t.fields if isinstance(t, Aggregate) else ():
        if isinstance(f.type, KeyedUnion) or (
                f.type.typename is None and isinstance(f.type, Struct)
                and has_keyed_union(f.type)):
            return True
    return False


def test_keyed_union_duplicate_changes_only_parsers():
    """On Xen master's IDL --fix all touches only the JSON parsers of structs holding a
    keyed union (the other bugs are not in it), and only by adding the duplicate check."""
    paths = [str(xen_idl("master"))]
    plain = api.generate(paths, "", testidl=False)
    fixed = api.generate(paths, "", testidl=False, fixes=frozenset(FIXES))
    assert sorted(plain) == sorted(fixed)
    assert all(plain[n] == fixed[n] for n in plain if not n.endswith(".c"))
    diff = unified_diff(plain["_libxl_types.c"], fixed["_libxl_types.c"], "a", "b", False)
    functions = set(re.findall(r"^@@ .*? @@ int (\w+)\(", diff, re.M))
    idl = api.load(paths[0])
    assert functions == {"%s_%s_parse_json" % (t.namespace, t.rawname)
                         for t in idl.types if t.json_parse_fn and has_keyed_union(t)}
    assert "libxl__domain_build_info_parse_json" in functions
    added = [line[1:].strip() for line in diff.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in diff.splitlines()
               if line.startswith("-") and not line.startswith("---")]
    assert not removed
    assert set(added) <= {"rc = ERROR_INVAL;", "goto out;", "}"} | {
        a for a in added if re.match(r'(int cases_\w+ = 0;|if \(cases_\w+\+\+\) \{|LOG\(ERROR, )', a)}


@pytest.mark.slow
@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_with_every_fix_the_broken_c_compiles_and_round_trips(json, tmp_path):
    """tests/c/idl/fixes.idl has every bug --fix corrects: as upstream writes it, its
    testidl.c cannot be made and its C does not compile; with --fix all it compiles, runs
    and round-trips under ASan and UBSan."""
    need(shutil.which("gcc") is not None, "gcc is not installed")
    r = xlidl("check", "--json", json, str(FIXES_IDL))
    assert r.returncode == 1      # testidl.c cannot be written, nor the C compiled
    for seed in ("1", "2", "3"):
        r = xlidl("check", "--fix", "all", "--sanitize", "--json", json, "--seed", seed,
                  str(FIXES_IDL))
        assert r.returncode == 0, r.stdout + r.stderr
        assert "testidl passed: 3 types" in r.stdout
