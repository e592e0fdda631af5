"""The grammar and the parser: the lean LALR driver (gen/lalr.py) gives the same syntax
tree as Lark's own parser on every IDL, and the Python literal forms the IDL may use are
read as Python reads them."""
from __future__ import annotations

import pytest

from conftest import ROOT, TESTS, release_params, xen_idl

from xlidl import lalr, parser
from xlidl import syntax as S
from xlidl.errors import IdlError

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


def test_tables_cache_is_rebuilt_when_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar = parser.grammar_text()
    t1 = lalr.Tables.load(grammar)
    cached = list((tmp_path / "xlidl").glob("tables-*.marshal"))
    assert len(cached) == 1
    cached[0].write_bytes(b"garbage")
    t2 = lalr.Tables.load(grammar)
    assert cached[0].read_bytes() != b"garbage"
    # Lark may number the states differently each time; the parses must agree.
    text = (ROOT / "examples" / "vmconfig.idl").read_text()
    trees = []
    for t in (t1, t2):
        b = parser.Build()
        b.file = "x.idl"
        trees.append(repr(lalr.Driver(t, b).parse(text)))
    assert trees[0] == trees[1]


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


def both_loops(text: str):
    """The fast loop's and the reference loop's result (or exception) for ``text``."""
    driver = parser.get_driver()
    parser._build.file = "t.idl"
    out = []
    for loop in (driver._parse_fast, driver._parse_exact):
        try:
            out.append(deep(loop(text)))
        except Exception as e:  # noqa: BLE001 - compared below
            out.append(e)
    return out


@pytest.mark.parametrize("release", release_params())
def test_fast_loop_reads_xen_idls_itself(release):
    """The fast loop gives the reference loop's tree, without falling back to it."""
    for name in ("libxl_types.idl", "libxl_types_internal.idl"):
        fast, exact = both_loops(xen_idl(release, name).read_text())
        assert fast == exact


@pytest.mark.parametrize("src", [
    "a = F(1,  # c\n  2, \\\n 3)\n",
    "a = [\r\n (1, 'x'),\r\n\r\n  # c\r\n ]\r\n",
    "\n\n  # c\n\n# d\na = 1\n\n\n  \n# e\nb = 2",
    "a = 1  ",
    "a = 1\n# end", "a = f # (1, 2)", "a = [f # (1, 2)\n]",
    "a = 1\n  ",
    "a = 1;b = 2\n;\n",
    "x = {'a': (1,2), \"b\": ( -0x1f ,c )}\n",
    "x = ( a , 'b' )\ny = f( 1 , 2 )\nz = ('''t''', \"u\" 'v')\n",
    "x = 'a\\\nb'\ny = 1\n",
    "x = '''a\nb''' ; y = (1,\n2)\n",
])
def test_fast_loop_reads_gaps_like_the_reference_loop(src):
    fast, exact = both_loops(src)
    assert fast == exact


@pytest.mark.parametrize("src", [
    "  a = 1\n", "a = 1\n  b = 2\n", "a = 1\n\\\nb = 2\n", "a = 1\n  \\\nb = 2\n",
    "a = (1,\n", "a = (1, 2))\n", "a = $\n", "a = f(1\r2)\n", "a = 1 \\ b\n",
    "x\ny\n= 1\n", "x = 1 \\\n", "\\\nx = 1\n", "x = 1\n  \\\n", "x = [1,\r 2]\n",
])
def test_fast_loop_leaves_odd_input_to_the_reference_loop(src):
    """Errors, and a line continuation outside brackets, are the reference loop's."""
    fast, exact = both_loops(src)
    # the fast loop gives up, or finds no move in the table
    assert isinstance(fast, (lalr._Bail, LookupError)) or fast == exact
    if isinstance(exact, Exception):
        with pytest.raises(lalr.ParseProblem) as e:
            parser.get_driver().parse(src)
        assert (e.value.kind, e.value.pos, e.value.line, e.value.column) == (
            exact.kind, exact.pos, exact.line, exact.column)
    else:
        assert deep(parser.get_driver().parse(src)) == exact
