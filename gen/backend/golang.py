"""The Go backend: Xen's tools/golang/xenlight/gengotypes.py over the checked model.

gengotypes.py writes the generated half of Xen's Go package `xenlight`: types.gen.go (a
Go type for every enumeration and aggregate, the enumeration constants, an interface per
keyed union and a struct per union case) and helpers.gen.go (the cgo preamble, and for
every Struct a NewTYPE constructor calling libxl's init, fromC and toC).  This module
holds everything Go-specific: gengotypes' naming rules (exported CamelCase names, the
`type`/`func` escapes of cgo member names, the table of Go builtin types) and, for every
function of gengotypes.py, the facts its text is made of.  The templates in
templates/go/ turn those facts into text; the model (gen/model/) stays language-free.

The walk below follows gengotypes.py function by function and in its order, so that it
meets what gengotypes.py meets in the same order:

* where gengotypes.py stops with an exception (an anonymous Union member, a keyed union
  case that is not an aggregate, an anonymous type where it needs a type name ...), the
  walk stops too, with an error at the IDL place responsible (:func:`check`):
  upstream writes no usable file there;
* where gengotypes.py writes Go (or cgo C) that does not compile from valid IDL, the walk
  records a warning (:func:`check`) and the output is still exactly upstream's.

Entry points: :func:`check` (the warnings and the error, recorded before anything is
rendered; it returns the facts), :func:`go_outputs` (the two files); the templates need
nothing from the environment (every fact comes in the context).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, List, Optional, Tuple

from ..compat import is_ascii
from ..errors import Diagnostic, Diagnostics
from ..frontend.source import SourceLocation
from ..model.types import (Aggregate, Array, Builtin, Enumeration, Field, Idl, KeyedUnion,
                           Struct, Type)

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

#: the program name and the IDL name in the banner are gengotypes.py's
DEFAULT_ARGV0 = "gengotypes.py"


class Fact:
    """A node of the facts the templates read: ``kind`` picks the macro, the other
    attributes are the names and sub-facts it writes."""

    def __init__(self, kind: str, **attrs: "Any"):
        self.kind = kind
        self.__dict__.update(attrs)

    def __repr__(self) -> str:
        return "Fact(%s)" % ", ".join("%s=%r" % kv for kv in sorted(self.__dict__.items()))


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


def c_members(ty: "Type") -> "List[Tuple[Optional[Field], Any]]":
    """The members of the C struct or union of an aggregate, in C order, as (field, what):
    what is a Type, or "int"/"pointer"/"enum" for the members Xen's generator adds (an
    array's length, a keyed union's key) and an array's pointer."""
    out: List[Tuple[Optional[Field], Any]] = []
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
        self._dropped: Dict[Type, List[Field]] = {}

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

    def _aggregate(self, ty: "Type") -> "Optional[Tuple[int, int]]":
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

    def dropped_members(self, ty: "Type") -> "List[Field]":
        """The members of an aggregate's C struct that cgo leaves out of its Go view: the
        zero-size members at its end, when the struct has a size and no tail padding
        (cgo's gcc.go, Go issue 9401).  A struct of unknown layout counts as having no
        tail padding."""
        if ty not in self._dropped:
            self._dropped[ty] = self._find_dropped(ty)
        return self._dropped[ty]

    def _find_dropped(self, ty: "Type") -> "List[Field]":
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


class GoFiles:
    """What the walk found: the facts of both files, warnings, and the error that stops
    gengotypes.py (None when it writes both files)."""

    def __init__(self) -> None:
        self.types: List[Fact] = []         # types.gen.go: one fact per IDL type
        self.preamble: List[Fact] = []      # the cgo typedefs of keyed union cases
        self.helpers: List[Fact] = []       # helpers.gen.go: one fact per Struct
        self.warnings: List[Diagnostic] = []
        self.error: Optional[Diagnostic] = None


