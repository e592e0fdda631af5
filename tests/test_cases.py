"""The test cases, in one style (as QEMU's tests/qapi-schema): each case is an IDL whose
first line says what it tests, and beside it

* NAME.err: exactly what ``xlidl generate NAME.idl`` prints on standard error (empty
  when nothing), file names relative to the case's folder;
* NAME.out: the checked model (tests/modeldump.py), for a case that loads.

tests/idl holds valid IDLs (their generated C is golden too: tests/test_features.py),
tests/warn valid IDLs that get warnings, tests/bad IDLs with an error.  UPDATE_GOLDEN=1
(or ``make update-golden``) rewrites the .err and .out files.  A bad case exits 1 and
leaves an existing output file untouched; a valid one exits 0, and 1 with --werror if it
has warnings."""
from __future__ import annotations

import pytest

from conftest import TESTS, check_golden
from modeldump import dump

from xlidl import api, cli

FOLDERS = {"idl": "valid", "warn": "warning", "bad": "error"}
CASES = [(folder, p.stem) for folder in FOLDERS
         for p in sorted((TESTS / folder).glob("*.idl"))]


def run(folder, case, tmp_path, capsys, monkeypatch, *extra):
    monkeypatch.chdir(TESTS / folder)
    out = tmp_path / "out"
    out.mkdir()
    keep = out / ("_%s.h" % case)
    keep.write_text("an older output\n")
    status = cli.main(["generate", "--no-testidl", *extra, case + ".idl", "-o", str(out)])
    err = capsys.readouterr().err
    return status, err, out, keep


@pytest.mark.parametrize("folder,case", CASES, ids=["%s/%s" % c for c in CASES])
def test_case(folder, case, tmp_path, capsys, monkeypatch):
    status, err, out, keep = run(folder, case, tmp_path, capsys, monkeypatch)
    check_golden(TESTS / folder / (case + ".err"), err)
    assert "Traceback" not in err and "internal error" not in err
    out_file = TESTS / folder / (case + ".out")
    if folder == "bad":
        assert status == 1
        assert err.startswith(case + ".idl:") and ": error: " in err.splitlines()[0]
        assert [p.name for p in out.iterdir()] == [keep.name]
        assert keep.read_text() == "an older output\n"
        assert not out_file.exists(), "a bad case has no model"
        return
    assert status == 0
    assert (out / ("_%s.c" % case)).is_file()
    if folder == "warn":
        assert err.startswith(case + ".idl:") and ": warning: " in err.splitlines()[0]
    check_golden(out_file, dump(api.load(case + ".idl")))


@pytest.mark.parametrize("case", [c for f, c in CASES if f == "warn"])
def test_werror(case, tmp_path, capsys, monkeypatch):
    status, err, out, keep = run("warn", case, tmp_path, capsys, monkeypatch, "--werror")
    assert status == 1
    assert ": error: " in err and "[-Werror]" in err and ": warning: " not in err
    assert keep.read_text() == "an older output\n"


def test_enough_cases():
    assert len([c for f, c in CASES if f == "bad"]) >= 60


def test_no_stray_expectations():
    for folder in FOLDERS:
        cases = {p.stem for p in (TESTS / folder).glob("*.idl")}
        for p in (TESTS / folder).iterdir():
            assert p.suffix in (".idl", ".err", ".out") and p.stem in cases, p


def test_every_case_says_what_it_tests():
    for folder, case in CASES:
        first = (TESTS / folder / (case + ".idl")).read_bytes().split(b"\n")[0]
        assert first.startswith(b"# "), (folder, case)
        if folder != "idl":
            assert first.startswith(b"# " + FOLDERS[folder].encode() + b": "), case


def test_error_texts_follow_the_house_style():
    """Lowercase start, no trailing period."""
    for folder in FOLDERS:
        for p in (TESTS / folder).glob("*.err"):
            for line in p.read_text().splitlines():
                for sev in (": error: ", ": warning: ", ": note: "):
                    if sev in line:
                        msg = line.split(sev, 1)[1]
                        assert not msg[0].isupper() or msg.split()[0].isupper(), (p.name, msg)
                        assert not msg.endswith("."), (p.name, msg)
