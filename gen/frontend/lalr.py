"""The LALR(1) driver: runs the tables Lark computes from grammar/libxl_idl.lark.

Lark computes the tables when xlidl is built (gen/frontend/grammar.py); this driver runs
them, so a run never imports Lark.  It does what Lark's LALR parser with its basic lexer
does, for this grammar, in one loop:

* the lexer is one regular expression: the gap before a token (blanks, newlines,
  comments, line continuations) followed by an alternation of the grammar's terminals in
  the order Lark's basic lexer tries them, each marked by an empty group;
* newlines work like Python's implicit line joining: inside brackets they are part of the
  gap; outside, a gap with newlines is one _NL terminal, and the token after it must start
  its line (an indented statement is an error);
* reductions follow Lark's tree-shaping rules (filtered tokens, inlined _rules and EBNF
  helper rules, ?rules with one child) and call the callbacks of gen/frontend/parser.py
  that Lark would call, so the syntax tree is the one Lark's own parser gives (a test
  parses with both and compares).

At an error it raises :class:`ParseProblem`, which gen/frontend/syntax_errors.py words; the
context a message needs (the token before, the brackets around) is found then, by
scanning the text again up to the error.
"""
import gc
import re
from operator import itemgetter

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, List, Optional, Tuple

    from .grammar import Tables

_OPEN = {"LPAR": "tuple", "LSQB": "list", "LBRACE": "dict"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}


if TYPE_CHECKING:
    _Tuple = Tuple[str, str, int, int, int]
else:
    _Tuple = tuple


class Tok(_Tuple):
    """A token as error messages see it: (type, value, line, column, pos).  The loop
    passes plain tuples of the same shape to the tree callbacks."""

    __slots__ = ()

    def __new__(cls, type: str, value: str, line: int, column: int, pos: int) -> "Tok":
        return tuple.__new__(cls, (type, value, line, column, pos))

    if TYPE_CHECKING:
        @property
        def type(self) -> str: ...
        @property
        def value(self) -> str: ...
        @property
        def line(self) -> int: ...
        @property
        def column(self) -> int: ...
        @property
        def pos(self) -> int: ...
    else:
        type = property(itemgetter(0))
        value = property(itemgetter(1))
        line = property(itemgetter(2))
        column = property(itemgetter(3))
        pos = property(itemgetter(4))

    def __repr__(self) -> str:
        return "Tok(%s, %r, %d:%d)" % self[:4]


class ParseProblem(Exception):
    """A lexical or syntax error.

    kind is "char" (no terminal matches at ``pos``), "token" (``token`` is not allowed
    there; ``expected`` lists the terminals that are), "indent", "depth" (brackets
    nested deeper than MAX_DEPTH) or "size" (the text is larger than MAX_SIZE).  ``prev`` is the token
    before ``token``, and ``brackets`` the open brackets around it, innermost last:
    "call", "tuple" (a parenthesis that is not a call), "list" or "dict".
    """

    def __init__(self, kind: str, pos: int, line: int, column: int,
                 token: "Optional[Tok]" = None, expected: "Tuple[str, ...]" = (),
                 prev: "Optional[Tok]" = None, brackets: "Tuple[str, ...]" = ()):
        super().__init__(kind)
        self.kind = kind
        self.pos = pos
        self.line = line
        self.column = column
        self.token = token
        self.expected = expected
        self.prev = prev
        self.brackets = brackets


#: The gap before a token: blanks, newlines, comments and line continuations, written so
#: that a gap splits into these items one way only (no exponential backtracking).  A lone
#: carriage return is not in it (it is an error).
_GAP = r"[ \t\f\n]*(?:(?:\r\n|#[^\n]*(?![^\n])|\\[ \t\f]*\r?\n)[ \t\f\n]*)*"
#: The items of a gap, as Lark's lexer sees them (the grammar's _NL, COMMENT and ignored
#: blanks and continuations): a group 1 match is a newline terminal.
_GAP_ITEMS = re.compile(r"((?:\r?\n[\t \f]*)+)|[ \t\f]+|#[^\n]*|\\[ \t\f]*\r?\n")

# Token roles (real tokens first).
_DROP, _CLOSE_R, _KEEP, _OPEN_R, _NEWLINE, _IGNORED = range(6)
# How a rule builds its value (see Driver.__init__).
(_CALL1, _APPEND, _SAME, _WRAP, _SLICE, _SPLICE1, _APPEND_CALL, _PREPEND_CALL, _GENERIC,
 _ACCEPT) = range(10)
_END = 0  # the key of $END (a scanner group is never 0)

#: brackets may nest this deep (CPython's own parser stops at 200 too, so an IDL that
#: Xen's generator can read never goes deeper); everything after parsing recurses over
#: the nesting, and stays far from Python's recursion limit within it
MAX_DEPTH = 200
#: an IDL may be this large (Xen's is about 60 KB)
MAX_SIZE = 64 << 20


