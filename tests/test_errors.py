"""Bad input gets a clear error at the right place (tests/bad), and valid input that hits a
limitation of Xen's generator gets a warning (tests/warn).

Each case is NAME.idl, whose first line says what is wrong, beside NAME.err, the exact
expected standard error (file names relative to the case's folder), in the style of
QEMU's tests/qapi-schema.  UPDATE_GOLDEN=1 (or pytest --update-golden) rewrites the .err
files.  A bad case must exit 1 and leave an existing output file untouched; a warning case
must exit 0 (and 1 with --werror)."""
from __future__ import annotations

import pytest

from conftest import TESTS, check_golden

from xlidl import cli

BAD = sorted(p.stem for p in (TESTS / "bad").glob("*.idl"))
WARN = sorted(p.stem for p in (TESTS / "warn").glob("*.idl"))


def run(folder, case, tmp_path, capsys, monkeypatch, *extra):
    monkeypatch.chdir(TESTS / folder)
    out = tmp_path / "out"
    out.mkdir()
    keep = out / ("_%s.h" % case)
    keep.write_text("an older output\n")
    status = cli.main(["generate", *extra, case + ".idl", "-o", str(out)])
    err = capsys.readouterr().err
    return status, err, out, keep


@pytest.mark.parametrize("case", BAD)
def test_bad_input(case, tmp_path, capsys, monkeypatch):
    status, err, out, keep = run("bad", case, tmp_path, capsys, monkeypatch)
    check_golden(TESTS / "bad" / (case + ".err"), err)
    assert status == 1
    assert "Traceback" not in err and "internal error" not in err
    assert err.startswith(case + ".idl:") and ": error: " in err.splitlines()[0]
    assert [p.name for p in out.iterdir()] == [keep.name]
    assert keep.read_text() == "an older output\n"


@pytest.mark.parametrize("case", WARN)
def test_warning(case, tmp_path, capsys, monkeypatch):
    status, err, out, keep = run("warn", case, tmp_path, capsys, monkeypatch, "--no-testidl")
    check_golden(TESTS / "warn" / (case + ".err"), err)
    assert status == 0
    assert err.startswith(case + ".idl:") and ": warning: " in err.splitlines()[0]
    assert (out / ("_%s.c" % case)).is_file()


@pytest.mark.parametrize("case", WARN)
def test_werror(case, tmp_path, capsys, monkeypatch):
    status, err, out, keep = run("warn", case, tmp_path, capsys, monkeypatch,
                                 "--no-testidl", "--werror")
    assert status == 1
    assert ": error: " in err and "[-Werror]" in err
    assert keep.read_text() == "an older output\n"


def test_enough_cases():
    assert len(BAD) >= 60


def test_every_case_says_what_it_tests():
    for folder, cases in (("bad", BAD), ("warn", WARN)):
        for case in cases:
            first = (TESTS / folder / (case + ".idl")).read_bytes().split(b"\n")[0]
            assert first.startswith(b"# " + folder.replace("bad", "error").replace(
                "warn", "warning").encode() + b": "), case


def test_error_texts_follow_the_house_style():
    """Lowercase start, no trailing period."""
    for folder in ("bad", "warn"):
        for p in (TESTS / folder).glob("*.err"):
            for line in p.read_text().splitlines():
                for sev in (": error: ", ": warning: ", ": note: "):
                    if sev in line:
                        msg = line.split(sev, 1)[1]
                        assert not msg[0].isupper() or msg.split()[0].isupper(), (p.name, msg)
                        assert not msg.endswith("."), (p.name, msg)
