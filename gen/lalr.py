"""A lean LALR(1) driver for the tables Lark computes from grammar/libxl_idl.lark.

Lark compiles the grammar (terminals, rules, LALR(1) parse table).  Running Lark's own
parser costs about 15 microseconds a token plus ~0.1 s to import and load, several times
what Xen's exec()-based reader needs, so xlidl runs those same tables with this small
driver instead:

* the tables (terminal regexps, states, rule shapes) are extracted once and cached on
  disk as plain data with ``marshal``, together with the grammar text they come from, so
  a normal run does not import Lark (nor pickle, hashlib or tempfile) at all;
* the lexer is a compiled alternation of the grammar's terminal regexps, in the order
  Lark's basic lexer tries them;
* reductions follow Lark's tree-shaping rules (filtered tokens, inlined _rules and EBNF
  helper rules, ?rules with one child) and call the same callbacks (gen/parser.py
  ``Build``) that Lark would call, so the resulting syntax tree is identical.  A test
  parses every IDL both ways and compares.

There are two loops over the same tables.  The fast one reads a valid IDL: its lexer
skips the gap before a token (blanks, newlines, comments, line continuations) in the same
match as the token, a gap with a newline outside brackets being an _NL, and it keeps
nothing for error messages.  At an error, or at anything it leaves alone (such as a line
continuation outside brackets), it gives up and the reference loop reads the text again,
one token at a time, and raises the :class:`ParseProblem` that gen/syntaxerrors.py words.

Newlines are handled like Python's implicit line joining (see gen/parser.py).
"""
from __future__ import annotations

import gc
import marshal
import os
import re
from operator import itemgetter

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional, Tuple

FORMAT = 3  # bump when the cached table layout changes

_OPEN = {"LPAR", "LSQB", "LBRACE"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}


class Tok(tuple):
    """A token of the reference loop: (type, value, line, column, pos), with names for
    gen/syntaxerrors.py.  The fast loop makes plain tuples of the same shape (cheaper by
    far), which is all the tree callbacks use."""

    __slots__ = ()

    def __new__(cls, type: str, value: str, line: int, column: int, pos: int) -> "Tok":
        return tuple.__new__(cls, (type, value, line, column, pos))

    type = property(itemgetter(0))
    value = property(itemgetter(1))
    line = property(itemgetter(2))
    column = property(itemgetter(3))
    pos = property(itemgetter(4))

    def __repr__(self) -> str:
        return "Tok(%s, %r, %d:%d)" % self[:4]


class ParseProblem(Exception):
    """A lexical or syntax error; gen/syntaxerrors.py words it.

    kind is "char" (no terminal matches at ``pos``), "token" (``token`` is not allowed
    there; ``expected`` lists the terminals that are) or "indent".
    """

    def __init__(self, kind: str, pos: int, line: int, column: int,
                 token: Optional[Tok] = None, expected: Tuple[str, ...] = (),
                 prev: Optional[Tok] = None, brackets: Tuple[str, ...] = ()):
        super().__init__(kind)
        self.kind = kind
        self.pos = pos
        self.line = line
        self.column = column
        self.token = token
        self.expected = expected
        #: the token before ``token``, and the open brackets around it, innermost last:
        #: "call", "tuple" (a parenthesis that is not a call), "list" or "dict"
        self.prev = prev
        self.brackets = brackets


