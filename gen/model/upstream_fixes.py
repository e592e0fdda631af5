"""Fixes of upstream's bugs, applied on request (``--fix NAME``, ``--fix all``).

xlidl's default output is byte-identical to Xen's generators, bugs included.  Each fix
corrects one documented bug in the generated C and changes nothing else; docs/compat.md
has a section per fix (the bug, a reproducer, the corrected C).  The checks that warn
about a bug name its fix, and say nothing once the fix is applied; the backend applies
them (gen/backend/render.py).
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, FrozenSet, Iterable, List, Sequence, Set

    from .types import Idl, Type

from ..errors import close_match
from .shapes import references
from .types import Array

#: name -> one line: what the fix corrects
FIXES = {
    "keyed-union-duplicate":
        "a JSON parser that meets a second \"KEY.case\" member of a keyed union rejects "
        "the document (ERROR_INVAL) instead of failing an assertion or corrupting memory",
    "keyed-union-in-anonymous-struct":
        "a keyed union inside an anonymous struct is parsed from JSON without calling the "
        "missing None_init_KEY()",
    "passby-value-struct":
        "a PASS_BY_VALUE struct's functions take a pointer in their prototypes and calls "
        "too, as in their definitions",
    "emitted-after-use":
        "a type whose name was re-bound is emitted before the types that use it",
}

ALL = "all"


if TYPE_CHECKING:
    _Names = FrozenSet[str]
else:
    _Names = frozenset   # (frozenset[str] is not a class before Python 3.9)


class Fixes(_Names):
    """The fixes applied: a set of names of :data:`FIXES`, immutable and hashable (the
    template environments are made once per set), with one attribute per fix for the
    templates ("-" written "_": ``fix.keyed_union_duplicate`` ...)."""

    __slots__ = ()

    @property
    def keyed_union_duplicate(self) -> bool:
        return "keyed-union-duplicate" in self

    @property
    def keyed_union_in_anonymous_struct(self) -> bool:
        return "keyed-union-in-anonymous-struct" in self

    @property
    def passby_value_struct(self) -> bool:
        return "passby-value-struct" in self

    @property
    def emitted_after_use(self) -> bool:
        return "emitted-after-use" in self


#: no fix: the output is byte-identical to upstream's
NONE = Fixes()


def parse(names: "Iterable[str]") -> "Fixes":
    """The fixes a list of --fix arguments asks for ("all": every fix); ValueError naming
    an unknown one."""
    out: Set[str] = set()
    for name in names:
        if name == ALL:
            out.update(FIXES)
        elif name in FIXES:
            out.add(name)
        else:
            close = close_match(name, list(FIXES) + [ALL])
            raise ValueError("unknown fix '%s'%s; 'xlidl fixes' lists them" % (
                name, "; did you mean '%s'?" % close if close else ""))
    return Fixes(out)


def hint(name: str) -> str:
    """The words a warning ends with, naming its fix."""
    return " (--fix %s corrects it)" % name


def emission_order(idl: "Idl", fixes: "FrozenSet[str]") -> "List[Type]":
    """The types in the order the generated C defines them: the IDL's, or with
    emitted-after-use, each before the types that use it."""
    if "emitted-after-use" in fixes:
        return dependency_order(idl.types)
    return list(idl.types)


def dependency_order(types: "Sequence[Type]") -> "List[Type]":
    """--fix emitted-after-use: ``types`` in their order, except that a type comes
    before the types that use it (through members, anonymous types, array elements and
    keys), as C needs.  Upstream emits a re-bound name's type at its new place."""
    index: Dict[Type, int] = {}
    for i, t in enumerate(types):
        index.setdefault(t, i)

    def uses(t: "Type") -> "List[Type]":
        found: "List[Type]" = []
        stack = [t]
        while stack:
            u = stack.pop()
            for r in references(u):
                if r.typename is None or isinstance(r, Array):
                    stack.append(r)       # walk into anonymous types and arrays
                elif r in index and r is not t:
                    found.append(r)
        return sorted(set(found), key=index.__getitem__)

    out: "List[Type]" = []
    placed = set()
    for t in types:
        stack = [(t, iter(uses(t)))]
        while stack:
            u, deps = stack[-1]
            for d in deps:
                if d not in placed and all(d is not s for s, _ in stack):
                    stack.append((d, iter(uses(d))))
                    break
            else:
                stack.pop()
                if u not in placed:
                    placed.add(u)
                    out.append(u)
    return out
