"""What Xen's tools/golang/xenlight/gengotypes.py makes of the checked model, and its
checks: run by the load pipeline (gen/model/load.py, ``go=True``) with the other checks.

gengotypes.py writes the generated half of Xen's Go package `xenlight`: types.gen.go (a
Go type for every enumeration and aggregate, the enumeration constants, an interface per
keyed union and a struct per union case) and helpers.gen.go (the cgo preamble, and for
every Struct a NewTYPE constructor calling libxl's init, fromC and toC).  This module
holds gengotypes' naming rules (exported CamelCase names, the `type`/`func` escapes of
cgo member names, the table of Go builtin types) and, for every function of
gengotypes.py, the facts its text is made of.  The Go backend (gen/backend/golang.py)
renders the facts with the templates in templates/go/; the rest of the model stays
language-free.  The facts live here, below the backend, because the checks read them:
a warning names the Go gengotypes.py writes.

Two passes over the model, each following gengotypes.py function by function and in its
order:

* lowering (:class:`_Lower`) makes the facts, one small class per kind (:class:`Fact`):
  what the templates write.  Where gengotypes.py stops with an exception (an anonymous
  Union member, a keyed union case that is not an aggregate, an anonymous type where it
  needs a type name ...), lowering stops too, with an error at the IDL place
  responsible: upstream writes no usable file there;
* checking (:class:`_Check`) walks the facts in the order gengotypes.py writes them and
  records a warning wherever it writes Go (or cgo C) that does not compile from valid
  IDL; the output is still exactly upstream's.  After a stop, the types lowered before
  it are checked.

Entry point: :func:`check` (the warnings and the error, recorded when the IDL is loaded;
it returns the facts, which the load keeps in ``Idl.go``).
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, ClassVar, Dict, List, Optional, Sequence, Set, Tuple

from ..compat import is_ascii
from ..errors import Diagnostic, Diagnostics
from ..frontend.source import SourceLocation
from .types import (Aggregate, Array, Builtin, Case, Enumeration, EnumValue, Field, Idl,
                    KeyedUnion, Member, Struct, Type)

#: gengotypes.py's builtin_type_names before the IDL's builtins are added: the C names
#: of idl.py's bool, string, integer, uint8 ... uint64 and their Go types.  (Adding the
#: IDL's builtins maps each to its own formatted name, which is what the formatting
#: gives anyway, so this table is all there is.)
BUILTIN_TYPE_NAMES = {
    "bool": "bool",
    "char *": "string",
    "int": "int",
    "uint8_t": "byte",
    "uint16_t": "uint16",
    "uint32_t": "uint32",
    "uint64_t": "uint64",
}

#: gengotypes.py's go_builtin_types: Go types converted by a cast, not by fromC/toC
GO_BUILTIN_TYPES = ("bool", "string", "int", "byte", "uint16", "uint32", "uint64")

#: gengotypes.py's go_keywords: the only member names it escapes for cgo (as _type, _func)
ESCAPED_KEYWORDS = ("type", "func")

#: the Go language's keywords
GO_KEYWORDS = frozenset((
    "break", "case", "chan", "const", "continue", "default", "defer", "else",
    "fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map",
    "package", "range", "return", "select", "struct", "switch", "type", "var"))

#: the predefined idl.py types gengotypes.py has no Go type for (typename -> IDL name)
UNMAPPED_STANDARD_TYPES = {"size_t": "size_t", "void *": "void"}

class _Stop(Exception):
    """gengotypes.py stops here (it raises); carries the error diagnostic."""

    def __init__(self, diagnostic: "Diagnostic"):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def text(v: "Any") -> str:
    """A value as str.format() shows it, which is how gengotypes.py writes every name
    and number (None becomes "None")."""
    return "{0}".format(v)


# gengotypes.py's names of a keyed union KEY of struct S: the Go interface S_KEY_union, the
# struct of case C S_KEY_union_C (also the cgo typedef), the member KEY_union
def union_name(struct_name: "Any", key: str) -> str:
    return "%s_%s_union" % (text(struct_name), key)


def case_struct_name(struct_name: "Any", key: str, case: str) -> str:
    return "%s_%s_union_%s" % (text(struct_name), key, case)


def union_field_name(key: str) -> str:
    return "%s_union" % key


def is_go_identifier(s: str) -> bool:
    """An ASCII Go identifier that is not a keyword or the blank identifier."""
    return (bool(s) and is_ascii(s) and s.isidentifier() and s not in GO_KEYWORDS
            and s != "_")


def go_name(name: "Any", exported: bool = True) -> str:
    """gengotypes.py's xenlight_golang_fmt_name: a C name (type, member, constant) as Go
    names it: the table of builtin types first; otherwise the words between underscores,
    without a leading "libxl" word, each word str.title()'d (all of them when exported,
    all but the first otherwise).  Raises ValueError where gengotypes.py raises
    (a name that is None; an unexported name that is only "libxl")."""
    if name in BUILTIN_TYPE_NAMES:
        return BUILTIN_TYPE_NAMES[name]
    if not isinstance(name, str):
        raise ValueError("there is no name (AttributeError)")
    words = name.split("_")
    if words[0].lower() == "libxl":
        words.remove(words[0])
    if exported:
        return "".join(w.title() for w in words)
    if not words:
        raise ValueError("'%s' has no word left once the word 'libxl' is dropped "
                         "(IndexError)" % name)
    return words[0] + "".join(w.title() for w in words[1:])


def cgo_member(name: str) -> str:
    """How gengotypes.py spells a C member in Go where it escapes keywords at all."""
    return "_" + name if name in ESCAPED_KEYWORDS else name


#: (size, alignment) of the C types whose layout is known (x86-64 and the like)
_C_LAYOUT = {"int": (4, 4), "bool": (1, 1), "uint8_t": (1, 1), "uint16_t": (2, 2),
             "uint32_t": (4, 4), "uint64_t": (8, 8), "size_t": (8, 8), "char *": (8, 8),
             "void *": (8, 8)}


def _round(n: int, align: int) -> int:
    return (n + align - 1) // align * align


def c_members(ty: "Aggregate") -> "List[Tuple[Optional[Member], Any]]":
    """The members of the C struct or union of an aggregate, in C order, as (field, what):
    what is a Type, or "int"/"pointer"/"enum" for the members Xen's generator adds (an
    array's length, a keyed union's key) and an array's pointer."""
    out: List[Tuple[Optional[Member], Any]] = []
    for f in ty.fields:
        ft = f.type
        if ft is None:
            continue
        if isinstance(ft, Array):
            out.append((None, "int"))
            out.append((f, "pointer"))
        elif isinstance(ft, KeyedUnion):
            out.append((None, "enum"))
            out.append((f, ft))
        else:
            out.append((f, ft))
    return out


