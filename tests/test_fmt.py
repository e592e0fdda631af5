"""xlidl fmt and gen/backend/clang_format.py: clang-format with xlidl's shipped style.

Tests that run clang-format need the binary from the clang-format package on PyPI (the
'format' extra): without it they skip on a user's machine and fail in CI (conftest.need).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, need, xlidl

from xlidl import api
from xlidl.backend import clang_format as fmt
from xlidl.errors import Failure

BASE = TESTS / "review" / "base.idl"


def have_clang_format() -> bool:
    try:
        fmt.find_clang_format()
        return True
    except fmt.FormatError:
        return False


def need_clang_format() -> None:
    need(have_clang_format(), "clang-format is not installed (pip install 'xlidl[format]')")


@pytest.fixture(scope="module")
def generated():
    """The generated C of the small review IDL and of the bundled example."""
    files = api.generate([str(BASE)], "", testidl=True, seed="1")
    files.update(api.generate([str(ROOT / "examples" / "vmconfig.idl")], "", testidl=False))
    return {os.path.basename(k): v for k, v in files.items()}


def test_config_ships_in_the_package():
    assert Path(fmt.config_path()).is_file()
    text = Path(fmt.config_path()).read_text()
    for option in ("IndentWidth: 4", "ColumnLimit: 80", "UseTab: Never",
                   "AfterFunction: true", "SortIncludes: false"):
        assert option in text
    # pyproject ships it with the templates (package-data of "xlidl.templates.c"; the
    # wheel and the pyz hold it: tests/test_dist.py)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^"xlidl.templates.c" = \[[^\]]*"clang-format\.yaml"', pyproject, re.M)


def test_format_error_is_a_failure():
    assert issubclass(fmt.FormatError, Failure)
    assert fmt.FormatError("x").status == 2


def test_formatting_is_idempotent(generated):
    need_clang_format()
    items = sorted(generated.items())
    once = fmt.format_many([(text, name) for name, text in items])
    twice = fmt.format_many([(text, name) for (name, _), text in zip(items, once)])
    for (name, original), a, b in zip(items, once, twice):
        assert a == b, "formatting %s twice differs from formatting it once" % name


def test_style(generated):
    """4-space indents, no tabs, 80 columns (comments and strings aside), the opening
    brace of a function on its own line, control statements keep theirs."""
    need_clang_format()
    text = fmt.format_c(generated["_base.c"], "_base.c")
    lines = text.splitlines()
    assert "\t" not in text
    for line in lines:
        stripped = line.lstrip(" ")
        if stripped.startswith(("/*", "*", "//")) or '"' in line:
            continue
        assert len(line) <= 80, line
    i = lines.index("void libxl_domain_build_info_dispose(libxl_domain_build_info *p)")
    assert lines[i + 1] == "{"
    assert "    switch (p->type) {" in lines
    assert "    if (!p)" in lines and "        return;" in lines


def test_cli_in_place_check_and_diff(tmp_path, generated):
    need_clang_format()
    f = tmp_path / "_base.c"
    f.write_text(generated["_base.c"])
    r = xlidl("fmt", "--check", str(f))
    assert r.returncode == 3 and "would reformat" in r.stderr
    r = xlidl("fmt", "--diff", "--color", "never", str(f))
    assert r.returncode == 3 and r.stdout.startswith("--- %s" % f)
    assert f.read_text() == generated["_base.c"], "--check/--diff must not write"
    r = xlidl("fmt", str(f), check=True)
    formatted = f.read_text()
    assert formatted == fmt.format_c(generated["_base.c"], "_base.c")
    mtime = f.stat().st_mtime_ns
    xlidl("fmt", str(tmp_path), check=True)            # a folder: its .c/.h files
    assert f.stat().st_mtime_ns == mtime, "an unchanged file must not be rewritten"
    r = xlidl("fmt", "--check", str(f))
    assert r.returncode == 0 and r.stdout == ""


def test_cli_stdin_and_print_config():
    need_clang_format()
    src = "int f(int a){if(a){return 1;}return 0;}\n"
    r = sys_run_stdin(["fmt", "-"], src)
    assert r.returncode == 0
    assert r.stdout == ("int f(int a)\n{\n    if (a) {\n        return 1;\n    }\n"
                        "    return 0;\n}\n")
    r = xlidl("fmt", "--print-config", check=True)
    assert r.stdout == Path(fmt.config_path()).read_text()


def sys_run_stdin(args, text):
    import subprocess
    return subprocess.run([sys.executable, "-m", "xlidl", *args], input=text,
                          capture_output=True, text=True)


def test_missing_binary_is_a_clear_error(tmp_path, monkeypatch):
    c = tmp_path / "x.c"
    c.write_text("int x;\n")
    r = xlidl("fmt", str(c), env={"XLIDL_CLANG_FORMAT": str(tmp_path / "nope")})
    assert r.returncode == 2
    assert "xlidl: error: XLIDL_CLANG_FORMAT=" in r.stderr and "Traceback" not in r.stderr
    # nothing installed at all: the message says how to install it
    import importlib.util
    monkeypatch.delenv("XLIDL_CLANG_FORMAT", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    with pytest.raises(fmt.FormatError, match=r"pip install 'xlidl\[format\]'"):
        fmt.format_c("int x;\n", "x.c")


def test_failing_binary_is_a_clear_error(tmp_path):
    bad = tmp_path / "clang-format"
    bad.write_text("#!/bin/sh\necho 'broken style' >&2\nexit 3\n")
    bad.chmod(0o755)
    c = tmp_path / "x.c"
    c.write_text("int x;\n")
    r = xlidl("fmt", str(c), env={"XLIDL_CLANG_FORMAT": str(bad)})
    assert r.returncode == 1      # the file could not be formatted
    assert "clang-format failed on %s (exit status 3): broken style" % c in r.stderr
    assert "Traceback" not in r.stderr
    assert c.read_text() == "int x;\n"


@pytest.mark.parametrize("name,text", [
    ("libxl_types.idl", '# -*- python -*-\nnamespace("libxl_")\n'),
    ("types.gen.go", "package xenlight\n\nfunc  f() {}\n"),
    ("Makefile", "all:\n\tcc  -c x.c\n"),
])
def test_fmt_refuses_what_is_not_c(tmp_path, name, text):
    """fmt must not rewrite an IDL as if it were C: a file named on the command line
    must be a .c or .h file; anything else is refused with status 2, before any file is
    touched, whatever comes with it."""
    p = tmp_path / name
    p.write_text(text)
    c = tmp_path / "x.c"
    c.write_text("int  x ;\n")
    before = p.stat().st_mtime_ns
    for args in ([str(p)], [str(c), str(p)], ["--check", str(p)]):
        r = xlidl("fmt", *args)
        assert r.returncode == 2, r.stderr
        assert r.stderr == ("xlidl: error: '%s' is not a C file: xlidl fmt formats .c and .h "
                            "files only (nothing was changed)\n" % p)
    assert p.read_text() == text and p.stat().st_mtime_ns == before
    assert c.read_text() == "int  x ;\n"


def test_fmt_folder_touches_only_c_files_and_follows_links(tmp_path):
    need_clang_format()
    d = tmp_path / "d"
    d.mkdir()
    other = {"libxl_types.idl": "x = Struct('x', [])\n", "helpers.gen.go": "package  x\n",
             "README": "int  x ;\n", "x.cc": "int  x ;\n"}
    for name, text in other.items():
        (d / name).write_text(text)
    (d / "real.c").write_text("int  x ;\n")
    (d / "link.h").symlink_to("real.c")
    r = xlidl("fmt", str(d))
    assert r.returncode == 0, r.stderr
    assert {n: (d / n).read_text() for n in other} == other
    assert (d / "real.c").read_text() == "int x;\n"
    assert (d / "link.h").is_symlink()      # the link stays, the file it names is formatted
    r = xlidl("fmt", str(d / "link.h"))
    assert r.returncode == 0 and (d / "link.h").is_symlink()
