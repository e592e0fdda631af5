"""Focused tests: one small IDL per feature (tests/idl/*.idl, the first comment says what
it tests) and the C xlidl writes for it, kept as reviewed golden files in
tests/golden/<name>/.  UPDATE_GOLDEN=1 rewrites them after a deliberate change."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TESTS, check_golden

from xlidl import api

CASES = sorted(p.stem for p in (TESTS / "idl").glob("*.idl"))
#: cases whose test harness is kept too (seed "1")
HARNESS = ("arrays", "enums", "keyed_union")
#: cases also kept with json-c generation (--json=jsonc), in tests/golden/<case>-jsonc
JSONC = ("arrays", "keyed_union", "misc_kwargs")


@pytest.mark.parametrize("case", CASES)
def test_generated_c_matches_golden(case):
    idl = TESTS / "idl" / (case + ".idl")
    files = api.generate([str(idl)], "", testidl=case in HARNESS, seed="1")
    golden = TESTS / "golden" / case
    names = sorted(files)
    assert names, "nothing generated"
    for name in names:
        check_golden(golden / name, files[name])
    # no stale golden files
    assert sorted(p.name for p in golden.iterdir()) == names


@pytest.mark.parametrize("case", JSONC)
def test_jsonc_c_matches_golden(case):
    idl = TESTS / "idl" / (case + ".idl")
    files = api.generate([str(idl)], "", json="jsonc", testidl=False)
    golden = TESTS / "golden" / (case + "-jsonc")
    for name in sorted(files):
        check_golden(golden / name, files[name])
    assert sorted(p.name for p in golden.iterdir()) == sorted(files)