class CLayout:
    """Sizes of the C types of the model as far as xlidl knows them, memoised: enough to
    tell which members cgo leaves out of a struct (see :meth:`dropped_members`)."""

    def __init__(self) -> None:
        self._layout: Dict[Type, Optional[Tuple[int, int]]] = {}
        self._dropped: Dict[Type, List[Member]] = {}

    def layout(self, what: "Any") -> "Optional[Tuple[int, int]]":
        """(size, alignment) of a C member, or None where it depends on a type whose
        layout xlidl does not know (the IDL's own builtins)."""
        if what == "int" or what == "enum":
            return (4, 4)
        if what == "pointer":
            return (8, 8)
        ty = what
        if isinstance(ty, Enumeration):
            return (4, 4)
        if not isinstance(ty, Aggregate):
            return _C_LAYOUT.get(ty.typename)
        if ty not in self._layout:
            self._layout[ty] = self._aggregate(ty)
        return self._layout[ty]

    def _aggregate(self, ty: "Aggregate") -> "Optional[Tuple[int, int]]":
        size = align = 0
        union = ty.c_keyword == "union"
        for f, m in c_members(ty):
            lay = self.layout(m)
            if lay is None:
                return None
            msize, malign = lay
            align = max(align, malign)
            size = max(size, msize) if union else _round(size, malign) + msize
        return (_round(size, align or 1), align or 1)

    def dropped_members(self, ty: "Type") -> "List[Member]":
        """The members of an aggregate's C struct that cgo leaves out of its Go view: the
        zero-size members at its end, when the struct has a size and no tail padding
        (cgo's gcc.go, Go issue 9401).  A struct of unknown layout counts as having no
        tail padding."""
        if ty not in self._dropped:
            self._dropped[ty] = self._find_dropped(ty)
        return self._dropped[ty]

    def _find_dropped(self, ty: "Type") -> "List[Member]":
        if not isinstance(ty, Aggregate) or ty.c_keyword == "union":
            return []
        members = c_members(ty)
        off = 0
        sizes: List[Optional[int]] = []
        for f, m in members:
            lay = self.layout(m)
            sizes.append(None if lay is None else lay[0])
            if lay is not None:
                off = _round(off, lay[1]) + lay[0]
        whole = self.layout(ty)
        if whole is not None and (off == 0 or whole[0] != off):
            return []  # no size, or tail padding ends the struct
        out = []
        for (f, m), size in zip(reversed(members), reversed(sizes)):
            if size != 0:
                break
            if f is not None:
                out.append(f)
        return out


# -- the facts ------------------------------------------------------------------------------
#
# One small class per kind of fact.  ``kind`` names the macro that writes it (the
# templates' dispatch tables); the other attributes are the names and sub-facts it
# writes, and the model objects the checks look at.

class Fact:
    """A node of the facts the templates read."""

    __slots__ = ()
    #: the template macro that writes it
    kind: "ClassVar[str]" = ""
    #: the packages helpers.gen.go needs for it (see _Check.imports)
    imports: "ClassVar[Tuple[str, ...]]" = ()

    def parts(self) -> "Sequence[Fact]":
        """The facts written inside this one (for the walk of check_imports)."""
        return ()

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % (k, getattr(self, k)) for c in type(self).__mro__
            for k in getattr(c, "__slots__", ())))


# types.gen.go

class EnumConst(Fact):
    """A constant of an enumeration."""

    kind = "value"
    __slots__ = ("value_", "name", "value")

    def __init__(self, value_: "EnumValue", name: str, value: str):
        self.value_ = value_       # the model's value
        self.name = name
        self.value = value


class EnumDef(Fact):
    """An enumeration: its Go type (``typed``: it has a name) and its constants."""

    kind = "enum"
    __slots__ = ("ty", "typed", "name", "values", "extras")

    def __init__(self, ty: "Enumeration", name: str, values: "List[EnumConst]"):
        self.ty = ty
        self.typed = ty.typename is not None
        self.name = name
        self.values = values
        self.extras: List[Fact] = []


class StructDef(Fact):
    """A Go struct: a type of its own, or written in place (``nested``) for an anonymous
    member.  ``typename`` is the name it was given instead of its type's (a keyed union
    case's struct)."""

    kind = "struct"
    __slots__ = ("ty", "typename", "name", "nested", "members")

    def __init__(self, ty: "Aggregate", typename: "Optional[str]", name: str, nested: bool):
        self.ty = ty
        self.typename = typename
        self.name = name
        self.nested = nested
        self.members: List[Fact] = []


class AggregateDef(Fact):
    """A top-level aggregate, and the definitions that follow it."""

    kind = "aggregate"
    __slots__ = ("ty", "struct", "extras")

    def __init__(self, ty: "Aggregate", struct: "StructDef", extras: "List[Fact]"):
        self.ty = ty
        self.struct = struct
        self.extras = extras


class MemberField(Fact):
    """A member of a named type (not an array)."""

    kind = "member"
    __slots__ = ("field", "name", "type")

    def __init__(self, field: "Member", name: str, type: str):
        self.field = field
        self.name = name
        self.type = type


class SliceField(Fact):
    """An array member: a slice of the element's Go type ``elem``."""

    kind = "slice"
    __slots__ = ("field", "name", "elem")

    def __init__(self, field: "Member", name: str, elem: str):
        self.field = field
        self.name = name
        self.elem = elem


class NestedField(Fact):
    """An anonymous struct member."""

    kind = "nested"
    __slots__ = ("field", "struct")

    def __init__(self, field: "Member", struct: "StructDef"):
        self.field = field
        self.struct = struct


class Interface(Fact):
    """The interface of a keyed union."""

    kind = "interface"
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class IsMethod(Fact):
    """The method that makes a case's struct implement its union's interface."""

    kind = "is_method"
    __slots__ = ("type", "iface")

    def __init__(self, type: str, iface: str):
        self.type = type
        self.iface = iface


class UnionField(Fact):
    """A keyed union member: the key, and the union as an interface value.  ``cases``
    are the structs of its cases with a type, written after the owner's type with the
    interface (the owner's extras)."""

    kind = "keyed_union"
    __slots__ = ("field", "owner", "key", "keytype", "union", "iface", "interface", "cases")

    def __init__(self, field: "Member", owner: "Aggregate", names: "UnionNames",
                 interface: "Interface"):
        self.field = field
        self.owner = owner
        self.key = names.gokey
        self.keytype = names.gokeytype
        self.union = names.field_name
        self.iface = names.iface
        self.interface = interface
        self.cases: List[Tuple[Case, StructDef]] = []


class CaseTypedef(Fact):
    """The cgo typedef of a keyed union case's struct (helpers.gen.go's preamble)."""

    kind = "typedef"
    __slots__ = ("struct_name", "union_name", "case", "typedef")

    def __init__(self, struct_name: str, union_name: str, case: str, typedef: str):
        self.struct_name = struct_name
        self.union_name = union_name
        self.case = case
        self.typedef = typedef


# helpers.gen.go

class Init(Fact):
    """The call of a struct's init function in its constructor."""

    kind = "init"
    __slots__ = ("fn",)

    def __init__(self, fn: str):
        self.fn = fn