class _Walk:
    """gengotypes.py's functions, each giving facts instead of text."""

    def __init__(self, idl: "Idl"):
        self.idl = idl
        self.out = GoFiles()
        self.layout = CLayout()
        self._seen = set()
        #: the Go package's top-level names: name -> (loc, what)
        self._package: Dict[str, Tuple[Optional[SourceLocation], str]] = {}

    # -- diagnostics ---------------------------------------------------------------------
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

    def stop(self, loc: "Optional[SourceLocation]", message: str) -> "_Stop":
        return _Stop(Diagnostic(loc, "error", "no Go bindings: " + message))

    def name(self, name: "Any", loc: "Optional[SourceLocation]", what: str,
             exported: bool = True) -> str:
        """go_name(), stopping where gengotypes.py's fmt_name raises."""
        try:
            return go_name(name, exported)
        except ValueError as e:
            raise self.stop(loc, "gengotypes.py cannot make a Go name for %s: %s" % (what, e))

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

    def check_fields(self, members: "List[Tuple[str, Optional[SourceLocation], str]]",
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

    def check_type_use(self, ty: "Type", gotype: str, loc: "Optional[SourceLocation]",
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

    def check_c_type(self, ty: "Type", loc: "Optional[SourceLocation]", what: str) -> None:
        """A C type written as C.NAME (a conversion, an element type, C.sizeof_NAME)."""
        tn = text(ty.typename)
        if not (is_ascii(tn) and tn.isidentifier()):
            self.warn(loc, "%s has the C type '%s', which gengotypes.py writes as C.%s "
                      "(not a cgo name: the Go does not compile)" % (what, tn, tn))

    def check_visible(self, container: "Type", f: "Field") -> None:
        """A C member gengotypes.py reads or writes through cgo: cgo leaves out the
        zero-size members at the end of a C struct (they would change its size in Go)."""
        if f in self.layout.dropped_members(container):
            self.warn(f.name_loc or f.loc, "member '%s' has size zero and ends the C struct of "
                      "%s: cgo leaves such members out of the Go view of the struct, so "
                      "gengotypes.py's access to it does not compile" % (f.name,
                                                                          container.describe()))

    def check_access(self, member: str, loc: "Optional[SourceLocation]", what: str) -> None:
        """A C member read or written through cgo as written by gengotypes.py."""
        for part in member.split("."):
            if part in GO_KEYWORDS:
                self.warn(loc, "gengotypes.py writes the C member %s as '.%s', a Go keyword "
                          "(cgo spells it '._%s'; gengotypes.py escapes only 'type' and "
                          "'func', and only in member conversions): the Go does not compile"
                          % (what, part, part))

    def check_local(self, name: str, taken: "Tuple[str, ...]", loc: "Optional[SourceLocation]",
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

    def check_method(self, ty: "Type", loc: "Optional[SourceLocation]", what: str) -> None:
        """A conversion by x.F.fromC()/toC() of a member or element of type ``ty``."""
        if self.has_methods(ty):
            return
        if isinstance(ty, Array):
            why = "a Go slice, which has no such methods"
        elif isinstance(ty, Builtin):
            why = "an integer type, which has none (members of it gengotypes.py casts)"
        else:
            why = "%s, for which gengotypes.py writes no such methods" % (
                "a keyed union" if isinstance(ty, KeyedUnion) else "an Aggregate" if ty.cls == "Aggregate"
                else "a " + ty.cls)
        self.warn(loc, "gengotypes.py converts %s with fromC()/toC() methods, but the Go type "
                  "is %s: the Go does not compile" % (what, why))

    # -- types.gen.go --------------------------------------------------------------------
    def generate_types(self) -> None:
        for ty in self.idl.types:
            self.out.types.append(self.type_define(ty))

    def type_define(self, ty: "Type") -> "Fact":
        if isinstance(ty, Enumeration):
            return self.define_enum(ty)
        if isinstance(ty, Aggregate):
            struct, extras = self.define_struct(ty, None, False)
            return Fact("aggregate", ty=ty, struct=struct, extras=extras)
        raise self.stop(ty.loc, "%s is neither an Enumeration nor an aggregate"
                        % ty.describe())

    def define_enum(self, ty: "Type") -> "Fact":
        name = ""
        if ty.typename is not None:
            name = self.name(ty.typename, ty.loc, "the enumeration")
            self.declare(name, ty.loc, "enumeration %s" % ty.describe())
        values = []
        for v in ty.values:
            vname = self.name(v.name, v.loc, "an enumeration value")
            self.declare(vname, v.loc, "the constant %s" % v.name)
            if type(v.value) is not int:
                self.warn(v.loc, "gengotypes.py writes the value of %s as '%s', which is not "
                          "a Go constant (the Go does not compile)" % (v.name, text(v.value)))
            values.append(Fact("value", name=vname, value=text(v.value)))
        return Fact("enum", ty=ty, typed=ty.typename is not None, name=name, values=values,
                    extras=[])

    def define_struct(self, ty: "Type", typename: "Optional[str]",
                      nested: bool) -> "Tuple[Fact, List[Fact]]":
        """xenlight_golang_define_struct: the Go struct (``nested``: a member's anonymous
        struct, written in place) and the extra definitions that follow its type."""
        if typename is not None:
            name = self.name(typename, ty.loc, "a struct")
        else:
            name = self.name(ty.typename, ty.loc, "a struct")
        if not nested:
            self.declare(name, ty.loc, "the Go type of %s" % (
                ty.describe() if typename is None else "'%s'" % typename))
        if not isinstance(ty, Aggregate):  # gengotypes.py reads ty.fields, which only aggregates have
            raise self.stop(ty.loc, "%s is used where it needs an aggregate (a keyed union "
                            "case's type must be a Struct or None)" % ty.describe())
        members: List[Fact] = []
        extras: List[Fact] = []
        fieldnames: List[Tuple[str, Optional[SourceLocation], str]] = []
        for f in ty.fields:
            ft = f.type
            if ft is None:
                raise self.stop(f.loc, "case '%s' of a keyed union used as a struct has no "
                                "type" % f.name)
            if ft.typename is not None:
                if isinstance(ft, Array):
                    elem = self.name(ft.elem_type.typename, f.loc, "an array element type")
                    goname = self.name(f.name, f.loc, "a member")
                    self.check_type_use(ft.elem_type, elem, f.loc, "array '%s'" % f.name)
                    members.append(Fact("slice", field=f, name=goname, elem=elem))
                else:
                    gotype = self.name(ft.typename, f.loc, "a member type")
                    goname = self.name(f.name, f.loc, "a member")
                    self.check_type_use(ft, gotype, f.loc, "member '%s'" % f.name)
                    members.append(Fact("member", field=f, name=goname, type=gotype))
                fieldnames.append((goname, f.name_loc or f.loc, "member '%s'" % f.name))
            elif isinstance(ft, Struct):
                inner, more = self.define_struct(ft, f.name, True)
                members.append(Fact("nested", field=f, struct=inner))
                extras.extend(more)
                fieldnames.append((inner.name, f.name_loc or f.loc, "member '%s'" % f.name))
            elif isinstance(ft, KeyedUnion):
                member, more = self.define_union(ft, ty, f)
                members.append(member)
                extras.extend(more)
                kv = ft.keyvar
                fieldnames.append((member.key, kv.loc, "the key '%s'" % kv.name))
                fieldnames.append((member.union, f.name_loc or f.loc,
                                   "the union of key '%s'" % kv.name))
            else:
                raise self.stop(f.loc, "member '%s' is an anonymous %s; gengotypes.py "
                                "supports only anonymous Structs and KeyedUnions (it stops "
                                "with \"type ... not supported\")" % (f.name, ft.cls))
        self.check_fields(fieldnames, name)
        return Fact("struct", ty=ty, name=name, nested=nested, members=members), extras

    def define_union(self, ty: "Type", owner: "Type",
                     member: "Field") -> "Tuple[Fact, List[Fact]]":
        """xenlight_golang_define_union: the key and union members, and the extras (the
        interface, each case's struct and its interface method); the cgo typedef of each
        case goes to the preamble."""
        struct_name = owner.typename
        kv = ty.keyvar
        iface = self.name(union_name(struct_name, kv.name), kv.loc, "a union")
        self.declare(iface, kv.loc, "the interface of keyed union '%s'" % member.name)
        extras = [Fact("interface", name=iface)]
        for f in ty.fields:
            if f.type is None:
                continue
            if struct_name is None:
                self.warn(member.loc, "keyed union '%s' is in an anonymous struct: the cgo "
                          "typedefs gengotypes.py writes for its cases read 'struct None' "
                          "(the C does not compile)" % member.name)
            elif not isinstance(owner, Struct):
                self.warn(member.loc, "keyed union '%s' is in %s, a %s: the cgo typedefs "
                          "gengotypes.py writes for its cases read 'struct %s' (the C does "
                          "not compile)" % (member.name, owner.describe(), owner.cls,
                                            struct_name))
            name = case_struct_name(struct_name, kv.name, f.name)
            if not isinstance(f.type, Aggregate):
                raise self.stop(f.loc, "case '%s' of keyed union '%s' has the type %s: "
                                "gengotypes.py reads the members of a case's type, which "
                                "only a Struct has (it stops with AttributeError)"
                                % (f.name, member.name, f.type.describe()))
            case, more = self.define_struct(f.type, name, False)
            extras.append(case)
            extras.extend(more)
            self.out.preamble.append(Fact("typedef", struct_name=text(struct_name),
                                          union_name=member.name, case=f.name,
                                          typedef=name))
            extras.append(Fact("is_method", type=self.name(name, f.loc, "a union case"),
                               iface=iface))
        key = self.name(kv.name, kv.loc, "a keyed union key")
        keytype = self.name(kv.type.typename, kv.loc, "a key type")
        union = self.name(union_field_name(kv.name), kv.loc, "a union")
        return Fact("keyed_union", field=member, key=key, keytype=keytype, union=union,
                    iface=iface), extras

    # -- helpers.gen.go ------------------------------------------------------------------
    def generate_helpers(self) -> None:
        for ty in self.idl.types:
            if not isinstance(ty, Struct):
                continue
            ctor = self.define_constructor(ty)
            from_c, extras = self.define_from_c(ty)
            to_c = self.define_to_c(ty)
            self.out.helpers.append(Fact("struct", ty=ty, constructor=ctor, from_c=from_c,
                                         extras=extras, to_c=to_c))

    def define_constructor(self, ty: "Type") -> "Fact":
        gotype = self.name(ty.typename, ty.loc, "a struct")
        self.declare("New" + gotype, ty.loc, "the constructor of %s" % ty.describe())
        if ty.init_fn is None:
            self.warn(ty.kwarg_locs.get("init_fn", ty.loc), "%s has init_fn=None: its Go "
                      "constructor New%s calls C.None() (the Go does not compile)"
                      % (ty.describe(), gotype))
        inits = [Fact("init", fn=text(ty.init_fn))]
        params: List[Fact] = []
        for f in ty.fields:
            if f.type is None or not isinstance(f.type, KeyedUnion):
                continue
            kv = f.type.keyvar
            ptype = self.name(kv.type.typename, kv.loc, "a key type")
            pname = self.name(kv.name, kv.loc, "a constructor parameter", exported=False)
            if pname == "type":
                if not ptype:
                    raise self.stop(kv.loc, "the key 'type' of keyed union '%s' has a type "
                                    "whose Go name is empty" % f.name)
                pname = ptype.lower()[0] + "type"
            if f.const:
                self.warn(f.loc, "keyed union '%s' is const: Xen's generator declares no "
                          "%s_%s() for it, which the Go constructor New%s calls (the Go does "
                          "not compile)" % (f.name, text(ty.init_fn), kv.name, gotype))
            taken = ("x", "xc") + tuple(p.name for p in params)
            self.check_local(pname, taken, kv.loc, "the key of keyed union '%s'" % f.name,
                             "New%s()" % gotype)
            inits.append(Fact("init_key", fn="%s_%s" % (text(ty.init_fn), kv.name),
                              ctype=text(kv.type.typename), param=pname))
            params.append(Fact("param", sep="," if params else "", name=pname, type=ptype))
        return Fact("constructor", ty=ty, gotype=gotype, ctype=text(ty.typename), inits=inits,
                    params=params, has_dispose=ty.dispose_fn is not None,
                    dispose_fn=text(ty.dispose_fn))

    def define_from_c(self, ty: "Type") -> "Tuple[Fact, List[Fact]]":
        gotype = self.name(ty.typename, ty.loc, "a struct")
        body: List[Fact] = []
        extras: List[Fact] = []
        for f in ty.fields:
            ft = f.type
            if ft.typename is not None:
                if isinstance(ft, Array):
                    body.append(self.array_from_c(f, "xc"))
                    continue
                body.append(self.convert_from_c(f, None, "xc", ty))
            elif isinstance(ft, Struct):
                for nf in ft.fields:
                    body.append(self.convert_from_c(nf, f, "xc", ty))
            elif isinstance(ft, KeyedUnion):
                switch, more = self.union_from_c(ft, f, ty)
                body.append(switch)
                extras.extend(more)
            else:
                raise self.stop(f.loc, "member '%s' is an anonymous %s" % (f.name, ft.cls))
        return Fact("from_c", ty=ty, gotype=gotype, ctype=text(ty.typename), body=body), extras

    def conversion(self, f: "Field", outer: "Optional[Field]", direction: str,
                   container: "Type") -> "Tuple[str, str, str, str]":
        """What convert_from_C and convert_to_C share: (kind, Go type, Go member, cgo
        member); kind is "cast", "string" or "method".  ``container`` is the aggregate
        whose C struct holds ``f`` (or ``outer``, the anonymous struct holding ``f``)."""
        ft = f.type
        if ft is None:
            raise self.stop(f.loc, "case '%s' has no type where a member is converted"
                            % f.name)
        what = "member '%s'" % f.name
        if ft.typename is None:
            raise self.stop(f.loc, "member '%s' is an anonymous %s inside an anonymous struct "
                            "or a keyed union case, whose members gengotypes.py converts one "
                            "by one by their type's name (it stops with AttributeError)"
                            % (f.name, ft.cls))
        gotype = self.name(ft.typename, f.loc, "the type of %s" % what)
        goname = self.name(f.name, f.loc, "a member")
        cname = cgo_member(f.name)
        if outer is not None:
            goname = "%s.%s" % (self.name(outer.name, outer.loc, "a member"), goname)
            cname = "%s.%s" % (outer.name, cname)
        self.check_access(cname, f.name_loc or f.loc, "'%s'" % cname)
        if outer is not None:
            self.check_visible(container, outer)
            self.check_visible(outer.type, f)
        else:
            self.check_visible(container, f)
        castable = (ft.json_parse_type == "JSON_INTEGER" or isinstance(ft, Enumeration)
                    or gotype in GO_BUILTIN_TYPES)
        if not castable:
            kind = "method"
            self.check_method(ft, f.loc, what)
        elif gotype == "string":
            kind = "string"
        else:
            kind = "cast"
            if direction == "to_c":
                self.check_c_type(ft, f.loc, what)
        if not isinstance(ft, Array):  # (an array here has the warning of check_method)
            self.check_type_use(ft, gotype, f.loc, what)
        return kind, gotype, goname, cname

    def convert_from_c(self, f: "Field", outer: "Optional[Field]", cvar: str,
                       container: "Type") -> "Fact":
        kind, gotype, goname, cname = self.conversion(f, outer, "from_c", container)
        return Fact(kind, field=f, gotype=gotype, goname=goname, cvar=cvar, cname=cname)

    def union_from_c(self, ty: "Type", member: "Field",
                     owner: "Type") -> "Tuple[Fact, List[Fact]]":
        struct_name = owner.typename
        kv = ty.keyvar
        keyname = kv.name
        gokey = self.name(keyname, kv.loc, "a keyed union key")
        keytype = kv.type.typename
        gokeytype = self.name(keytype, kv.loc, "a key type")
        field_name = self.name(union_field_name(keyname), kv.loc, "a union")
        self.name(union_name(struct_name, keyname), kv.loc, "a union")
        cgo_key = cgo_member(keyname)
        self.check_access(member.name, member.name_loc or member.loc,
                          "'%s' (a keyed union)" % member.name)
        cases: Dict[str, Tuple[str, Optional[Type], Field]] = {}
        extras: List[Fact] = []
        for f in ty.fields:
            val = self.name("%s_%s" % (text(keytype), f.name), f.loc, "a keyed union case")
            self.check_case_constant(val, f, kv)
            cases[f.name] = (val, f.type, f)
            if f.type is None:
                continue
            typename = case_struct_name(struct_name, keyname, f.name)
            gotypename = self.name(typename, f.loc, "a union case")
            if not isinstance(f.type, Aggregate):
                raise self.stop(f.loc, "keyed union case '%s' has %s, not a Struct"
                                % (f.name, f.type.describe()))
            self.check_visible(owner, member)
            if not f.type.fields:
                self.warn(f.loc, "keyed union case '%s' has no members: gengotypes.py "
                          "declares 'tmp' in its fromC() and toC() and never uses it (the Go "
                          "does not compile)" % f.name)
            body = []
            for nf in f.type.fields:
                if nf.type is not None and isinstance(nf.type, Array):
                    body.append(self.array_from_c(nf, "tmp"))
                    continue
                body.append(self.convert_from_c(nf, None, "tmp", f.type))
            extras.append(Fact("case_from_c", field=f, gotype=gotypename,
                               struct_name=text(struct_name), gokeytype=gokeytype,
                               cgo_key=cgo_key, val=val, typename=typename,
                               union_name=member.name, body=body))
        switch = []
        for case_name in sorted(cases):
            val, case_type, f = cases[case_name]
            if case_type is None:
                switch.append(Fact("case_nil", val=val, field_name=field_name))
                continue
            gotype = self.name(case_struct_name(struct_name, keyname, case_name),
                               f.loc, "a union case")
            goname = self.name("%s_%s" % (keyname, case_name), f.loc, "a union case",
                               exported=False)
            self.check_local(goname, ("x", "xc", "fmt"), f.loc,
                             "case '%s' of keyed union '%s'" % (case_name, member.name),
                             "%s's fromC()" % self.name(text(struct_name), owner.loc,
                                                        "a struct"))
            switch.append(Fact("case", val=val, gotype=gotype, goname=goname,
                               field_name=field_name))
        return Fact("keyed_union", field=member, gokey=gokey, gokeytype=gokeytype,
                    cgo_key=cgo_key, cases=switch), extras

    def check_case_constant(self, val: str, case: "Field", kv: "Field") -> None:
        want = go_name(case.enumname) if case.enumname is not None else None
        if want is not None and val != want:
            self.warn(case.loc, "gengotypes.py names the Go constant of keyed union case '%s' "
                      "'%s' (the key type's name and the case's), but the constant of %s is "
                      "'%s' (the Go does not compile)" % (case.name, val, case.enumname, want),
                      (kv.type.loc, "%s is defined here" % kv.type.describe()))

    def array_from_c(self, f: "Field", cvar: str) -> "Fact":
        return self.array(f, cvar, "x", "from_c")

    def array(self, f: "Field", cvar: str, govar: str, direction: str) -> "Fact":
        """What array_from_C and array_to_C write: kind "array_cast" or "array_method"."""
        at = f.type
        elem = at.elem_type
        gotype = self.name(elem.typename, f.loc, "an array element type")
        goname = self.name(f.name, f.loc, "a member")
        ctype = elem.typename
        lenvar = at.lenvar
        what = "array '%s'" % f.name
        self.check_access(f.name, f.name_loc or f.loc, "'%s' (an array)" % f.name)
        self.check_access(lenvar.name, lenvar.loc, "'%s' (the length of array '%s')"
                          % (lenvar.name, f.name))
        self.check_type_use(elem, gotype, f.loc, what)
        self.check_c_type(elem, f.loc, what)
        cast = gotype in GO_BUILTIN_TYPES or isinstance(elem, Enumeration)
        if not cast:
            self.check_method(elem, f.loc, "the elements of %s" % what)
        golen = None
        if direction == "to_c":
            golen = self.name(lenvar.name, lenvar.loc, "an array length", exported=False)
            taken = (govar, cvar, "unsafe") + (() if cast else ("fmt",))
            self.check_local(golen, taken, lenvar.loc, "the length of %s" % what, "toC()")
        return Fact("array_cast" if cast else "array_method", field=f, gotype=gotype,
                    goname=goname, ctype=text(ctype), cname=f.name, cvar=cvar, govar=govar,
                    clen=lenvar.name, golen=golen)

    def define_to_c(self, ty: "Type") -> "Fact":
        body: List[Fact] = []
        gotype = self.name(ty.typename, ty.loc, "a struct")
        for f in ty.fields:
            ft = f.type
            if ft.typename is not None:
                if isinstance(ft, Array):
                    body.append(self.array(f, "xc", "x", "to_c"))
                    continue
                body.append(self.convert_to_c(f, None, "x", "xc", ty))
            elif isinstance(ft, Struct):
                for nf in ft.fields:
                    body.append(self.convert_to_c(nf, f, "x", "xc", ty))
            elif isinstance(ft, KeyedUnion):
                body.append(self.union_to_c(ft, f, ty))
            else:
                raise self.stop(f.loc, "member '%s' is an anonymous %s" % (f.name, ft.cls))
        return Fact("to_c", ty=ty, gotype=gotype, ctype=text(ty.typename),
                    has_dispose=ty.dispose_fn is not None, dispose_fn=text(ty.dispose_fn),
                    body=body)

    def convert_to_c(self, f: "Field", outer: "Optional[Field]", govar: str, cvar: str,
                     container: "Type") -> "Fact":
        kind, gotype, goname, cname = self.conversion(f, outer, "to_c", container)
        return Fact(kind, field=f, gotype=gotype, goname=goname, govar=govar, cvar=cvar,
                    cname=cname, ctype=text(f.type.typename))

    def union_to_c(self, ty: "Type", member: "Field", owner: "Type") -> "Fact":
        struct_name = owner.typename
        kv = ty.keyvar
        keyname = kv.name
        gokey = self.name(keyname, kv.loc, "a keyed union key")
        keytype = kv.type.typename
        self.name(keytype, kv.loc, "a key type")
        self.name(union_name(struct_name, keyname), kv.loc, "a union")
        cgo_key = cgo_member(keyname)
        cases = []
        for f in ty.fields:
            val = self.name("%s_%s" % (text(keytype), f.name), f.loc, "a keyed union case")
            if f.type is None:
                cases.append(Fact("case_break", val=val))
                continue
            cgotype = case_struct_name(struct_name, keyname, f.name)
            gotype = self.name(cgotype, f.loc, "a union case")
            field_name = self.name(union_field_name(keyname), kv.loc, "a union")
            if not isinstance(f.type, Aggregate):
                raise self.stop(f.loc, "keyed union case '%s' has %s, not a Struct"
                                % (f.name, f.type.describe()))
            self.check_visible(owner, member)
            body = []
            for uf in f.type.fields:
                if uf.type is not None and isinstance(uf.type, Array):
                    body.append(self.array(uf, f.name, "tmp", "to_c"))
                    continue
                body.append(self.convert_to_c(uf, None, "tmp", f.name, f.type))
            uses_fmt = any(b.kind in ("method", "array_method") for b in body)
            self.check_local(f.name, ("tmp", "ok", "xc", "unsafe")
                             + (("fmt",) if uses_fmt else ()), f.name_loc or f.loc,
                             "case '%s' of keyed union '%s'" % (f.name, member.name),
                             "%s's toC()" % self.name(text(struct_name), owner.loc,
                                                      "a struct"))
            cases.append(Fact("case", val=val, gotype=gotype, field_name=field_name,
                              keyname=keyname, var=f.name, ctype=cgotype, body=body,
                              union_name=member.name))
        return Fact("keyed_union", field=member, gokey=gokey, keytype=text(keytype),
                    cgo_key=cgo_key, cases=cases)

    def check_imports(self) -> None:
        """helpers.gen.go imports unsafe, errors and fmt whatever it uses; Go refuses an
        unused import."""
        used = set()
        stack: List[Any] = list(self.out.helpers)
        while stack:
            f = stack.pop()
            k = f.kind
            if k in ("array_cast", "array_method"):
                used.add("unsafe")
            if k in ("method", "array_method", "keyed_union"):
                used.add("fmt")
            if k in ("case_from_c", "case") and hasattr(f, "body"):  # a case with a type
                used.update(("unsafe", "errors"))
            for attr in ("constructor", "from_c", "to_c"):
                if hasattr(f, attr):
                    stack.append(getattr(f, attr))
            for attr in ("extras", "body", "cases"):
                stack.extend(getattr(f, attr, ()))
        missing = [p for p in ("unsafe", "errors", "fmt") if p not in used]
        if missing:
            self.warn(SourceLocation(self.idl.file, 0, 0), "helpers.gen.go imports \"unsafe\", "
                      "\"errors\" and \"fmt\" whatever it uses, and nothing in it uses %s "
                      "(Go refuses an unused import: the Go does not compile)"
                      % " or ".join('"%s"' % p for p in missing))

    # -- the whole run -------------------------------------------------------------------
    def run(self) -> "GoFiles":
        try:
            # gengotypes.py's main: the IDL's builtins go into the name table first
            for b in self.idl.builtins:
                if b.typename is None:
                    raise self.stop(b.loc, "gengotypes.py makes a Go name for every Builtin "
                                    "of the IDL, and this one has no name (it stops with "
                                    "AttributeError)")
                self.name(b.typename, b.loc, "builtin %s" % b.describe())
            self.generate_types()
            self.generate_helpers()
            self.check_imports()
        except _Stop as e:
            self.out.error = e.diagnostic
        return self.out


def analyse(idl: "Idl") -> "GoFiles":
    """Walk ``idl`` as gengotypes.py does: facts, warnings, and the error if it stops."""
    return _Walk(idl).run()


def check(idl: "Idl", diags: "Diagnostics") -> "GoFiles":
    """Record the warnings (valid IDL that gengotypes.py turns into Go or cgo C that does
    not compile) and the error (where gengotypes.py stops: it writes no usable file) in
    ``diags``; the facts :func:`go_outputs` renders."""
    files = analyse(idl)
    diags.extend(files.warnings)
    if files.error is not None:
        diags.add(files.error)
    diags.check()
    return files


def render(template: str, **context: "Any") -> str:
    from .templates import environment
    return environment("go", dict).get_template(template).render(**context)


def go_outputs(idl: "Idl", files: "GoFiles", argv0: str = DEFAULT_ARGV0,
               source: "Optional[str]" = None) -> "Dict[str, str]":
    """types.gen.go and helpers.gen.go (keys "types", "helpers") for ``idl``, as
    gengotypes.py writes them, from the facts :func:`check` gave.  The banner names the
    program ``argv0`` and the IDL ``source`` (default: the IDL's file), by their
    basenames, as gengotypes.py does with its argv."""
    head = dict(program=os.path.basename(argv0),
                source=os.path.basename(idl.file if source is None else source))
    return {
        "types": render("types.gen.go.j2", types=files.types, **head),
        "helpers": render("helpers.gen.go.j2", preamble=files.preamble,
                          structs=files.helpers, **head),
    }


def generate(idl: "Idl", diags: "Diagnostics", argv0: str = DEFAULT_ARGV0,
             source: "Optional[str]" = None) -> "Dict[str, str]":
    """:func:`check`, then :func:`go_outputs`."""
    return go_outputs(idl, check(idl, diags), argv0, source)