class Tables:
    """What the driver needs of Lark's analysis, as plain data (lists, tuples, dicts,
    strings and ints, which ``marshal`` stores)."""

    def __init__(self, terminals: List[Tuple[str, str, int]], ignore: List[str],
                 states: List[Dict[str, Tuple[int, int]]],
                 rules: List[Tuple[str, int, Tuple[Tuple[int, bool], ...], Optional[str], bool]],
                 start: int, end: int, dropped: List[str]):
        self.terminals = terminals   # (name, regexp, re flags) in lexer order
        self.ignore = ignore         # terminal names the lexer drops
        self.states = states         # state -> {terminal or rule name: (is_shift, arg)}
        self.rules = rules           # (origin, size, kept children, callback, expand1)
        self.start = start
        self.end = end
        self.dropped = dropped       # terminals no rule keeps in the tree (punctuation)

    # -- built from Lark ----------------------------------------------------------------
    @classmethod
    def from_lark(cls, grammar: str) -> "Tables":
        from lark import Lark
        from lark.parsers.lalr_analysis import Shift

        lk = Lark(grammar, parser="lalr", lexer="basic", maybe_placeholders=False)
        terms = list(lk.terminals)
        # Lark's basic lexer tries terminals in this order (lark/lexer.py BasicLexer).
        terms.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value),
                                  t.name))
        terminals = [(str(t.name), str(t.pattern.to_regexp()), _flags(t.pattern.flags))
                     for t in terms]
        table = lk.parser.parser.parser.parse_table
        rule_ids: Dict[Any, int] = {}
        rules: List[Any] = []
        n = max(table.states) + 1
        states: List[Dict[str, Tuple[int, int]]] = [dict() for _ in range(n)]
        for st, acts in table.states.items():
            for sym, (action, arg) in acts.items():
                sym = str(sym)  # Lark's names are Token objects: keep plain strings
                if action is Shift:
                    states[st][sym] = (1, arg)
                    continue
                if arg not in rule_ids:
                    rule_ids[arg] = len(rules)
                    rules.append(_rule_shape(arg))
                states[st][sym] = (0, rule_ids[arg])
        start = int(table.start_states["start"])
        end = int(table.end_states["start"])
        kept = {str(sym.name) for r in rule_ids for sym in r.expansion
                if sym.is_term and (r.options.keep_all_tokens or not sym.filter_out)}
        dropped = sorted(t for t, _, _ in terminals if t not in kept)
        return cls(terminals, sorted(str(i) for i in lk.lexer_conf.ignore), states, rules,
                   start, end, dropped)

    # -- cached on disk -------------------------------------------------------------------
    def _data(self) -> tuple:
        return (self.terminals, self.ignore, self.states, self.rules, self.start, self.end,
                self.dropped)

    @classmethod
    def load(cls, grammar: str) -> "Tables":
        """The tables of ``grammar``, from the cache if it holds them, else from Lark.

        The cache file is in xlidl's cache folder (gen/resources.py ``cache_dir``), named
        by a checksum of the grammar; it holds the grammar text itself, so a hit is
        exact.  An unreadable, corrupt or foreign file is rebuilt."""
        from .resources import cache_dir, checksum

        d = cache_dir()
        if d is None:
            return cls.from_lark(grammar)
        key = ("%d\0%s" % (FORMAT, grammar)).encode()
        path = os.path.join(d, "tables-%s.marshal" % checksum(key))
        tables = cls._read(path, grammar)
        if tables is None:
            tables = cls.from_lark(grammar)
            tables._store(path, grammar)
        return tables

    @classmethod
    def _read(cls, path: str, grammar: str) -> Optional["Tables"]:
        try:
            with open(path, "rb") as f:
                data = marshal.loads(f.read())  # marshal.load(f) reads in small bits
            if (type(data) is tuple and len(data) == 3 and data[0] == FORMAT
                    and data[1] == grammar):
                return cls(*data[2])
        except (OSError, EOFError, ValueError, TypeError):
            pass
        return None

    def _store(self, path: str, grammar: str) -> None:
        """Write the cache file atomically; a cache that cannot be written is skipped."""
        from .output import replace_file
        try:
            replace_file(path, marshal.dumps((FORMAT, grammar, self._data())))
        except (OSError, ValueError):
            pass


def _flags(names) -> int:
    f = 0
    for n in names or ():
        f |= {"i": re.I, "m": re.M, "s": re.S, "l": re.L, "u": re.U, "x": re.X}[n]
    return int(f)  # a plain int, not a re.RegexFlag: marshal stores only plain data


def _rule_shape(rule) -> Tuple[str, int, Tuple[Tuple[int, bool], ...], Optional[str], bool]:
    """Lark's tree-shaping decision for one rule (lark/parse_tree_builder.py): which
    children are kept, which are spliced in (inlined _rules), the callback name, and
    whether a single child replaces the node (?rule)."""
    keep_all = rule.options.keep_all_tokens
    kept = tuple((i, (not sym.is_term) and sym.name.startswith("_"))
                 for i, sym in enumerate(rule.expansion)
                 if keep_all or not (sym.is_term and sym.filter_out))
    origin = str(rule.origin.name)
    if origin.startswith("_"):
        callback = None  # inlined into the parent
    else:
        callback = str(rule.alias or rule.options.template_source or origin)
    expand1 = bool(rule.options.expand1) and not rule.alias
    return (origin, len(rule.expansion), kept, callback, expand1)


def _missing(name: str):
    def fail(children):
        raise AssertionError("no tree callback for grammar rule '%s'" % name)
    return fail


class _Bail(Exception):
    """The fast loop met something it leaves to the reference loop."""