class InitKey(Fact):
    """The call of TYPE_init_KEY() for keyed union member ``field``, with the
    constructor's parameter ``param``."""

    kind = "init_key"
    __slots__ = ("field", "fn", "ctype", "param")

    def __init__(self, field: "Field", fn: str, ctype: str, param: str):
        self.field = field
        self.fn = fn
        self.ctype = ctype
        self.param = param


class Param(Fact):
    """A parameter of a constructor (``sep``: the comma before it)."""

    kind = "param"
    __slots__ = ("sep", "name", "type")

    def __init__(self, sep: str, name: str, type: str):
        self.sep = sep
        self.name = name
        self.type = type


class Constructor(Fact):
    """NewTYPE()."""

    kind = "constructor"
    __slots__ = ("ty", "gotype", "ctype", "inits", "params", "has_dispose", "dispose_fn")

    def __init__(self, ty: "Struct", gotype: str, inits: "List[Fact]",
                 params: "List[Param]"):
        self.ty = ty
        self.gotype = gotype
        self.ctype = text(ty.typename)
        self.inits = inits
        self.params = params
        self.has_dispose = ty.dispose_fn is not None
        self.dispose_fn = text(ty.dispose_fn)

    def parts(self) -> "Sequence[Fact]":
        return self.inits


class Conversion(Fact):
    """A member converted between C and Go (``direction`` "from_c" or "to_c"): ``field``
    of ``container``'s C struct, or of the anonymous struct member ``outer`` in it.
    ``cvar`` and ``govar`` are the variables, ``cname`` the member as cgo spells it."""

    __slots__ = ("field", "outer", "container", "direction", "gotype", "goname", "cname",
                 "cvar", "govar", "ctype")

    def __init__(self, field: "Member", outer: "Optional[Field]", container: "Aggregate",
                 direction: str, gotype: str, goname: str, cname: str, cvar: str,
                 govar: str):
        self.field = field
        self.outer = outer
        self.container = container
        self.direction = direction
        self.gotype = gotype
        self.goname = goname
        self.cname = cname
        self.cvar = cvar
        self.govar = govar
        self.ctype = text(_type_of(field).typename)


class Cast(Conversion):
    """Integers, enumerations, bool: a Go (or C) conversion."""

    kind = "cast"
    __slots__ = ()


class String(Conversion):
    """char *: C.GoString and C.CString."""

    kind = "string"
    __slots__ = ()


class Method(Conversion):
    """A Go type with fromC/toC methods (structs, the IDL's builtins)."""

    kind = "method"
    imports = ("fmt",)
    __slots__ = ()


class ArrayConversion(Fact):
    """An array member converted element by element (``golen``: the Go variable of
    its length, in toC)."""

    __slots__ = ("field", "direction", "gotype", "goname", "ctype", "cname", "cvar",
                 "govar", "clen", "golen")

    def __init__(self, field: "Member", direction: str, gotype: str, goname: str, cvar: str,
                 govar: str, golen: "Optional[str]"):
        at = field.type
        assert isinstance(at, Array)
        self.field = field
        self.direction = direction
        self.gotype = gotype
        self.goname = goname
        self.ctype = text(at.elem_type.typename)
        self.cname = field.name
        self.cvar = cvar
        self.govar = govar
        self.clen = at.lenvar.name
        self.golen = golen

    @property
    def array(self) -> "Array":
        at = self.field.type
        assert isinstance(at, Array)
        return at


class ArrayCast(ArrayConversion):
    kind = "array_cast"
    imports = ("unsafe",)
    __slots__ = ()


class ArrayMethod(ArrayConversion):
    kind = "array_method"
    imports = ("unsafe", "fmt")
    __slots__ = ()


class CaseFunction(Fact):
    """fromC of a keyed union case's struct."""

    kind = "case_from_c"
    imports = ("unsafe", "errors")
    __slots__ = ("field", "gotype", "struct_name", "gokeytype", "cgo_key", "val", "typename",
                 "union_name", "body")

    def __init__(self, field: "Case", names: "UnionNames", val: str, typename: str,
                 gotype: str, body: "List[Fact]"):
        self.field = field
        self.gotype = gotype
        self.struct_name = text(names.struct_name)
        self.gokeytype = names.gokeytype
        self.cgo_key = names.cgo_key
        self.val = val
        self.typename = typename
        self.union_name = names.member.name
        self.body = body

    def parts(self) -> "Sequence[Fact]":
        return self.body


class SwitchCase(Fact):
    """A case of fromC's switch on a keyed union's key that reads the case's struct."""

    kind = "case"
    __slots__ = ("field", "val", "gotype", "goname", "field_name")

    def __init__(self, field: "Case", val: str, gotype: str, goname: str, field_name: str):
        self.field = field
        self.val = val
        self.gotype = gotype
        self.goname = goname
        self.field_name = field_name


class SwitchNil(Fact):
    """A case of fromC's switch for a case without a type."""

    kind = "case_nil"
    __slots__ = ("val", "field_name")

    def __init__(self, val: str, field_name: str):
        self.val = val
        self.field_name = field_name


class UnionFromC(Fact):
    """fromC of a keyed union member: a switch on the key, its cases in the order of
    their names.  ``each`` is every case in the IDL's order, with its constant and its
    fromC (None for a case without a type; the functions follow the struct's fromC)."""

    kind = "keyed_union"
    imports = ("fmt",)
    __slots__ = ("field", "owner", "gokey", "gokeytype", "cgo_key", "cases", "each")

    def __init__(self, field: "Field", owner: "Struct", names: "UnionNames"):
        self.field = field
        self.owner = owner
        self.gokey = names.gokey
        self.gokeytype = names.gokeytype
        self.cgo_key = names.cgo_key
        self.cases: List[Fact] = []
        self.each: List[Tuple[Case, str, Optional[CaseFunction]]] = []

    def parts(self) -> "Sequence[Fact]":
        return self.cases


class CaseToC(Fact):
    """A case of toC's switch on a keyed union's key that writes the case's struct."""

    kind = "case"
    imports = ("unsafe", "errors")
    __slots__ = ("field", "val", "gotype", "field_name", "keyname", "var", "ctype", "body",
                 "union_name")

    def __init__(self, field: "Case", names: "UnionNames", val: str, gotype: str,
                 ctype: str, body: "List[Fact]"):
        self.field = field
        self.val = val
        self.gotype = gotype
        self.field_name = names.field_name
        self.keyname = names.keyname
        self.var = field.name
        self.ctype = ctype
        self.body = body
        self.union_name = names.member.name

    def parts(self) -> "Sequence[Fact]":
        return self.body


class CaseBreak(Fact):
    """A case of toC's switch for a case without a type."""

    kind = "case_break"
    __slots__ = ("val",)

    def __init__(self, val: str):
        self.val = val


