"""The typed model of a libxl IDL: what Xen's idl.py builds, with source locations.

No C text lives here beyond the names that idl.py itself computes (typename, *_dispose,
*_init, *_parse_json ...): those names are the compatibility surface.  gen/build.py fills
these objects following idl.py's default rules; gen/cexpr.py and the templates turn them
into C.

Attribute values keep idl.py's Python types: most are ``str`` or ``None``, but an IDL may
give ``init_val=5`` or ``hidden=1``, and the generated C shows such values the way Python's
``"%s" % value`` does (see gen/cexpr.py ``ctext``).  Where idl.py tests truthiness rather
than ``is None`` the emission code does the same.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .source import SourceLocation

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


@dataclass(eq=False)
class EnumValue:
    """One value of an Enumeration: ``(value, "name")`` in the IDL."""

    value: Any               # an int (idl.py formats it with %d)
    valuename: str           # the name, upper-cased
    rawname: str             # ENUMRAWNAME_VALUENAME, upper-cased
    name: str                # the C constant: VALUE_NAMESPACE + rawname, upper-cased
    given_name: str          # the name as written
    loc: SourceLocation


@dataclass(eq=False)
class Field:
    """An element of an aggregate: ``("name", type[, {kwargs}])``."""

    type: Optional["Type"]   # None only for a KeyedUnion case without data
    name: Any                # a str, or None for idl.py's anonymous member rule
    const: Any = False
    enumname: Any = None
    init_val: Any = None
    deprecated_by: Any = None
    loc: Optional[SourceLocation] = None
    #: where the member's name is written (loc is the whole tuple)
    name_loc: Optional[SourceLocation] = None


@dataclass(eq=False)
class Type:
    """Any IDL type.  ``cls`` is the IDL constructor that made it ("Struct", "UInt" ...)."""

    cls: str
    loc: SourceLocation
    namespace: Any
    hidden_flag: Any
    dir: Any
    passby: Any
    private: Any
    typename: Optional[str]
    rawname: Optional[str]
    dispose_fn: Any
    autogenerate_dispose_fn: Any
    copy_fn: Any
    autogenerate_copy_fn: Any
    init_fn: Any
    init_val: Any
    autogenerate_init_fn: Any
    check_default_fn: Any
    copy_deprecated_fn: Any
    json_gen_fn: Any
    jsonc_json_gen_fn: Any
    json_parse_type: Any
    json_parse_fn: Any
    autogenerate_json: Any
    #: every keyword argument as given in the IDL (name -> value)
    kwargs: Dict[str, Any] = field(default_factory=dict)
    kwarg_locs: Dict[str, SourceLocation] = field(default_factory=dict)
    # Number / UInt
    signed: Any = False
    width: Optional[int] = None
    # Enumeration
    value_namespace: Any = None
    values: List[EnumValue] = field(default_factory=list)
    # Aggregates
    c_keyword: Optional[str] = None      # "struct" / "union" (idl.py's Aggregate.kind)
    fields: List[Field] = field(default_factory=list)
    keyvar: Optional[Field] = None        # KeyedUnion
    # Array
    elem_type: Optional["Type"] = None
    lenvar: Optional[Field] = None
    #: the name this object was last bound to at top level, if any
    bound_name: Optional[str] = None
    #: every top-level name bound to this object, in order, with where
    bindings: List[Any] = field(default_factory=list)
    #: gen/shapes.py: how each generator treats this type as a member
    nested: Any = None

    # -- the class tests idl.py makes with isinstance() ----------------------------------
    def isa(self, cls: str) -> bool:
        return self.cls == cls or cls in CLASS_BASES[self.cls]

    @property
    def is_builtin(self) -> bool:
        return self.cls in ("Builtin", "Number", "UInt")

    @property
    def is_number(self) -> bool:
        return self.cls in ("Number", "UInt")

    @property
    def is_enum(self) -> bool:
        return self.cls == "Enumeration"

    @property
    def is_aggregate(self) -> bool:
        return self.cls in ("Aggregate", "Struct", "Union", "KeyedUnion")

    @property
    def is_struct(self) -> bool:
        return self.cls == "Struct"

    @property
    def is_keyed_union(self) -> bool:
        return self.cls == "KeyedUnion"

    @property
    def is_array(self) -> bool:
        return self.cls == "Array"

    @property
    def is_anonymous(self) -> bool:
        return self.typename is None

    @property
    def kind(self) -> str:
        """The shape the generators branch on: enum, struct, keyed_union, array, union
        (Union and plain Aggregate), builtin (Builtin, Number, UInt) or type."""
        return _KIND[self.cls]

    def lookup(self, name: str) -> Optional[EnumValue]:
        """The enumeration value named ``name``, compared case-insensitively."""
        up = name.upper()
        for v in self.values:
            if v.valuename == up:
                return v
        return None

    def describe(self) -> str:
        if self.typename is not None:
            return "'%s'" % self.typename
        return "anonymous %s" % self.cls

    def __repr__(self) -> str:
        return "<%s %s>" % (self.cls, self.typename)


_KIND = {
    "Type": "type", "Builtin": "builtin", "Number": "builtin", "UInt": "builtin",
    "Enumeration": "enum", "Aggregate": "union", "Struct": "struct", "Union": "union",
    "KeyedUnion": "keyed_union", "Array": "array",
}


@dataclass
class Idl:
    """A parsed IDL: idl.py's (builtins, types) pair plus what xlidl knows besides.

    ``builtins`` and ``types`` are in idl.py's order: the order of the top-level names,
    a re-bound name moving to the end; the same object can appear twice when bound to two
    names.
    """

    file: str
    builtins: List[Type]
    types: List[Type]
    #: the predefined objects (integer, string, ...) of this parse
    predefined: Dict[str, Type]
    #: top-level name -> bound value, for tools that want to look things up
    names: Dict[str, Any]
    jsonc: bool = False
    warnings: list = field(default_factory=list)

    def lookup(self, typename: str) -> Optional[Type]:
        for t in self.types:
            if t.typename == typename:
                return t
        for t in self.builtins:
            if t.typename == typename:
                return t
        return None
