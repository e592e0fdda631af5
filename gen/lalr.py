"""A lean LALR(1) driver for the tables Lark computes from grammar/libxl_idl.lark.

Lark compiles the grammar (terminals, rules, LALR(1) parse table).  Running Lark's own
parser costs about 15 microseconds a token plus ~0.1 s to import and load, several times
what Xen's exec()-based reader needs, so xlidl runs those same tables with this small
driver instead:

* the tables (terminal regexps, states, rule shapes) are extracted once and cached on
  disk as plain data with ``marshal``, together with the grammar text they come from, so
  a normal run does not import Lark (nor pickle, hashlib or tempfile) at all;
* the lexer is one compiled alternation of the grammar's terminal regexps, in the order
  Lark's basic lexer tries them;
* reductions follow Lark's tree-shaping rules (filtered tokens, inlined _rules and EBNF
  helper rules, ?rules with one child) and call the same callbacks (gen/parser.py
  ``Build``) that Lark would call, so the resulting syntax tree is identical.  A test
  parses every IDL both ways and compares.

Newlines are handled like Python's implicit line joining (see gen/parser.py).
"""
from __future__ import annotations

import marshal
import os
import re
from typing import Any, Dict, List, Optional, Tuple

FORMAT = 3  # bump when the cached table layout changes

_OPEN = {"LPAR", "LSQB", "LBRACE"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}


class Tok:
    """A token: the attributes of a Lark Token that the callbacks use."""

    __slots__ = ("type", "value", "line", "column", "pos")

    def __init__(self, type: str, value: str, line: int, column: int, pos: int):
        self.type = type
        self.value = value
        self.line = line
        self.column = column
        self.pos = pos

    def __repr__(self) -> str:
        return "Tok(%s, %r, %d:%d)" % (self.type, self.value, self.line, self.column)


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

        A cache file is named by a checksum of the grammar and holds the grammar text
        itself, so a hit is exact; an unreadable, corrupt or foreign file is rebuilt."""
        name = "tables-%s.marshal" % _checksum("%d\0%s" % (FORMAT, grammar))
        for d in _cache_dirs():
            try:
                with open(os.path.join(d, name), "rb") as f:
                    data = marshal.loads(f.read())  # load(f) reads in small bits
                if (type(data) is tuple and len(data) == 3 and data[0] == FORMAT
                        and data[1] == grammar):
                    return cls(*data[2])
            except (OSError, EOFError, ValueError, TypeError):
                pass
        tables = cls.from_lark(grammar)
        d = _writable_cache_dir()
        if d is not None:
            tables._store(os.path.join(d, name), grammar)
        return tables

    def _store(self, path: str, grammar: str) -> None:
        """Write the cache file atomically (a reader sees the old file or the new one)."""
        import tempfile
        try:
            data = marshal.dumps((FORMAT, grammar, self._data()))
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tables.")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)
            except OSError:
                os.unlink(tmp)
                raise
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


def _checksum(text: str) -> str:
    """A cheap checksum of ``text`` (no hashlib: loading OpenSSL costs more than a parse of
    a small IDL); it only names the cache file, whose content is checked exactly."""
    return "%016x" % (int.from_bytes(text.encode(), "little") % ((1 << 61) - 1))


def _cache_dirs():
    """Where cache files are looked for, in order: $XDG_CACHE_HOME/xlidl (~/.cache/xlidl),
    then a per-user folder in the temporary directory (found only if it is needed)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    yield os.path.join(base, "xlidl")
    import tempfile
    yield os.path.join(tempfile.gettempdir(), "xlidl-%d" % os.getuid())


def _writable_cache_dir() -> Optional[str]:
    for d in _cache_dirs():
        try:
            os.makedirs(d, exist_ok=True)
        except OSError:
            continue
        if os.access(d, os.W_OK):
            return d
    return None


def _missing(name: str):
    def fail(children):
        raise AssertionError("no tree callback for grammar rule '%s'" % name)
    return fail


class Driver:
    """Lexer + LALR(1) loop over :class:`Tables`, calling ``callbacks`` on reductions."""

    def __init__(self, tables: Tables, callbacks: Any):
        self.t = tables
        parts = []
        self.names: List[str] = []
        for i, (name, regexp, flags) in enumerate(tables.terminals):
            if flags:
                regexp = "(?%s:%s)" % ("".join(c for c, v in (("i", re.I), ("m", re.M),
                                                           ("s", re.S), ("x", re.X))
                                               if flags & v), regexp)
            parts.append("(?P<t%d>%s)" % (i, regexp))
            self.names.append(name)
        # Blanks before a token are skipped by the same match (they are the most common
        # ignored terminal); the token's group tells where it starts.
        self.scanner = re.compile("[ \t\f]*(?:%s)" % "|".join(parts))
        ignore = set(tables.ignore)
        dropped = set(tables.dropped)
        # group name -> (terminal, role): 0 token, 1 ignored, 2 newline, 3 opening
        # bracket, 4 closing bracket; whether its text may hold a newline; whether it is kept
        self.groups: Dict[str, Tuple[str, int, bool, bool]] = {}
        for i, n in enumerate(self.names):
            role = (1 if n in ignore else 2 if n == "_NL" else 3 if n in _OPEN
                    else 4 if n in _CLOSE else 0)
            multiline = n in ("_NL", "STRING") or role == 1
            # punctuation no rule keeps is stacked as its name, without a Tok
            self.groups["t%d" % i] = (n, role, multiline, n not in dropped)
        self.rule_funcs = []
        for origin, size, kept, cb, expand1 in tables.rules:
            f = None
            if cb is not None:
                f = getattr(callbacks, cb, None) or _missing(cb)
            # None: every child is kept as it is (the common case, no copy needed)
            plain = kept == tuple((i, False) for i in range(size))
            self.rule_funcs.append((origin, size, None if plain else kept, f, expand1))

    def parse(self, text: str) -> Any:
        """Lex and parse ``text``; return the value of the start rule.

        One loop does both, for speed.  Newlines are handled like Python's implicit line
        joining: dropped inside brackets, one _NL per line end outside, and a statement
        must not be indented.
        """
        states = self.t.states
        rules = self.rule_funcs
        match = self.scanner.match
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
