"""The grammar's LALR(1) tables, made when xlidl is built.

Lark analyses grammar/libxl_idl.lark; its public tool ``python -m lark.tools.serialize``
writes that analysis as JSON (terminals, rules with their tree-shaping options, the
parse table).  :func:`tables_from_serialized` turns it into the plain data the driver in
gen/frontend/lalr.py runs, and :func:`write_module` writes that data as the Python module
``xlidl/frontend/lalr_tables.py``, at build time (``make``, or the wheel's build; see
gen/buildtime.py).  A run imports that module: it neither imports Lark nor writes a
cache.

The module records a digest of the grammar it was made from.  In a checkout, if the
grammar no longer matches (edited after ``make``), the tables are made in memory instead,
from Lark, for that run only: the output is the same, only slower.  An installed xlidl (a
wheel, the pyz) uses the tables its build made, and does not read the grammar.
"""
import os
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional, Tuple

#: bump when the layout of the tables changes
FORMAT = 4
#: the name of the generated module, in this package
MODULE = "lalr_tables"

_FLAGS = {"i": "i", "m": "m", "s": "s", "x": "x", "u": "", "l": ""}


#: the grammar, in xlidl's data (gen/resources.py)
GRAMMAR = "grammar/libxl_idl.lark"


def grammar_path() -> str:
    """The grammar on disk (for Lark, at build time)."""
    from .. import resources
    return os.path.join(resources.folder("grammar"), os.path.basename(GRAMMAR))


def grammar_text() -> str:
    from .. import resources
    return resources.read_text(GRAMMAR)


def digest(text: str) -> str:
    """What the generated module is checked against: the table format and the grammar."""
    import zlib
    data = ("%d\0%s" % (FORMAT, text)).encode("utf-8")
    return "%08x%08x%d" % (zlib.crc32(data), zlib.adler32(data), len(data))


class Tables:
    """What the driver needs of Lark's analysis, as plain data:

    terminals: (name, regexp) in the order Lark's basic lexer tries them;
    ignore: the terminals the lexer drops (blanks, comments);
    dropped: terminals no rule keeps in the tree (punctuation);
    states: state -> {terminal or rule name: (1, next state) to shift | (0, rule)};
    rules: (origin, size, kept children, callback name, expand1): Lark's tree shaping,
    where kept is ((index, spliced), ...) and a spliced child is a helper rule's list;
    start, end: the start state and the state that accepts.
    """

    __slots__ = ("terminals", "ignore", "dropped", "states", "rules", "start", "end")

    def __init__(self, terminals: "List[Tuple[str, str]]", ignore: "List[str]",
                 dropped: "List[str]", states: "List[Dict[str, Tuple[int, int]]]",
                 rules: "List[Tuple[str, int, Any, Optional[str], bool]]", start: int,
                 end: int):
        self.terminals = terminals
        self.ignore = ignore
        self.dropped = dropped
        self.states = states
        self.rules = rules
        self.start = start
        self.end = end

    def data(self) -> "Tuple[Any, ...]":
        return (self.terminals, self.ignore, self.dropped, self.states, self.rules,
                self.start, self.end)


# -- from Lark's serialized analysis -------------------------------------------------------

def tables_with_lark(path: str) -> "Tables":
    """The tables of the grammar file ``path``, computed by Lark."""
    return tables_from_serialized(serialize_with_lark(path), max_widths(path))


def serialize_with_lark(path: str) -> str:
    """``python -m lark.tools.serialize -l basic GRAMMAR`` (Lark's public tool), its JSON
    on standard output."""
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "lark.tools.serialize", "-l", "basic", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("lark.tools.serialize failed on %s:\n%s"
                           % (path, r.stderr.decode("utf-8", "replace")))
    return r.stdout.decode("utf-8")


def _regexp(pattern: "Dict[str, Any]") -> str:
    value = pattern["value"]
    if pattern["__type__"] == "PatternStr":
        value = re.escape(value)
    flags = "".join(_FLAGS[f] for f in pattern.get("flags") or ())
    return "(?%s:%s)" % (flags, value) if flags else value


def max_widths(path: str) -> "Dict[str, int]":
    """Terminal name -> the longest text its pattern matches, which orders the terminals
    in Lark's basic lexer: Lark's public ``Lark.terminals`` and ``Pattern.max_width``
    (the serialized form only has it under a private name)."""
    from lark import Lark
    with open(path, encoding="utf-8") as f:
        lark = Lark(f.read(), parser="lalr", lexer="basic")
    return {t.name: t.pattern.max_width for t in lark.terminals}


