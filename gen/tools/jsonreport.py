"""What libxl's parser takes from a JSON document, and what an upgrade loses.

:func:`read_view` walks a document the way the generated ``TYPE_parse_json`` does
(templates/c/macros/parse_json.j2): a struct's members are looked up by name, the
first of repeated keys only, and only when their JSON type is one the member's
``json_parse_type`` allows; a keyed union is a ``"KEY.case"`` member; an array's
elements and a builtin's value are read whole.  Each value ends up as one
:class:`Leaf`: *read* (with the IDL type that reads it), or ignored because the member
is *unknown*, of the *wrong JSON type*, or a *repeated* key.

:func:`compare` sets the view of a document against the view of what ``TYPE_to_json``
wrote for it: read values that are not written back held their default; read values
written back differently were *changed* (an enum name's case, a number written as
1e3 ...); values in the output only were *added*.  For an upgrade check the document is
OLD's canonical output and the parser NEW's: ignored and changed values are *lost*.
"""
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, FrozenSet, List, Optional, Tuple

    from ..model.types import Type

from ..backend.json_schema import NODE_TYPES
from ..model.types import Aggregate, Array, KeyedUnion
from ..backend.json_schema import parse_mask as schema_parse_mask
from . import jsondoc

LLONG_MIN, LLONG_MAX = -(1 << 63), (1 << 63) - 1
_LEADING_INT = re.compile(r"-?[0-9]+")


def node_type(node: "jsondoc.Node") -> str:
    """The libxl__json_node_type libxl's parser gives a value: a number with a '.' is a
    JSON_DOUBLE; without, the integer it starts with (strtoll: "1e3" is 1) is a
    JSON_INTEGER, or a JSON_NUMBER (kept as text) outside long long's range."""
    k = node.kind
    if k == "number":
        if "." in node.value:
            return "JSON_DOUBLE"
        m = _LEADING_INT.match(node.value)
        assert m is not None   # (a JSON number starts with an integer)
        v = int(m.group())
        return "JSON_INTEGER" if LLONG_MIN <= v <= LLONG_MAX else "JSON_NUMBER"
    return {"object": "JSON_MAP", "array": "JSON_ARRAY", "string": "JSON_STRING",
            "true": "JSON_BOOL", "false": "JSON_BOOL", "null": "JSON_NULL"}[k]


def parse_mask(expr) -> "FrozenSet[str]":
    """json_parse_type as a set of node types (gen/backend/json_schema.py parse_mask)."""
    return frozenset(schema_parse_mask(expr))


def mask_text(mask: "FrozenSet[str]") -> str:
    if mask == frozenset(NODE_TYPES):
        return "JSON_ANY"
    return " | ".join(t for t in NODE_TYPES if t in mask)


class Leaf:
    """One value of a document as the parser sees it.  ``status``: "read", "case" (a
    keyed union's "KEY.case" member: it selects the case), "struct" and "array" (read
    member by member, element by element), "unknown", "wrongtype", "repeated".
    ``owner``: the C name of the type the member belongs to; ``ty``: the type that reads
    the value (read) or would have (wrongtype); ``known``: for an unknown member, the
    members its object may have (for "did you mean")."""

    __slots__ = ("keys", "node", "status", "owner", "ty", "mask", "known")

    def __init__(self, keys: "List", node: "jsondoc.Node", status: str, owner: str = "",
                 ty: "Optional[Type]" = None, mask: "FrozenSet[str]" = frozenset(),
                 known: "Tuple[str, ...]" = ()):
        self.keys, self.node, self.status = keys, node, status
        self.owner, self.ty, self.mask = owner, ty, mask
        self.known = known

    @property
    def pointer(self) -> str:
        return jsondoc.pointer_of(self.keys)

    def __repr__(self) -> str:
        return "Leaf(%s %s)" % (self.status, self.pointer)


def type_name(ty: "Optional[Type]") -> str:
    if ty is None:
        return "nothing"
    return ty.typename or "anonymous %s" % ty.kind


def read_view(root: "jsondoc.Node", ty: "Type") -> "Dict[str, Leaf]":
    """pointer -> Leaf for every value of the document (see the module doc); a repeated
    key's value is under "POINTER#INDEX", its index in its object."""
    out: Dict[str, Leaf] = {}
    _walk(root, ty, [], ty.typename or "", out)
    return out