# Token roles in the fast loop (real tokens first).
_DROP, _CLOSE_R, _KEEP, _OPEN_R, _NEWLINE, _IGNORED = range(6)
# How a rule builds its value in the fast loop (see Driver._setup_fast).
(_CALL1, _APPEND, _SAME, _WRAP, _SLICE, _SPLICE1, _APPEND_CALL, _PREPEND_CALL, _GENERIC,
 _ACCEPT) = range(10)
_END = 0  # the fast loop's key for $END (a scanner group is never 0)

#: The gap before a token: blanks, newlines, comments and line continuations, written so
#: that a gap splits into these items one way only (no exponential backtracking).  A lone
#: carriage return is not in it (it is an error).
_GAP = r"[ \t\f\n]*(?:(?:\r\n|#[^\n]*(?![^\n])|\\[ \t\f]*\r?\n)[ \t\f\n]*)*"


class Driver:
    """Lexer + LALR(1) loop over :class:`Tables`, calling ``callbacks`` on reductions.

    :meth:`parse` runs a fast loop that knows nothing of error messages and gives up
    (:class:`_Bail`, or a missing table entry) at anything unusual; the input is then
    parsed again by the reference loop, which raises the :class:`ParseProblem` (or gives
    the same result: both pass the same terminals to the same table moves)."""

    def __init__(self, tables: Tables, callbacks: Any):
        self.t = tables
        self.names = [name for name, _, _ in tables.terminals]
        self.regexps = []
        for name, regexp, flags in tables.terminals:
            if flags:
                regexp = "(?%s:%s)" % ("".join(c for c, v in (("i", re.I), ("m", re.M),
                                                           ("s", re.S), ("x", re.X))
                                               if flags & v), regexp)
            self.regexps.append(regexp)
        self.rule_funcs = []
        for origin, size, kept, cb, expand1 in tables.rules:
            f = None
            if cb is not None:
                f = getattr(callbacks, cb, None) or _missing(cb)
            # None: every child is kept as it is (the common case, no copy needed)
            plain = kept == tuple((i, False) for i in range(size))
            self.rule_funcs.append((origin, size, None if plain else kept, f, expand1))
        self._exact = None
        self._setup_fast()

    # -- the fast loop --------------------------------------------------------------------
    def _setup_fast(self) -> None:
        """The scanner skips a gap and matches a token; its alternatives are the terminal
        regexps, each followed by an empty group whose number (``lastindex``) tells the
        terminal.  (A group around a whole alternative would hide its first character
        from the regex engine, which then tries every alternative in full.)  Group 1 is
        the gap.  The newline, comment and blank terminals match only at the end of the
        text, where the gap has no token after it."""
        t = self.t
        ignore = set(t.ignore)
        dropped = set(t.dropped)
        alts = ["(?:%s)(?P<t_%s>)" % (regexp, name)
                for name, regexp in zip(self.names, self.regexps)]
        self._scanner = re.compile("(%s)(?:%s)" % (_GAP, "|".join(alts)))
        index = self._scanner.groupindex
        ngroups = self._scanner.groups + 1
        self._roles = [_IGNORED] * ngroups
        self._tnames: List[Optional[str]] = [None] * ngroups
        self._nl = index["t__NL"]
        key = {"$END": _END}
        for name in self.names:
            g = index["t_" + name]
            key[name] = g
            self._tnames[g] = name
            self._roles[g] = (
                _NEWLINE if name == "_NL" else _IGNORED if name in ignore else
                _OPEN_R if name in _OPEN else _CLOSE_R if name in _CLOSE else
                _DROP if name in dropped else _KEEP)
        # state -> {terminal key: shift target (>= 0) or ~rule (< 0)}; rule name ->
        # [state -> the state after it]
        self._acts: List[Dict[int, int]] = []
        gotos: Dict[str, List[Optional[int]]] = {}
        for st, acts in enumerate(t.states):
            row = {}
            for sym, (shift, arg) in acts.items():
                if sym in key:
                    row[key[sym]] = arg if shift else ~arg
                else:
                    gotos.setdefault(sym, [None] * len(t.states))[st] = arg
            self._acts.append(row)
        self._acts[t.end][_END] = ~len(t.rules)
        self._rules = []
        for origin, size, kept, func, expand1 in self.rule_funcs:
            goto = gotos[origin]
            full = kept if kept is not None else tuple((i, False) for i in range(size))
            call = func is not None and not expand1
            arg: Any = None
            if size == 1 and kept is None and call:
                mode = _CALL1          # func([child])
            elif size == 1 and (full == ((0, False),) and expand1 and func is not None
                                or full == ((0, True),) and func is None):
                mode = _SAME           # the child itself, or a helper list passed up
            elif len(full) == 2 and full[0] == (0, True) and not full[1][1] and (
                    func is None or call):
                # a helper list and one more child: the list grows in place
                mode, arg = (_APPEND if func is None else _APPEND_CALL), full[1][0] - size
            elif func is None and len(full) == 1 and not full[0][1]:
                mode, arg = _WRAP, full[0][0] - size     # a new helper list
            elif call and size > 1 and full == tuple((i, False) for i in range(len(full))):
                mode, arg = _SLICE, (len(full) - size) or None   # the first children
            elif call and size == 1 and full == ((0, True),):
                mode = _SPLICE1        # func(the helper list)
            elif call and len(full) == 2 and full[0] == (0, False) and full[1][1]:
                mode, arg = _PREPEND_CALL, full[1][0] - size    # func([child] + list)
            else:
                mode, arg = _GENERIC, (kept, expand1)
            self._rules.append((mode, size, func, goto, arg))
        self._rules.append((_ACCEPT, 0, None, None, None))

    def parse(self, text: str) -> Any:
        """Lex and parse ``text``; return the value of the start rule, or raise
        :class:`ParseProblem`."""
        # The values are acyclic, so the garbage collector finds nothing to free, but its
        # passes over the growing tree cost a fifth of the time: it is off meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            try:
                return self._parse_fast(text)
            except Exception:
                pass  # an error, or something only the reference loop handles
            return self._parse_exact(text)
        finally:
            if collecting:
                gc.enable()

    def _parse_fast(self, text: str) -> Any:
        """Newlines are handled like Python's implicit line joining: inside brackets they
        are part of the gaps between tokens; outside, a gap with newlines is one _NL, and
        the token after it must start its line."""
        acts = self._acts
        rules = self._rules
        roles = self._roles
        tnames = self._tnames
        nl = self._nl
        match = self._scanner.scanner(text).match  # each match starts where the last ended
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
        after_nl = None  # the token after an _NL, for the next round
        while True:
            if after_nl is not None:
                k, tok = after_nl
                after_nl = None
                nl_fed = False
            else:
                m = match()
                if m is None:
                    if pos < n:
                        raise _Bail
                    k = _END
                    tok = None
                else:
                    k = m.lastindex
                    role = roles[k]
                    if role < _NEWLINE:
                        if not depth:
                            start = m.end(1)
                            if start != pos and find("\n", pos, start) >= 0:
                                if find("\\", pos, start) >= 0 or text[start - 1] != "\n":
                                    raise _Bail  # a line continuation, or an indented line
                                if not nl_fed:
                                    after_nl = True
                            elif first and start:
                                raise _Bail  # an indented first line
                            first = nl_fed = False
                        if role < _KEEP:
                            tok = None
                            pos = m.end()
                            if role == _CLOSE_R:
                                depth -= 1
                        else:
                            start = m.end(1)
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
                        if after_nl is not None:  # pass the _NL on first
                            after_nl = (k, tok)
                            k = nl
                            tok = None
                            nl_fed = True
                    else:
                        # a newline, comment or blanks at the end of the text: an _NL if
                        # there is a newline outside brackets
                        end = m.end()
                        if depth or nl_fed or find("\n", pos, end) < 0:
                            pos = end
                            continue
                        if find("\\", pos, end) >= 0:
                            raise _Bail
                        pos = end
                        k = nl
                        tok = None
                        nl_fed = True
            act = acts[state][k]
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
                act = acts[state][k]
            states.append(state)
            values.append(tok)
            state = act

    @staticmethod
    def _reduce(s: List[Any], func: Any, kept: Any, expand1: bool) -> Any:
        """A rule's value from its children ``s``, in general (Lark's tree shaping)."""
        if kept is None:
            children = s
        elif kept:
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

    # -- the reference loop ---------------------------------------------------------------
    def _setup_exact(self) -> None:
        parts = ["(?P<t%d>%s)" % (i, r) for i, r in enumerate(self.regexps)]
        # Blanks before a token are skipped by the same match (they are the most common
        # ignored terminal); the token's group tells where it starts.
        self._exact = re.compile("[ \t\f]*(?:%s)" % "|".join(parts))
        ignore = set(self.t.ignore)
        dropped = set(self.t.dropped)
        # group name -> (terminal, role): 0 token, 1 ignored, 2 newline, 3 opening
        # bracket, 4 closing bracket; whether its text may hold a newline; whether it is kept
        self.groups: Dict[str, Tuple[str, int, bool, bool]] = {}
        for i, (n, regexp) in enumerate(zip(self.names, self.regexps)):
            role = (1 if n in ignore else 2 if n == "_NL" else 3 if n in _OPEN
                    else 4 if n in _CLOSE else 0)
            # Lark's test (lark/lexer.py _regexp_has_newline); a yes only costs a count
            multiline = role == 1 or ("\n" in regexp or "\\n" in regexp or "\\s" in regexp
                                      or "[^" in regexp or ("(?s" in regexp and "." in regexp))
            # punctuation no rule keeps is stacked as its name, without a Tok
            self.groups["t%d" % i] = (n, role, multiline, n not in dropped)

    def _parse_exact(self, text: str) -> Any:
        """The reference loop: one token at a time, with everything an error message
        needs; raises :class:`ParseProblem` at the first error."""
        if self._exact is None:
            self._setup_exact()
        states = self.t.states
        rules = self.rule_funcs
        match = self._exact.match
        groups = self.groups
        end_state = self.t.end
        state_stack = [self.t.start]
        value_stack: List[Any] = []
        push_state = state_stack.append
        push_value = value_stack.append
        pos, n = 0, len(text)
        line, line_start = 1, 0
        depth = 0
        nl_pending = False   # an _NL was passed on; more newlines are dropped
        nl_indent = ""       # the indentation after the last newline
        first = True
        tok = None
        prev = None          # the last token passed on, for error messages
        brackets: List[str] = []
        opening = {"LPAR": "tuple", "LSQB": "list", "LBRACE": "dict"}
        while True:
            if pos < n:
                m = match(text, pos)
                if m is None:
                    while pos < n and text[pos] in " \t\f":
                        pos += 1
                    if pos >= n:
                        continue
                    raise ParseProblem("char", pos, line, pos - line_start + 1)
                g = m.lastgroup
                typ, role, multiline, keep = groups[g]
                tok_brackets = None
                start = m.start(g)
                pos = m.end()
                col = start - line_start + 1
                tline = line
                if multiline:
                    val = m.group(g)
                    nl = val.count("\n")
                    if nl:
                        line += nl
                        line_start = start + val.rindex("\n") + 1
                if role:
                    if role == 1:
                        continue
                    if role == 2:
                        if depth:
                            continue
                        nl_indent = text[line_start:pos]
                        if nl_pending:
                            continue
                        nl_pending = True
                        tok = Tok(typ, "\n", tline, col, start)
                    else:
                        tok_brackets = tuple(brackets)  # its context, before it acts
                        if role == 3:
                            depth += 1
                            kind = opening[typ]
                            if kind == "tuple" and type(prev) is Tok and prev.type == "NAME":
                                kind = "call"
                            brackets.append(kind)
                        elif depth:
                            depth -= 1
                            brackets.pop()
                if role != 2:
                    if nl_pending:
                        if nl_indent:
                            raise ParseProblem("indent", start, tline, col)
                        nl_pending = False
                    elif first and col > 1:
                        raise ParseProblem("indent", start, tline, col)
                    first = False
                    tok = Tok(typ, m.group(g), tline, col, start) if keep else typ
            else:
                typ = "$END"
                tok = Tok(typ, "", line, pos - line_start + 1, pos)
                tok_brackets = None
            while True:
                act = states[state_stack[-1]].get(typ)
                if act is None:
                    if tok is typ:  # punctuation, stacked by name: make the Tok now
                        tok = Tok(typ, m.group(g), tline, col, start)
                    if prev is not None and type(prev) is str:
                        prev = Tok(prev, prev, 0, 0, -1)
                    around = tuple(brackets) if tok_brackets is None else tok_brackets
                    raise ParseProblem("token", tok.pos, tok.line, tok.column, tok,
                                       self._expected(state_stack[-1]), prev, around)
                if act[0]:
                    push_state(act[1])
                    push_value(tok)
                    if typ != "_NL":
                        prev = tok
                    break
                origin, size, kept, func, expand1 = rules[act[1]]
                if size:
                    s = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    s = []
                if kept is not None:
                    children: List[Any] = []
                    for i, splice in kept:
                        if splice:
                            children.extend(s[i])
                        else:
                            children.append(s[i])
                else:
                    children = s
                if func is None:
                    value = children
                elif expand1 and len(children) == 1:
                    value = children[0]
                else:
                    value = func(children)
                push_state(states[state_stack[-1]][origin][1])
                push_value(value)
                if typ == "$END" and state_stack[-1] == end_state:
                    return value_stack[-1]

    def _expected(self, state: int) -> Tuple[str, ...]:
        return tuple(sorted(k for k in self.t.states[state] if k.isupper() or k == "$END"
                            or k == "_NL"))