def tables_from_serialized(text: str, widths: "Dict[str, int]") -> "Tables":
    """The driver's tables from the JSON of ``lark.tools.serialize`` and the terminals'
    :func:`max_widths`."""
    import json
    doc = json.loads(text)
    memo = doc["memo"]
    parser = doc["data"]["parser"]

    def deref(x: "Any") -> "Any":
        return memo[str(x["@"])] if isinstance(x, dict) and "@" in x else x

    lexer_conf = parser["lexer_conf"]
    terms = [deref(t) for t in lexer_conf["terminals"]]
    # Lark's basic lexer tries the terminals in this order (lark/lexer.py, BasicLexer).
    terms.sort(key=lambda t: (-t["priority"], -widths[t["name"]],
                              -len(t["pattern"]["value"]), t["name"]))
    terminals = [(t["name"], _regexp(t["pattern"])) for t in terms]

    table = parser["parser"]
    tokens = {int(k): v for k, v in table["tokens"].items()}
    raw = {int(st): {tokens[int(tok)]: act for tok, act in acts.items()}
           for st, acts in table["states"].items()}
    start = int(table["start_states"]["start"])
    # Lark numbers states and rules in an order that changes from run to run: they are
    # numbered again, breadth first from the start state, symbols in name order, so that
    # every build makes the same module.
    order = {start: 0}
    queue = [start]
    for st in queue:
        for sym in sorted(raw[st]):
            action, arg = raw[st][sym]
            if action == 0 and int(arg) not in order:
                order[int(arg)] = len(order)
                queue.append(int(arg))
    for st in sorted(set(raw) - set(order)):     # (none: every state is reachable)
        order[st] = len(order)
        queue.append(st)
    rule_ids: Dict[int, int] = {}
    rules: List[Any] = []
    kept_terms = set()
    states: List[Dict[str, Tuple[int, int]]] = []
    for st in queue:
        row = {}
        for sym in sorted(raw[st]):
            action, arg = raw[st][sym]
            if action == 0:                       # shift
                row[sym] = (1, order[int(arg)])
                continue
            ref = int(arg["@"])                   # reduce by a rule (memo reference)
            if ref not in rule_ids:
                rule = memo[str(ref)]
                rule_ids[ref] = len(rules)
                rules.append(_rule_shape(rule))
                keep_all = rule["options"]["keep_all_tokens"]
                for sy in rule["expansion"]:
                    if sy["__type__"] == "Terminal" and (keep_all or not sy["filter_out"]):
                        kept_terms.add(sy["name"])
            row[sym] = (0, rule_ids[ref])
        states.append(row)
    dropped = sorted(name for name, _ in terminals if name not in kept_terms)
    return Tables(terminals, sorted(lexer_conf["ignore"]), dropped, states, rules,
                  0, order[int(table["end_states"]["start"])])


def _rule_shape(rule: "Dict[str, Any]") -> "Tuple[str, int, Any, Optional[str], bool]":
    """Lark's tree shaping of one rule (lark/parse_tree_builder.py): which children are
    kept, which are spliced in (inlined _rules and EBNF helper rules), the callback, and
    whether a single child replaces the node (?rule, unless aliased)."""
    opts = rule["options"]
    keep_all = opts["keep_all_tokens"]
    expansion = rule["expansion"]
    kept = tuple((i, s["__type__"] != "Terminal" and s["name"].startswith("_"))
                 for i, s in enumerate(expansion)
                 if keep_all or not (s["__type__"] == "Terminal" and s["filter_out"]))
    origin = rule["origin"]["name"]
    if origin.startswith("_"):
        callback = None  # inlined into the parent
    else:
        callback = rule["alias"] or opts["template_source"] or origin
    expand1 = bool(opts["expand1"]) and not rule["alias"]
    return (origin, len(expansion), kept, callback, expand1)


# -- the generated module -------------------------------------------------------------------

def write_module(path: str, text: str, tables: "Tables") -> None:
    """Write the tables of grammar ``text`` as a Python module at ``path``."""
    import pprint
    body = ("# Generated by xlidl's build (gen/frontend/grammar.py) from grammar/libxl_idl.lark\n"
            "# with Lark's lark.tools.serialize: do not edit; `make` remakes it.\n"
            "DIGEST = %r\n"
            "TABLES = %s\n" % (digest(text), pprint.pformat(tables.data(), width=100,
                                                           compact=True)))
    from ..resources import write_text
    write_text(path, body)


def build_module(outdir: str) -> str:
    """Make the generated module in ``outdir`` (the package folder); its path."""
    text = grammar_text()
    path = os.path.join(outdir, MODULE + ".py")
    write_module(path, text, tables_with_lark(grammar_path()))
    return path


def load() -> "Tables":
    """The tables: from the generated module (in a checkout, when it matches the
    grammar), else made in memory with Lark (nothing is written)."""
    from .. import resources
    made: Any
    try:
        from . import lalr_tables as made  # (made by the build)
    except ImportError:
        made = None
    if not resources.in_checkout():
        if made is None:
            raise resources.Incomplete("the grammar's tables (xlidl/frontend/%s.py, made "
                                       "when xlidl is built)" % MODULE)
        return Tables(*made.TABLES)
    if made is not None and getattr(made, "DIGEST", None) == digest(grammar_text()):
        return Tables(*made.TABLES)
    return tables_with_lark(grammar_path())
