"""What each IDL constructor accepts: positional parameters and keyword arguments.

This table is the single description of the IDL's vocabulary.  gen/model/interpret.py
binds calls to it (unknown keywords, missing arguments) and gen/model/constructors.py
checks the values (wrong kinds of value), and docs/idl.md is generated from it (``xlidl
doc``), so the documentation cannot drift from the code the way idl.txt did.  The defaults are described in words because several depend on the type's
name; gen/model/constructors.py implements them, following Xen's idl.py.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Tuple

#: Kinds of value a parameter accepts (checked by gen/model/constructors.py):
#:   str, str?  (string, or None), cexpr (string or integer: copied into the C as written),
#:   bool, int, dir, passby, type, type?, enum-type, values, fields, cases, any
KINDS = ("str", "str?", "cexpr", "bool", "int", "dir", "passby", "type", "type?",
         "enum-type", "values", "fields", "cases")


class Param:
    """A parameter: its name, the kind of value it takes (KINDS), its default described
    in words, and what it means."""

    __slots__ = ("name", "kind", "default", "doc")

    def __init__(self, name: str, kind: str, default: str, doc: str):
        self.name = name
        self.kind = kind
        self.default = default
        self.doc = doc


def P(name: str, kind: str, default: str, doc: str) -> "Param":
    return Param(name, kind, default, doc)


#: Keyword arguments of every type (idl.py's Type.__init__).
TYPE_KWARGS: "List[Param]" = [
    P("namespace", "str?", "the namespace set by namespace() (initially \"\")",
      "Prefix of the C type name; None means the name is used as it is."),
    P("hidden", "bool", "the value set by hidden() (initially False)",
      "Declare the type's functions _hidden (internal to libxl)."),
    P("dir", "dir", "DIR_BOTH", "Marshalling direction: DIR_NONE, DIR_IN, DIR_OUT or DIR_BOTH. "
      "Recorded but not used by the generators."),
    P("passby", "passby", "PASS_BY_VALUE (PASS_BY_REFERENCE for Struct, Union)",
      "How the type is passed to generated functions."),
    P("private", "bool", "False",
      "A private type is not serialised to JSON and not copied; its fields are still "
      "initialised and disposed."),
    P("dispose_fn", "str?", "TYPENAME_dispose (None for anonymous types, builtins, numbers, "
      "enumerations and unions; free for arrays)", "Function that frees the type's contents."),
    P("autogenerate_dispose_fn", "bool", "True (False for builtins)",
      "Generate the dispose function."),
    P("copy_fn", "str?", "TYPENAME_copy (None for anonymous types, numbers and enumerations)",
      "Function that deep-copies the type."),
    P("autogenerate_copy_fn", "bool", "True", "Generate the copy function."),
    P("init_fn", "str?", "TYPENAME_init for named aggregates, else None",
      "Function that initialises the type."),
    P("init_val", "cexpr", "None", "C expression the type is initialised to."),
    P("autogenerate_init_fn", "bool", "True for aggregates, else False",
      "Generate the init function."),
    P("check_default_fn", "str?", "None",
      "Predicate telling whether a value still holds its default (JSON output skips it)."),
    P("copy_deprecated_fn", "str?", "None",
      "Generate a function of this name that moves deprecated fields to their replacements."),
    P("json_gen_fn", "str?", "TYPENAME_gen_json for named, non-private types, else None",
      "yajl JSON generator."),
    P("jsonc_json_gen_fn", "str?", "TYPENAME_gen_jso for named, non-private types, else None",
      "json-c JSON generator (used with --libjsonc)."),
    P("json_parse_type", "str?", "JSON_ANY (JSON_MAP for aggregates, JSON_ARRAY for arrays, "
      "JSON_STRING for enumerations, JSON_INTEGER for numbers)",
      "JSON node types accepted when parsing a field of this type."),
    P("json_parse_fn", "str?", "NAMESPACE_RAWNAME_parse_json for named, non-private types, else None",
      "JSON parser."),
    P("autogenerate_json", "bool", "True (False for builtins)",
      "Recorded but not used by the generators."),
    P("signed", "bool", "False", "Whether a Number is signed; recorded by Number and UInt, "
      "accepted and ignored by the others (Xen's IDL gives it to Builtin libxl_devid)."),
]

FIELD_KWARGS: "List[Param]" = [
    P("const", "bool", "False", "Declare the member const; it is skipped by dispose, copy, "
      "init and JSON."),
    P("init_val", "cexpr", "None", "C expression the member is initialised to; JSON output "
      "skips the member while it holds this value."),
    P("deprecated_by", "str?", "None", "Name of the member of the enclosing struct that replaces "
      "this one (used by copy_deprecated_fn)."),
    P("enumname", "str?", "None", "Set by KeyedUnion for its cases; not for use in the IDL."),
]

#: FIELD_KWARGS by name
FIELD_KWARG_MAP: "Dict[str, Param]" = {p.name: p for p in FIELD_KWARGS}


class Constructor:
    """A constructor of the IDL: positional parameters, keyword arguments, and the prefix
    whose keyword arguments become the key/length member's (keyvar_, lenvar_).
    ``positional_names`` and ``kwarg_map`` index the parameters by name."""

    __slots__ = ("name", "positional", "kwargs", "field_prefix", "doc", "positional_names",
                 "kwarg_map")

    def __init__(self, name: str, positional: "Tuple[Param, ...]", kwargs: "Tuple[Param, ...]",
                 field_prefix: str = "", doc: str = ""):
        self.name = name
        self.positional = positional
        self.kwargs = kwargs
        self.field_prefix = field_prefix
        self.doc = doc
        self.positional_names = frozenset(p.name for p in positional)
        self.kwarg_map: Dict[str, Param] = {}
        for p in kwargs:
            self.kwarg_map.setdefault(p.name, p)


def _kw(*extra: "Param", without: "Tuple[str, ...]" = ()) -> "Tuple[Param, ...]":
    return tuple(p for p in TYPE_KWARGS if p.name not in without) + extra


_TYPENAME = P("typename", "str?", "", "Type name without the namespace; None for an anonymous type.")
_NAME = P("name", "str?", "", "Type name without the namespace; None for an anonymous type.")
_FIELDS = P("fields", "fields", "", "List of (name, type) or (name, type, {field kwargs}).")

CONSTRUCTORS: "Dict[str, Constructor]" = {c.name: c for c in [
    Constructor("Type", (_TYPENAME,), _kw(), doc="A plain type (not emitted by gentypes)."),
    Constructor("Builtin", (_TYPENAME,), _kw(),
                doc="A type implemented by hand in libxl (libxl_defbool, libxl_uuid ...)."),
    Constructor("Number", (P("ctype", "str", "", "The C type, e.g. \"int\"."),),
                _kw(), doc="An integer C type with no namespace."),
    Constructor("UInt", (P("w", "int", "", "Width in bits: 8, 16, 32 or 64."),),
                _kw(), doc="uintW_t, parsed with libxl__uintW_parse_json."),
    Constructor("Enumeration", (_TYPENAME, P("values", "values", "",
                                             "List of (integer value, \"NAME\").")),
                _kw(P("value_namespace", "str", "the type's namespace",
                      "Prefix of the value constants, upper-cased.")),
                doc="A C enum with to/from string and JSON functions."),
    Constructor("Aggregate", (P("kind", "str", "", "The C keyword: \"struct\" or \"union\"."),
                              _TYPENAME, _FIELDS), _kw(),
                doc="A struct or union that the generators treat as opaque."),
    Constructor("Struct", (_NAME, _FIELDS), _kw(), doc="A C struct."),
    Constructor("Union", (_NAME, _FIELDS), _kw(),
                doc="A C union; needs a hand-written dispose function."),
    Constructor("KeyedUnion", (_NAME,
                               P("keyvar_type", "enum-type", "", "The Enumeration of the key."),
                               P("keyvar_name", "str", "", "Name of the key member."),
                               P("fields", "cases", "", "List of (\"case\", type or None).")),
                _kw(), field_prefix="keyvar_",
                doc="A union selected by an enumeration member emitted just before it; only "
                    "usable as a member of a struct."),
    Constructor("Array", (P("elem_type", "type", "", "Element type (named)."),
                          P("lenvar_name", "str", "", "Name of the int member holding the length.")),
                _kw(without=("namespace",)), field_prefix="lenvar_",
                doc="A pointer to elements plus an int length member emitted just before it."),
]}

#: keyword arguments that a KeyedUnion's keyvar_* / Array's lenvar_* may pass to the field
FIELD_PREFIX_DOC = ("keyvar_* (KeyedUnion) and lenvar_* (Array) keyword arguments become "
                    "keyword arguments of the key or length member.  Like idl.py, xlidl removes "
                    "the prefix with str.lstrip, which strips a set of characters: "
                    "keyvar_init_val gives init_val, but keyvar_enumname gives numname.")
