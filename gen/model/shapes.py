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

from .types import Aggregate, Array, Field, Idl, KeyedUnion, Shapes, Struct, Type

#: kind -> the shapes (in Shapes' order) of a kind whose shapes do not depend on the
#: type's functions: keyed unions and arrays are always walked (an array's init is a
#: leaf), an enumeration has its own JSON shape; any other type but a struct is a leaf
_FIXED = {
    "keyed_union": Shapes(*("keyed_union",) * 7),
    "array": Shapes("array", "array", "leaf", "array", "array", "leaf", "array"),
    "enum": Shapes("leaf", "leaf", "leaf", "enum", "enum", "leaf", "enum"),
}
_LEAF = Shapes(*("leaf",) * 7)


def nested_shapes(ty: "Type") -> "Shapes":
    if isinstance(ty, Struct):
        # walked where it has no function of its own; searched for deprecated fields
        # when it has no copy function
        return Shapes("struct" if ty.dispose_fn is None else "leaf",
                      "struct" if ty.copy_fn is None else "leaf",
                      "struct" if ty.init_fn is None else "leaf",
                      "struct" if ty.json_gen_fn is None else "leaf",
                      "struct" if ty.json_parse_fn is None else "leaf",
                      "struct" if ty.copy_fn is None else "leaf",
                      "struct" if ty.gen_jso_fn is None else "leaf")
    return _FIXED.get(ty.kind, _LEAF)


def references(t: "Type") -> "List[Type]":
    """The types ``t`` uses directly: its members' and cases', its key's, its elements'
    and its length's."""
    if isinstance(t, Aggregate):
        out = [f.type for f in t.fields if f.type is not None]
        if isinstance(t, KeyedUnion):
            out.append(t.keyvar.type)
        return out
    if isinstance(t, Array):
        return [t.elem_type, t.lenvar.type]
    return []


def reachable(types: "Iterable[Type]") -> "List[Type]":
    """Every type used by ``types``: members, cases, elements, keys, lengths."""
    seen: Dict[Type, None] = {}
    stack = list(types)
    push = stack.append
    pop = stack.pop
    while stack:
        t = pop()
        if t in seen:
            continue
        seen[t] = None
        if isinstance(t, Aggregate):
            for f in t.fields:
                ft = f.type
                if ft is not None and ft not in seen:  # else it would be skipped when popped
                    push(ft)
            if isinstance(t, KeyedUnion):
                push(t.keyvar.type)
        elif isinstance(t, Array):
            push(t.elem_type)
            push(t.lenvar.type)
    return list(seen)


#: the standard types whose JSON generator gentypes.py --libjsonc replaces by name
JSONC_STANDARD = ("bool", "size_t", "integer", "uint8", "uint16", "uint32", "uint64", "string")


def annotate(idl: "Idl") -> None:
    """Attach ``gen_jso_fn`` and the ``nested`` shapes to every type of the model, and
    their ``members`` and ``json_members`` to the aggregates."""
    everything = reachable(list(idl.types) + list(idl.builtins)
                           + list(idl.predefined.values()))
    for t in everything:
        t.gen_jso_fn = t.json_gen_fn
    for t in list(idl.builtins) + list(idl.types):
        if t.jsonc_json_gen_fn is not None:
            t.gen_jso_fn = t.jsonc_json_gen_fn
    for name in JSONC_STANDARD:
        s = idl.predefined.get(name)
        if s is not None:
            s.gen_jso_fn = s.jsonc_json_gen_fn
    for t in everything:
        t.nested = nested_shapes(t)
        if isinstance(t, Aggregate):
            if isinstance(t, KeyedUnion):
                t.members = [c for c in t.fields if not c.const]
                t.json_members = []
            else:
                members = [f for f in t.fields if not f.const]
                t.members = members
                t.json_members = [f for f in members if isinstance(f, Field)
                                  and not f.type.private]
