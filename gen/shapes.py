"""How each generator treats a type: the branch Xen's generators take for it.

Every generated function walks the type tree and, at each node, either descends (a keyed
union's cases, an array's elements, a struct's members) or emits a single statement for
the value ("leaf": a call to the type's own function, an assignment ...).  Whether a
struct is walked or called depends on the operation and on whether the type has its own
function for it, and a struct is always walked at the top of its own function.  These
rules are idl.py/gentypes.py facts; they are computed here once per type, and the
templates' dispatch tables pick the macro for the shape.
"""
from __future__ import annotations

from typing import Dict, Iterable, List

from .model import Idl, Type

#: operation -> the type attribute naming its function (a struct without one is walked)
_OWN_FN = {
    "dispose": "dispose_fn",
    "copy": "copy_fn",
    "init": "init_fn",
    "gen_json": "json_gen_fn",
    "parse_json": "json_parse_fn",
}


class Shapes:
    """Shape of a type per operation, as a member of another type ("nested")."""

    __slots__ = tuple(_OWN_FN) + ("copy_deprecated",)

    def __repr__(self) -> str:
        return "Shapes(%s)" % ", ".join("%s=%s" % (k, getattr(self, k)) for k in self.__slots__)


def nested_shapes(ty: Type) -> Shapes:
    s = Shapes()
    k = ty.kind
    for op, fn in _OWN_FN.items():
        if k == "keyed_union":
            shape = "keyed_union"
        elif k == "array" and op != "init":
            shape = "array"
        elif k == "enum" and op in ("gen_json", "parse_json"):
            shape = "enum"
        elif k == "struct" and getattr(ty, fn) is None:
            shape = "struct"
        else:
            shape = "leaf"
        setattr(s, op, shape)
    # deprecated fields: keyed unions and function-less structs are searched for them
    if k == "keyed_union":
        s.copy_deprecated = "keyed_union"
    elif k == "struct" and ty.copy_fn is None:
        s.copy_deprecated = "struct"
    else:
        s.copy_deprecated = "leaf"
    return s


def reachable(types: Iterable[Type]) -> List[Type]:
    """Every type used by ``types``: members, cases, elements, keys, lengths."""
    seen: Dict[int, Type] = {}
    stack = list(types)
    while stack:
        t = stack.pop()
        if t is None or id(t) in seen:
            continue
        seen[id(t)] = t
        for f in t.fields:
            stack.append(f.type)
        if t.keyvar is not None:
            stack.append(t.keyvar.type)
        if t.elem_type is not None:
            stack.append(t.elem_type)
        if t.lenvar is not None:
            stack.append(t.lenvar.type)
    return list(seen.values())


def annotate(idl: Idl) -> None:
    """Attach ``nested`` shapes to every type of the model (after jsonc adjustments)."""
    for t in reachable(list(idl.types) + list(idl.builtins) + list(idl.predefined.values())):
        t.nested = nested_shapes(t)
