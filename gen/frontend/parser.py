"""Read IDL text into a syntax tree (gen/frontend/syntax.py) with the Lark LALR grammar.

The grammar is grammar/libxl_idl.lark.  Lark computes its LALR(1) tables when xlidl is
built; gen/frontend/lalr.py runs them, calling the callbacks of :class:`TreeBuilder`
exactly as Lark's own parser would.  :func:`parse_text_with_lark` runs Lark's parser with
the same callbacks (Lark's tokens turned into our token tuples); the tests use it to show
that both give the same tree.

Newlines end a statement only outside brackets, as in Python; the line after one must not
be indented.  Errors are recorded in the command's :class:`~xlidl.errors.Diagnostics`
with a plain-words message, and end the parse (:class:`~xlidl.errors.IdlError`).
"""
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Iterator, List, Optional, Tuple

    #: a token: (type, value, line, column, pos)
    RawToken = Tuple[str, str, int, int, int]

    from .lalr import Driver

from ..errors import Diagnostics, IdlError
from . import syntax as S
from .source import SourceLocation


_ESCAPES = {"\n": "", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f",
            "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def decode_string(body: str) -> str:
    """The value of a Python string literal's body (between the quotes)."""
    if "\\" not in body:
        return body
    out: List[str] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e in "01234567":
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(chr(int(body[i + 1:j], 8)))
            i = j
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i + 2:i + 2 + width]
            if len(digits) != width or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise ValueError("truncated \\%s escape" % e)
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:  # Python keeps unknown escapes as they are
            out.append("\\" + e)
            i += 2
    return "".join(out)


#: The two items of a PAIR token (the grammar has checked it): each a string (group 1 or
#: 4, with its quotes), an integer (2 or 5) or a name (3 or 6).
_PAIR_SPLIT = re.compile(r"""\([ \t]*(?:("\w*"|'\w*')|(-?[0-9]\w*)|(\w+))[ \t]*,"""
                         r"""[ \t]*(?:("\w*"|'\w*')|(-?[0-9]\w*)|(\w+))[ \t]*\)""", re.ASCII)


#: builds a SourceLocation without NamedTuple's Python-level __new__ (a hot path)
_TUPLE_NEW = tuple.__new__


class TreeBuilder:
    """The tree callbacks, one per grammar rule or alias (they receive the kept children).

    A token is a tuple (type, value, line, column, pos): gen/frontend/lalr.py makes them so, and
    :func:`parse_text_with_lark` turns Lark's tokens into them.  One builder per parse:
    ``file`` is the name its locations give."""

    def __init__(self, file: str = "<idl>") -> None:
        self.file = file

    def loc(self, tok: "RawToken", _new: "Any" = _TUPLE_NEW,
            _cls: "Any" = SourceLocation) -> "SourceLocation":
        loc: SourceLocation = _new(_cls, (self.file, tok[2], tok[3]))
        return loc

    # (each callback gets the children the grammar keeps: tokens and values)
    def start(self, c: "List[S.Stmt]") -> "List[S.Stmt]":
        return c

    def assign(self, c: "List[Any]") -> "S.Assign":
        return S.Assign([S.Name(t[1], self.loc(t)) for t in c[:-1]], c[-1])

    def exprstmt(self, c: "List[S.Expr]") -> "S.ExprStmt":
        return S.ExprStmt(c[0])

    def name(self, c: "List[RawToken]") -> "S.Name":
        t = c[0]
        return S.Name(t[1], self.loc(t))

    def string(self, c: "List[RawToken]") -> "S.Str":
        if len(c) == 1:
            v = c[0][1]
            if "\\" not in v and v[1:2] != v[0]:  # the usual '...' or "..." with no escape
                return S.Str(v[1:-1], self.loc(c[0]))
        parts = []
        for t in c:
            v = t[1]
            q = 3 if v[:3] in ("\'\'\'", '"""') else 1
            try:
                parts.append(decode_string(v[q:-q]))
            except ValueError as e:
                raise IdlError.at(self.loc(t), "bad escape in string: %s" % e) from None
        return S.Str("".join(parts), self.loc(c[0]))

    def int(self, c: "List[RawToken]") -> "S.Int":
        t = c[0]
        return S.Int(int(t[1], 0), self.loc(t))

    def signed_int(self, c: "List[RawToken]") -> "S.Int":
        sign, t = c
        v = int(t[1], 0)
        return S.Int(-v if sign[1] == "-" else v, self.loc(sign))

    def call(self, c: "List[Any]") -> "S.Call":
        name = S.Name(c[0][1], self.loc(c[0]))
        args: List[S.Expr] = []
        kwargs: List[S.KwArg] = []
        for a in (c[2] if len(c) > 2 else ()):
            if isinstance(a, S.KwArg):
                kwargs.append(a)
            elif kwargs:
                raise IdlError.at(a.loc, "positional argument after keyword argument")
            else:
                args.append(a)
        return S.Call(name, args, kwargs)

    def kwarg(self, c: "List[Any]") -> "S.KwArg":
        t = c[0]
        return S.KwArg(t[1], c[1], self.loc(t))

    def args(self, c: "List[Any]") -> "List[Any]":
        return c

    items = args
    pairs = args

    def list(self, c: "List[Any]") -> "S.ListLit":
        return S.ListLit(c[1] if len(c) > 1 else [], self.loc(c[0]))

    def tuple(self, c: "List[Any]") -> "S.TupleLit":
        return S.TupleLit(c[1:], self.loc(c[0]))

    def pair_tuple(self, c: "List[RawToken]") -> "S.TupleLit":
        """A PAIR token: ("name", type) or (1, "NAME") read as one token."""
        t = c[0]
        return S.TupleLit(self.pair_items(t), _TUPLE_NEW(SourceLocation,
                                                         (self.file, t[2], t[3])))

    def pair_call(self, c: "List[RawToken]") -> "S.Call":
        """NAME PAIR: a call with two positional arguments."""
        return S.Call(S.Name(c[0][1], self.loc(c[0])), self.pair_items(c[1]), [])

    def pair_items(self, t: "RawToken", _new: "Any" = _TUPLE_NEW, _cls: "Any" = SourceLocation,
                   _split: "Any" = _PAIR_SPLIT.match, _str: "Any" = S.Str, _int: "Any" = S.Int,
                   _name: "Any" = S.Name) -> "List[S.Expr]":
        file, line, col = self.file, t[2], t[3]
        m = _split(t[1])
        s1, i1, n1, s2, i2, n2 = m.groups()
        if s1 is not None:
            a = _str(s1[1:-1], _new(_cls, (file, line, col + m.start(1))))
        elif i1 is not None:
            a = _int(int(i1, 0), _new(_cls, (file, line, col + m.start(2))))
        else:
            a = _name(n1, _new(_cls, (file, line, col + m.start(3))))
        if s2 is not None:
            b = _str(s2[1:-1], _new(_cls, (file, line, col + m.start(4))))
        elif i2 is not None:
            b = _int(int(i2, 0), _new(_cls, (file, line, col + m.start(5))))
        else:
            b = _name(n2, _new(_cls, (file, line, col + m.start(6))))
        return [a, b]

    def paren(self, c: "List[Any]") -> "S.Expr":
        e: S.Expr = c[1]
        return e

    def dict(self, c: "List[Any]") -> "S.DictLit":
        return S.DictLit(c[1] if len(c) > 1 else [], self.loc(c[0]))

    def pair(self, c: "List[S.Expr]") -> "Tuple[S.Expr, S.Expr]":
        return (c[0], c[1])


