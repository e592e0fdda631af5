"""The typed model of a libxl IDL: what Xen's idl.py builds, with source locations.

A class per kind of type, as idl.py has, each with its own attributes::

    Type                      idl.py's attributes, common to every kind
    ├── Builtin               a type written by hand in libxl (libxl_defbool ...)
    │   └── Number            an integer C type: signed
    │       └── UInt          uintW_t: width
    ├── Enumeration           value_namespace, values (EnumValue)
    ├── Aggregate             a C struct or union: c_keyword, fields
    │   ├── Struct            fields are Field
    │   ├── Union
    │   └── KeyedUnion        keyvar (the key Field), fields are Case
    └── Array                 elem_type, lenvar (the length Field)

``cls`` (the IDL constructor, "Struct" ...) and ``kind`` (the shape the templates branch
on) are constants of each class.  No C text lives here beyond the names that idl.py
itself computes (typename, *_dispose, *_init, *_parse_json ...): those names are the
compatibility surface.  gen/model/constructors.py makes these objects following idl.py's
default rules, gen/model/shapes.py adds what the generators derive from them
(``nested``, ``gen_jso_fn``, an aggregate's ``members`` and ``json_members``), and
gen/backend/ turns them into C.

Attribute values keep idl.py's Python types: most are ``str`` or ``None``, but an IDL may
give ``init_val=5`` or ``hidden=1``, and the generated C shows such values the way Python's
``"%s" % value`` does (see gen/backend/cexpr.py ``ctext``).  A flag given in the IDL may be
``True`` or an integer (``int``, as ``bool`` is one).  Where idl.py tests truthiness rather
than ``is None`` the emission code does the same.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import typing
    from typing import Any, ClassVar, Dict, List, Optional, Sequence, Tuple

    #: a C expression of the IDL (init_val): copied into the C as "%s" shows it
    CExpr = typing.Union[str, int, None]

from ..frontend.source import SourceLocation

PASS_BY_VALUE = 1
PASS_BY_REFERENCE = 2

DIR_NONE = 0
DIR_IN = 1
DIR_OUT = 2
DIR_BOTH = 3


class EnumValue:
    """One value of an Enumeration: ``(value, "name")`` in the IDL."""

    __slots__ = ("value", "valuename", "rawname", "name", "given_name", "loc")

    def __init__(self, value: int, valuename: str, rawname: str, name: str, given_name: str,
                 loc: "SourceLocation"):
        self.value = value            # idl.py formats it with %d
        self.valuename = valuename    # the name, upper-cased
        self.rawname = rawname        # ENUMRAWNAME_VALUENAME, upper-cased
        self.name = name              # the C constant: VALUE_NAMESPACE + rawname
        self.given_name = given_name  # the name as written
        self.loc = loc

    def __repr__(self) -> str:
        return "<EnumValue %s = %r>" % (self.name, self.value)


class Member:
    """An element of an aggregate, idl.py's Field: ``("name", type[, {kwargs}])``.  The
    two kinds are :class:`Field` (it has a type) and :class:`Case` (a keyed union's case,
    whose type may be None)."""

    __slots__ = ("type", "name", "const", "enumname", "init_val", "deprecated_by", "loc",
                 "name_loc")

    type: "Optional[Type]"

    def __init__(self, type: "Optional[Type]", name: str, const: int = False,
                 enumname: "Optional[str]" = None, init_val: "CExpr" = None,
                 deprecated_by: "Optional[str]" = None,
                 loc: "Optional[SourceLocation]" = None,
                 name_loc: "Optional[SourceLocation]" = None):
        self.type = type
        self.name = name
        self.const = const
        self.enumname = enumname      # the enum constant of a KeyedUnion case
        self.init_val = init_val
        self.deprecated_by = deprecated_by
        self.loc = loc                # the field's tuple
        self.name_loc = name_loc      # where the member's name is written

    def __repr__(self) -> str:
        return "<%s %s: %r>" % (type(self).__name__, self.name, self.type)


class Field(Member):
    """A member of a struct or union, or the key or length member Xen's generator adds
    for a keyed union or an array: it always has a type."""

    __slots__ = ()

    type: "Type"


class Case(Member):
    """A case of a keyed union: ``("name", type or None)``; ``enumname`` is the key's
    enumeration constant that selects it."""

    __slots__ = ()

    enumname: str


_new_object = object.__new__


def plain_field(type: "Type", name: str, loc: "Optional[SourceLocation]",
                name_loc: "Optional[SourceLocation]") -> "Field":
    """``Field(type, name, loc=loc, name_loc=name_loc)``, the other attributes at their
    defaults, made without the call of __init__ (gen/model/constructors.py makes one per
    member)."""
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


class Shapes:
    """How each generator treats a type as a member of another type ("nested"): the
    branch it takes per operation (gen/model/shapes.py computes them)."""

    __slots__ = ("dispose", "copy", "init", "gen_json", "parse_json", "copy_deprecated",
                 "gen_jso")

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


class Type:
    """Any IDL type, and a plain ``Type(...)`` of the IDL.

    The attributes from ``namespace`` to ``autogenerate_json`` are idl.py's, with idl.py's
    values.  ``nested`` and ``gen_jso_fn`` are set by gen/model/shapes.py's annotate()."""

    #: the IDL constructor that makes this class
    cls: "ClassVar[str]" = "Type"
    #: the shape the generators (and the templates) branch on: enum, struct, keyed_union,
    #: array, union (Union and plain Aggregate), builtin (Builtin, Number, UInt) or type
    kind: "ClassVar[str]" = "type"

    __slots__ = (
        "loc", "namespace", "hidden_flag", "dir", "passby", "private", "typename",
        "rawname", "dispose_fn", "autogenerate_dispose_fn", "copy_fn", "autogenerate_copy_fn",
        "init_fn", "init_val", "autogenerate_init_fn", "check_default_fn",
        "copy_deprecated_fn", "json_gen_fn", "jsonc_json_gen_fn", "json_parse_type",
        "json_parse_fn", "autogenerate_json",
        # every keyword argument as given in the IDL (name -> value), and where
        "kwargs", "kwarg_locs",
        # the name this object was last bound to at top level, and every (name, loc)
        "bound_name", "bindings",
        # gen/model/shapes.py: how each generator treats this type as a member, and the
        # function that generates its JSON with json-c (gentypes.py --libjsonc's rule)
        "nested", "gen_jso_fn",
    )

    nested: "Shapes"
    gen_jso_fn: "Optional[str]"

    def __init__(self, loc: "SourceLocation", namespace: "Optional[str]", hidden_flag: int,
                 dir: int, passby: int, private: int, typename: "Optional[str]",
                 rawname: "Optional[str]", dispose_fn: "Optional[str]",
                 autogenerate_dispose_fn: int, copy_fn: "Optional[str]",
                 autogenerate_copy_fn: int, init_fn: "Optional[str]", init_val: "CExpr",
                 autogenerate_init_fn: int, check_default_fn: "Optional[str]",
                 copy_deprecated_fn: "Optional[str]", json_gen_fn: "Optional[str]",
                 jsonc_json_gen_fn: "Optional[str]", json_parse_type: "Optional[str]",
                 json_parse_fn: "Optional[str]", autogenerate_json: int,
                 kwargs: "Dict[str, Any]", kwarg_locs: "Dict[str, SourceLocation]"):
        self.loc = loc
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
        self.kwargs = kwargs
        self.kwarg_locs = kwarg_locs
        self.bound_name: Optional[str] = None
        self.bindings: List[Tuple[str, SourceLocation]] = []

    def describe(self) -> str:
        if self.typename is not None:
            return "'%s'" % self.typename
        return "anonymous %s" % self.cls

    def __repr__(self) -> str:
        return "<%s %s>" % (self.cls, self.typename)