class UnionToC(Fact):
    """toC of a keyed union member: the key, then a switch on it, cases in the IDL's
    order."""

    kind = "keyed_union"
    imports = ("fmt",)
    __slots__ = ("field", "owner", "gokey", "keytype", "cgo_key", "cases")

    def __init__(self, field: "Field", owner: "Struct", names: "UnionNames"):
        self.field = field
        self.owner = owner
        self.gokey = names.gokey
        self.keytype = text(names.keytype)
        self.cgo_key = names.cgo_key
        self.cases: List[Fact] = []

    def parts(self) -> "Sequence[Fact]":
        return self.cases


class FromC(Fact):
    """fromC() of a Struct."""

    kind = "from_c"
    __slots__ = ("ty", "gotype", "ctype", "body")

    def __init__(self, ty: "Struct", gotype: str):
        self.ty = ty
        self.gotype = gotype
        self.ctype = text(ty.typename)
        self.body: List[Fact] = []

    def parts(self) -> "Sequence[Fact]":
        return self.body


class ToC(Fact):
    """toC() of a Struct."""

    kind = "to_c"
    __slots__ = ("ty", "gotype", "ctype", "has_dispose", "dispose_fn", "body")

    def __init__(self, ty: "Struct", gotype: str):
        self.ty = ty
        self.gotype = gotype
        self.ctype = text(ty.typename)
        self.has_dispose = ty.dispose_fn is not None
        self.dispose_fn = text(ty.dispose_fn)
        self.body: List[Fact] = []

    def parts(self) -> "Sequence[Fact]":
        return self.body


class StructHelpers(Fact):
    """What helpers.gen.go has for a Struct: its constructor, fromC (and its keyed union
    cases' fromC, the extras) and toC."""

    __slots__ = ("ty", "constructor", "from_c", "extras", "to_c")

    def __init__(self, ty: "Struct", constructor: "Constructor", from_c: "FromC",
                 extras: "List[Fact]", to_c: "ToC"):
        self.ty = ty
        self.constructor = constructor
        self.from_c = from_c
        self.extras = extras
        self.to_c = to_c

    def parts(self) -> "Sequence[Fact]":
        return [self.constructor, self.from_c] + self.extras + [self.to_c]


class UnionNames:
    """The names gengotypes.py gives a keyed union member ``member`` of ``owner`` (and
    its cases), made once for types.gen.go's definitions, fromC and toC."""

    __slots__ = ("member", "union", "struct_name", "keyname", "keytype", "gokey", "gokeytype",
                 "field_name", "iface", "cgo_key", "vals", "case_structs", "case_gotypes")

    def __init__(self, member: "Member", union: "KeyedUnion", owner: "Aggregate",
                 name: "Callable[[Any, Optional[SourceLocation], str], str]"):
        kv = union.keyvar
        self.member = member
        self.union = union
        self.struct_name = owner.typename
        self.keyname = kv.name
        self.keytype = kv.type.typename
        self.gokey = name(kv.name, kv.loc, "a keyed union key")
        self.gokeytype = name(self.keytype, kv.loc, "a key type")
        self.field_name = name(union_field_name(kv.name), kv.loc, "a union")
        self.iface = name(union_name(self.struct_name, kv.name), kv.loc, "a union")
        self.cgo_key = cgo_member(kv.name)
        #: per case (by name): its Go constant, the C name of its struct, its Go type
        self.vals: Dict[str, str] = {}
        self.case_structs: Dict[str, str] = {}
        self.case_gotypes: Dict[str, str] = {}
        for c in union.fields:
            self.vals[c.name] = name("%s_%s" % (text(self.keytype), c.name), c.loc,
                                     "a keyed union case")
            if c.type is not None:
                cs = case_struct_name(self.struct_name, kv.name, c.name)
                self.case_structs[c.name] = cs
                self.case_gotypes[c.name] = name(cs, c.loc, "a union case")


class GoFiles:
    """What the walk found: the facts of both files, warnings, and the error that stops
    gengotypes.py (None when it writes both files)."""

    def __init__(self) -> None:
        self.types: List[Fact] = []         # types.gen.go: one fact per IDL type
        self.preamble: List[CaseTypedef] = []   # the cgo typedefs of keyed union cases
        self.helpers: List[StructHelpers] = []  # helpers.gen.go: one per Struct
        self.warnings: List[Diagnostic] = []
        self.error: Optional[Diagnostic] = None


# -- lowering: the model to facts -----------------------------------------------------------