def _missing(name: str) -> "Callable[[List[Any]], Any]":
    def fail(children: "List[Any]") -> "Any":
        raise AssertionError("no tree callback for grammar rule '%s'" % name)
    return fail


def _gap_newline(gap: str) -> "Tuple[int, bool]":
    """For a gap outside brackets: the offset of its first newline terminal (-1: none,
    only line continuations) and whether the line after the last one is indented."""
    first, indented = -1, False
    for m in _GAP_ITEMS.finditer(gap):
        if m.group(1) is not None:
            if first < 0:
                first = m.start()
            indented = not m.group(1).endswith("\n")
    return first, indented


class Driver:
    """Lexer + LALR(1) loop over :class:`~xlidl.frontend.grammar.Tables`, calling the
    tree callbacks given to each :meth:`parse` on reductions.  A driver holds no state
    of a parse: one driver parses any number of texts, in any number of threads at
    once."""

    def __init__(self, tables: "Tables"):
        self.t = tables
        names = [name for name, _ in tables.terminals]
        self.names = names
        ignore = set(tables.ignore)
        dropped = set(tables.dropped)
        # The scanner: group 1 is the gap; each terminal's alternative is followed by an
        # empty group whose number (``lastindex``) tells the terminal.  (A group around a
        # whole alternative would hide its first character from the regex engine, which
        # then tries every alternative in full.)  The newline, comment and blank terminals
        # match only at the end of the text, where the gap has no token after it.
        alts = ["(?:%s)(?P<t_%s>)" % (regexp, name) for name, regexp in tables.terminals]
        self._scanner = re.compile("(%s)(?:%s)" % (_GAP, "|".join(alts)))
        self._gap = re.compile(_GAP)
        index = self._scanner.groupindex
        ngroups = self._scanner.groups + 1
        self._roles = [_IGNORED] * ngroups
        self._tnames: List[Optional[str]] = [None] * ngroups
        self._nl = index["t__NL"]
        key = {"$END": _END}
        for name in names:
            g = index["t_" + name]
            key[name] = g
            self._tnames[g] = name
            self._roles[g] = (
                _NEWLINE if name == "_NL" else _IGNORED if name in ignore else
                _OPEN_R if name in _OPEN else _CLOSE_R if name in _CLOSE else
                _DROP if name in dropped else _KEEP)
        self._tnames[_END] = "$END"
        # state -> {terminal key: shift target (>= 0) or ~rule (< 0)}; rule name ->
        # [state -> the state after it]
        self._acts: List[Dict[int, int]] = []
        gotos: Dict[str, List[Optional[int]]] = {}
        for st, acts in enumerate(tables.states):
            row = {}
            for sym, (shift, target) in acts.items():
                if sym in key:
                    row[key[sym]] = target if shift else ~target
                else:
                    gotos.setdefault(sym, [None] * len(tables.states))[st] = target
            self._acts.append(row)
        self._acts[tables.end][_END] = ~len(tables.rules)
        # Each rule gets the cheapest way of building its value that gives Lark's tree;
        # its callback is named here and looked up on the callbacks of each parse.
        self._rules: List[Tuple[int, int, Optional[str], Any, Any]] = []
        for origin, size, kept, cb, expand1 in tables.rules:
            kept = tuple(tuple(k) for k in kept)
            goto = gotos[origin]
            plain = tuple((i, False) for i in range(size))
            # (a ?rule's callback is only called when it has several children)
            call = cb is not None and not expand1
            arg: Any = None
            if size == 1 and kept == plain and call:
                mode = _CALL1          # cb([child])
            elif size == 1 and (kept == ((0, False),) and expand1 and cb is not None
                                or kept == ((0, True),) and cb is None):
                mode = _SAME           # the child itself, or a helper list passed up
            elif len(kept) == 2 and kept[0] == (0, True) and not kept[1][1] and (
                    cb is None or call):
                # a helper list and one more child: the list grows in place
                mode, arg = (_APPEND if cb is None else _APPEND_CALL), kept[1][0] - size
            elif cb is None and len(kept) == 1 and not kept[0][1]:
                mode, arg = _WRAP, kept[0][0] - size     # a new helper list
            elif call and size > 1 and kept == tuple((i, False) for i in range(len(kept))):
                mode, arg = _SLICE, (len(kept) - size) or None   # the first children
            elif call and size == 1 and kept == ((0, True),):
                mode = _SPLICE1        # cb(the helper list)
            elif call and len(kept) == 2 and kept[0] == (0, False) and kept[1][1]:
                mode, arg = _PREPEND_CALL, kept[1][0] - size    # cb([child] + list)
            else:
                mode, arg = _GENERIC, (kept, expand1)
            self._rules.append((mode, size, cb, goto, arg))
        self._rules.append((_ACCEPT, 0, None, None, None))

    def parse(self, text: str, callbacks: "Any") -> "Any":
        """Lex and parse ``text``, calling the methods of ``callbacks`` named by the
        grammar's rules; return the value of the start rule, or raise
        :class:`ParseProblem`."""
        # The values are acyclic, so the garbage collector finds nothing to free, but its
        # passes over the growing tree cost a fifth of the time: it is off meanwhile.
        # (Parses in other threads may turn it back on before this one ends: that
        # costs time, not correctness.)
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._parse(text, self._bind(callbacks))
        finally:
            if collecting:
                gc.enable()

    def _bind(self, callbacks: "Any") -> "List[Tuple[int, int, Any, Any, Any]]":
        """The rules with the callbacks of this parse."""
        rules = []
        for mode, size, cb, goto, arg in self._rules:
            func = None
            if cb is not None:
                func = getattr(callbacks, cb, None) or _missing(cb)
            rules.append((mode, size, func, goto, arg))
        return rules

    def _parse(self, text: str, rules: "List[Tuple[int, int, Any, Any, Any]]") -> "Any":
        if len(text) > MAX_SIZE:
            raise ParseProblem("size", 0, 1, 1)
        acts = self._acts
        roles = self._roles
        tnames = self._tnames
        nl = self._nl
        # (Pattern.scanner: each match starts where the last ended)
        match = self._scanner.scanner(text).match  # type: ignore[attr-defined]
        find = text.find
        states: List[int] = []
        values: List[Any] = []
        state = self.t.start
        pos, n = 0, len(text)
        depth = 0
        # The line of kept tokens: ``line`` is that of the text from ``bol`` to ``eol``.
        line, bol = 1, 0
        eol = find("\n")
        if eol < 0:
            eol = n
        first = True     # no token yet: the first must start its line
        nl_fed = False   # an _NL was the last terminal passed on
        after_nl: Any = None  # the token after an _NL, for the next round
        nl_at = 0        # where the gap of that _NL starts
        start = 0        # where the current token starts
        while True:
            if after_nl is not None:
                k, tok = after_nl
                after_nl = None
                nl_fed = False
            else:
                m = match()
                if m is None:
                    if pos < n:
                        self._bad_char(text, pos)
                    k = _END
                    tok = None
                    start = n
                else:
                    k = m.lastindex
                    role = roles[k]
                    if role < _NEWLINE:
                        start = m.end(1)
                        if not depth:
                            if start != pos and find("\n", pos, start) >= 0:
                                # a gap with a newline: an _NL, unless only continuations
                                if find("\\", pos, start) < 0:
                                    if text[start - 1] != "\n":
                                        self._indent(text, start)
                                    newline = True
                                else:
                                    off, indented = _gap_newline(text[pos:start])
                                    newline = off >= 0
                                    if indented or (newline is False and first
                                                    and text[start - 1] != "\n"):
                                        self._indent(text, start)
                                if newline and not nl_fed:
                                    after_nl = True
                                    nl_at = pos
                            elif first and start:
                                self._indent(text, start)
                            first = nl_fed = False
                        if role < _KEEP:
                            tok = None
                            pos = m.end()
                            if role == _CLOSE_R:
                                depth -= 1
                        else:
                            pos = m.end()
                            while start > eol:  # a line further down: count it
                                line += 1
                                bol = eol + 1
                                eol = find("\n", bol)
                                if eol < 0:
                                    eol = n
                            tok = (tnames[k], text[start:pos], line, start - bol + 1, start)
                            if role == _OPEN_R:
                                depth += 1
                                if depth > MAX_DEPTH:
                                    raise ParseProblem("depth", start,
                                                       *self._position(text, start))
                        if after_nl is not None:  # pass the _NL on first
                            after_nl = (k, tok)
                            k = nl
                            tok = None
                            nl_fed = True
                    else:
                        # a newline, comment or blanks at the end of the text: an _NL if
                        # there is a newline outside brackets
                        end = m.end()
                        if depth or nl_fed or find("\n", pos, end) < 0 or (
                                find("\\", pos, end) >= 0
                                and _gap_newline(text[pos:end])[0] < 0):
                            pos = end
                            continue
                        nl_at = pos
                        pos = end
                        k = nl
                        tok = None
                        nl_fed = True
            try:
                act = acts[state][k]
            except KeyError:
                self._unexpected(text, state, k, nl_at if k == nl else start)
            while act < 0:
                mode, size, func, goto, arg = rules[~act]
                if mode == _CALL1:
                    values[-1] = func([values[-1]])
                    state = goto[states[-1]]
                elif mode == _APPEND:
                    values[-size].append(values[arg])
                    del values[1 - size:]
                    state = goto[states[-size]]
                    del states[1 - size:]
                elif mode == _SAME:
                    state = goto[states[-1]]
                else:
                    if mode == _WRAP:
                        value = [values[arg]]
                    elif mode == _SLICE:
                        value = func(values[-size:arg])
                    elif mode == _SPLICE1:
                        value = func(values[-1])
                    elif mode == _APPEND_CALL:
                        value = values[-size]
                        value.append(values[arg])
                        value = func(value)
                    elif mode == _PREPEND_CALL:
                        value = [values[-size]]
                        value.extend(values[arg])
                        value = func(value)
                    elif mode == _GENERIC:
                        value = self._reduce(values[-size:] if size else [], func, *arg)
                    else:  # _ACCEPT
                        return values[-1]
                    if size == 1:
                        values[-1] = value
                        state = goto[states[-1]]
                    elif size:
                        values[-size] = value
                        del values[1 - size:]
                        state = goto[states[-size]]
                        del states[1 - size:]
                    else:
                        values.append(value)
                        states.append(state)
                        state = goto[state]
                try:
                    act = acts[state][k]
                except KeyError:
                    self._unexpected(text, state, k, nl_at if k == nl else start)
            states.append(state)
            values.append(tok)
            state = act

    @staticmethod
    def _reduce(s: "List[Any]", func: "Any", kept: "Any", expand1: bool) -> "Any":
        """A rule's value from its children ``s``, in general (Lark's tree shaping)."""
        if kept:
            i, splice = kept[0]
            children = s[i] if splice else [s[i]]  # a helper list grows in place
            for i, splice in kept[1:]:
                if splice:
                    children.extend(s[i])
                else:
                    children.append(s[i])
        else:
            children = []
        if func is None:
            return children
        if expand1 and len(children) == 1:
            return children[0]
        return func(children)

    # -- errors -------------------------------------------------------------------------
    @staticmethod
    def _position(text: str, pos: int) -> "Tuple[int, int]":
        """(line, column) of offset ``pos``."""
        line = text.count("\n", 0, pos) + 1
        return line, pos - (text.rfind("\n", 0, pos) + 1) + 1

    def _bad_char(self, text: str, pos: int) -> None:
        """No terminal matches after the gap at ``pos``."""
        gap = self._gap.match(text, pos)
        assert gap is not None  # (a gap may be empty)
        at = gap.end()
        while at < len(text) and text[at] in " \t\f":
            at += 1
        raise ParseProblem("char", at, *self._position(text, at))

    def _indent(self, text: str, start: int) -> None:
        raise ParseProblem("indent", start, *self._position(text, start))

    def _unexpected(self, text: str, state: int, k: int, at: int) -> None:
        """The terminal ``k`` (at offset ``at``; for an _NL, where its gap starts) is not
        allowed in ``state``: raise the ParseProblem, with the context found by
        scanning the text up to there."""
        name = self._tnames[k]
        assert name is not None
        if name == "_NL":
            m = self._gap.match(text, at)
            assert m is not None  # (a gap may be empty)
            at += _gap_newline(m.group())[0]
            tok = Tok("_NL", "\n", *self._position(text, at), at)
        elif name == "$END":
            tok = Tok("$END", "", *self._position(text, len(text)), len(text))
        else:
            m = self._scanner.match(text, at)
            tok = Tok(name, text[at:m.end()] if m else "", *self._position(text, at), at)
        prev, brackets = self._context(text, at)
        expected = tuple(sorted(s for s in self.t.states[state]
                                if s.isupper() or s == "$END" or s == "_NL"))
        raise ParseProblem("token", tok.pos, tok.line, tok.column, tok, expected, prev,
                           brackets)

    def _context(self, text: str, upto: int) -> "Tuple[Optional[Tok], Tuple[str, ...]]":
        """The token before offset ``upto`` and the brackets open there (a call's
        parenthesis is one that follows a name)."""
        match = self._scanner.match
        roles = self._roles
        pos = 0
        prev: Optional[Tok] = None
        brackets: List[str] = []
        while pos < upto:
            m = match(text, pos)
            if m is None:
                break
            start = m.end(1)
            if start >= upto:
                break
            k = m.lastindex
            assert k is not None
            role = roles[k]
            pos = m.end()
            if role >= _NEWLINE:
                continue
            name = self._tnames[k]
            assert name is not None
            if role == _OPEN_R:
                kind = _OPEN[name]
                if kind == "tuple" and prev is not None and prev.type == "NAME":
                    kind = "call"
                brackets.append(kind)
            elif role == _CLOSE_R and brackets:
                brackets.pop()
            prev = Tok(name, text[start:pos], *self._position(text, start), start)
        return prev, tuple(brackets)
