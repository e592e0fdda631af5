"""Checks on the whole built model.

Errors: what idl.py accepts but Xen's generators cannot turn into C (they crash, or write
C that does not compile): top-level types they cannot emit, duplicate C names, members
that collide, broken deprecated_by references, constants the C cannot hold (see
docs/compat.md, "Constants").  Warnings: valid IDL that hits a limitation
of upstream's generator (xlidl still writes exactly upstream's output), and IDL that is
legal but probably a mistake.  Each is reported at the IDL node responsible, with notes
pointing at related places.
"""
import re

from ..errors import Diagnostics
from ..frontend.source import SourceLocation
from . import types as M
from .types import (Aggregate, Array, Builtin, Enumeration, KeyedUnion, Number, Struct, UInt,
                    Union)
from .upstream_fixes import hint

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, FrozenSet, List, Optional, Set, Tuple

    Note = Tuple[Optional[SourceLocation], str]

#: the C integer types a Number or UInt can be, as gcc and clang have them for Xen's tools
#: (LP64): C type -> (bits, signed)
C_INTEGERS = {
    "int": (32, True), "signed": (32, True), "signed int": (32, True),
    "unsigned": (32, False), "unsigned int": (32, False),
    "short": (16, True), "short int": (16, True), "unsigned short": (16, False),
    "signed char": (8, True), "unsigned char": (8, False),
    "long": (64, True), "long int": (64, True), "unsigned long": (64, False),
    "long long": (64, True), "unsigned long long": (64, False),
    "size_t": (64, False), "ssize_t": (64, True),
}
C_INTEGERS.update(("int%d_t" % b, (b, True)) for b in (8, 16, 32, 64))
C_INTEGERS.update(("uint%d_t" % b, (b, False)) for b in (8, 16, 32, 64))
INT_MIN, INT_MAX, UINT_MAX = -(1 << 31), (1 << 31) - 1, (1 << 32) - 1
INT64_MIN, INT64_MAX, UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1
#: an init_val string that is a C integer constant (no suffix): decimal, hex or octal
_C_INT = re.compile(r"\s*(-?)\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*")