class _Lower:
    """gengotypes.py's functions, each giving facts instead of text; where gengotypes.py
    raises, :class:`_Stop`.  Each top-level fact is added to the files once whole."""

    def __init__(self, idl: "Idl", out: "GoFiles"):
        self.idl = idl
        self.out = out
        self._unions: Dict[Tuple[int, int], UnionNames] = {}

    def stop(self, loc: "Optional[SourceLocation]", message: str) -> "_Stop":
        return _Stop(Diagnostic(loc, "error", "no Go bindings: " + message))

    def name(self, name: "Any", loc: "Optional[SourceLocation]", what: str,
             exported: bool = True) -> str:
        """go_name(), stopping where gengotypes.py's fmt_name raises."""
        try:
            return go_name(name, exported)
        except ValueError as e:
            raise self.stop(loc, "gengotypes.py cannot make a Go name for %s: %s" % (what, e))

    def union_names(self, member: "Member", union: "KeyedUnion",
                    owner: "Aggregate") -> "UnionNames":
        key = (id(owner), id(member))
        names = self._unions.get(key)
        if names is None:
            names = self._unions[key] = UnionNames(member, union, owner, self.name)
        return names

    def run(self) -> None:
        # gengotypes.py's main: the IDL's builtins go into the name table first
        for b in self.idl.builtins:
            if b.typename is None:
                raise self.stop(b.loc, "gengotypes.py makes a Go name for every Builtin of "
                                "the IDL, and this one has no name (it stops with "
                                "AttributeError)")
            self.name(b.typename, b.loc, "builtin %s" % b.describe())
        for ty in self.idl.types:
            self.out.types.append(self.type_define(ty))
        for ty in self.idl.types:
            if isinstance(ty, Struct):
                ctor = self.define_constructor(ty)
                from_c, extras = self.define_from_c(ty)
                to_c = self.define_to_c(ty)
                self.out.helpers.append(StructHelpers(ty, ctor, from_c, extras, to_c))

    # -- types.gen.go --------------------------------------------------------------------
    def type_define(self, ty: "Type") -> "Fact":
        if isinstance(ty, Enumeration):
            return self.define_enum(ty)
        if isinstance(ty, Aggregate):
            struct, extras = self.define_struct(ty, None, False)
            return AggregateDef(ty, struct, extras)
        raise self.stop(ty.loc, "%s is neither an Enumeration nor an aggregate"
                        % ty.describe())

    def define_enum(self, ty: "Enumeration") -> "EnumDef":
        name = ""
        if ty.typename is not None:
            name = self.name(ty.typename, ty.loc, "the enumeration")
        values = [EnumConst(v, self.name(v.name, v.loc, "an enumeration value"), text(v.value))
                  for v in ty.values]
        return EnumDef(ty, name, values)

    def define_struct(self, ty: "Type", typename: "Optional[str]",
                      nested: bool) -> "Tuple[StructDef, List[Fact]]":
        """xenlight_golang_define_struct: the Go struct (``nested``: a member's anonymous
        struct, written in place) and the extra definitions that follow its type."""
        name = self.name(typename if typename is not None else ty.typename, ty.loc,
                         "a struct")
        if not isinstance(ty, Aggregate):  # gengotypes.py reads ty.fields, which only
            raise self.stop(ty.loc, "%s is used where it needs an aggregate (a keyed "  # ...
                            "union case's type must be a Struct or None)" % ty.describe())
        struct = StructDef(ty, typename, name, nested)
        extras: List[Fact] = []
        for f in ty.fields:
            ft = f.type
            if ft is None:
                raise self.stop(f.loc, "case '%s' of a keyed union used as a struct has no "
                                "type" % f.name)
            if ft.typename is not None:
                if isinstance(ft, Array):
                    elem = self.name(ft.elem_type.typename, f.loc, "an array element type")
                    struct.members.append(SliceField(f, self.name(f.name, f.loc, "a member"),
                                                     elem))
                else:
                    gotype = self.name(ft.typename, f.loc, "a member type")
                    struct.members.append(MemberField(f, self.name(f.name, f.loc, "a member"),
                                                      gotype))
            elif isinstance(ft, Struct):
                inner, more = self.define_struct(ft, f.name, True)
                struct.members.append(NestedField(f, inner))
                extras.extend(more)
            elif isinstance(ft, KeyedUnion):
                member, more = self.define_union(ft, ty, f)
                struct.members.append(member)
                extras.extend(more)
            else:
                raise self.stop(f.loc, "member '%s' is an anonymous %s; gengotypes.py "
                                "supports only anonymous Structs and KeyedUnions (it stops "
                                "with \"type ... not supported\")" % (f.name, ft.cls))
        return struct, extras

    def define_union(self, ty: "KeyedUnion", owner: "Aggregate",
                     member: "Member") -> "Tuple[UnionField, List[Fact]]":
        """xenlight_golang_define_union: the key and union members, and the extras (the
        interface, each case's struct and its interface method); the cgo typedef of each
        case goes to the preamble."""
        names = self.union_names(member, ty, owner)
        interface = Interface(names.iface)
        fact = UnionField(member, owner, names, interface)
        extras: List[Fact] = [interface]
        for c in ty.fields:
            ct = c.type
            if ct is None:
                continue
            if not isinstance(ct, Aggregate):
                raise self.stop(c.loc, "case '%s' of keyed union '%s' has the type %s: "
                                "gengotypes.py reads the members of a case's type, which "
                                "only a Struct has (it stops with AttributeError)"
                                % (c.name, member.name, ct.describe()))
            case_struct = names.case_structs[c.name]
            case, more = self.define_struct(ct, case_struct, False)
            fact.cases.append((c, case))
            extras.append(case)
            extras.extend(more)
            self.out.preamble.append(CaseTypedef(text(names.struct_name), member.name, c.name,
                                                 case_struct))
            extras.append(IsMethod(names.case_gotypes[c.name], names.iface))
        return fact, extras

    # -- helpers.gen.go ------------------------------------------------------------------
    def define_constructor(self, ty: "Struct") -> "Constructor":
        gotype = self.name(ty.typename, ty.loc, "a struct")
        inits: List[Fact] = [Init(text(ty.init_fn))]
        params: List[Param] = []
        for f in ty.fields:
            ft = f.type
            if not isinstance(ft, KeyedUnion):
                continue
            kv = ft.keyvar
            ptype = self.name(kv.type.typename, kv.loc, "a key type")
            pname = self.name(kv.name, kv.loc, "a constructor parameter", exported=False)
            if pname == "type":
                if not ptype:
                    raise self.stop(kv.loc, "the key 'type' of keyed union '%s' has a type "
                                    "whose Go name is empty" % f.name)
                pname = ptype.lower()[0] + "type"
            inits.append(InitKey(f, "%s_%s" % (text(ty.init_fn), kv.name),
                                 text(kv.type.typename), pname))
            params.append(Param("," if params else "", pname, ptype))
        return Constructor(ty, gotype, inits, params)

    def define_from_c(self, ty: "Struct") -> "Tuple[FromC, List[Fact]]":
        fact = FromC(ty, self.name(ty.typename, ty.loc, "a struct"))
        extras: List[Fact] = []
        for f in ty.fields:
            ft = f.type
            if ft.typename is not None:
                if isinstance(ft, Array):
                    fact.body.append(self.array(f, "xc", "x", "from_c"))
                else:
                    fact.body.append(self.conversion(f, None, "from_c", ty, "xc", "x"))
            elif isinstance(ft, Struct):
                for nf in ft.fields:
                    fact.body.append(self.conversion(nf, f, "from_c", ty, "xc", "x"))
            elif isinstance(ft, KeyedUnion):
                switch, more = self.union_from_c(ft, f, ty)
                fact.body.append(switch)
                extras.extend(more)
            else:
                raise self.stop(f.loc, "member '%s' is an anonymous %s" % (f.name, ft.cls))
        return fact, extras

    def define_to_c(self, ty: "Struct") -> "ToC":
        fact = ToC(ty, self.name(ty.typename, ty.loc, "a struct"))
        for f in ty.fields:
            ft = f.type
            if ft.typename is not None:
                if isinstance(ft, Array):
                    fact.body.append(self.array(f, "xc", "x", "to_c"))
                else:
                    fact.body.append(self.conversion(f, None, "to_c", ty, "xc", "x"))
            elif isinstance(ft, Struct):
                for nf in ft.fields:
                    fact.body.append(self.conversion(nf, f, "to_c", ty, "xc", "x"))
            elif isinstance(ft, KeyedUnion):
                fact.body.append(self.union_to_c(ft, f, ty))
            else:
                raise self.stop(f.loc, "member '%s' is an anonymous %s" % (f.name, ft.cls))
        return fact

    def conversion(self, f: "Member", outer: "Optional[Field]", direction: str,
                   container: "Aggregate", cvar: str, govar: str) -> "Conversion":
        """convert_from_C and convert_to_C: a Cast, String or Method of ``f``, a member of
        ``container``'s C struct (or of ``outer``, the anonymous struct holding ``f``)."""
        ft = f.type
        if ft is None:
            raise self.stop(f.loc, "case '%s' has no type where a member is converted"
                            % f.name)
        if ft.typename is None:
            raise self.stop(f.loc, "member '%s' is an anonymous %s inside an anonymous struct "
                            "or a keyed union case, whose members gengotypes.py converts one "
                            "by one by their type's name (it stops with AttributeError)"
                            % (f.name, ft.cls))
        gotype = self.name(ft.typename, f.loc, "the type of member '%s'" % f.name)
        goname = self.name(f.name, f.loc, "a member")
        cname = cgo_member(f.name)
        if outer is not None:
            goname = "%s.%s" % (self.name(outer.name, outer.loc, "a member"), goname)
            cname = "%s.%s" % (outer.name, cname)
        castable = (ft.json_parse_type == "JSON_INTEGER" or isinstance(ft, Enumeration)
                    or gotype in GO_BUILTIN_TYPES)
        cls = Method if not castable else String if gotype == "string" else Cast
        return cls(f, outer, container, direction, gotype, goname, cname, cvar, govar)

    def array(self, f: "Member", cvar: str, govar: str, direction: str) -> "ArrayConversion":
        """array_from_C and array_to_C: an ArrayCast or an ArrayMethod."""
        at = f.type
        assert isinstance(at, Array)
        elem = at.elem_type
        gotype = self.name(elem.typename, f.loc, "an array element type")
        goname = self.name(f.name, f.loc, "a member")
        golen = None
        if direction == "to_c":
            golen = self.name(at.lenvar.name, at.lenvar.loc, "an array length", exported=False)
        cls = (ArrayCast if gotype in GO_BUILTIN_TYPES or isinstance(elem, Enumeration)
               else ArrayMethod)
        return cls(f, direction, gotype, goname, cvar, govar, golen)

    def case_body(self, case: "Case", cvar: str, govar: str,
                  direction: str) -> "List[Fact]":
        """The conversions of the members of a keyed union case's struct."""
        ct = case.type
        assert isinstance(ct, Aggregate)
        body: List[Fact] = []
        for nf in ct.fields:
            if isinstance(nf.type, Array):
                body.append(self.array(nf, cvar, govar, direction))
            else:
                body.append(self.conversion(nf, None, direction, ct, cvar, govar))
        return body

    def union_from_c(self, ty: "KeyedUnion", member: "Field",
                     owner: "Struct") -> "Tuple[UnionFromC, List[Fact]]":
        names = self.union_names(member, ty, owner)
        fact = UnionFromC(member, owner, names)
        extras: List[Fact] = []
        for c in ty.fields:
            val = names.vals[c.name]
            function = None
            if c.type is not None:
                if not isinstance(c.type, Aggregate):
                    raise self.stop(c.loc, "keyed union case '%s' has %s, not a Struct"
                                    % (c.name, c.type.describe()))
                function = CaseFunction(c, names, val, names.case_structs[c.name],
                                        names.case_gotypes[c.name],
                                        self.case_body(c, "tmp", "x", "from_c"))
                extras.append(function)
            fact.each.append((c, val, function))
        for c in sorted(ty.fields, key=lambda c: c.name):
            if c.type is None:
                fact.cases.append(SwitchNil(names.vals[c.name], names.field_name))
            else:
                goname = self.name("%s_%s" % (names.keyname, c.name), c.loc, "a union case",
                                   exported=False)
                fact.cases.append(SwitchCase(c, names.vals[c.name], names.case_gotypes[c.name],
                                             goname, names.field_name))
        return fact, extras

    def union_to_c(self, ty: "KeyedUnion", member: "Field", owner: "Struct") -> "UnionToC":
        names = self.union_names(member, ty, owner)
        fact = UnionToC(member, owner, names)
        for c in ty.fields:
            val = names.vals[c.name]
            if c.type is None:
                fact.cases.append(CaseBreak(val))
                continue
            if not isinstance(c.type, Aggregate):
                raise self.stop(c.loc, "keyed union case '%s' has %s, not a Struct"
                                % (c.name, c.type.describe()))
            fact.cases.append(CaseToC(c, names, val, names.case_gotypes[c.name],
                                      names.case_structs[c.name],
                                      self.case_body(c, c.name, "tmp", "to_c")))
        return fact