class Builtin(Type):
    """A type libxl implements by hand (idl.py's Builtin): only its functions' names."""

    cls = "Builtin"
    kind = "builtin"
    __slots__ = ()


class Number(Builtin):
    """An integer C type."""

    cls = "Number"
    __slots__ = ("signed",)

    signed: int


class UInt(Number):
    """uintW_t."""

    cls = "UInt"
    __slots__ = ("width",)

    width: int


class Enumeration(Type):
    """A C enum; ``value_namespace`` prefixes its values' constants."""

    cls = "Enumeration"
    kind = "enum"
    __slots__ = ("value_namespace", "values")

    value_namespace: str
    values: "List[EnumValue]"

    def lookup(self, name: str) -> "Optional[EnumValue]":
        """The enumeration value named ``name``, compared case-insensitively."""
        up = name.upper()
        for v in self.values:
            if v.valuename == up:
                return v
        return None


class Aggregate(Type):
    """A C struct or union (``c_keyword``) with ``fields``; the plain ``Aggregate(...)``
    of the IDL, which the generators treat as opaque.  ``members`` are the fields the
    generators walk (not const), ``json_members`` those that JSON walks (not const, not
    of a private type; a keyed union has none): set by gen/model/shapes.py."""

    cls = "Aggregate"
    kind = "union"
    __slots__ = ("c_keyword", "fields", "members", "json_members")

    c_keyword: str
    fields: "Sequence[Member]"
    members: "Sequence[Member]"
    json_members: "Sequence[Field]"


