"""How each generator treats a type: the branch Xen's generators take for it.

Every generated function walks the type tree and, at each node, either descends (a keyed
union's cases, an array's elements, a struct's members) or emits a single statement for
the value ("leaf": a call to the type's own function, an assignment ...).  Whether a
struct is walked or called depends on the operation and on whether the type has its own
function for it, and a struct is always walked at the top of its own function.  These
rules are idl.py/gentypes.py facts; they are computed here once per type, and the
templates' dispatch tables pick the macro for the shape.

JSON generation has two sets of facts, one per backend: yajl calls ``json_gen_fn``;
json-c calls ``gen_jso_fn``, which is ``jsonc_json_gen_fn`` where gentypes.py --libjsonc
switches to it (the standard types but void, and the types bound at top level that
have one) and ``json_gen_fn`` elsewhere.  Both are computed here; the backend picks one
when it renders.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Iterable, List

from .types import Idl, Type

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

    __slots__ = tuple(_OWN_FN) + ("copy_deprecated", "gen_jso")

    def __init__(self, dispose: str, copy: str, init: str, gen_json: str, parse_json: str,
                 copy_deprecated: str, gen_jso: str):
        self.dispose = dispose
        self.copy = copy
        self.init = init
        self.gen_json = gen_json
        self.parse_json = parse_json
        self.copy_deprecated = copy_deprecated
        self.gen_jso = gen_jso

    def __repr__(self) -> str:
        return "Shapes(%s)" % ", ".join("%s=%s" % (k, getattr(self, k)) for k in self.__slots__)


#: kind -> the shapes (in Shapes' order) of a kind whose shapes do not depend on the
#: type's functions: keyed unions and arrays are always walked (an array's init is a
#: leaf), an enumeration has its own JSON shape; any other type but a struct is a leaf
_FIXED = {
    "keyed_union": ("keyed_union",) * 7,
    "array": ("array", "array", "leaf", "array", "array", "leaf", "array"),
    "enum": ("leaf", "leaf", "leaf", "enum", "enum", "leaf", "enum"),
}
_LEAF = ("leaf",) * 7


def nested_shapes(ty: "Type") -> "Shapes":
    k = ty.kind
    if k == "struct":
        # walked where it has no function of its own; searched for deprecated fields
        # when it has no copy function
        return Shapes("struct" if ty.dispose_fn is None else "leaf",
                      "struct" if ty.copy_fn is None else "leaf",
                      "struct" if ty.init_fn is None else "leaf",
                      "struct" if ty.json_gen_fn is None else "leaf",
                      "struct" if ty.json_parse_fn is None else "leaf",
                      "struct" if ty.copy_fn is None else "leaf",
                      "struct" if ty.gen_jso_fn is None else "leaf")
    return Shapes(*_FIXED.get(k, _LEAF))


def reachable(types: "Iterable[Type]") -> "List[Type]":
    """Every type used by ``types``: members, cases, elements, keys, lengths."""
    seen: Dict[Type, None] = {}
    stack = list(types)
    push = stack.append
    pop = stack.pop
    while stack:
        t = pop()
        if t is None or t in seen:
            continue
        seen[t] = None
        for f in t.fields:
            ft = f.type
            if ft is not None and ft not in seen:  # else it would be skipped when popped
                push(ft)
        if t.keyvar is not None:
            push(t.keyvar.type)
        if t.elem_type is not None:
            push(t.elem_type)
        if t.lenvar is not None:
            push(t.lenvar.type)
    return list(seen)


#: the standard types whose JSON generator gentypes.py --libjsonc replaces by name
JSONC_STANDARD = ("bool", "size_t", "integer", "uint8", "uint16", "uint32", "uint64", "string")


def annotate(idl: "Idl") -> None:
    """Attach ``gen_jso_fn`` and the ``nested`` shapes to every type of the model."""
    everything = reachable(list(idl.types) + list(idl.builtins)
                           + list(idl.predefined.values()))
    for t in everything:
        t.gen_jso_fn = t.json_gen_fn
    for t in list(idl.builtins) + list(idl.types):
        if t.jsonc_json_gen_fn is not None:
            t.gen_jso_fn = t.jsonc_json_gen_fn
    for name in JSONC_STANDARD:
        t = idl.predefined.get(name)
        if t is not None:
            t.gen_jso_fn = t.jsonc_json_gen_fn
    for t in everything:
        t.nested = nested_shapes(t)
        if t.fields:
            t.members = [f for f in t.fields if not f.const]
            if not t.is_keyed_union:   # (a case may have no type)
                t.json_members = [f for f in t.members if not f.type.private]