# -- checking: the facts against what Go and cgo accept -----------------------------------

class _Check:
    """The warnings about the facts: Go (or cgo C) that gengotypes.py writes and that
    does not compile.  The facts are checked in the order gengotypes.py writes them."""

    def __init__(self, idl: "Idl", out: "GoFiles"):
        self.idl = idl
        self.out = out
        self.layout = CLayout()
        self._seen: Set[Tuple[Optional[SourceLocation], str]] = set()
        #: the Go package's top-level names: name -> (loc, what)
        self._package: Dict[str, Tuple[Optional[SourceLocation], str]] = {}

    def warn(self, loc: "Optional[SourceLocation]", message: str,
             *notes: "Tuple[Optional[SourceLocation], str]") -> None:
        key = (loc, message)
        if key in self._seen:
            return
        self._seen.add(key)
        d = Diagnostic(loc, "warning", message)
        for nloc, nmsg in notes:
            d.note(nloc, nmsg)
        self.out.warnings.append(d)

    def run(self, whole: bool) -> None:
        """Check every fact; ``whole``: the walk did not stop (the imports are checked
        then)."""
        for fact in self.out.types:
            if isinstance(fact, EnumDef):
                self.enum(fact)
            elif isinstance(fact, AggregateDef):
                self.struct(fact.struct)
        for h in self.out.helpers:
            self.constructor(h.constructor)
            self.from_c(h.from_c)
            self.to_c(h.to_c)
        if whole:
            self.imports()

    # -- what Go and cgo accept ------------------------------------------------------------
    def declare(self, goname: str, loc: "Optional[SourceLocation]", what: str) -> None:
        """A top-level name of the Go package: it must be an identifier, and unique."""
        if not is_go_identifier(goname):
            self.warn(loc, "gengotypes.py declares %s as '%s', which is not a Go identifier "
                      "(the Go does not compile)" % (what, goname))
            return
        first = self._package.get(goname)
        if first is None:
            self._package[goname] = (loc, what)
        else:
            self.warn(loc, "gengotypes.py declares %s as '%s', the Go name it also gives %s "
                      "(the Go package declares it twice and does not compile)"
                      % (what, goname, first[1]), (first[0], "%s is here" % first[1]))

    def fields(self, members: "List[Tuple[str, Optional[SourceLocation], str]]",
               struct: str) -> None:
        """The Go field names of one generated struct: identifiers, and unique."""
        seen: Dict[str, Tuple[Optional[SourceLocation], str]] = {}
        for goname, loc, what in members:
            if not is_go_identifier(goname):
                self.warn(loc, "gengotypes.py gives %s the Go field name '%s' in struct %s, "
                          "which is not a Go identifier (the Go does not compile)"
                          % (what, goname, struct))
                continue
            if goname in seen:
                self.warn(loc, "gengotypes.py gives %s the Go field name '%s' in struct %s, "
                          "as it does %s (a duplicate field: the Go does not compile)"
                          % (what, goname, struct, seen[goname][1]),
                          (seen[goname][0], "%s is here" % seen[goname][1]))
            else:
                seen[goname] = (loc, what)

    def type_use(self, ty: "Type", gotype: str, loc: "Optional[SourceLocation]",
                 what: str) -> None:
        """A Go type written for a member (or element): one the package can define."""
        tn = ty.typename
        if tn in UNMAPPED_STANDARD_TYPES and ty in self.idl.predefined.values():
            self.warn(loc, "%s has idl.py's standard type %s, which is not in gengotypes.py's "
                      "table of Go types: it writes the Go type '%s', which nothing defines "
                      "(the Go does not compile)" % (what, UNMAPPED_STANDARD_TYPES[tn], gotype))
        elif not is_go_identifier(gotype):
            self.warn(loc, "%s has the C type '%s', for which gengotypes.py writes the Go type "
                      "'%s', which is not a Go identifier (the Go does not compile)"
                      % (what, tn, gotype))

    def c_type(self, ty: "Type", loc: "Optional[SourceLocation]", what: str) -> None:
        """A C type written as C.NAME (a conversion, an element type, C.sizeof_NAME)."""
        tn = text(ty.typename)
        if not (is_ascii(tn) and tn.isidentifier()):
            self.warn(loc, "%s has the C type '%s', which gengotypes.py writes as C.%s "
                      "(not a cgo name: the Go does not compile)" % (what, tn, tn))

    def visible(self, container: "Type", f: "Member") -> None:
        """A C member gengotypes.py reads or writes through cgo: cgo leaves out the
        zero-size members at the end of a C struct (they would change its size in Go)."""
        if f in self.layout.dropped_members(container):
            self.warn(f.name_loc or f.loc, "member '%s' has size zero and ends the C struct of "
                      "%s: cgo leaves such members out of the Go view of the struct, so "
                      "gengotypes.py's access to it does not compile" % (f.name,
                                                                          container.describe()))

    def access(self, member: str, loc: "Optional[SourceLocation]", what: str) -> None:
        """A C member read or written through cgo as written by gengotypes.py."""
        for part in member.split("."):
            if part in GO_KEYWORDS:
                self.warn(loc, "gengotypes.py writes the C member %s as '.%s', a Go keyword "
                          "(cgo spells it '._%s'; gengotypes.py escapes only 'type' and "
                          "'func', and only in member conversions): the Go does not compile"
                          % (what, part, part))

    def local(self, name: str, taken: "Tuple[str, ...]", loc: "Optional[SourceLocation]",
              what: str, where: str) -> None:
        """A Go variable gengotypes.py declares in generated code; ``taken`` are the names
        the code also uses in that scope (C is never one: cgo rewrites every C.name)."""
        if name in GO_KEYWORDS or not is_go_identifier(name):
            self.warn(loc, "gengotypes.py declares a Go variable '%s' for %s in %s, which is "
                      "not a usable Go identifier (the Go does not compile)"
                      % (name, what, where))
        elif name in taken:
            self.warn(loc, "gengotypes.py declares a Go variable '%s' for %s in %s, where the "
                      "generated code also uses '%s' for itself (the Go does not compile)"
                      % (name, what, where, name))

    @staticmethod
    def has_methods(ty: "Type") -> bool:
        """Whether gengotypes.py or Xen's hand-written xenlight.go give the Go type of
        ``ty`` fromC/toC methods: generated for Structs; written by hand for the IDL's
        builtins (Bitmap, Defbool ...), except integer ones, which the generator itself
        converts by a cast everywhere else."""
        if isinstance(ty, Struct):
            return True
        if isinstance(ty, Builtin):
            return ty.json_parse_type != "JSON_INTEGER"
        return False

    def method(self, ty: "Type", loc: "Optional[SourceLocation]", what: str) -> None:
        """A conversion by x.F.fromC()/toC() of a member or element of type ``ty``."""
        if self.has_methods(ty):
            return
        if isinstance(ty, Array):
            why = "a Go slice, which has no such methods"
        elif isinstance(ty, Builtin):
            why = "an integer type, which has none (members of it gengotypes.py casts)"
        else:
            why = "%s, for which gengotypes.py writes no such methods" % (
                "a keyed union" if isinstance(ty, KeyedUnion) else "an Aggregate"
                if ty.cls == "Aggregate" else "a " + ty.cls)
        self.warn(loc, "gengotypes.py converts %s with fromC()/toC() methods, but the Go type "
                  "is %s: the Go does not compile" % (what, why))

    # -- types.gen.go --------------------------------------------------------------------
    def enum(self, d: "EnumDef") -> None:
        ty = d.ty
        if d.typed:
            self.declare(d.name, ty.loc, "enumeration %s" % ty.describe())
        for c in d.values:
            v = c.value_
            self.declare(c.name, v.loc, "the constant %s" % v.name)
            if type(v.value) is not int:
                self.warn(v.loc, "gengotypes.py writes the value of %s as '%s', which is not "
                          "a Go constant (the Go does not compile)" % (v.name, c.value))

    def struct(self, d: "StructDef") -> None:
        ty = d.ty
        if not d.nested:
            self.declare(d.name, ty.loc, "the Go type of %s" % (
                ty.describe() if d.typename is None else "'%s'" % d.typename))
        names: List[Tuple[str, Optional[SourceLocation], str]] = []
        for m in d.members:
            if isinstance(m, SliceField):
                f = m.field
                self.type_use(_array(f).elem_type, m.elem, f.loc, "array '%s'" % f.name)
                names.append((m.name, f.name_loc or f.loc, "member '%s'" % f.name))
            elif isinstance(m, MemberField):
                f = m.field
                self.type_use(_type_of(f), m.type, f.loc, "member '%s'" % f.name)
                names.append((m.name, f.name_loc or f.loc, "member '%s'" % f.name))
            elif isinstance(m, NestedField):
                self.struct(m.struct)
                f = m.field
                names.append((m.struct.name, f.name_loc or f.loc, "member '%s'" % f.name))
            elif isinstance(m, UnionField):
                self.union(m)
                f = m.field
                kv = _keyed_union(f).keyvar
                names.append((m.key, kv.loc, "the key '%s'" % kv.name))
                names.append((m.union, f.name_loc or f.loc, "the union of key '%s'" % kv.name))
        self.fields(names, d.name)

    def union(self, d: "UnionField") -> None:
        member, owner = d.field, d.owner
        kv = _keyed_union(member).keyvar
        self.declare(d.iface, kv.loc, "the interface of keyed union '%s'" % member.name)
        struct_name = owner.typename
        for c, case in d.cases:
            if struct_name is None:
                self.warn(member.loc, "keyed union '%s' is in an anonymous struct: the cgo "
                          "typedefs gengotypes.py writes for its cases read 'struct None' "
                          "(the C does not compile)" % member.name)
            elif not isinstance(owner, Struct):
                self.warn(member.loc, "keyed union '%s' is in %s, a %s: the cgo typedefs "
                          "gengotypes.py writes for its cases read 'struct %s' (the C does "
                          "not compile)" % (member.name, owner.describe(), owner.cls,
                                            struct_name))
            self.struct(case)

    # -- helpers.gen.go ------------------------------------------------------------------
    def constructor(self, d: "Constructor") -> None:
        ty = d.ty
        self.declare("New" + d.gotype, ty.loc, "the constructor of %s" % ty.describe())
        if ty.init_fn is None:
            self.warn(ty.kwarg_locs.get("init_fn", ty.loc), "%s has init_fn=None: its Go "
                      "constructor New%s calls C.None() (the Go does not compile)"
                      % (ty.describe(), d.gotype))
        taken: Tuple[str, ...] = ("x", "xc")
        for i in d.inits:
            if not isinstance(i, InitKey):
                continue
            f = i.field
            kv = _keyed_union(f).keyvar
            if f.const:
                self.warn(f.loc, "keyed union '%s' is const: Xen's generator declares no "
                          "%s_%s() for it, which the Go constructor New%s calls (the Go does "
                          "not compile)" % (f.name, text(ty.init_fn), kv.name, d.gotype))
            self.local(i.param, taken, kv.loc, "the key of keyed union '%s'" % f.name,
                       "New%s()" % d.gotype)
            taken += (i.param,)

    def from_c(self, d: "FromC") -> None:
        for b in d.body:
            if isinstance(b, UnionFromC):
                self.union_from_c(b)
            else:
                self.statement(b)

    def to_c(self, d: "ToC") -> None:
        for b in d.body:
            if isinstance(b, UnionToC):
                self.union_to_c(b)
            else:
                self.statement(b)

    def statement(self, b: "Fact") -> None:
        if isinstance(b, ArrayConversion):
            self.array(b)
        elif isinstance(b, Conversion):
            self.conversion(b)

    def conversion(self, c: "Conversion") -> None:
        f, outer, container = c.field, c.outer, c.container
        ft = _type_of(f)
        what = "member '%s'" % f.name
        self.access(c.cname, f.name_loc or f.loc, "'%s'" % c.cname)
        if outer is not None:
            self.visible(container, outer)
            self.visible(outer.type, f)
        else:
            self.visible(container, f)
        if isinstance(c, Method):
            self.method(ft, f.loc, what)
        elif isinstance(c, Cast) and c.direction == "to_c":
            self.c_type(ft, f.loc, what)
        if not isinstance(ft, Array):  # (an array here has the warning of method())
            self.type_use(ft, c.gotype, f.loc, what)

    def array(self, a: "ArrayConversion") -> None:
        f = a.field
        at = a.array
        elem, lenvar = at.elem_type, at.lenvar
        what = "array '%s'" % f.name
        self.access(f.name, f.name_loc or f.loc, "'%s' (an array)" % f.name)
        self.access(lenvar.name, lenvar.loc, "'%s' (the length of array '%s')"
                    % (lenvar.name, f.name))
        self.type_use(elem, a.gotype, f.loc, what)
        self.c_type(elem, f.loc, what)
        if isinstance(a, ArrayMethod):
            self.method(elem, f.loc, "the elements of %s" % what)
        if a.golen is not None:
            taken = (a.govar, a.cvar, "unsafe") + (("fmt",) if isinstance(a, ArrayMethod)
                                                   else ())
            self.local(a.golen, taken, lenvar.loc, "the length of %s" % what, "toC()")

    def union_from_c(self, u: "UnionFromC") -> None:
        member, owner = u.field, u.owner
        kv = _keyed_union(member).keyvar
        self.access(member.name, member.name_loc or member.loc,
                    "'%s' (a keyed union)" % member.name)
        for c, val, function in u.each:
            self.case_constant(val, c, kv)
            if function is None:
                continue
            self.visible(owner, member)
            if not function.body:
                self.warn(c.loc, "keyed union case '%s' has no members: gengotypes.py "
                          "declares 'tmp' in its fromC() and toC() and never uses it (the Go "
                          "does not compile)" % c.name)
            for b in function.body:
                self.statement(b)
        for s in u.cases:
            if isinstance(s, SwitchCase):
                self.local(s.goname, ("x", "xc", "fmt"), s.field.loc,
                           "case '%s' of keyed union '%s'" % (s.field.name, member.name),
                           "%s's fromC()" % go_name(text(owner.typename)))

    def case_constant(self, val: str, case: "Case", kv: "Field") -> None:
        want = go_name(case.enumname) if case.enumname is not None else None
        if want is not None and val != want:
            self.warn(case.loc, "gengotypes.py names the Go constant of keyed union case '%s' "
                      "'%s' (the key type's name and the case's), but the constant of %s is "
                      "'%s' (the Go does not compile)" % (case.name, val, case.enumname, want),
                      (kv.type.loc, "%s is defined here" % kv.type.describe()))

    def union_to_c(self, u: "UnionToC") -> None:
        member, owner = u.field, u.owner
        for s in u.cases:
            if not isinstance(s, CaseToC):
                continue
            c = s.field
            self.visible(owner, member)
            for b in s.body:
                self.statement(b)
            uses_fmt = any(isinstance(b, (Method, ArrayMethod)) for b in s.body)
            self.local(c.name, ("tmp", "ok", "xc", "unsafe") + (("fmt",) if uses_fmt else ()),
                       c.name_loc or c.loc,
                       "case '%s' of keyed union '%s'" % (c.name, member.name),
                       "%s's toC()" % go_name(text(owner.typename)))

    def imports(self) -> None:
        """helpers.gen.go imports unsafe, errors and fmt whatever it uses; Go refuses an
        unused import."""
        used: Set[str] = set()
        stack: List[Fact] = list(self.out.helpers)
        while stack:
            f = stack.pop()
            used.update(f.imports)
            stack.extend(f.parts())
        missing = [p for p in ("unsafe", "errors", "fmt") if p not in used]
        if missing:
            self.warn(SourceLocation(self.idl.file, 0, 0), "helpers.gen.go imports \"unsafe\", "
                      "\"errors\" and \"fmt\" whatever it uses, and nothing in it uses %s "
                      "(Go refuses an unused import: the Go does not compile)"
                      % " or ".join('"%s"' % p for p in missing))


