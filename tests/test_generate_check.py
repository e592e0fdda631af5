"""`xlidl generate --check` (CI's "generated code is up to date") and `--format`."""
from __future__ import annotations

import shutil

from conftest import ROOT, need, xlidl

from xlidl.backend import clang_format

EXAMPLE = ROOT / "examples" / "vmconfig.idl"


def test_check_passes_on_committed_output():
    r = xlidl("generate", "--check", str(EXAMPLE), "-o", str(ROOT / "output"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""


def test_check_fails_after_one_character_change(tmp_path):
    idl = tmp_path / "vmconfig.idl"
    text = EXAMPLE.read_text()
    assert '("bridge", string)' in text
    idl.write_text(text.replace('("bridge", string)', '("bridgf", string)'))
    out = tmp_path / "out"
    shutil.copytree(ROOT / "output", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    r = xlidl("generate", "--check", "--color", "never", str(idl), "-o", str(out))
    assert r.returncode == 3
    assert "-    free(p->bridge);\n+    free(p->bridgf);\n" in r.stdout
    assert "differ from what is on disk" in r.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before   # nothing written


def need_clang_format() -> None:
    try:
        clang_format.find_clang_format()
    except clang_format.FormatError as e:
        need(False, str(e))


def test_format_option_formats_and_check_understands_it(tmp_path):
    need_clang_format()
    out = tmp_path / "out"
    xlidl("generate", "--format", str(EXAMPLE), "-o", str(out), check=True)
    plain = tmp_path / "plain"
    xlidl("generate", str(EXAMPLE), "-o", str(plain), check=True)
    assert (out / "_vmconfig.c").read_text() != (plain / "_vmconfig.c").read_text()
    assert xlidl("generate", "--check", "--format", str(EXAMPLE), "-o", str(out)).returncode == 0
    assert xlidl("generate", "--check", str(EXAMPLE), "-o", str(out)).returncode == 3
    # formatting what is already formatted changes nothing
    r = xlidl("fmt", "--check", str(out))
    assert r.returncode == 0, r.stdout + r.stderr


def test_tests_that_need_clang_format_skip_without_it(tmp_path):
    """On a user's machine without clang-format (CI unset), the tests that run it skip
    (conftest.need) instead of failing."""
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["XLIDL_CLANG_FORMAT"] = str(tmp_path / "no-clang-format")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "-k", "(format or fmt or diff) and not skip_without",
                        str(ROOT / "tests" / "test_generate_check.py"),
                        str(ROOT / "tests" / "test_fmt.py"), str(ROOT / "tests" / "test_review.py")],
                       cwd=str(tmp_path), env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stdout[-3000:]
    assert " skipped" in r.stdout.splitlines()[-1], r.stdout[-500:]
