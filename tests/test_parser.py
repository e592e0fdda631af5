"""The grammar and the parser: the LALR driver (gen/frontend/lalr.py), running the tables
made when xlidl was built, gives the same syntax tree as Lark's own parser on every IDL
and stops at the same place on bad input; the Python literal forms the IDL may use are
read as Python reads them."""
from __future__ import annotations

import os

import pytest

from conftest import ROOT, TESTS, release_params, xen_idl

from xlidl.errors import IdlError
from xlidl.frontend import grammar, lalr, parser
from xlidl.frontend import syntax as S

OWN = sorted((TESTS / "idl").glob("*.idl")) + [ROOT / "examples" / "vmconfig.idl"]


def same_tree(text: str, name: str) -> None:
    ours = parser.parse_text(text, name)
    theirs = parser.parse_text_with_lark(text, name)
    assert repr(ours.stmts) == repr(theirs.stmts)
    assert [s.loc for s in ours.stmts] == [s.loc for s in theirs.stmts]


@pytest.mark.parametrize("release", release_params())
def test_driver_matches_lark_on_xen_idls(release):
    for name in ("libxl_types.idl", "libxl_types_internal.idl"):
        same_tree(xen_idl(release, name).read_text(), name)


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_driver_matches_lark_on_own_idls(path):
    same_tree(path.read_text(), path.name)


def value(src: str):
    (st,) = parser.parse_text("x = " + src + "\n", "t.idl").stmts
    return st.value


def test_literals():
    assert value("0x1f").value == 31
    assert value("-0x10").value == -16
    assert value("+7").value == 7
    assert value("0o17").value == 15
    assert value("0b101").value == 5
    assert value("1_000").value == 1000
    assert value("'it''s'").value == "its"            # adjacent strings are joined
    assert value(r'"a\tb\x41\u00e9\101\\"').value == "a\tbAé" + "A\\"
    assert value('"""tri"ple"""').value == 'tri"ple'
    assert isinstance(value("True"), S.Name)
    t = value("(1,)")
    assert isinstance(t, S.TupleLit) and len(t.items) == 1
    assert isinstance(value("(1)"), S.Int)
    assert isinstance(value("()"), S.TupleLit)
    d = value("{'a': 1, 'b': [2, 3,],}")
    assert isinstance(d, S.DictLit) and len(d.pairs) == 2


def test_newlines_inside_brackets_and_statement_separators():
    m = parser.parse_text("a = F(1,\n  2) ; b = G(\n)\n\n# c\nc = x\\\n  \n", "t.idl")
    assert [s.targets[0].id for s in m.stmts] == ["a", "b", "c"]


def test_chained_assignment_and_locations():
    (st,) = parser.parse_text("\n\n  # comment\na = b = Struct('x', [])\n", "t.idl").stmts
    assert [t.id for t in st.targets] == ["a", "b"]
    assert (st.loc.line, st.loc.col) == (4, 1)
    assert (st.value.loc.line, st.value.loc.col) == (4, 9)


@pytest.mark.parametrize("src", ["  a = 1\n", "a = 1\n  b = 2\n"])
def test_indented_statement_is_an_error(src):
    with pytest.raises(IdlError) as e:
        parser.parse_text(src, "t.idl")
    assert "indentation" in str(e.value)


def test_the_built_tables_are_current():
    """`make` (or the wheel's build) made frontend/lalr_tables.py from this grammar: a
    run uses it, without Lark."""
    from xlidl.frontend import lalr_tables
    assert lalr_tables.DIGEST == grammar.digest(grammar.grammar_text()), \
        "gen/frontend/lalr_tables.py is stale: run make"


def test_tables_from_lark_parse_alike():
    """Tables made now from Lark's serialized analysis (as when the built ones are
    stale) parse like the built ones; Lark may number the states differently."""
    text = (ROOT / "examples" / "vmconfig.idl").read_text()
    fresh = grammar.tables_with_lark(grammar.grammar_path())
    trees = []
    for t in (grammar.load(), fresh):
        trees.append(deep(lalr.Driver(t).parse(text, parser.TreeBuilder("x.idl"))))
    assert trees[0] == trees[1]


def test_tables_are_reproducible(tmp_path):
    """Two builds make the same module, whatever order Lark numbers its states in (it
    changes with Python's hash seed)."""
    import subprocess
    import sys
    made = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        subprocess.run([sys.executable, "-c", "import sys; from xlidl.frontend import grammar; "
                        "grammar.build_module(sys.argv[1])", str(out)], check=True,
                       env=dict(os.environ, PYTHONHASHSEED=seed))
        made.append((out / "lalr_tables.py").read_bytes())
    assert made[0] == made[1]


