"""The typed model of a libxl IDL: what Xen's idl.py builds, with source locations.

No C text lives here beyond the names that idl.py itself computes (typename, *_dispose,
*_init, *_parse_json ...): those names are the compatibility surface.
gen/model/interpret.py fills these objects following idl.py's default rules,
gen/model/shapes.py adds what the generators derive from them, and gen/backend/ turns
them into C.

Attribute values keep idl.py's Python types: most are ``str`` or ``None``, but an IDL may
give ``init_val=5`` or ``hidden=1``, and the generated C shows such values the way Python's
``"%s" % value`` does (see gen/backend/cexpr.py ``ctext``).  Where idl.py tests truthiness rather
than ``is None`` the emission code does the same.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional

from ..frontend.source import SourceLocation

PASS_BY_VALUE = 1
PASS_BY_REFERENCE = 2

DIR_NONE = 0
DIR_IN = 1
DIR_OUT = 2
DIR_BOTH = 3

#: The Python class each constructor of the IDL creates, and what idl.py derives it from.
CLASS_BASES = {
    "Type": (),
    "Builtin": ("Type",),
    "Number": ("Builtin", "Type"),
    "UInt": ("Number", "Builtin", "Type"),
    "Enumeration": ("Type",),
    "Aggregate": ("Type",),
    "Struct": ("Aggregate", "Type"),
    "Union": ("Aggregate", "Type"),
    "KeyedUnion": ("Aggregate", "Type"),
    "Array": ("Type",),
}


class EnumValue:
    """One value of an Enumeration: ``(value, "name")`` in the IDL."""

    __slots__ = ("value", "valuename", "rawname", "name", "given_name", "loc")

    def __init__(self, value: "Any", valuename: str, rawname: str, name: str, given_name: str,
                 loc: "SourceLocation"):
        self.value = value            # an int (idl.py formats it with %d)
        self.valuename = valuename    # the name, upper-cased
        self.rawname = rawname        # ENUMRAWNAME_VALUENAME, upper-cased
        self.name = name              # the C constant: VALUE_NAMESPACE + rawname
        self.given_name = given_name  # the name as written
        self.loc = loc

    def __repr__(self) -> str:
        return "<EnumValue %s = %r>" % (self.name, self.value)


class Field:
    """An element of an aggregate: ``("name", type[, {kwargs}])``."""

    __slots__ = ("type", "name", "const", "enumname", "init_val", "deprecated_by", "loc",
                 "name_loc")

    def __init__(self, type: "Optional[Type]", name: "Any", const: "Any" = False,
                 enumname: "Any" = None, init_val: "Any" = None, deprecated_by: "Any" = None,
                 loc: "Optional[SourceLocation]" = None,
                 name_loc: "Optional[SourceLocation]" = None):
        self.type = type              # None only for a KeyedUnion case without data
        self.name = name
        self.const = const
        self.enumname = enumname      # the enum constant of a KeyedUnion case
        self.init_val = init_val
        self.deprecated_by = deprecated_by
        self.loc = loc                # the field's tuple
        self.name_loc = name_loc      # where the member's name is written

    def __repr__(self) -> str:
        return "<Field %s: %r>" % (self.name, self.type)


_new_object = object.__new__


def plain_field(type: "Optional[Type]", name: "Any", loc: "Optional[SourceLocation]",
                name_loc: "Optional[SourceLocation]") -> "Field":
    """``Field(type, name, loc=loc, name_loc=name_loc)``, the other attributes at their
    defaults, made without the call of __init__ (gen/model/interpret.py makes one per member)."""
    f = _new_object(Field)
    f.type = type
    f.name = name
    f.const = False
    f.enumname = None
    f.init_val = None
    f.deprecated_by = None
    f.loc = loc
    f.name_loc = name_loc
    return f


class Type:
    """Any IDL type.  ``cls`` is the IDL constructor that made it ("Struct", "UInt" ...).

    The attributes up to ``autogenerate_json`` are idl.py's, with idl.py's values; the
    rest depend on the kind of type.
    """

    __slots__ = (
        "cls", "loc", "namespace", "hidden_flag", "dir", "passby", "private", "typename",
        "rawname", "dispose_fn", "autogenerate_dispose_fn", "copy_fn", "autogenerate_copy_fn",
        "init_fn", "init_val", "autogenerate_init_fn", "check_default_fn",
        "copy_deprecated_fn", "json_gen_fn", "jsonc_json_gen_fn", "json_parse_type",
        "json_parse_fn", "autogenerate_json",
        # every keyword argument as given in the IDL (name -> value), and where
        "kwargs", "kwarg_locs",
        # Number / UInt
        "signed", "width",
        # Enumeration
        "value_namespace", "values",
        # aggregates: "struct" / "union" (idl.py's Aggregate.kind), members, KeyedUnion key
        "c_keyword", "fields", "keyvar",
        # Array
        "elem_type", "lenvar",
        # the name this object was last bound to at top level, and every (name, loc)
        "bound_name", "bindings",
        # gen/model/shapes.py: how each generator treats this type as a member, the
        # function that generates its JSON with json-c (gentypes.py --libjsonc's rule),
        # the fields the generators walk (not const), and those JSON walks (not const,
        # not of a private type)
        "nested", "gen_jso_fn", "members", "json_members",
        # the class tests idl.py makes with isinstance(), fixed by cls (see _CLASS_FACTS)
        "kind", "is_builtin", "is_number", "is_enum", "is_aggregate", "is_struct",
        "is_keyed_union", "is_array",
    )

    def __init__(self, cls: str, loc: "SourceLocation", namespace: "Any", hidden_flag: "Any",
                 dir: "Any", passby: "Any", private: "Any", typename: "Any", rawname: "Any",
                 dispose_fn: "Any", autogenerate_dispose_fn: "Any", copy_fn: "Any",
                 autogenerate_copy_fn: "Any", init_fn: "Any", init_val: "Any",
                 autogenerate_init_fn: "Any", check_default_fn: "Any", copy_deprecated_fn: "Any",
                 json_gen_fn: "Any", jsonc_json_gen_fn: "Any", json_parse_type: "Any",
                 json_parse_fn: "Any", autogenerate_json: "Any"):
        self.cls = cls
        self.loc = loc
        (self.kind, self.is_builtin, self.is_number, self.is_enum, self.is_aggregate,
         self.is_struct, self.is_keyed_union, self.is_array) = _CLASS_FACTS[cls]
        self.namespace = namespace
        self.hidden_flag = hidden_flag
        self.dir = dir
        self.passby = passby
        self.private = private
        self.typename = typename
        self.rawname = rawname
        self.dispose_fn = dispose_fn
        self.autogenerate_dispose_fn = autogenerate_dispose_fn
        self.copy_fn = copy_fn
        self.autogenerate_copy_fn = autogenerate_copy_fn
        self.init_fn = init_fn
        self.init_val = init_val
        self.autogenerate_init_fn = autogenerate_init_fn
        self.check_default_fn = check_default_fn
        self.copy_deprecated_fn = copy_deprecated_fn
        self.json_gen_fn = json_gen_fn
        self.jsonc_json_gen_fn = jsonc_json_gen_fn
        self.json_parse_type = json_parse_type
        self.json_parse_fn = json_parse_fn
        self.autogenerate_json = autogenerate_json
        self.kwargs: Dict[str, Any] = {}
        self.kwarg_locs: Dict[str, SourceLocation] = {}
        self.signed: Any = False
        self.width: Optional[int] = None
        self.value_namespace: Any = None
        self.values: List[EnumValue] = []
        self.c_keyword: Optional[str] = None
        self.fields: List[Field] = []
        self.keyvar: Optional[Field] = None
        self.elem_type: Optional["Type"] = None
        self.lenvar: Optional[Field] = None
        self.bound_name: Optional[str] = None
        self.bindings: List[Any] = []
        self.nested: Any = None
        self.gen_jso_fn: Any = None
        self.members: List[Field] = []
        self.json_members: List[Field] = []

    def lookup(self, name: str) -> "Optional[EnumValue]":
        """The enumeration value named ``name``, compared case-insensitively."""
        up = name.upper()
        for v in self.values:
            if v.valuename == up:
                return v
        return None

    def missing_cases(self) -> "List[EnumValue]":
        """A keyed union's key values that no case names (Xen's generator then switches
        on the key without them, and has no default)."""
        cases = {c.enumname for c in self.fields}
        return [v for v in self.keyvar.type.values if v.name not in cases]

    def describe(self) -> str:
        if self.typename is not None:
            return "'%s'" % self.typename
        return "anonymous %s" % self.cls

    def __repr__(self) -> str:
        return "<%s %s>" % (self.cls, self.typename)


#: kind: the shape the generators branch on: enum, struct, keyed_union, array, union
#: (Union and plain Aggregate), builtin (Builtin, Number, UInt) or type (plain Type)
_KIND = {
    "Type": "type", "Builtin": "builtin", "Number": "builtin", "UInt": "builtin",
    "Enumeration": "enum", "Aggregate": "union", "Struct": "struct", "Union": "union",
    "KeyedUnion": "keyed_union", "Array": "array",
}

#: cls -> (kind, is_builtin, is_number, is_enum, is_aggregate, is_struct, is_keyed_union,
#: is_array): idl.py's isinstance() tests, as attributes (the templates read them often)
def _isa(c: str, base: str) -> bool:
    return c == base or base in CLASS_BASES[c]


_CLASS_FACTS = {
    c: (_KIND[c],) + tuple(_isa(c, b) for b in ("Builtin", "Number", "Enumeration",
                                                 "Aggregate", "Struct", "KeyedUnion",
                                                 "Array"))
    for c in CLASS_BASES
}


class Idl:
    """A parsed IDL: idl.py's (builtins, types) pair plus what xlidl knows besides.

    ``builtins`` and ``types`` are in idl.py's order: the order of the top-level names,
    a re-bound name moving to the end; the same object can appear twice when bound to two
    names.  ``predefined`` holds this parse's standard types (integer, string ...),
    ``names`` every top-level name and its value.
    """

    def __init__(self, file: str, builtins: "List[Type]", types: "List[Type]",
                 predefined: "Dict[str, Type]", names: "Dict[str, Any]"):
        self.file = file
        self.builtins = builtins
        self.types = types
        self.predefined = predefined
        self.names = names

    def lookup(self, typename: str) -> "Optional[Type]":
        for t in self.types:
            if t.typename == typename:
                return t
        for t in self.builtins:
            if t.typename == typename:
                return t
        return None
