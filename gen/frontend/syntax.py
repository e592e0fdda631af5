"""Syntax tree of an IDL file, as gen/frontend/parser.py's TreeBuilder builds it while
gen/frontend/lalr.py parses (or Lark's own parser, in the tests).

Every node has ``loc`` (a SourceLocation).  The nodes are plain data; the meaning of a
statement is given by gen/model/interpret.py.  ``True``, ``False`` and ``None`` are ``Name`` nodes
here, as they are names the builder knows.
"""
from .source import SourceLocation

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Container, Dict, List, Tuple, Union


class Node:
    __slots__ = ("loc",)
    loc: "SourceLocation"

    def __repr__(self) -> str:
        fields = ", ".join("%s=%r" % (s, getattr(self, s)) for s in self.__slots__ if s != "loc")
        return "%s(%s)" % (type(self).__name__, fields)


class Name(Node):
    __slots__ = ("id",)

    def __init__(self, id: str, loc: "SourceLocation"):
        self.id = id
        self.loc = loc


class Str(Node):
    __slots__ = ("value",)

    def __init__(self, value: str, loc: "SourceLocation"):
        self.value = value
        self.loc = loc


class Int(Node):
    __slots__ = ("value",)

    def __init__(self, value: int, loc: "SourceLocation"):
        self.value = value
        self.loc = loc


class KwArg(Node):
    """``name=value`` in a call; ``loc`` is the keyword's location."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: "Expr", loc: "SourceLocation"):
        self.name = name
        self.value = value
        self.loc = loc


class Call(Node):
    """``func(args, kw=...)``; ``loc`` is the location of the function name."""

    __slots__ = ("func", "args", "kwargs")

    def __init__(self, func: "Name", args: "List[Expr]", kwargs: "List[KwArg]"):
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.loc = func.loc


class ListLit(Node):
    __slots__ = ("items",)

    def __init__(self, items: "List[Expr]", loc: "SourceLocation"):
        self.items = items
        self.loc = loc


class TupleLit(Node):
    __slots__ = ("items",)

    def __init__(self, items: "List[Expr]", loc: "SourceLocation"):
        self.items = items
        self.loc = loc


class DictLit(Node):
    __slots__ = ("pairs",)

    def __init__(self, pairs: "List[Tuple[Expr, Expr]]", loc: "SourceLocation"):
        self.pairs = pairs
        self.loc = loc


if TYPE_CHECKING:
    Expr = Union[Name, Str, Int, Call, ListLit, TupleLit, DictLit]


class Assign(Node):
    """``a = b = value``: targets in source order."""

    __slots__ = ("targets", "value")

    def __init__(self, targets: "List[Name]", value: "Expr"):
        self.targets = targets
        self.value = value
        self.loc = targets[0].loc


class ExprStmt(Node):
    __slots__ = ("value",)

    def __init__(self, value: "Expr"):
        self.value = value
        self.loc = value.loc


if TYPE_CHECKING:
    Stmt = Union[Assign, ExprStmt]


class Module(Node):
    __slots__ = ("file", "stmts", "text")

    def __init__(self, file: str, stmts: "List[Stmt]", text: str):
        self.file = file
        self.stmts = stmts
        self.text = text
        self.loc = SourceLocation(file, 1, 1)


def name_uses(module: "Module", ids: "Container[str]") -> "Dict[str, List[SourceLocation]]":
    """Where each name of ``ids`` is used (read, not assigned to), in source order."""
    out: Dict[str, List[SourceLocation]] = {}
    stack: List[Expr] = [st.value for st in reversed(module.stmts)]
    while stack:
        n = stack.pop()
        children: List[Expr]
        if isinstance(n, Name):
            if n.id in ids:
                out.setdefault(n.id, []).append(n.loc)
            continue
        if isinstance(n, Call):
            children = [n.func] + list(n.args) + [k.value for k in n.kwargs]
        elif isinstance(n, (ListLit, TupleLit)):
            children = list(n.items)
        elif isinstance(n, DictLit):
            children = [x for kv in n.pairs for x in kv]
        else:
            continue
        stack.extend(reversed(children))
    return out
