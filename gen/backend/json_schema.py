"""The JSON Schema (draft 2020-12) of libxl's JSON form of an IDL's types: what the
generated ``libxl_TYPE_from_json`` accepts, stated from the same model the C parser is
generated from (templates/c/macros/parse_json.j2) and the JSON formats of the runtime's
builtin parsers (runtime/src; the same as libxl's).

The rules, as the C has them:

* A struct is read member by member, each looked up by name (the first of repeated
  keys) **and JSON type**: a member whose JSON type is not one its type's
  ``json_parse_type`` allows is ignored, as unknown members are.  So a member's schema is
  ``{"if": <its JSON types>, "then": <the type's schema>}``.  A struct value that is not
  an object is read as a struct of defaults.
* A keyed union is a ``"KEY.case"`` member holding the case's struct; it selects the case.
  Two of them that are objects make libxl's TYPE_init_KEY() assert, unless the first (in
  the IDL's order) is the key's default: the schema forbids those pairs.
* An enumeration is a string, its value's name in any case (``strcasecmp``): a pattern
  with both cases of each letter (ECMA-262 has no case-insensitive flag in a schema).
* Numbers have C's ranges (libxl__int_parse_json: int; libxl__uintN_parse_json: 0 to
  2^N-1); an array's elements and a builtin's value are read whole (no JSON type test).
* The builtins' formats are the runtime's parsers', by parser name (BUILTIN_FORMATS):
  defbool, uuid, mac, bitmap, hwcap (at least 4 integers), ms_vm_genid (at least 16),
  string and key/value lists, and the cpuid policy, whose format is the IDL's: its
  json_parse_type says JSON_ARRAY (the legacy array of leaves) or JSON_ANY (``{"cpuid":
  [...], "msr": [...]}``, or the legacy array).

``strict`` makes the schema a checker of configs rather than a statement of the parser:
unknown members are errors (``additionalProperties: false``), and so are members of a JSON
type the parser would ignore (null stays allowed for an enumeration: libxl writes null
for a value that has no name), struct values that are not objects, and builtin values
that libxl would truncate (hwcap words above 2^32-1, genid bytes above 255).

Where JSON Schema and the C cannot agree exactly is listed in docs/json.md.
"""
import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

    from ..frontend.source import SourceLocation

from ..compat import is_ascii
from ..model.comments import Comments
from ..model.types import Array, Case, Enumeration, Field, Idl, KeyedUnion, Number, Struct, Type

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1
LLONG_MIN, LLONG_MAX = -(1 << 63), (1 << 63) - 1
ULLONG_MAX = (1 << 64) - 1
#: runtime/src/builtins.c: the largest bitmap index (the bitmap is sized from it)
BITMAP_MAX_BIT = INT_MAX - 8
#: words of a hwcap and bytes of an ms_vm_genid that libxl reads
HWCAP_WORDS = 4
MS_VM_GENID_LEN = 16
#: libxl's JSON node types as json_parse_type names them
NODE_TYPES = ("JSON_NULL", "JSON_BOOL", "JSON_INTEGER", "JSON_DOUBLE", "JSON_NUMBER",
              "JSON_STRING", "JSON_MAP", "JSON_ARRAY")


def parse_mask(expr: "Any") -> "Tuple[str, ...]":
    """json_parse_type ("JSON_STRING | JSON_NULL" ...) as node types; None and JSON_ANY
    (or anything else) are all of them."""
    if expr is None:
        return NODE_TYPES
    names = {p.strip() for p in str(expr).split("|")}
    if "JSON_ANY" in names or not names <= set(NODE_TYPES):
        return NODE_TYPES
    return tuple(t for t in NODE_TYPES if t in names)


def integer(lo: int, hi: int) -> "Dict[str, Any]":
    return {"type": "integer", "minimum": lo, "maximum": hi}


#: the JSON values libxl's parser files under each node type.  JSON Schema sees values,
#: not their text: 1.0 is an integer to it but a JSON_DOUBLE to libxl, and 1e3 is 1000
#: to it but the integer 1 to libxl (docs/json.md)
_SIMPLE = {"JSON_NULL": "null", "JSON_BOOL": "boolean", "JSON_STRING": "string",
           "JSON_MAP": "object", "JSON_ARRAY": "array"}