class Struct(Aggregate):
    cls = "Struct"
    kind = "struct"
    __slots__ = ()

    fields: "List[Field]"
    members: "List[Field]"


class Union(Aggregate):
    cls = "Union"
    __slots__ = ()

    fields: "List[Field]"
    members: "List[Field]"


class KeyedUnion(Aggregate):
    """A C union selected by the enumeration member ``keyvar``, which Xen's generator
    emits just before it."""

    cls = "KeyedUnion"
    kind = "keyed_union"
    __slots__ = ("keyvar",)

    keyvar: "Field"
    fields: "List[Case]"
    members: "List[Case]"

    @property
    def key_type(self) -> "Enumeration":
        """The enumeration of the key."""
        kt = self.keyvar.type
        assert isinstance(kt, Enumeration)
        return kt

    def missing_cases(self) -> "List[EnumValue]":
        """The key's values that no case names (Xen's generator then switches on the key
        without them, and has no default)."""
        cases = {c.enumname for c in self.fields}
        return [v for v in self.key_type.values if v.name not in cases]


class Array(Type):
    """A pointer to ``elem_type`` elements, with the int member ``lenvar`` that Xen's
    generator emits just before it."""

    cls = "Array"
    kind = "array"
    __slots__ = ("elem_type", "lenvar")

    elem_type: "Type"
    lenvar: "Field"


class Idl:
    """A parsed IDL: idl.py's (builtins, types) pair plus what xlidl knows besides.

    ``builtins`` and ``types`` are in idl.py's order: the order of the top-level names,
    a re-bound name moving to the end; the same object can appear twice when bound to two
    names.  ``predefined`` holds this parse's standard types (integer, string ...),
    ``names`` every top-level name and its value.
    """

    def __init__(self, file: str, builtins: "List[Builtin]", types: "List[Type]",
                 predefined: "Dict[str, Type]", names: "Dict[str, Any]"):
        self.file = file
        self.builtins = builtins
        self.types = types
        self.predefined = predefined
        self.names = names
        #: what gengotypes.py makes of it when loaded with go=True: a GoFiles of
        #: gen/model/gocheck.py (typed there: that module imports this one)
        self.go: "Any" = None

    def lookup(self, typename: str) -> "Optional[Type]":
        for t in self.types:
            if t.typename == typename:
                return t
        for t in self.builtins:
            if t.typename == typename:
                return t
        return None