_driver: "Optional[Driver]" = None


def get_driver() -> "Driver":
    """The driver over the grammar's tables, made once per process (it keeps nothing of
    a parse: parses may run at the same time in several threads)."""
    global _driver
    if _driver is None:
        from . import grammar
        from .lalr import Driver
        _driver = Driver(grammar.load())
    return _driver


def parse_text(text: str, file: str, diags: "Optional[Diagnostics]" = None) -> "S.Module":
    """Parse IDL source text; a lexical or syntax error is recorded in ``diags`` and
    raised as IdlError."""
    from .lalr import ParseProblem

    if diags is None:
        diags = Diagnostics()
    diags.sources[file] = text
    driver = get_driver()
    try:
        stmts = driver.parse(text, TreeBuilder(file))
    except ParseProblem as e:
        from .syntax_errors import describe
        diags.add(describe(e, text, file))
        diags.check()
        raise AssertionError("unreachable")
    except IdlError as e:  # from a tree callback (a bad escape in a string)
        diags.extend(e.diagnostics)
        diags.check()
        raise
    return S.Module(file, stmts or [], text)


def parse_text_with_lark(text: str, file: str) -> "S.Module":
    """The same parse with Lark's own LALR parser and lexer (for tests)."""
    from lark import Lark

    from .grammar import grammar_text

    b = TreeBuilder(file)
    lk = Lark(grammar_text(), parser="lalr", lexer="basic", maybe_placeholders=False,
              postlex=_LarkNewlines(), transformer=_LarkTokens(b))
    stmts: Any = lk.parse(text)  # (the start rule's callback gives the statements)
    return S.Module(file, stmts or [], text)


class _LarkTokens:
    """TreeBuilder's callbacks for Lark's parser: its tokens become our token tuples."""

    def __init__(self, build: "TreeBuilder"):
        self.build = build

    def __getattr__(self, name: str) -> "Any":
        from lark import Token

        f = getattr(self.build, name)  # AttributeError: Lark makes a Tree (inlined rules)

        def callback(children: "List[Any]") -> "Any":
            return f([(str(c.type), str(c), c.line, c.column, c.start_pos)
                      if isinstance(c, Token) else c for c in children])
        return callback


class _LarkNewlines:
    """Post-lexer for Lark's own parser with the driver's newline rules."""

    always_accept = ("_NL",)

    def process(self, stream: "Iterator[Any]") -> "Iterator[Any]":
        depth = 0
        last_nl = None
        first = True
        for tok in stream:
            t = tok.type
            if t == "_NL":
                if depth == 0 and last_nl is None:
                    yield tok
                if depth == 0:
                    last_nl = tok
                continue
            if last_nl is not None:
                if last_nl.value.rsplit("\n", 1)[1]:
                    raise ValueError("indented statement")
                last_nl = None
            elif first and tok.column > 1:
                raise ValueError("indented statement")
            first = False
            if t in ("LPAR", "LSQB", "LBRACE"):
                depth += 1
            elif t in ("RPAR", "RSQB", "RBRACE") and depth:
                depth -= 1
            yield tok


def parse_file(path: str, diags: "Optional[Diagnostics]" = None,
               display: "Optional[str]" = None) -> "S.Module":
    """Read and parse an IDL file.  ``display`` is the name used in messages."""
    name = display if display is not None else path
    if diags is None:
        diags = Diagnostics()
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        diags.error(None, "cannot read '%s': %s" % (path, e.strerror or e))
        diags.check()
        raise
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = len(data[data.rfind(b"\n", 0, e.start) + 1:e.start].decode("utf-8", "replace")) + 1
        diags.error(SourceLocation(name, line, col),
                    "input is not valid UTF-8 (byte 0x%02x)" % data[e.start])
        diags.check()
        raise
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_text(text, name, diags)