_COMPLEX = {
    "JSON_INTEGER": integer(LLONG_MIN, LLONG_MAX),
    "JSON_NUMBER": {"type": "integer", "not": {"minimum": LLONG_MIN, "maximum": LLONG_MAX}},
    "JSON_DOUBLE": {"type": "number", "not": {"type": "integer"}},
}


def node_types_schema(mask: "Sequence[str]") -> "Dict[str, Any]":
    """A schema matching the values libxl files under the node types of ``mask``."""
    simple = [_SIMPLE[t] for t in mask if t in _SIMPLE]
    complex_ = [_COMPLEX[t] for t in mask if t in _COMPLEX]
    parts: List[Dict[str, Any]] = []
    if simple:
        parts.append({"type": simple[0] if len(simple) == 1 else simple})
    parts += complex_
    if len(parts) == 1:
        return dict(parts[0])
    if mask == ("JSON_INTEGER", "JSON_NUMBER"):
        return {"type": "integer"}
    return {"anyOf": parts}


def case_insensitive(name: str) -> str:
    """An ECMA-262 pattern matching ``name`` in any ASCII case (as strcasecmp)."""
    out = []
    for c in name:
        if is_ascii(c) and c.isalpha():
            out.append("[%s%s]" % (c.upper(), c.lower()))
        elif is_ascii(c) and (c.isalnum() or c == "_"):
            out.append(c)
        else:
            out.append("\\" + c if c in "\\^$.|?*+()[]{}/-" else c)
    return "".join(out)


# -- the builtins' formats, by the runtime's parser ----------------------------------------

def _cpuid(t: "Type", strict: bool) -> "Dict[str, Any]":
    """libxl_cpuid_policy_list: JSON_ARRAY in the IDL is the legacy array of leaves;
    JSON_ANY the map {"cpuid": leaves, "msr": msrs}, or the legacy array."""
    leaves: Dict[str, Any] = {"type": "array", "items": {"type": "object"},
              "description": "CPUID leaves: {\"leaf\", \"subleaf\", \"eax\" .. \"edx\"}; a "
                             "missing leaf ends the list"}
    if strict:
        leaves["items"] = {"type": "object", "properties": {
            "leaf": integer(0, (1 << 32) - 1), "subleaf": integer(0, (1 << 32) - 1),
            **{r: {"type": "string"} for r in ("eax", "ebx", "ecx", "edx")}},
            "required": ["leaf"], "additionalProperties": False}
    if "JSON_ARRAY" in parse_mask(t.json_parse_type) and \
            len(parse_mask(t.json_parse_type)) == 1:
        return dict(leaves, description="the legacy format (json_parse_type JSON_ARRAY): "
                                        "an array of CPUID leaves")
    msr: Dict[str, Any] = {"type": "object", "required": ["index", "policy"], "properties": {
        "index": integer(LLONG_MIN, LLONG_MAX) if not strict else integer(0, (1 << 32) - 1),
        "policy": {"type": "string", "minLength": 64, "maxLength": 64}}}
    if strict:
        msr["additionalProperties"] = False
    fmt: Dict[str, Any] = {"type": "object", "required": ["cpuid", "msr"],
           "properties": {"cpuid": leaves, "msr": {"type": "array", "items": msr}}}
    if strict:
        fmt["additionalProperties"] = False
        return dict(fmt, description="{\"cpuid\": [leaves], \"msr\": [{\"index\", "
                                     "\"policy\"}]} (json_parse_type JSON_ANY)")
    return {"anyOf": [fmt, leaves],
            "description": "{\"cpuid\": [leaves], \"msr\": [{\"index\", \"policy\"}]} "
                           "(json_parse_type JSON_ANY), or the legacy array of leaves"}


def _words(n: int, bits: int, what: str) -> "Callable[[Type, bool], Dict[str, Any]]":
    def make(t: "Type", strict: bool) -> "Dict[str, Any]":
        word = integer(0, (1 << bits) - 1) if strict else integer(LLONG_MIN, LLONG_MAX)
        s = {"type": "array", "prefixItems": [word] * n, "minItems": n,
             "description": "%s: libxl reads the first %d integers" % (what, n)}
        if strict:
            s["maxItems"] = n
        return s
    return make


