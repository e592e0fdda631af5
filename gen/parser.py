"""Read IDL text into a syntax tree (gen/syntax.py) with the Lark LALR grammar.

The grammar is grammar/libxl_idl.lark.  The parser is built once per process (and cached
on disk by Lark) and builds syntax nodes while it parses, without an intermediate tree.
Lark's exceptions become :class:`~xlidl.errors.IdlError` with a plain-words message.
"""
from __future__ import annotations

import os
import tempfile
from typing import Iterator, List, Optional

from .errors import IdlError
from .resources import grammar_path
from .source import SourceLocation
from . import syntax as S

_OPEN = {"LPAR": "RPAR", "LSQB": "RSQB", "LBRACE": "RBRACE"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}


class _State:
    """Per-parse state shared by the post-lexer and the tree builder."""

    file = "<idl>"


class _Newlines:
    """Post-lexer: newlines matter only outside brackets (Python's implicit line joining).

    Inside brackets _NL tokens are dropped; outside they end a statement, and the line that
    follows must not be indented (Python's "unexpected indent").
    """

    always_accept = ("_NL",)

    def __init__(self, state: _State):
        self.state = state

    def process(self, stream: Iterator) -> Iterator:
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
                    self._indented(tok)
                last_nl = None
            elif first and tok.column > 1:
                self._indented(tok)
            first = False
            if t in _OPEN:
                depth += 1
            elif t in _CLOSE and depth:
                depth -= 1
            yield tok

    def _indented(self, tok) -> None:
        raise IdlError.at(SourceLocation(self.state.file, tok.line, tok.column),
                          "unexpected indentation at the start of a statement")


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


def _build_callbacks(state: _State):
    from lark import Transformer

    def loc(tok) -> SourceLocation:
        return SourceLocation(state.file, tok.line, tok.column)

    class Build(Transformer):
        def start(self, c):
            return c

        def assign(self, c):
            return S.Assign([S.Name(t.value, loc(t)) for t in c[:-1]], c[-1])

        def exprstmt(self, c):
            return S.ExprStmt(c[0])

        def name(self, c):
            t = c[0]
            return S.Name(t.value, loc(t))

        def string(self, c):
            parts = []
            for t in c:
                v = t.value
                q = 3 if v[:3] in ("'''", '"""') else 1
                try:
                    parts.append(decode_string(v[q:-q]))
                except ValueError as e:
                    raise IdlError.at(loc(t), "bad escape in string: %s" % e) from None
            return S.Str("".join(parts), loc(c[0]))

        def int(self, c):
            t = c[0]
            return S.Int(int(t.value, 0), loc(t))

        def signed_int(self, c):
            s, t = c
            v = int(t.value, 0)
            return S.Int(-v if s.value == "-" else v, loc(s))

        def call(self, c):
            name = S.Name(c[0].value, loc(c[0]))
            args: List[S.Expr] = []
            kwargs: List[S.KwArg] = []
            for a in c[2] or ():
                if isinstance(a, S.KwArg):
                    kwargs.append(a)
                elif kwargs:
                    raise IdlError.at(a.loc, "positional argument after keyword argument")
                else:
                    args.append(a)
            return S.Call(name, args, kwargs)

        def kwarg(self, c):
            t = c[0]
            return S.KwArg(t.value, c[1], loc(t))

        def args(self, c):
            return [a for a in c if a is not None]

        items = args

        def list(self, c):
            return S.ListLit(c[1] or [], loc(c[0]))

        def tuple(self, c):
            return S.TupleLit([a for a in c[1:] if a is not None], loc(c[0]))

        def paren(self, c):
            return c[1]

        def dict(self, c):
            return S.DictLit(c[1] or [], loc(c[0]))

        def pairs(self, c):
            return [p for p in c if p is not None]

        def pair(self, c):
            return (c[0], c[1])

    return Build()


_parser = None
_state = _State()


def _cache_file() -> Optional[str]:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for d in (os.path.join(base, "xlidl"), os.path.join(tempfile.gettempdir(), "xlidl-%d" % os.getuid())):
        try:
            os.makedirs(d, exist_ok=True)
            if os.access(d, os.W_OK):
                return os.path.join(d, "lark-parser.cache")
        except OSError:
            continue
    return None


def get_parser():
    global _parser
    if _parser is None:
        from lark import Lark
        with open(grammar_path(), encoding="utf-8") as f:
            grammar = f.read()
        cache = _cache_file()
        kwargs = dict(parser="lalr", lexer="contextual", postlex=_Newlines(_state),
                      transformer=_build_callbacks(_state), maybe_placeholders=True)
        try:
            _parser = Lark(grammar, cache=cache if cache else False, **kwargs)
        except OSError:
            _parser = Lark(grammar, **kwargs)
    return _parser


def parse_text(text: str, file: str) -> S.Module:
    """Parse IDL source text; raise IdlError on lexical or syntax errors."""
    from lark.exceptions import UnexpectedInput, VisitError
    from .syntaxerrors import describe

    parser = get_parser()
    _state.file = file
    try:
        stmts = parser.parse(text)
    except UnexpectedInput as e:
        raise describe(e, text, file) from None
    except VisitError as e:  # an IdlError raised inside a tree callback
        if isinstance(e.orig_exc, IdlError):
            raise e.orig_exc from None
        raise
    return S.Module(file, stmts or [], text)


def parse_file(path: str, display: Optional[str] = None) -> S.Module:
    """Read and parse an IDL file.  ``display`` is the name used in messages."""
    name = display if display is not None else path
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise IdlError.at(None, "cannot read '%s': %s" % (path, e.strerror or e)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise IdlError.at(SourceLocation(name, line, col),
                          "input is not valid UTF-8 (byte 0x%02x)" % data[e.start]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_text(text, name)