class Checker:
    def __init__(self, idl: "M.Idl", diags: "Diagnostics", fixes: "FrozenSet[str]" = frozenset()):
        self.idl = idl
        self.diags = diags
        #: the fixes applied (gen/model/upstream_fixes.py): their warnings are not given
        self.fixes = fixes
        #: index of each type in idl.types (the last one for a type listed twice)
        self.position: Dict[M.Type, int] = {t: i for i, t in enumerate(idl.types)}
        self._scan: Optional[Tuple[List[M.Member], List[Tuple[Aggregate, M.Member]]]] = None
        self._parsed_anon: Optional[Set[M.Type]] = None
        self._by_typename: Optional[Dict[Optional[str], M.Type]] = None
        # what members() saw on its way, once it has walked every aggregate: the fields
        # with deprecated_by, and whether a member may get a warning from limitations();
        # without such fields the field warnings need not walk the model again
        self._members_walked = False
        self._by_fields: List[M.Member] = []
        self._member_warnings = False
        self.failed = False
        #: fields deprecated() has looked at
        self._walked: Set[int] = set()

    def error(self, loc: "Optional[SourceLocation]", msg: str, *notes: "Note") -> None:
        self.diags.error(loc, msg, notes)
        self.failed = True

    def warn(self, loc: "Optional[SourceLocation]", msg: str, *notes: "Note") -> None:
        self.diags.warning(loc, msg, notes)

    def warn_fixable(self, fix: str, loc: "Optional[SourceLocation]", msg: str,
                     *notes: "Note") -> None:
        """A warning about an upstream bug that ``--fix FIX`` corrects (none when it is
        applied)."""
        if fix not in self.fixes:
            self.diags.warning(loc, msg + hint(fix), notes)

    def kwloc(self, t: "M.Type", name: str) -> "SourceLocation":
        return t.kwarg_locs.get(name, t.loc)

    # -- entry -------------------------------------------------------------------------
    def run(self) -> None:
        if not self.idl.types:
            self.warn(SourceLocation(self.idl.file, 0, 0), "the IDL defines no type to "
                      "generate (no enumeration, struct or union): the files written declare "
                      "nothing, and testidl tests nothing")
        self.top_level_kinds()
        if self.failed:
            return
        self.duplicate_names()
        self.constants()
        for t in self.idl.types:
            if isinstance(t, Aggregate):
                self.members(t, t)
        # members() has seen every field that scan_fields() walks
        self._members_walked = True
        self.deprecated()
        self.limitations()

    def top_level_kinds(self) -> None:
        for t in self.idl.types:
            where = t.bound_name or t.typename
            if not isinstance(t, (Enumeration, Aggregate)):
                self.error(t.loc, "'%s' is %s; only enumerations and aggregates can be defined "
                           "at top level" % (where, "an Array" if isinstance(t, Array)
                                             else "a plain Type"))
            elif isinstance(t, KeyedUnion):
                self.error(t.loc, "keyed union '%s' is defined at top level; a keyed union can "
                           "only be a member of a struct" % where)
            elif t.typename is None:
                self.error(t.loc, "'%s' is anonymous; a type defined at top level needs a name"
                           % where)
            elif t.namespace is None and t.json_parse_fn is not None:
                self.error(t.loc, "'%s' has namespace=None but a JSON parser; Xen's generator "
                           "names parsers NAMESPACE_NAME_parse_json and fails without a "
                           "namespace (give json_parse_fn=None or a namespace)" % where)

    def duplicate_names(self) -> None:
        seen: Dict[Optional[str], M.Type] = {}
        consts: Dict[str, Tuple[M.Type, M.EnumValue]] = {}
        for t in self.idl.types:
            first = seen.get(t.typename)
            if first is t:
                (n1, l1), (n2, l2) = t.bindings[0], t.bindings[1]
                self.error(l2, "'%s' is another name for '%s': the type would be emitted "
                           "twice" % (n2, n1), (l1, "'%s' is bound here" % n1))
                continue
            if first is not None:
                self.error(t.loc, "duplicate C type '%s'" % t.typename,
                           (first.loc, "first defined here"))
                continue
            seen[t.typename] = t
            if type(t) is not Enumeration:
                continue
            for v in t.values:
                prev = consts.get(v.name)
                if prev is not None:
                    self.error(v.loc, "enumeration constant '%s' of '%s' is also defined by '%s'"
                               % (v.name, t.typename, prev[0].typename),
                               (prev[1].loc, "'%s' is defined here" % v.name))
                else:
                    consts[v.name] = (t, v)

    # -- members of one C struct or union ---------------------------------------------------
    def members(self, t: "Aggregate", top: "M.Type") -> None:
        """Member names of the C aggregate for ``t`` must be unique: an Array adds its
        length member, a keyed union its key member.  Anonymous aggregates are their own
        scope and are checked as they are met.  (On the way, the fields the field warnings
        are about are noted, see __init__.)"""
        if isinstance(t, KeyedUnion):
            for c in t.fields:
                if c.deprecated_by is not None:
                    self._by_fields.append(c)
                ct = c.type
                if ct is not None:
                    if self.may_warn(t, c, ct):
                        self._member_warnings = True
                    if ct.typename is None and isinstance(ct, Aggregate):
                        self.members(ct, top)
            return
        names: Dict[str, Optional[SourceLocation]] = {}
        for f in t.fields:
            if f.deprecated_by is not None:
                self._by_fields.append(f)
            ft = f.type
            assert ft is not None  # (only a keyed union's case may have no type)
            if f.init_val is not None:
                self.init_val(f, ft)
            k = ft.kind
            if k == "array" or k == "keyed_union":
                if self.may_warn(t, f, ft):
                    self._member_warnings = True
                if isinstance(ft, Array):
                    if ft.lenvar.init_val is not None:
                        self.init_val(ft.lenvar, ft.lenvar.type)
                    self.declare_member(t, names, ft.lenvar.name, ft.lenvar.loc,
                                        " (the length member of array '%s')" % f.name)
                elif isinstance(ft, KeyedUnion):
                    self.declare_member(t, names, ft.keyvar.name, ft.keyvar.loc,
                                        " (the key member of keyed union '%s')" % f.name)
                    self.missing_cases(f, ft)
            if f.name in names:
                self.declare_member(t, names, f.name, f.name_loc or f.loc, "")
            else:
                names[f.name] = f.name_loc or f.loc
            if ft.typename is None and isinstance(ft, Aggregate):
                self.members(ft, top)

    # -- constants the C cannot hold ------------------------------------------------------------
    def constants(self) -> None:
        """Enumeration values and integer init_vals the C cannot hold: an error where the
        C does not compile (gcc or clang, -Wall -Werror), else a warning (docs/compat.md,
        "Constants")."""
        for t in self.idl.types:
            if isinstance(t, Enumeration):
                for v in t.values:
                    if not INT_MIN <= v.value <= INT_MAX:
                        self.enum_value(t, v)
        for t in self.idl.builtins:   # (Number and UInt are builtins, as in idl.py)
            if isinstance(t, Number) and t.init_val is not None:
                self.constant(self.kwloc(t, "init_val"), t.init_val, t,
                              "init_val %%s of '%s'" % (t.bound_name or t.typename))

    def enum_value(self, t: "M.Type", v: "M.EnumValue") -> None:
        what = "value %d of '%s' (%s)" % (v.value, v.given_name, v.name)
        if INT_MAX < v.value <= UINT_MAX:
            self.warn(v.loc, "%s is above 2147483647: ISO C requires an enumeration "
                      "constant to fit in an int (gcc and clang accept it as an extension), "
                      "and libxl's string table of %s holds it as an int (%d)"
                      % (what, t.typename, v.value - (1 << 32)))
        else:
            self.error(v.loc, "%s does not fit in a C enumeration: its constant must fit in an "
                       "int (-2147483648 to 2147483647); the C does not compile" % what)

    def init_val(self, f: "M.Member", ft: "Optional[M.Type]") -> None:
        if isinstance(ft, Number):
            self.constant(f.loc, f.init_val, ft, "init_val %%s of member '%s'" % f.name)

    def constant(self, loc: "Optional[SourceLocation]", value: object, t: "Number",
                 what: str) -> None:
        """An integer (or a string that is a C integer constant) given as the init_val
        of a value of the number type ``t``; ``what`` says which, with %s for the value."""
        decimal = True
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return
        if isinstance(value, str):
            m = _C_INT.fullmatch(value)
            if m is None:
                return
            digits = m.group(2)
            decimal = not digits.startswith("0")
            n = int(digits, 16 if digits[:2] in ("0x", "0X") else 8 if not decimal else 10)
            value = -n if m.group(1) else n
        size = (t.width, False) if isinstance(t, UInt) else C_INTEGERS.get(t.typename or "")
        if size is None:
            return
        bits, signed = size
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        shown = what % value
        if not INT64_MIN <= value <= UINT64_MAX:
            self.error(loc, "%s is beyond every C integer type (the C does not compile)"
                       % shown)
        elif decimal and value > INT64_MAX:
            self.error(loc, "%s is a decimal constant above 9223372036854775807, which C "
                       "compilers reject as 'so large that it is unsigned': write it in hex "
                       "(init_val=\"%#x\")" % (shown, value))
        elif value > hi or (value < lo and (signed or bits < 32)):
            self.error(loc, "%s does not fit in %s (%d to %d): the C does not compile with "
                       "-Wall -Werror (gcc or clang)" % (shown, t.typename, lo, hi))
        elif value < lo:
            self.warn(loc, "%s is negative, and %s is unsigned: C stores %d"
                      % (shown, t.typename, value % (1 << bits)))

    def missing_cases(self, f: "M.Member", ft: "KeyedUnion") -> None:
        """A keyed union without a case for some value of its key: Xen's generator
        switches on the key with one case per union case and no default."""
        missing = ft.missing_cases()
        if missing:
            self.warn(f.loc, "keyed union '%s' has no case for %s: the generated switch "
                      "statements do not handle %s (-Wswitch, an error where the C is "
                      "built with -Werror, as Xen is; a case may have no type: "
                      "(\"%s\", None))"
                      % (f.name, ", ".join(v.name for v in missing),
                         "it" if len(missing) == 1 else "them", missing[0].valuename.lower()))

    def declare_member(self, t: "M.Type", names: "Dict[str, Optional[SourceLocation]]",
                       name: str, loc: "Optional[SourceLocation]", what: str) -> None:
        """Note member ``name`` of ``t`` in ``names``, or report it as a duplicate."""
        if name not in names:
            names[name] = loc
        else:
            self.error(loc, "duplicate member '%s' in %s%s" % (name, t.describe(), what),
                       (names[name], "'%s' is first declared here" % name))

    @staticmethod
    def may_warn(owner: "M.Type", f: "M.Member", ft: "M.Type") -> bool:
        """Whether limitations() may warn about member ``f`` (of type ``ft``) of ``owner``."""
        if isinstance(ft, Array):
            return bool(f.const) or (isinstance(ft.elem_type, Struct)
                                     and ft.elem_type.copy_fn is None)
        if isinstance(ft, KeyedUnion):
            return bool(f.const) or owner.typename is None
        return False

    # -- deprecated_by ---------------------------------------------------------------------
    def deprecated(self) -> None:
        for t in self.idl.types:
            if not t.copy_deprecated_fn or not isinstance(t, Aggregate):
                continue
            for f in t.fields:
                if not f.const:
                    self.deprecated_field(f, t, self._walked)
        # deprecated_by anywhere else does nothing
        if self._members_walked and all(id(f) in self._walked for f in self._by_fields):
            return
        for f in self.scan_fields()[0]:
            if id(f) not in self._walked:
                self.warn(f.loc, "deprecated_by on '%s' has no effect: no copy_deprecated_fn "
                          "of an enclosing struct reaches it" % f.name)

    def deprecated_field(self, f: "M.Member", top: "Aggregate", walked: "Set[int]") -> None:
        walked.add(id(f))
        ft = f.type
        if ft is None:
            return
        shape = ft.nested.copy_deprecated
        if shape == "keyed_union" and isinstance(ft, KeyedUnion):
            for c in ft.fields:
                if not c.const:
                    self.deprecated_field(c, top, walked)
            return
        if f.deprecated_by and isinstance(ft, Array):
            self.error(f.loc, "array member '%s' cannot be deprecated_by another member "
                       "(Xen's generator does not support it)" % f.name)
            return
        if shape == "struct" and isinstance(ft, Struct):
            for m in ft.fields:
                if not m.const:
                    self.deprecated_field(m, top, walked)
            return
        if f.deprecated_by is None:
            return
        by = f.deprecated_by
        target = self.member_path(f, top, by)
        if target is None:
            return
        if ft.check_default_fn is None:
            self.error(f.loc, "deprecated member '%s' has type %s, which has no "
                       "check_default_fn to tell whether it was set" % (f.name, ft.describe()))
            return
        tt = target.type
        if tt is not ft and (tt is None or tt.typename != ft.typename):
            self.error(f.loc, "deprecated member '%s' (%s) and its replacement '%s' (%s) have "
                       "different types" % (f.name, ft.describe(), by,
                                            tt.describe() if tt is not None else "no type"),
                       (target.loc, "'%s' is declared here" % by))

    def member_path(self, f: "M.Member", top: "Aggregate", by: str) -> "Optional[M.Member]":
        """The member that ``deprecated_by`` names: a C member path from the top-level
        struct (Xen's generator writes p->PATH), each component a member of the aggregate
        the previous one names: a field, a keyed union's case or key, an array's length.
        An error (None) when a component does not exist or is not an aggregate."""
        parts = by.split(".")
        here: Optional[M.Type] = top
        target: Optional[M.Member] = None
        for i, name in enumerate(parts):
            if not isinstance(here, Aggregate):
                prev = ".".join(parts[:i])
                self.error(f.loc, "deprecated_by '%s' of '%s': '%s' is not a struct or union, "
                           "so it has no member '%s'" % (by, f.name, prev, name),
                           (target.loc if target is not None else None,
                            "'%s' is declared here" % prev))
                return None
            target = self.member_named(here, name)
            if target is None:
                where = top.describe() if i == 0 else "'%s'" % ".".join(parts[:i])
                self.error(f.loc, "deprecated_by '%s' of '%s' names no member of %s (the "
                           "replacement is looked up there)" % (by, f.name, where),
                           (here.loc, "%s is defined here" % here.describe()))
                return None
            here = target.type
        return target

    @staticmethod
    def member_named(t: "Aggregate", name: str) -> "Optional[M.Member]":
        """Member ``name`` of the C struct or union of aggregate ``t``."""
        for f in t.fields:
            if f.name == name:
                return f
            ft = f.type
            if type(ft) is Array and ft.lenvar.name == name:
                return ft.lenvar
            if type(ft) is KeyedUnion and ft.keyvar.name == name:
                return ft.keyvar
        return None

    def scan_fields(self) -> "Tuple[List[M.Member], List[Tuple[Aggregate, M.Member]]]":
        """The fields the field warnings can be about, in the order they are reported:
        those with deprecated_by (for deprecated()), and (owner, field) for the array and
        keyed union members that limitations() looks at.  The walk covers the fields of
        the types and of the anonymous types in them, each owner once, from the last type
        to the first, an anonymous type right after the type it is in.  Made once: the
        model does not change while it is checked."""
        if self._scan is None:
            with_by: List[M.Member] = []
            members: List[Tuple[Aggregate, M.Member]] = []
            seen: Set[Aggregate] = set()
            stack = [t for t in self.idl.types if isinstance(t, Aggregate)]
            pop = stack.pop
            while stack:
                t = pop()
                if t in seen:
                    continue
                seen.add(t)
                for f in t.fields:
                    if f.deprecated_by is not None:
                        with_by.append(f)
                    ft = f.type
                    if ft is None:
                        continue
                    if ft.typename is None and isinstance(ft, Aggregate):
                        stack.append(ft)
                    if isinstance(ft, (Array, KeyedUnion)) and self.may_warn(t, f, ft):
                        members.append((t, f))
            self._scan = (with_by, members)
        return self._scan

    # -- upstream limitations and likely mistakes (warnings) ---------------------------------
    def limitations(self) -> None:
        for i, t in enumerate(self.idl.types):
            if isinstance(t, Struct) and t.passby == M.PASS_BY_VALUE:
                self.warn_fixable("passby-value-struct", self.kwloc(t, "passby"),
                                  "%s is PASS_BY_VALUE: Xen's generator writes by-value "
                                  "prototypes but pointer definitions for it (the C does not "
                                  "compile)" % t.describe())
            if type(t) in (Union, Aggregate) and not t.private:
                self.warn(t.loc, "%s is a %s: its generated copy, init and JSON functions "
                          "call themselves (give it private=True or hand-written functions)"
                          % (t.describe(), "Union" if type(t) is Union else "plain Aggregate"))
            if (isinstance(t, Aggregate) and t.json_parse_fn is not None and "init_fn" in t.kwargs
                    and t.init_fn != "%s_init" % t.typename):
                self.warn(self.kwloc(t, "init_fn"), "%s renames its init function to '%s', "
                          "but the generated %s_from_json() calls %s_init()"
                          % (t.describe(), t.init_fn, t.typename, t.typename))
            for key in ("json_gen_fn", "json_parse_fn"):
                if key in t.kwargs and t.kwargs[key] is not None and (
                        not isinstance(t, Builtin)) and t.autogenerate_json:
                    self.warn(self.kwloc(t, key), "%s=%r is used where %s is a member, but the "
                              "generated definition keeps its default name"
                              % (key, t.kwargs[key], t.describe()))
            self.order_of_use(t, i)
        if self._members_walked and not self._member_warnings:
            return
        for owner, f in self.scan_fields()[1]:
            ft = f.type
            if f.const and isinstance(ft, (Array, KeyedUnion)):
                self.warn(f.loc, "const applies only to the first line Xen's generator emits "
                          "for '%s' (the %s member)" % (f.name, "length" if isinstance(
                              ft, Array) else "key"))
            if isinstance(ft, Array) and isinstance(ft.elem_type, Struct) and \
                    ft.elem_type.copy_fn is None:
                self.warn(f.loc, "the elements of array '%s' are copied member by member in a "
                          "for loop without braces: only the first member is copied for "
                          "each element" % f.name)
            if (isinstance(ft, KeyedUnion) and owner.typename is None
                    and self.parsed(owner)):
                self.warn_fixable("keyed-union-in-anonymous-struct", f.loc,
                                  "keyed union '%s' is in an anonymous struct: the generated "
                                  "parser calls None_init_%s() for it (the C does not compile)"
                                  % (f.name, ft.keyvar.name))

    def parsed(self, anon: "M.Type") -> bool:
        """Whether an anonymous aggregate is inside a type whose JSON parser is generated."""
        if self._parsed_anon is None:
            # the anonymous types in such types (through anonymous types), found once
            found: Set[M.Type] = set()
            for t in self.idl.types:
                if t.json_parse_fn is not None and isinstance(t, Aggregate):
                    stack = [t]
                    while stack:
                        for f in stack.pop().fields:
                            ft = f.type
                            if isinstance(ft, Aggregate) and ft.typename is None and \
                                    ft not in found:
                                found.add(ft)
                                stack.append(ft)
            self._parsed_anon = found
        return anon in self._parsed_anon

    def order_of_use(self, t: "M.Type", i: int) -> None:
        """A member of a named type must be defined before the type using it."""
        self.uses_in_order(t, t, i)

    def uses_in_order(self, t: "M.Type", top: "M.Type", i: int) -> None:
        """order_of_use() for the uses of ``t``, which is ``top`` or an anonymous type in
        it: its members, those of its anonymous member types right after the member, then
        its key member."""
        if not isinstance(t, Aggregate):
            return
        position = self.position
        for f in t.fields:
            ft = f.type
            if ft is None:
                continue
            u = ft.elem_type if type(ft) is Array else ft
            if u.kind != "builtin" and u.typename is not None:
                pos = position.get(u)
                if pos is None or pos > i:
                    self.misordered(f, u, pos, top, i)
            if ft.typename is None:
                self.uses_in_order(ft, top, i)
        if type(t) is KeyedUnion:
            k = t.keyvar
            u = k.type
            if u.kind != "builtin" and u.typename is not None:
                pos = position.get(u)
                if pos is None or pos > i:
                    self.misordered(k, u, pos, top, i)

    def misordered(self, f: "M.Member", u: "M.Type", pos: "Optional[int]", t: "M.Type",
                   i: int) -> None:
        """The warning of order_of_use() about member ``f`` of ``t`` using ``u``, which is
        at ``pos`` in the types (None: not there)."""
        if pos is None:
            replaced = self.lookup(u.typename)
            if replaced is not None and replaced is not u:
                self.warn(f.loc, "member '%s' uses the earlier definition of '%s', which "
                          "was redefined; the C type is the later one" % (f.name, u.typename),
                          (replaced.loc, "redefined here"))
        elif pos > i:
            self.warn_fixable("emitted-after-use", f.loc,
                              "'%s' is emitted after %s, which uses it (its name was "
                              "re-bound); the C does not compile" % (u.typename, t.describe()),
                              (u.loc, "'%s' is defined here" % u.typename))

    def lookup(self, typename: "Optional[str]") -> "Optional[M.Type]":
        """idl.lookup(), from a table made on first use."""
        if self._by_typename is None:
            table: Dict[Optional[str], M.Type] = {}
            for t in self.idl.types:
                table.setdefault(t.typename, t)
            for t in self.idl.builtins:
                table.setdefault(t.typename, t)
            self._by_typename = table
        return self._by_typename.get(typename)


def check(idl: "M.Idl", diags: "Diagnostics", fixes: "FrozenSet[str]" = frozenset()) -> None:
    """Check the whole model; errors and warnings go to ``diags``.  ``fixes`` are the
    upstream bugs that will be corrected (gen/model/upstream_fixes.py)."""
    Checker(idl, diags, fixes).run()