def _type_of(f: "Member") -> "Type":
    """The type of a member that has one (a struct's, or a case's with a type)."""
    ft = f.type
    assert ft is not None
    return ft


def _keyed_union(f: "Member") -> "KeyedUnion":
    ft = f.type
    assert isinstance(ft, KeyedUnion)
    return ft


def _array(f: "Member") -> "Array":
    ft = f.type
    assert isinstance(ft, Array)
    return ft


# -- entry points ----------------------------------------------------------------------------

def analyse(idl: "Idl") -> "GoFiles":
    """Lower ``idl`` as gengotypes.py walks it, then check the facts: facts, warnings,
    and the error if it stops (then only what was lowered before is checked)."""
    out = GoFiles()
    try:
        _Lower(idl, out).run()
    except _Stop as e:
        out.error = e.diagnostic
    _Check(idl, out).run(whole=out.error is None)
    return out


def check(idl: "Idl", diags: "Diagnostics") -> "GoFiles":
    """Record the warnings (valid IDL that gengotypes.py turns into Go or cgo C that does
    not compile) and the error (where gengotypes.py stops: it writes no usable file) in
    ``diags``; the facts the Go backend renders (gen/backend/golang.py)."""
    files = analyse(idl)
    diags.extend(files.warnings)
    if files.error is not None:
        diags.add(files.error)
    diags.check()
    return files