def _walk(node: "jsondoc.Node", ty: "Type", keys: "List", owner: str,
          out: "Dict[str, Leaf]") -> None:
    shape = ty.kind
    if shape in ("struct", "array") and keys:
        # read member by member (structs are always written back, arrays when not empty)
        out[jsondoc.pointer_of(keys)] = Leaf(keys, node, shape, owner, ty)
    if shape == "struct":
        if node.kind != "object":
            if not keys:
                out[""] = Leaf(keys, node, "wrongtype", owner, ty, frozenset(["JSON_MAP"]))
            return
        members: Dict[str, Tuple] = {}
        unions: Dict[str, Tuple] = {}      # key name -> (member name, keyed union)
        assert isinstance(ty, Aggregate)
        for f in ty.json_members:   # what TYPE_parse_json reads
            t = f.type
            if isinstance(t, KeyedUnion):
                unions[t.keyvar.name] = (f.name, t)
                for c in t.fields:
                    members["%s.%s" % (t.keyvar.name, c.name)] = (
                        c.type, frozenset(["JSON_MAP"]), "%s.%s.%s" % (owner, f.name, c.name),
                        True)
            else:
                members[f.name] = (t, parse_mask(t.json_parse_type),
                                   t.typename or "%s.%s" % (owner, f.name), False)
        seen = set()
        for i, (raw, child) in enumerate(node.value):
            key = jsondoc.c_string(raw)     # what libxl compares: a C string
            k = keys + [key]
            if key in seen:     # (kept apart from the first, which has its pointer)
                out["%s#%d" % (jsondoc.pointer_of(k), i)] = Leaf(k, child, "repeated", owner)
                continue
            seen.add(key)
            m = members.get(key)
            if m is None:
                ku = unions.get(key.split(".", 1)[0]) if "." in key else None
                out[jsondoc.pointer_of(k)] = Leaf(
                    k, child, "unknown", "%s.%s" % (owner, ku[0]) if ku else owner,
                    ku[1] if ku else None, known=tuple(members))
                continue
            t, mask, sub_owner, is_case = m
            if node_type(child) not in mask:
                out[jsondoc.pointer_of(k)] = Leaf(k, child, "wrongtype", owner, t, mask)
                continue
            if is_case:
                out[jsondoc.pointer_of(k)] = Leaf(k, child, "case", owner, t, mask)
                if t is not None:
                    _walk(child, t, k, sub_owner, out)
            else:
                _walk(child, t, k, sub_owner, out)
    elif shape == "array":
        assert isinstance(ty, Array)
        for i, child in enumerate(node.value if node.kind == "array" else ()):
            _walk(child, ty.elem_type, keys + [i], type_name(ty.elem_type), out)
    else:   # enumerations, builtins, numbers: the whole value
        out[jsondoc.pointer_of(keys)] = Leaf(keys, node, "read", owner, ty,
                                            parse_mask(ty.json_parse_type))


class Change:
    """One line of a report.  ``kind``: ignored, default, changed, added (and lost, in
    an upgrade check); ``leaf``: the input's value (the output's for added);
    ``after``: the output's value for changed."""

    __slots__ = ("kind", "leaf", "after", "why")

    def __init__(self, kind: str, leaf: "Leaf", why: str, after: "Optional[Leaf]" = None):
        self.kind, self.leaf, self.why, self.after = kind, leaf, why, after

    @property
    def pointer(self) -> str:
        return self.leaf.pointer

    def __repr__(self) -> str:
        return "Change(%s %s)" % (self.kind, self.pointer)


def why_ignored(leaf: "Leaf") -> str:
    n = leaf.node
    if leaf.status == "unknown":
        key = leaf.keys[-1]
        ku = leaf.ty
        if isinstance(ku, KeyedUnion):   # "KEY.case" of a keyed union that has no such case
            return "%s has no case '%s' (of %s)" % (leaf.owner, key.split(".", 1)[1],
                                                    ku.keyvar.type.typename)
        if leaf.owner:
            return "%s has no member '%s'" % (leaf.owner, key)
        return "not a member"
    if leaf.status == "repeated":
        return "a repeated key: libxl reads the first '%s' only" % leaf.keys[-1]
    if leaf.status == "wrongtype":
        return "a %s, where libxl reads %s (%s) and ignores anything else" % (
            node_type(n), mask_text(leaf.mask), type_name(leaf.ty))
    return ""