_HEX = "[0-9A-Fa-f]"
BUILTIN_FORMATS: "Dict[str, Callable[[Type, bool], Dict[str, Any]]]" = {
    "libxl__int_parse_json": lambda t, s: integer(INT_MIN, INT_MAX),
    "libxl__uint8_parse_json": lambda t, s: integer(0, 255),
    "libxl__uint16_parse_json": lambda t, s: integer(0, 65535),
    "libxl__uint32_parse_json": lambda t, s: integer(0, (1 << 32) - 1),
    "libxl__uint64_parse_json": lambda t, s: integer(0, ULLONG_MAX),
    "libxl__bool_parse_json": lambda t, s: {"type": "boolean"},
    "libxl__string_parse_json": lambda t, s: {"type": ["string", "null"]},
    "libxl__defbool_parse_json": lambda t, s: {
        "type": "string", "pattern": "^(?:<default>|True|False)",
        "title": "a defbool (\"True\", \"False\" or \"<default>\")",
        "examples": ["True", "False", "<default>"],
        "description": "a boolean with a default: \"True\", \"False\" or \"<default>\" "
                       "(libxl compares the start of the string only)"},
    "libxl__uuid_parse_json": lambda t, s: {
        "type": "string", "pattern": "^%s{8}-%s{4}-%s{4}-%s{4}-%s{12}$" % ((_HEX,) * 5),
        "title": "a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
        "description": "a UUID, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"},
    # libxl__parse_mac stops after the sixth group: a ':' there and anything after it
    # are ignored (strict: not allowed)
    "libxl__mac_parse_json": lambda t, s: {
        "type": "string", "pattern": "^%s{2}(?::%s{2}){5}%s" % (_HEX, _HEX,
                                                               "$" if s else "(?::|$)"),
        "title": "a MAC address (xx:xx:xx:xx:xx:xx)",
        "description": "a MAC address, xx:xx:xx:xx:xx:xx%s" % (
            "" if s else " (libxl ignores a ':' after the sixth group and what follows it)")},
    "libxl__bitmap_parse_json": lambda t, s: {
        "type": "array", "items": integer(0, BITMAP_MAX_BIT),
        "description": "a bitmap: the indexes of its set bits, the largest last"},
    "libxl__string_list_parse_json": lambda t, s: {
        "type": "array", "items": {"type": "string"}},
    "libxl__key_value_list_parse_json": lambda t, s: {
        "type": "object", "additionalProperties": {"type": ["string", "null"]}},
    "libxl__hwcap_parse_json": _words(HWCAP_WORDS, 32, "hardware capabilities"),
    "libxl__ms_vm_genid_parse_json": _words(MS_VM_GENID_LEN, 8, "a VM generation ID"),
    "libxl__cpuid_policy_list_parse_json": _cpuid,
}


# -- the schema ----------------------------------------------------------------------------

def def_name(t: "Type") -> str:
    """A type's $defs key: its C type name, or its IDL name when the C name is not an
    identifier (char * is "string")."""
    tn = t.typename
    if isinstance(tn, str) and re.fullmatch(r"[A-Za-z_]\w*", tn):
        return tn
    return t.bound_name or str(tn)


