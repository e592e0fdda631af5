"""Constants the C cannot hold (docs/compat.md "Constants"): xlidl's verdict on
each enumeration value and integer init_val agrees with gcc and clang.  Each case is
generated without the model's checks (as Xen's generator would write it) and compiled
with -std=gnu99 -Wall -Werror: an error where either compiler rejects the C, a warning
or nothing where both accept it."""
from __future__ import annotations

import pytest

from conftest import have_program, need

from xlidl.errors import Diagnostics, IdlError
from xlidl.frontend.parser import parse_text
from xlidl.model import checks, shapes
from xlidl.model.interpret import Interpreter

ENUM = 'namespace("t_")\nt_e = Enumeration("e", [(0, "ZERO"), (%s, "V")])\n' \
       't_s = Struct("s", [("e", t_e)])\n'
MEMBER = 'namespace("t_")\nt_s = Struct("s", [("m", %s, {"init_val": %s})])\n'
TYPE = 'namespace("t_")\nt_n = %s\nt_s = Struct("s", [("m", t_n)])\n'

#: (IDL, xlidl's verdict: None, "warning" or "error")
CASES = [
    (ENUM % "2147483647", None),
    (ENUM % "2147483648", "warning"),
    (ENUM % "4294967295", "warning"),
    (ENUM % "4294967296", "error"),
    (ENUM % "-2147483648", None),
    (ENUM % "-2147483649", "error"),
    (ENUM % "99999999999999999999999", "error"),
    (MEMBER % ("uint8", "255"), None),
    (MEMBER % ("uint8", "256"), "error"),
    (MEMBER % ("uint8", "-1"), "error"),
    (MEMBER % ("uint8", '"300"'), "error"),
    (MEMBER % ("uint16", "-1"), "error"),
    (MEMBER % ("uint32", "-1"), "warning"),
    (MEMBER % ("uint32", "4294967295"), None),
    (MEMBER % ("uint32", "4294967296"), "error"),
    (MEMBER % ("uint64", "-1"), "warning"),
    (MEMBER % ("uint64", '"0xffffffffffffffff"'), None),
    (MEMBER % ("uint64", "9223372036854775807"), None),
    (MEMBER % ("uint64", "18446744073709551615"), "error"),
    (MEMBER % ("uint64", "18446744073709551616"), "error"),
    (MEMBER % ("integer", "-2147483648"), None),
    (MEMBER % ("integer", "2147483648"), "error"),
    (MEMBER % ("integer", "-2147483649"), "error"),
    (MEMBER % ("integer", "99999999999999999999"), "error"),
    (MEMBER % ("size_t", "-1"), "warning"),
    (MEMBER % ("uint8", '"200 + 55"'), None),       # a C expression: not checked
    (TYPE % "UInt(16, init_val=65536)", "error"),
    (TYPE % "UInt(32, init_val=-1)", "warning"),
    (TYPE % 'Number("unsigned char", namespace=None, init_val=256)', "error"),
]


def model(text: str, name: str = "c.idl"):
    """The model of ``text`` before the whole-model checks, and their verdict."""
    diags = Diagnostics()
    module = parse_text(text, name)
    idl = Interpreter(module.file, diags).run(module)
    shapes.annotate(idl)
    checks.check(idl, diags)
    verdict = None
    if diags.warnings:
        verdict = "warning"
    if diags.errors:
        verdict = "error"
    return idl, verdict, diags


@pytest.mark.parametrize("text,expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_verdict(text, expected):
    _, verdict, diags = model(text)
    assert verdict == expected, diags.format()
    for d in diags.items:
        assert "init_val" in d.message or "value" in d.message, d.message


@pytest.mark.slow
def test_verdicts_agree_with_the_compilers(tmp_path):
    """An error: gcc or clang rejects the C; a warning or nothing: both accept it."""
    import subprocess

    from xlidl.tools import cbuild
    for cc in ("gcc", "clang"):
        need(have_program(cc), "%s is not installed" % cc)
    need(have_program("pkg-config") and subprocess.run(
        ["pkg-config", "--exists", "yajl"]).returncode == 0,
        "yajl (libyajl-dev) is not installed")
    for i, (text, expected) in enumerate(CASES):
        idl, _, _ = model(text, "c%d.idl" % i)
        prog = cbuild.Program("c%d.idl" % i, idl)
        wd = str(tmp_path / str(i))
        prog.generate(wd, testidl=False)
        rejected = {}
        for cc in ("gcc", "clang"):
            try:
                prog.compile(wd, cc, objdir="%s/obj-%s" % (wd, cc))
            except cbuild.CheckError as e:
                rejected[cc] = str(e)
        if expected == "error":
            assert rejected, "xlidl reports an error, gcc and clang compile it:\n" + text
        else:
            assert not rejected, "xlidl gives a %s, the C does not compile:\n%s\n%s" % (
                expected, text, rejected)