def compare(before: "Dict[str, Leaf]", after: "Dict[str, Leaf]") -> "List[Change]":
    """What the parser did not take from ``before`` and what ``after`` (the view of
    TYPE_to_json's output) adds, in document order: ignored, default, changed, added."""
    changes: List[Change] = []
    for p, leaf in before.items():
        if leaf.status in ("struct", "array"):
            continue
        if leaf.status in ("unknown", "wrongtype", "repeated"):
            changes.append(Change("ignored", leaf, why_ignored(leaf)))
            continue
        other = after.get(p)
        if other is None:
            if leaf.status == "case":
                changes.append(Change("changed", leaf, "the case is not kept"))
            else:
                changes.append(Change("default", leaf, "the default of %s: not written back"
                                      % type_name(leaf.ty)))
        elif leaf.status == "read" and jsondoc.dumps(other.node) != jsondoc.dumps(leaf.node):
            changes.append(Change("changed", leaf, "written back as %s"
                                  % jsondoc.text_of(other.node), other))
    added = set()
    for p, leaf in after.items():
        if p not in before:
            added.add(p)
            if not any(jsondoc.pointer_of(leaf.keys[:i]) in added
                       for i in range(1, len(leaf.keys))):
                changes.append(Change("added", leaf, "not in the input"))
    return changes


#: what an upgrade check counts as data lost
LOSS = ("ignored", "changed")


def holds_only_defaults(node: "jsondoc.Node") -> bool:
    """Whether a value TYPE_to_json wrote holds nothing but defaults: it writes a struct
    member always (``{}`` when every member of it holds its default) and any other member
    only when it does not hold its default, so such a value is an object of such
    objects."""
    return node.kind == "object" and all(holds_only_defaults(v) for _, v in node.value)


def loses_data(c: "Change") -> bool:
    """Whether a change of an upgrade check loses data: a value NEW ignores or changes,
    unless it is a member NEW does not know that held only its default (a keyed union's
    "KEY.case" member is never that: it selects the case)."""
    if c.kind not in LOSS:
        return False
    leaf = c.leaf
    return not (c.kind == "ignored" and leaf.status == "unknown" and leaf.ty is None
                and holds_only_defaults(leaf.node))


def summary(changes: "List[Change]", kinds: "Tuple[str, ...]") -> str:
    counts = [(k, sum(1 for c in changes if c.kind == k)) for k in kinds]
    return ", ".join("%d %s" % (n, k) for k, n in counts)


# -- the lines of ``xlidl json --report`` and of an upgrade check --------------------------

def change_line(doc: "jsondoc.Document", c: "Change", kind: "Optional[str]" = None,
                own: bool = True) -> str:
    """FILE[:LINE:COL]: KIND: POINTER: VALUE: why.  ``own``: the change's value is a node
    of the document's own tree (else the same member of the document is looked for)."""
    node = c.leaf.node
    place = doc.name
    if c.kind != "added" and doc.tree is not None:
        mine = node if own else jsondoc.find_keys(doc.tree, c.leaf.keys)
        if mine is not None:
            place = doc.where(mine)
    value = jsondoc.text_of(node)
    return "%s: %s: %s: %s: %s" % (place, kind or c.kind, c.leaf.pointer or "/", value, c.why)


def report_text(doc: "jsondoc.Document", ty: "Type", canonical: str) -> str:
    """``--report``: what the parser of ``ty`` did not take from ``doc`` and what its
    output, ``canonical``, adds; a line per change and a summary."""
    assert doc.tree is not None
    before = read_view(doc.tree, ty)
    after = read_view(jsondoc.parse(canonical), ty)
    changes = compare(before, after)
    lines = [change_line(doc, c) for c in changes]
    lines.append("%s: %s: %s" % (doc.name, ty.typename,
                                 summary(changes, ("ignored", "default", "changed", "added"))))
    return "\n".join(lines) + "\n"


def upgrade_report(doc: "jsondoc.Document", old_text: str, new_text: str, ty: "Type",
                   old_name: str, new_name: str, old_typename: "Optional[str]"
                   ) -> "Tuple[str, int]":
    """An upgrade check of ``doc``: OLD wrote ``old_text``, NEW (of type ``ty``) read it
    and wrote ``new_text``.  The lines (a change per line, then the verdict) and how
    many values are lost."""
    before = read_view(jsondoc.parse(old_text), ty)
    after = read_view(jsondoc.parse(new_text), ty)
    # (a member NEW drops that held only its default loses nothing: not reported)
    changes = [c for c in compare(before, after) if c.kind != "default"
               and (c.kind not in LOSS or loses_data(c))]
    lines = []
    for c in changes:
        kind = "lost" if c.kind in LOSS else c.kind
        lines.append(change_line(doc, c, kind, own=False))
    lost = sum(1 for c in changes if c.kind in LOSS)
    added = sum(1 for c in changes if c.kind == "added")
    verdict = "nothing lost" if not lost else "data would be lost"
    lines.append("%s: %s from %s to %s: %d lost, %d added: %s" % (
        doc.name, old_typename, old_name, new_name, lost, added, verdict))
    return "\n".join(lines) + "\n", lost
