"""No input makes xlidl print a traceback.  Property-based: valid IDLs (ours and Xen's) are
mutated by deleting, duplicating and replacing tokens and characters; every run must either
succeed or exit 1 with FILE:LINE:COL messages.  The number of examples is bounded to keep
the suite fast; the seeds are derandomized so CI runs are repeatable."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, TESTS, need, xen_idl_dir

from xlidl import cli

OWN = sorted((TESTS / "idl").glob("*.idl")) + [ROOT / "examples" / "vmconfig.idl"]
TOKEN = re.compile(r"""[A-Za-z_][A-Za-z0-9_]*|'[^'\n]*'|"[^"\n]*"|\d+|#[^\n]*|\s+|.""")
VOCAB = ["(", ")", "[", "]", "{", "}", ",", ":", "=", ".", "+", "-", "'", '"', "\\", "\n",
         "  ", "None", "True", "Struct", "Enumeration", "KeyedUnion", "Array", "Builtin",
         "UInt", "integer", "string", "namespace", "hidden", "def", "lambda", "for", "0x",
         "1.5", "07", "'x'", "'keyvar_init_val'", "{'const': True}", "passby", "dir=9",
         "PASS_BY_VALUE", "é", "\t", "\x00", "'''", "#"]
MESSAGE = re.compile(r"^\S[^\n]*:\d+:\d+: error: ", re.M)


@st.composite
def mutated(draw, texts):
    text = draw(st.sampled_from(texts))
    toks = TOKEN.findall(text)
    for _ in range(draw(st.integers(1, 3))):
        if not toks:
            break
        i = draw(st.integers(0, len(toks) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "char"]))
        if op == "delete":
            del toks[i]
        elif op == "duplicate":
            toks.insert(i, toks[i])
        elif op == "replace":
            toks[i] = draw(st.sampled_from(VOCAB + toks))
        elif op == "insert":
            toks.insert(i, draw(st.sampled_from(VOCAB)))
        else:
            t = toks[i]
            j = draw(st.integers(0, len(t)))
            c = draw(st.characters(min_codepoint=1, max_codepoint=0x2ff))
            toks[i] = t[:j] + c + t[j + 1:]
    return "".join(toks)


def check_run(source: str, tmp_path, capsys) -> None:
    idl = tmp_path / "fuzz.idl"
    idl.write_text(source, encoding="utf-8", errors="surrogatepass")
    status = cli.main(["generate", str(idl), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert status in (0, 1), "status %d:\n%s\n--- input:\n%s" % (status, err, source)
    if status == 1:
        assert MESSAGE.search(err), err


FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FAST
@given(source=mutated([p.read_text() for p in OWN]))
def test_mutated_own_idls(source, tmp_path, capsys):
    check_run(source, tmp_path, capsys)


def xen_texts():
    d = xen_idl_dir()
    return [p.read_text() for p in sorted(d.glob("*/libxl_types*.idl"))[:4]] if d.is_dir() else []


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(source=mutated(xen_texts() or ["x = 1\n"]))
def test_mutated_xen_idls(source, tmp_path, capsys):
    need(bool(xen_texts()), "the Xen IDL corpus is not at %s" % xen_idl_dir())
    check_run(source, tmp_path, capsys)
