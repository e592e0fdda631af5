"""No input makes xlidl print a traceback.  Property-based: valid IDLs (ours and Xen's) are
mutated by deleting, duplicating and replacing tokens and characters, and IDLs are made
with deeply nested types and very long lists; every run must either succeed or exit 1
with FILE:LINE:COL messages.  The number of examples is bounded to keep the suite fast;
the seeds are derandomized so CI runs are repeatable."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings, strategies as st

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


KINDS = {
    "struct": 'Struct(None, [("m", %s)])',
    "ku": 'KeyedUnion(None, t_e, "k", [("a", %s), ("b", None)])',
    "array": 'Array(%s, "num_m")',
    "list": "[%s]",
    "tuple": "(%s,)",
    "dict": "{'deprecated_by': %s}",
}


def nested_idl(inner: str, kinds, members: int) -> str:
    """An IDL whose last member nests ``inner`` in ``kinds`` (innermost first), after
    ``members`` plain members."""
    for k in kinds:
        inner = KINDS[k] % inner
    body = "".join('    ("m%d", integer),\n' % i for i in range(members))
    return ('namespace("t_")\nt_e = Enumeration("e", [(1, "A"), (2, "B")])\n'
            't_s = Struct("s", [("x", string)])\n'
            't_top = Struct("top", [\n%s    ("deep", %s),\n    ])\n' % (body, inner))


@st.composite
def nested(draw):
    """A type nested up to 150 levels deep (Struct, KeyedUnion case, Array element, plain
    lists, tuples and dicts: 1 to 3 brackets a level, so on both sides of the parser's
    limit of 200 brackets), beside a list of up to 5,000 members."""
    depth = draw(st.one_of(st.integers(1, 8), st.sampled_from([30, 49, 50, 66, 67, 99, 100, 150])))
    inner = draw(st.sampled_from(["integer", "string", "t_e", "t_s", "None", "[]", "1"]))
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=depth, max_size=depth))
    return nested_idl(inner, kinds, draw(st.sampled_from([0, 3, 200, 5000])))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.large_base_example])
@given(source=nested())
@example(source=nested_idl("integer", ["struct"] * 66, 5000))
@example(source=nested_idl("integer", ["struct"] * 67, 0))
@example(source=nested_idl("t_s", ["struct", "ku"] * 33, 200))
@example(source=nested_idl("string", ["ku"] * 49, 0))
@example(source=nested_idl("integer", ["list"] * 197, 0))
@example(source=nested_idl("integer", ["dict", "tuple"] * 70, 5000))
def test_nested_and_long_idls(source, tmp_path, capsys):
    check_run(source, tmp_path, capsys)


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(source=mutated([p.read_text() for p in OWN]), copies=st.integers(50, 400))
def test_long_mutated_idls(source, copies, tmp_path, capsys):
    """A mutated IDL repeated many times (the same names again and again)."""
    check_run(source * copies, tmp_path, capsys)


def test_struct_nested_1000_deep_is_a_located_error(tmp_path, capsys):
    source = ('namespace("t_")\nt_top = Struct("top", [("a", ' +
              'Struct(None, [("a", ' * 1000 + "integer" + ")])" * 1000 + ")])\n")
    idl = tmp_path / "deep.idl"
    idl.write_text(source)
    assert cli.main(["generate", str(idl), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("%s:2:" % idl), err[:300]
    assert ": error: brackets nested too deeply (more than 200 levels)" in err.splitlines()[0]
    assert "Traceback" not in err and "internal error" not in err


def test_struct_nested_as_deep_as_python_allows_works(tmp_path, capsys):
    """66 levels of anonymous structs (198 brackets, just under the limit): generated,
    checked and rendered without hitting Python's recursion limit."""
    source = ('namespace("t_")\nt_top = Struct("top", [("a", ' +
              'Struct(None, [("a", ' * 65 + "integer" + ")])" * 65 + ")])\n")
    idl = tmp_path / "deep.idl"
    idl.write_text(source)
    assert cli.main(["generate", "--json", "jsonc", str(idl), "-o", str(tmp_path / "o")]) == 0
    c = (tmp_path / "o" / "_deep.c").read_text()
    assert "p->a" + ".a" * 65 in c
