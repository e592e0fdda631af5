"""The values an IDL's expressions evaluate to, besides strings, integers, booleans,
None and the model's types: lists and tuples (:class:`Seq`), dicts (:class:`Dict_`),
the constructors (:class:`Ctor`), namespace() and hidden() (:class:`Func`), and the value
of a name whose definition had an error (:data:`POISON`).  The lists, tuples and dicts
remember where their items are written, for messages.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional
    import typing

from ..frontend import syntax as S
from ..frontend.source import SourceLocation
from . import signatures as SIG
from .types import Type


class Fail(Exception):
    """An error in the current statement, already recorded: the statement stops."""


class Poison:
    """The value of a name whose definition had an error."""

    _inst: "Optional[Poison]" = None

    def __new__(cls) -> "Poison":
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst

    def __repr__(self) -> str:
        return "<error>"


POISON = Poison()


class Ctor:
    """A constructor name of the IDL (Struct, Enumeration ...)."""

    __slots__ = ("sig",)

    def __init__(self, sig: "SIG.Constructor"):
        self.sig = sig

    def __repr__(self) -> str:
        return "<constructor %s>" % self.sig.name


class Func:
    """namespace() or hidden()."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class Seq(list):  # type: ignore[type-arg]  # (its items are any values)
    """A list or tuple value; ``locs[i]`` is where item i was written.

    ``node`` is the ListLit or TupleLit it was evaluated from; ``node.items[i].loc`` is
    ``locs[i]`` without making the list."""

    __slots__ = ("node",)

    node: "typing.Union[S.ListLit, S.TupleLit]"

    @property
    def locs(self) -> "List[SourceLocation]":
        return [i.loc for i in self.node.items]

    @property
    def loc(self) -> "SourceLocation":
        return self.node.loc

    @property
    def is_tuple(self) -> bool:
        return type(self.node) is S.TupleLit


class Dict_(dict):  # type: ignore[type-arg]  # (its keys and values are any values)
    """A dict value with the locations of its keys and values."""

    def __init__(self, loc: "SourceLocation"):
        super().__init__()
        self.loc = loc
        self.key_locs: Dict[Any, SourceLocation] = {}
        self.val_locs: Dict[Any, SourceLocation] = {}


def kind_of(v: "Any") -> str:
    """A word for the kind of a value, for messages."""
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int):
        return "an integer"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, Seq):
        return "a tuple" if v.is_tuple else "a list"
    if isinstance(v, dict):
        return "a dict"
    if isinstance(v, Type):
        return "a type"
    if isinstance(v, Ctor):
        return "a constructor"
    if isinstance(v, Func):
        return "a function"
    return "a value"


def show(v: "Any") -> str:
    """A value in a message: what Python shows of a constant, else its kind."""
    if isinstance(v, (bool, int)) or v is None:
        return str(v)
    if isinstance(v, str):
        return "'%s'" % v
    return kind_of(v)