class SchemaWriter:
    """The schema of some IDLs' types (a main IDL and its internal IDL)."""

    def __init__(self, idls: "Sequence[Idl]", strict: bool = False,
                 sources: "Optional[Dict[str, str]]" = None):
        self.idls = list(idls)
        self.strict = strict
        self.sources = sources or {}
        self._comments: Dict[str, Optional[Comments]] = {}
        self.defs: Dict[str, Any] = {}

    # -- descriptions -------------------------------------------------------------------
    def comment(self, loc: "Optional[SourceLocation]",
                trailing: bool = True) -> "Optional[str]":
        if loc is None or loc.line <= 0:
            return None
        if loc.file not in self._comments:
            text = self.sources.get(loc.file)
            self._comments[loc.file] = Comments(text) if text is not None else None
        c = self._comments[loc.file]
        return c.at(loc.line, trailing) if c is not None else None

    def type_comment(self, t: "Type") -> "Optional[str]":
        line_loc = t.bindings[0][1] if t.bindings else t.loc
        return self.comment(line_loc, trailing=False)

    @staticmethod
    def c_type(t: "Type") -> str:
        if isinstance(t, Array):
            return "array of %s" % (t.elem_type.typename,)
        if t.typename is None:
            return "anonymous %s" % ("struct" if t.kind == "struct" else t.kind)
        return str(t.typename)

    def default(self, f: "Optional[Field]", t: "Type") -> "Tuple[Optional[str], Any]":
        """The member's default: (C text, JSON value or NO_VALUE)."""
        init = f.init_val if f is not None and f.init_val is not None else t.init_val
        if isinstance(t, Enumeration):
            if init is None:
                zero = [v for v in t.values if v.value == 0]
                return (zero[0].name, zero[0].valuename.lower()) if zero else (None, NO_VALUE)
            for v in t.values:
                if v.name == str(init):
                    return str(init), v.valuename.lower()
            return str(init), NO_VALUE
        if init is not None:
            text = str(init)
            if re.fullmatch(r"-?[0-9]+", text.strip()):
                return text, int(text)
            return text, NO_VALUE
        fn = t.json_parse_fn
        if isinstance(t, Number) or fn in ("libxl__int_parse_json", "libxl__uint8_parse_json",
                                  "libxl__uint16_parse_json", "libxl__uint32_parse_json",
                                  "libxl__uint64_parse_json"):
            return "0", 0
        known: Dict[Optional[str], Tuple[Optional[str], Any]] = {
            "libxl__bool_parse_json": ("false", False),
            "libxl__string_parse_json": ("NULL", None),
            "libxl__defbool_parse_json": ("<default>", "<default>")}
        return known.get(fn, (None, NO_VALUE))

    def describe(self, text: "Optional[str]", parts: "List[str]") -> str:
        out = [text.rstrip(".") + "."] if text else []
        out += parts
        return " ".join(out)

    # -- types --------------------------------------------------------------------------
    def ref(self, t: "Type", owner: str = "") -> "Dict[str, Any]":
        """{"$ref"} to a named type's definition (made when first referred to), or the
        schema itself for an anonymous type (``owner`` names it in messages)."""
        if t.typename is None or t.kind in ("keyed_union", "array"):
            return self.value(t, owner)
        name = def_name(t)
        if name not in self.defs:
            self.defs[name] = None        # being made (types may refer to themselves)
            self.defs[name] = self.definition(t)
        return {"$ref": "#/$defs/%s" % name}

    def definition(self, t: "Type") -> "Dict[str, Any]":
        s = self.value(t, str(t.typename))
        parts = ["C type: %s." % self.c_type(t)]
        if isinstance(t, Enumeration):
            parts.append("One of %s (any case)." % ", ".join(
                json.dumps(v.valuename.lower()) for v in t.values))
        desc = self.describe(self.type_comment(t), parts)
        if s.get("description"):
            desc = "%s %s" % (desc, s["description"][0].upper() + s["description"][1:]
                              + ("" if s["description"].endswith(".") else "."))
        s["description"] = desc
        return s

    def value(self, t: "Type", owner: str) -> "Dict[str, Any]":
        """The schema of a value given to the type's parser."""
        if isinstance(t, Struct):
            return self.struct(t, owner)
        if isinstance(t, Enumeration):
            return {"type": "string",
                    "pattern": "^(?:%s)$" % "|".join(case_insensitive(v.valuename.lower())
                                                     for v in t.values),
                    "examples": [v.valuename.lower() for v in t.values]}
        if isinstance(t, Array):
            return {"type": "array", "items": self.ref(t.elem_type)}
        fn = t.json_parse_fn
        if fn is None:
            return {"description": "not read by libxl's JSON parser"}
        make = BUILTIN_FORMATS.get(fn)
        if make is None:
            return {"description": "read by %s, which xlidl's runtime does not implement: "
                                   "not described" % fn}
        return make(t, self.strict)

    def member(self, f: "Field", owner: str) -> "Dict[str, Any]":
        t = f.type
        mask = parse_mask(t.json_parse_type)
        inner = self.ref(t, "%s.%s" % (owner, f.name))
        s: Dict[str, Any]
        if not self.strict:
            s = inner if mask == NODE_TYPES else {"if": node_types_schema(mask), "then": inner}
        elif isinstance(t, Enumeration):  # null: what libxl writes for a value without a name
            s = {"if": {"type": "null"}, "else": inner}
        else:   # every strict value schema is of the JSON types its parser reads
            s = inner
        s = dict(s)
        text, value = self.default(f, t)
        parts = ["C type: %s." % self.c_type(t)]
        if text is not None:
            parts.append("Default: %s (not written while it holds it)." % text)
        if value is not NO_VALUE:
            s["default"] = value
        s["description"] = self.describe(self.comment(f.loc), parts)
        return s

    def struct(self, t: "Struct", owner: str) -> "Dict[str, Any]":
        s: Dict[str, Any] = {"type": "object"} if self.strict else {}
        s["title"] = owner or "anonymous struct"
        props: Dict[str, Any] = {}
        conflicts: List[Dict[str, Any]] = []
        for f in t.json_members:   # what TYPE_parse_json reads
            ft = f.type
            if not isinstance(ft, KeyedUnion):
                props[f.name] = self.member(f, owner)
                continue
            kv = ft.keyvar
            where = "%s.%s" % (owner or "anonymous struct", f.name)
            names = []
            for c in ft.fields:
                key = "%s.%s" % (kv.name, c.name)
                names.append((key, c))
                case: Dict[str, Any]
                if c.type is None:
                    case = {"type": "object", "additionalProperties": False} if self.strict \
                        else {}
                else:
                    case = self.value(c.type, "%s.%s" % (where, c.name)) \
                        if c.type.typename is None else self.ref(c.type)
                if self.strict:
                    case = dict(case, type="object") if "$ref" not in case else \
                        {"allOf": [{"type": "object"}, case]}
                else:
                    case = {"if": {"type": "object"}, "then": case}
                case["description"] = self.describe(self.comment(c.loc), [
                    "The case %s of %s (%s = %s): the member selects it." % (
                        c.name, where, kv.name, c.enumname)])
                props[key] = case
            init = kv.init_val if kv.init_val is not None else kv.type.init_val
            for i, (a, ca) in enumerate(names):
                if keeps_default(ca, init, ft.key_type):
                    continue
                for b, _ in names[i + 1:]:
                    conflicts.append({"not": {
                        "type": "object", "required": [a, b],
                        "properties": {a: {"type": "object"}, b: {"type": "object"}},
                        "description": "'%s' and '%s' given together: %s has one case "
                                       "(libxl's %s_init_%s() asserts)"
                                       % (a, b, where, owner or "TYPE", kv.name)}})
        if props:
            s["properties"] = props
        if self.strict:
            s["additionalProperties"] = False
        if conflicts:
            s["allOf"] = conflicts
        return s

    # -- the document -------------------------------------------------------------------
    def types(self) -> "List[Type]":
        """Every named type with a JSON form, in the IDLs' order: builtins, then types."""
        out: Dict[str, Type] = {}
        for idl in self.idls:
            for t in list(idl.builtins) + list(idl.types):
                if t.typename is not None and not t.private and t.kind != "array" \
                        and def_name(t) not in out:
                    out[def_name(t)] = t
        return list(out.values())

    def lookup(self, typename: str) -> "Optional[Type]":
        for idl in self.idls:
            t = idl.lookup(typename)
            if t is not None:
                return t
        return None

    def schema(self, root: "Type", title: str) -> "Dict[str, Any]":
        top = self.ref(root)
        for t in self.types():
            self.ref(t)
        doc: Dict[str, Any] = {
            "$schema": DIALECT,
            "title": title,
            "description": "libxl's JSON form of %s: what %s_from_json accepts%s.  Generated "
                           "by xlidl from the IDL; see docs/json.md for the rules and where "
                           "a schema cannot follow the C parser exactly." % (
                               root.typename, root.typename,
                               " (strict: unknown members and members libxl would ignore "
                               "are errors)" if self.strict else ""),
        }
        doc.update(top)
        doc["$defs"] = {k: self.defs[k] for k in sorted(self.defs)}
        return doc


class _NoValue:
    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()


def keeps_default(case: "Case", init: "Any", key_type: "Enumeration") -> bool:
    """Whether selecting this case leaves the key at its default (its TYPE_init_KEY()
    does not change what the next case's assert() checks)."""
    if init is not None:
        return str(init) == case.enumname
    return any(v.name == case.enumname and v.value == 0 for v in key_type.values)


def schema(idls: "Sequence[Idl]", root: str, strict: bool = False,
           sources: "Optional[Dict[str, str]]" = None, title: str = "") -> "Dict[str, Any]":
    """The schema of type ``root`` (a C type name) of the IDLs; ``sources`` (file name ->
    text) gives the comments for the descriptions.  KeyError if there is no such type."""
    w = SchemaWriter(idls, strict, sources)
    t = w.lookup(root)
    if t is None:
        raise KeyError(root)
    return w.schema(t, title or root)


def dumps(doc: "Dict[str, Any]") -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