def deep(x):
    """A syntax tree as plain data, with every node's location."""
    if isinstance(x, list):
        return [deep(i) for i in x]
    if type(x) is tuple:
        return tuple(deep(i) for i in x)
    if isinstance(x, S.Node):
        return (type(x).__name__, tuple(x.loc)) + tuple(
            deep(getattr(x, s)) for s in type(x).__slots__ if s != "loc")
    return x


@pytest.mark.parametrize("src", [
    "a = F(1,  # c\n  2, \\\n 3)\n",
    "a = [\r\n (1, 'x'),\r\n\r\n  # c\r\n ]\r\n",
    "\n\n  # c\n\n# d\na = 1\n\n\n  \n# e\nb = 2",
    "a = 1  ",
    "a = 1\n# end", "a = f # (1, 2)", "a = [f # (1, 2)\n]",
    "a = 1\n  ",
    "a = 1;b = 2\n;\n",
    "x = {'a': (1,2), \"b\": ( -0x1f ,c )}\n",
    "x = ( a , 'b' )\ny = f( 1 , 2 )\nz = (\'\'\'t\'\'\', \"u\" 'v')\n",
    "x = 'a\\\nb'\ny = 1\n",
    "x = \'\'\'a\nb\'\'\' ; y = (1,\n2)\n",
    "a = 1\n\\\nb = 2\n", "x = 1 \\\n", "\\\nx = 1\n", "x = 1 \\\n\ny = 2\n",
    "x = 1 \\\n  + 2\n"[:-5] + "\n", "a = 1 # c \\\nb = 2\n",
])
def test_gaps_are_read_like_lark(src):
    """Blanks, newlines, comments and line continuations give Lark's tree (with the
    newline rules of gen/frontend/parser.py's post-lexer for Lark)."""
    same_tree(src, "t.idl")


def lark_error_position(src: str):
    """Where Lark's own parser (with the same newline rules) stops on ``src``:
    ("indent", None, None) or (kind, line, column)."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken
    try:
        parser.parse_text_with_lark(src, "t.idl")
    except UnexpectedCharacters as e:
        return "char", e.line, e.column
    except UnexpectedToken as e:
        tok = e.token
        if tok.type == "$END":
            return "token", None, None
        return "token", tok.line, tok.column
    except ValueError as e:
        assert "indented" in str(e)
        return "indent", None, None
    return None


@pytest.mark.parametrize("src", [
    "  a = 1\n", "a = 1\n  b = 2\n", "a = 1\n  \\\nb = 2\n",
    "a = (1,\n", "a = (1, 2))\n", "a = $\n", "a = f(1\r2)\n", "a = 1 \\ b\n",
    "x\ny\n= 1\n", "x = 1\n  \\\n", "x = [1,\r 2]\n", "a = \n1\n", "a = 1 2\n",
    "a = # c\n1\n", "a = f(x=1, 2)\n"[:0] + "a = (1 2)\n", "a = {1 2}\n", "a = [1 2]\n",
    "def f(): pass\n", "a = 1.5\n", "a = b.c\n", "a = 'x\n", "a = 1\n\n  # c\n  b = 2\n",
])
def test_errors_stop_where_lark_stops(src):
    """The driver reports a bad input at the place Lark's own parser stops (and reads
    what Lark reads)."""
    theirs = lark_error_position(src)
    if theirs is None:
        same_tree(src, "t.idl")
        return
    with pytest.raises(lalr.ParseProblem) as e:
        parser.get_driver().parse(src, parser.TreeBuilder("t.idl"))
    kind, line, col = theirs
    assert e.value.kind == kind
    if line is not None:
        assert (e.value.line, e.value.column) == (line, col)


def test_parses_in_threads_do_not_mix(tmp_path):
    """Parsing is re-entrant: two threads parsing two files at once (switching between
    them as often as Python can) each get the locations of their own file."""
    import sys
    import threading
    texts = {"a.idl": xen_idl("master").read_text(),
             "b.idl": (ROOT / "examples" / "vmconfig.idl").read_text() * 3}
    alone = {name: deep(parser.parse_text(text, name).stmts) for name, text in texts.items()}
    got = {}
    failed = []
    start = threading.Barrier(len(texts))

    def parse(name: str) -> None:
        try:
            start.wait()
            got.setdefault(name, []).extend(
                deep(parser.parse_text(texts[name], name).stmts) for _ in range(3))
        except BaseException as e:  # (reported below: an exception in a thread is not)
            failed.append(e)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=parse, args=(n,)) for n in texts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failed, failed
    for name in texts:
        assert got[name] == [alone[name]] * 3, name
