"""``xlidl api-diff OLD.idl NEW.idl``: what an IDL change does to libxl's C API.

The two models are compared type by type (by C name), member by member (anonymous
structs and unions inside a type are followed, so ``libxl_domain_build_info.u.hvm.smbios``
is one member), and value by value.  Each change is a :class:`Change`, in one of four
categories:

* ``breaking``: breaks the C API or ABI of existing users: a type, field, keyed-union
  case or enumeration value removed (or renamed, which removes the old name); a field or
  case retyped (const included); an enumeration value renumbered; struct fields reordered;
  a type's passby or kind changed; a keyed union's key changed.
* ``addition``: new API: types, fields, keyed-union cases (or data for a case that had
  none), enumeration values.  Xen wants a ``LIBXL_HAVE_*`` define in libxl.h for each, so
  the report suggests one per feature (see :func:`suggest_defines`).
* ``other``: behaviour, not API: a default value changed, a member deprecated.
* ``internal``: any change to an internal type (``libxl__`` names): not public API.

Adding a field in the middle of a struct is an addition, not a break: libxl's structs grow
every release (the soname changes with each), and only the relative order of the fields
that remain is checked.
"""
import os
import sys
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from ..model.types import Aggregate, Array, Builtin, Enumeration, KeyedUnion, Struct


BREAKING = "breaking"
ADDITION = "addition"
OTHER = "other"
INTERNAL = "internal"
CATEGORIES = (BREAKING, ADDITION, OTHER, INTERNAL)

#: Xen's habits for the type part of LIBXL_HAVE_* names (libxl.h)
SHORT_NAMES = {"domain_build_info": "BUILDINFO", "domain_create_info": "CREATEINFO"}

_KIND_WORD = {"Struct": "struct", "Union": "union", "KeyedUnion": "keyed union",
              "Aggregate": "union", "Enumeration": "enumeration", "Builtin": "builtin type",
              "Number": "number type", "UInt": "number type", "Array": "array", "Type": "type"}


class Change:
    """One change of the API, as the report shows it.

    kind: type-added, field-removed, enum-value-renumbered ...; category: breaking,
    addition, other or internal; subject: the C name (libxl_foo, libxl_foo.u.bar,
    LIBXL_FOO_BAR); message: one line without location; old_loc/new_loc: where the thing
    is in OLD/NEW (SourceLocation, None where it does not exist); old/new: the old and new
    type or value, when something changed; owner: the named type the change is in; path:
    the member path inside it; hpath: the same without keyed-union member names (for
    LIBXL_HAVE_* names); define: the LIBXL_HAVE_* this addition falls under; enumname: a
    keyed-union case's enumeration value.  (A plain class, not a dataclass: this module is
    imported at every xlidl start.)"""

    __slots__ = ("kind", "category", "subject", "message", "old_loc", "new_loc", "old",
                 "new", "owner", "path", "hpath", "define", "enumname")

    def __init__(self, kind: str, category: str, subject: str, message: str,
                 old_loc: "Any" = None, new_loc: "Any" = None, old: "Optional[str]" = None,
                 new: "Optional[str]" = None, owner: "Optional[str]" = None,
                 path: "Tuple[str, ...]" = (), hpath: "Tuple[str, ...]" = (),
                 define: "Optional[str]" = None, enumname: "Optional[str]" = None):
        self.kind = kind
        self.category = category
        self.subject = subject
        self.message = message
        self.old_loc = old_loc
        self.new_loc = new_loc
        self.old = old
        self.new = new
        self.owner = owner
        self.path = path
        self.hpath = hpath
        self.define = define
        self.enumname = enumname

    def __repr__(self) -> str:
        return "<Change %s %s>" % (self.kind, self.subject)

    def loc(self):
        return self.new_loc if self.new_loc is not None else self.old_loc

    def to_json(self) -> "Dict[str, Any]":
        return {"kind": self.kind, "category": self.category, "name": self.subject,
                "message": self.message,
                "old_loc": str(self.old_loc) if self.old_loc is not None else None,
                "new_loc": str(self.new_loc) if self.new_loc is not None else None,
                "old": self.old, "new": self.new, "type": self.owner,
                "define": self.define}


class Define:
    """A LIBXL_HAVE_* define suggested for one feature (one or more additions, the
    feature's own first)."""

    def __init__(self, name: str):
        self.name = name
        self.additions: List[Change] = []

    def to_json(self) -> "Dict[str, Any]":
        return {"name": self.name, "for": [c.subject for c in self.additions],
                "loc": str(self.additions[0].loc()) if self.additions else None}


class Report:
    def __init__(self, old: str, new: str, changes: "List[Change]", defines: "List[Define]"):
        self.old = old
        self.new = new
        self.changes = changes
        self.defines = defines

    def of(self, category: str) -> "List[Change]":
        return [c for c in self.changes if c.category == category]

    @property
    def breaking(self) -> bool:
        return any(c.category == BREAKING for c in self.changes)


# -- describing types ------------------------------------------------------------------------

def type_key(t, const: "Any" = False) -> tuple:
    """What identifies a member's C type (named types by name: their own changes are
    reported with the type)."""
    if t is None:
        key: tuple = ("none",)
    elif isinstance(t, Array):
        key = ("array", type_key(t.elem_type), t.lenvar.name if t.lenvar else None)
    elif t.typename is not None:
        key = ("named", t.typename)
    else:
        key = ("anon", t.cls)
    return key + (("const",) if const else ())


def type_text(t, const: "Any" = False) -> str:
    if t is None:
        text = "no data"
    elif isinstance(t, Array):
        text = "array of %s, length %s" % (type_text(t.elem_type),
                                            t.lenvar.name if t.lenvar else "?")
    elif t.typename is not None:
        text = t.typename
    elif isinstance(t, KeyedUnion):
        kv = t.keyvar
        text = "keyed union on %s (%s)" % (kv.name, kv.type.typename if kv and kv.type
                                           else "?") if kv else "keyed union"
    else:
        text = "anonymous " + _KIND_WORD.get(t.cls, t.cls)
    return ("const " + text) if const else text


def _name(f) -> str:
    return "<anonymous>" if f.name is None else str(f.name)


def member_default(f) -> "Any":
    """A member's default: its own init_val, else its builtin type's (builtins share C
    names, so a change of builtin is only visible here)."""
    if f.init_val is not None:
        return f.init_val
    t = f.type
    if t is not None and isinstance(t, Builtin) and t.init_val is not None:
        return t.init_val
    return None


def is_internal(typename: "Optional[str]") -> bool:
    return typename is not None and typename.startswith("libxl__")


def named_types(idl) -> "Dict[str, Any]":
    """C name -> type: the IDL's types and the builtins it declares (Builtin(...)), first
    binding first, in the IDL's order."""
    out: Dict[str, Any] = {}
    for t in list(idl.builtins) + list(idl.types):
        if t.typename is None or t.typename in out:
            continue
        if isinstance(t, Builtin) and t.cls != "Builtin":
            continue           # UInt(64) & co. are C's own types (uint64_t ...)
        out[t.typename] = t
    return out


def walk_members(t: "Any", path: "Tuple[str, ...]" = ()
                 ) -> "Iterator[Tuple[Tuple[str, ...], Any, Any]]":
    """Every member of the aggregate ``t`` as the report names it, in the IDL's order:
    ``(path, member, parent)``, ``path`` the names from ``t`` down (``("u", "hvm",
    "smbios")``), ``parent`` the aggregate that holds the member.  Anonymous structs,
    unions and keyed unions are followed (a keyed union's cases are its members, named by
    the case: ``u.hvm``), named types are not: the same paths as :class:`Comparer`
    (compare_aggregate, compare_member), for ``xlidl doc``'s history (gen/tools/history.py)."""
    for f in t.fields:
        p = path + (_name(f),)
        yield p, f, t
        ft = f.type
        if ft is not None and ft.typename is None and isinstance(ft, Aggregate):
            for item in walk_members(ft, p):
                yield item


# -- the comparison --------------------------------------------------------------------------

class Comparer:
    def __init__(self, old_idl, new_idl):
        self.old_idl = old_idl
        self.new_idl = new_idl
        self.changes: List[Change] = []

    def add(self, kind, category, subject, message, owner=None, path=(), hpath=(), **kw):
        if is_internal(owner):
            category = INTERNAL
        c = Change(kind, category, subject, message, owner=owner, path=tuple(path),
                   hpath=tuple(hpath), **kw)
        self.changes.append(c)
        return c

    def run(self) -> "List[Change]":
        old = named_types(self.old_idl)
        new = named_types(self.new_idl)
        removed = [n for n in old if n not in new]
        added = [n for n in new if n not in old]
        renamed = self.pair_renamed_types(old, new, removed, added)
        for o, n in renamed:
            ot, nt = old[o], new[n]
            self.add("type-renamed", BREAKING, n,
                     "%s renamed (looks like it): %s -> %s" % (self.kind_word(nt), o, n),
                     owner=n, old_loc=ot.loc, new_loc=nt.loc, old=o, new=n)
        paired_o = {o for o, _ in renamed}
        paired_n = {n for _, n in renamed}
        for n in removed:
            if n in paired_o:
                continue
            t = old[n]
            self.add("type-removed", BREAKING, n, "%s removed: %s" % (self.kind_word(t), n),
                     owner=n, old_loc=t.loc)
        for n in added:
            if n in paired_n:
                continue
            t = new[n]
            self.add("type-added", ADDITION, n, "%s added: %s%s"
                     % (self.kind_word(t), n, self.size_note(t)), owner=n, new_loc=t.loc)
        for n, nt in new.items():
            if n in old:
                self.compare_type(n, old[n], nt)
        return self.changes

    @staticmethod
    def kind_word(t) -> str:
        return _KIND_WORD.get(t.cls, t.cls)

    @staticmethod
    def size_note(t) -> str:
        if isinstance(t, Enumeration):
            return " (%d value%s)" % (len(t.values), "" if len(t.values) == 1 else "s")
        if isinstance(t, Aggregate):
            n = len(t.fields)
            word = "case" if isinstance(t, KeyedUnion) else "member"
            return " (%d %s%s)" % (n, word, "" if n == 1 else "s")
        return ""

    @staticmethod
    def shape(t) -> tuple:
        """What must match for a removed and an added type to look like a rename."""
        if isinstance(t, Enumeration):
            return ("enum", tuple(sorted((v.valuename, v.value) for v in t.values)))
        if isinstance(t, Aggregate):
            return (t.cls, tuple((_name(f), type_key(f.type, f.const)) for f in t.fields))
        return (t.cls, t.passby)

    def pair_renamed_types(self, old, new, removed, added):
        pairs = []
        free = list(added)
        for o in removed:
            ot = old[o]
            if not (isinstance(ot, Enumeration) and ot.values
                    or isinstance(ot, Aggregate) and ot.fields):
                continue
            for n in free:
                nt = new[n]
                if nt.cls == ot.cls and self.shape(nt) == self.shape(ot):
                    pairs.append((o, n))
                    free.remove(n)
                    break
        return pairs

    def compare_type(self, name: str, ot, nt) -> None:
        if ot.cls != nt.cls and not (isinstance(ot, Builtin) and isinstance(nt, Builtin)):
            self.add("type-kind-changed", BREAKING, name, "%s changed kind: %s -> %s"
                     % (name, self.kind_word(ot), self.kind_word(nt)), owner=name,
                     old_loc=ot.loc, new_loc=nt.loc, old=self.kind_word(ot),
                     new=self.kind_word(nt))
            return
        if ot.passby != nt.passby:
            self.add("passby-changed", BREAKING, name, "%s passby changed: %s -> %s"
                     % (name, _passby(ot.passby), _passby(nt.passby)), owner=name,
                     old_loc=ot.loc, new_loc=nt.loc, old=_passby(ot.passby),
                     new=_passby(nt.passby))
        if ot.init_val != nt.init_val:
            self.add("type-default-changed", OTHER, name, "%s default changed: %s -> %s"
                     % (name, _val(ot.init_val), _val(nt.init_val)), owner=name,
                     old_loc=ot.loc, new_loc=nt.loc, old=_val(ot.init_val),
                     new=_val(nt.init_val))
        if isinstance(nt, Enumeration):
            self.compare_enum(name, ot, nt)
        elif isinstance(nt, Aggregate):
            self.compare_aggregate(name, (), (), ot, nt)

    # enumerations
    def compare_enum(self, name: str, ot, nt) -> None:
        old = {v.name: v for v in ot.values}
        new = {v.name: v for v in nt.values}
        gone = [v for v in ot.values if v.name not in new]
        came = [v for v in nt.values if v.name not in old]
        renamed: List[Tuple[Any, Any]] = []
        for g in gone:
            for c in came:
                if c.value == g.value and c not in [r[1] for r in renamed]:
                    renamed.append((g, c))
                    break
        for g, c in renamed:
            self.add("enum-value-renamed", BREAKING, c.name,
                     "enumeration value renamed (looks like it): %s -> %s (= %d) in %s"
                     % (g.name, c.name, c.value, name), owner=name, old_loc=g.loc,
                     new_loc=c.loc, old=g.name, new=c.name)
        for g in gone:
            if any(g is r[0] for r in renamed):
                continue
            self.add("enum-value-removed", BREAKING, g.name,
                     "enumeration value removed: %s (= %d) from %s" % (g.name, g.value, name),
                     owner=name, old_loc=g.loc, old=str(g.value))
        for c in came:
            if any(c is r[1] for r in renamed):
                continue
            self.add("enum-value-added", ADDITION, c.name,
                     "enumeration value added: %s = %d in %s" % (c.name, c.value, name),
                     owner=name, new_loc=c.loc, new=str(c.value))
        for v in nt.values:
            o = old.get(v.name)
            if o is not None and o.value != v.value:
                self.add("enum-value-renumbered", BREAKING, v.name,
                         "enumeration value renumbered: %s %d -> %d" % (v.name, o.value,
                                                                        v.value),
                         owner=name, old_loc=o.loc, new_loc=v.loc, old=str(o.value),
                         new=str(v.value))

    # structs and unions
    def compare_aggregate(self, owner: str, path: tuple, hpath: tuple, ot, nt) -> None:
        keyed = isinstance(nt, KeyedUnion)
        ordered = isinstance(nt, Struct)
        what = "case" if keyed else "field"
        prefix = owner + "".join("." + p for p in path)
        if keyed:
            ok, nk = ot.keyvar, nt.keyvar
            oks = (ok.name, ok.type.typename if ok and ok.type else None) if ok else None
            nks = (nk.name, nk.type.typename if nk and nk.type else None) if nk else None
            if oks != nks:
                self.add("union-key-changed", BREAKING, prefix,
                         "keyed union key changed: %s: %s %s -> %s %s"
                         % (prefix, oks[1] if oks else "?", oks[0] if oks else "?",
                            nks[1] if nks else "?", nks[0] if nks else "?"),
                         owner=owner, path=path, hpath=hpath,
                         old_loc=ok.loc if ok else None, new_loc=nk.loc if nk else None,
                         old="%s %s" % (oks[1], oks[0]) if oks else None,
                         new="%s %s" % (nks[1], nks[0]) if nks else None)
        old_names = [_name(f) for f in ot.fields]
        new_names = [_name(f) for f in nt.fields]
        old: Dict[Optional[str], Any] = {}
        for f in ot.fields:
            old.setdefault(_name(f), f)
        new: Dict[Optional[str], Any] = {}
        for f in nt.fields:
            new.setdefault(_name(f), f)
        common = [n for n in new_names if n in old]

        def anchors(names, keep):
            out, last = {}, None
            for n in names:
                if n in keep:
                    last = n
                else:
                    out[n] = last
            return out

        gone = [n for n in old_names if n not in new]
        came = [n for n in new_names if n not in old]
        ga = anchors(old_names, set(common))
        ca = anchors(new_names, set(common))
        renamed: List[Tuple[str, str]] = []
        used = set()
        for g in gone:
            for c in came:
                if c in used or ca[c] != ga[g]:
                    continue
                if type_key(old[g].type, old[g].const) == type_key(new[c].type, new[c].const):
                    renamed.append((g, c))
                    used.add(c)
                    break
        gone_r = {g for g, _ in renamed}
        for g, c in renamed:
            of, nf = old[g], new[c]
            self.add(what + "-renamed", BREAKING, prefix + "." + c,
                     "%s renamed (looks like it): %s.%s -> %s.%s (%s)"
                     % (what, prefix, g, prefix, c, type_text(nf.type, nf.const)),
                     owner=owner, path=path + (c,), hpath=hpath + (c,), old_loc=of.loc,
                     new_loc=nf.loc, old=g, new=c)
        for g in gone:
            if g in gone_r:
                continue
            of = old[g]
            self.add(what + "-removed", BREAKING, prefix + "." + g,
                     "%s removed: %s.%s (%s)"
                     % (what, prefix, g, type_text(of.type, of.const)),
                     owner=owner, path=path + (g,), hpath=hpath + (g,), old_loc=of.loc,
                     old=type_text(of.type, of.const))
        for c in came:
            if c in used:
                continue
            nf = new[c]
            extra = ""
            if keyed and nf.enumname:
                extra = ", for %s" % nf.enumname
            self.add(what + "-added", ADDITION, prefix + "." + c,
                     "%s added: %s.%s (%s%s)" % (what, prefix, c,
                                                type_text(nf.type, nf.const), extra),
                     owner=owner, path=path + (c,), hpath=hpath + (c,), new_loc=nf.loc,
                     new=type_text(nf.type, nf.const),
                     enumname=nf.enumname if keyed else None)
        if ordered:
            self.check_order(owner, path, hpath, prefix, old_names, new_names, old, new,
                             set(common))
        for n in common:
            self.compare_member(owner, path, hpath, prefix, what, old[n], new[n])

    def check_order(self, owner, path, hpath, prefix, old_names, new_names, old, new,
                    common) -> None:
        so = [n for n in old_names if n in common]
        sn = [n for n in new_names if n in common]
        if so == sn:
            return
        import difflib
        sm = difflib.SequenceMatcher(None, so, sn, autojunk=False)
        stay = set()
        for b in sm.get_matching_blocks():
            stay.update(sn[b.b:b.b + b.size])
        for i, n in enumerate(sn):
            if n in stay:
                continue
            before = sn[i - 1] if i else None
            self.add("field-moved", BREAKING, prefix + "." + n,
                     "field moved: %s.%s (now %s; struct layout changes)"
                     % (prefix, n, "after " + before if before else "first"),
                     owner=owner, path=path + (n,), hpath=hpath + (n,),
                     old_loc=old[n].loc, new_loc=new[n].loc,
                     old=str(so.index(n)), new=str(i))

    def compare_member(self, owner, path, hpath, prefix, what, of, nf) -> None:
        name = _name(nf)
        sub = prefix + "." + name
        mpath, mhpath = path + (name,), hpath + (name,)
        ok, nk = type_key(of.type, of.const), type_key(nf.type, nf.const)
        if ok != nk:
            if what == "case" and of.type is None:
                self.add("case-data-added", ADDITION, sub, "case data added: %s (%s)"
                         % (sub, type_text(nf.type, nf.const)), owner=owner, path=mpath,
                         hpath=mhpath, old_loc=of.loc, new_loc=nf.loc, old="no data",
                         new=type_text(nf.type, nf.const))
            else:
                self.add(what + "-retyped", BREAKING, sub, "%s retyped: %s: %s -> %s"
                         % (what, sub, type_text(of.type, of.const),
                            type_text(nf.type, nf.const)), owner=owner, path=mpath,
                         hpath=mhpath, old_loc=of.loc, new_loc=nf.loc,
                         old=type_text(of.type, of.const), new=type_text(nf.type, nf.const))
        elif nf.type is not None and nf.type.typename is None and isinstance(nf.type, Aggregate):
            # the same kind of anonymous struct/union: compare inside it
            inner_h = mhpath if not isinstance(nf.type, KeyedUnion) else hpath
            self.compare_aggregate(owner, mpath, inner_h, of.type, nf.type)
        od, nd = member_default(of), member_default(nf)
        if od != nd:
            self.add(what + "-default-changed", OTHER, sub, "default changed: %s: %s -> %s"
                     % (sub, _val(od), _val(nd)), owner=owner, path=mpath, hpath=mhpath,
                     old_loc=of.loc, new_loc=nf.loc, old=_val(od), new=_val(nd))
        if of.deprecated_by != nf.deprecated_by:
            if nf.deprecated_by:
                msg = "deprecated: %s (use %s.%s)" % (sub, owner, nf.deprecated_by)
            else:
                msg = "no longer deprecated: %s" % sub
            self.add(what + "-deprecated", OTHER, sub, msg, owner=owner, path=mpath,
                     hpath=mhpath, old_loc=of.loc, new_loc=nf.loc,
                     old=_val(of.deprecated_by), new=_val(nf.deprecated_by))


def _passby(p) -> str:
    return {1: "PASS_BY_VALUE", 2: "PASS_BY_REFERENCE"}.get(p, str(p))


def _val(v) -> str:
    return "none" if v is None else str(v)


# -- LIBXL_HAVE_* suggestions ----------------------------------------------------------------

def _ident(s: str) -> str:
    import re
    return re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").upper()


def _short(t) -> str:
    """libxl_domain_build_info -> BUILDINFO, libxl_physinfo -> PHYSINFO."""
    name = t.typename or ""
    ns = t.namespace if isinstance(t.namespace, str) else ""
    if ns and name.startswith(ns):
        name = name[len(ns):]
    return SHORT_NAMES.get(name, _ident(name))


def _prefix(t) -> str:
    ns = t.namespace if isinstance(t.namespace, str) else ""
    ns = ns.rstrip("_")
    return (_ident(ns) + "_HAVE_") if ns else "HAVE_"


def references(idl) -> "Dict[str, List[Tuple[str, tuple, tuple]]]":
    """typename -> [(owner, path, hpath)] of every member (and keyed-union key) of a named
    type that uses it, anonymous members followed."""
    refs: Dict[str, List[Tuple[str, tuple, tuple]]] = {}

    def use(t, owner, path, hpath):
        while t is not None and isinstance(t, Array):
            t = t.elem_type
        if t is None:
            return
        if t.typename is not None:
            refs.setdefault(t.typename, []).append((owner, path, hpath))
        elif isinstance(t, Aggregate):
            walk(t, owner, path, hpath)

    def walk(t, owner, path, hpath):
        if isinstance(t, KeyedUnion) and t.keyvar is not None and t.keyvar.type is not None:
            # the key is a member of the enclosing struct
            kp = path[:-1] + (_name(t.keyvar),)
            use(t.keyvar.type, owner, kp, hpath + (_name(t.keyvar),))
        for f in t.fields:
            n = _name(f)
            inner_h = hpath if (f.type is not None and f.type.typename is None
                                and isinstance(f.type, KeyedUnion)) else hpath + (n,)
            use(f.type, owner, path + (n,), inner_h)

    for name, t in named_types(idl).items():
        if isinstance(t, Aggregate):
            walk(t, name, (), ())
    return refs


def suggest_defines(changes: "List[Change]", new_idl) -> "List[Define]":
    """One LIBXL_HAVE_* per feature.  An addition is covered by another (and needs no define
    of its own) when it is a type used by the other (a new struct used by a new field), an
    enumeration value whose keyed-union case was added, or a field added right after
    another added field of the same struct (added together, one define, as Xen does)."""
    adds = [c for c in changes if c.category == ADDITION]
    if not adds:
        return []
    types = named_types(new_idl)
    refs = references(new_idl)
    by_type = {c.subject: c for c in adds if c.kind == "type-added"}
    members = [c for c in adds if c.path]
    cover: Dict[int, Change] = {}

    # fields added next to each other, named alike (bootloader_restrict, bootloader_user)
    for c in members:
        if c.kind != "field-added":
            continue
        t = types.get(c.owner) if c.owner is not None else None
        parent = _member_type(t, c.path[:-1])
        if parent is None:
            continue
        names = [_name(f) for f in parent.fields]
        i = names.index(c.path[-1])
        if i == 0:
            continue
        prev = c.path[:-1] + (names[i - 1],)
        for d in members:
            if (d is not c and d.kind == "field-added" and d.owner == c.owner
                    and d.path == prev):
                if _first_word(root_of(d, cover)[-1]) == _first_word(c.path[-1]):
                    cover[id(c)] = d
                break
    # enumeration values that come with their keyed-union case
    for c in adds:
        if c.kind != "enum-value-added":
            continue
        for d in members:
            if d.kind == "case-added" and d.enumname == c.subject:
                cover[id(c)] = d
                break
    # new types used by other additions
    for c in adds:
        if c.kind != "type-added":
            continue
        for owner, path, _ in refs.get(c.subject, []):
            if owner in by_type and owner != c.subject:
                cover[id(c)] = by_type[owner]
                break
            hit = next((d for d in members if d.owner == owner
                        and path[:len(d.path)] == d.path), None)
            if hit is not None:
                cover[id(c)] = hit
                break

    def root(c: "Change") -> "Change":
        seen = set()
        while id(c) in cover and id(c) not in seen:
            seen.add(id(c))
            c = cover[id(c)]
        return c

    defines: Dict[str, Define] = {}
    order: List[str] = []
    for c in adds:
        r = root(c)
        name = _define_name(r, types, refs)
        if name not in defines:
            defines[name] = Define(name)
            order.append(name)
        defines[name].additions.append(c)
        c.define = name
    # the feature's own addition first
    for define in defines.values():
        define.additions.sort(key=lambda c: 0 if c.define and _is_root(c, cover) else 1)
    result = [defines[n] for n in order]
    result.sort(key=lambda d: _order(d.additions[0]))
    return result


def _first_word(name: str) -> str:
    return name.split("_", 1)[0]


def root_of(c: "Change", cover) -> tuple:
    """The member path of the addition that covers ``c`` (following the chain)."""
    seen = set()
    while id(c) in cover and id(c) not in seen:
        seen.add(id(c))
        c = cover[id(c)]
    return c.path


def _is_root(c: "Change", cover) -> bool:
    return id(c) not in cover


def _member_type(t, path):
    """The (anonymous) aggregate at ``path`` inside ``t``."""
    cur = t
    for p in path:
        if cur is None or not isinstance(cur, Aggregate):
            return None
        f = next((f for f in cur.fields if _name(f) == p), None)
        cur = f.type if f is not None else None
    return cur if cur is not None and isinstance(cur, Aggregate) else None


def _define_name(c: "Change", types, refs) -> str:
    t = types.get(c.owner)
    if t is None:
        return "LIBXL_HAVE_" + _ident(c.subject)
    prefix = _prefix(t)
    if c.kind == "type-added":
        return prefix + _short(t)
    if c.kind == "enum-value-added":
        v = next((v for v in t.values if v.name == c.subject), None)
        valname = _ident(v.valuename) if v else _ident(c.subject)
        uses = refs.get(t.typename, [])
        if len(uses) == 1:
            owner, _, hpath = uses[0]
            ot = types.get(owner)
            if ot is not None:
                return prefix + "_".join([_short(ot)] + [_ident(p) for p in hpath]
                                         + [valname])
        return prefix + (_ident(v.rawname) if v else _ident(c.subject))
    return prefix + "_".join([_short(t)] + [_ident(p) for p in c.hpath])


# -- entry points ----------------------------------------------------------------------------

def compare(old_idl, new_idl, old_name: "Optional[str]" = None,
            new_name: "Optional[str]" = None) -> "Report":
    """The report of the change from ``old_idl`` to ``new_idl`` (models from api.load)."""
    changes = Comparer(old_idl, new_idl).run()
    changes.sort(key=_order)
    defines = suggest_defines(changes, new_idl)
    return Report(old_name or old_idl.file, new_name or new_idl.file, changes, defines)


def _order(c: "Change"):
    if c.new_loc is not None:
        return (0, c.new_loc.line, c.new_loc.col, c.kind)
    loc = c.old_loc
    return (1, loc.line if loc else 0, loc.col if loc else 0, c.kind)


_TITLES = {BREAKING: "Breaking changes", ADDITION: "Additions",
           OTHER: "Other changes (behaviour, not API)",
           INTERNAL: "Internal changes (libxl__ types, not public API)"}


def format_text(r: "Report") -> str:
    out = ["API changes from %s to %s" % (r.old, r.new), ""]
    for cat in CATEGORIES:
        items = r.of(cat)
        if cat == INTERNAL and not items:
            continue
        out.append("%s (%d):%s" % (_TITLES[cat], len(items), "" if items else " none"))
        for c in items:
            line = "  %s: %s" % (c.loc(), c.message)
            if c.old_loc is not None and c.new_loc is not None and cat != ADDITION:
                line += " [was %s]" % (c.old_loc,)
            out.append(line)
        out.append("")
    out.append("LIBXL_HAVE_* defines needed in libxl.h, one per feature (%d):%s"
               % (len(r.defines), "" if r.defines else " none"))
    for d in r.defines:
        first = d.additions[0]
        out.append("  #define %s 1" % d.name)
        out.append("      for %s (%s)" % (first.subject, first.loc()))
        rest = [c.subject for c in d.additions[1:]]
        if rest:
            import textwrap
            out.extend(textwrap.wrap("with " + ", ".join(rest), width=90,
                                     initial_indent="      ", subsequent_indent="        ",
                                     break_long_words=False, break_on_hyphens=False))
    out.append("")
    counts = {cat: len(r.of(cat)) for cat in CATEGORIES}
    out.append("Summary: %d breaking, %d additions, %d other, %d internal: %s"
               % (counts[BREAKING], counts[ADDITION], counts[OTHER], counts[INTERNAL],
                  "BREAKS the API/ABI" if r.breaking else "compatible"))
    return "\n".join(out) + "\n"


def format_json(r: "Report") -> str:
    import json
    counts = {cat: len(r.of(cat)) for cat in CATEGORIES}
    doc = {"old": r.old, "new": r.new, "breaking": r.breaking, "summary": counts,
           "changes": [c.to_json() for c in r.changes],
           "defines": [d.to_json() for d in r.defines]}
    return json.dumps(doc, indent=2) + "\n"


# -- --header: the LIBXL_HAVE_* defines libxl.h added ----------------------------------------

#: words that name no feature of their own: dropped from a suggested define's words before
#: matching (docs/api-diff.md, "Checking libxl.h")
GENERIC_WORDS = frozenset(("LIBXL", "HAVE", "TYPE", "NAME", "ID", "INFO", "KIND", "PARAMS",
                           "CONFIG", "DOMAIN", "DEVICE", "BUILDINFO", "CREATEINFO", "ARCH",
                           "ENLIGHTENMENT"))

_HAVE = None


def header_defines(text: str) -> "List[str]":
    """The LIBXL_HAVE_* names a libxl.h defines (``#define LIBXL_HAVE_X``), in its order,
    each once."""
    import re
    global _HAVE
    if _HAVE is None:
        _HAVE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(LIBXL_HAVE_\w+)", re.M)
    return list(dict.fromkeys(m.group(1) for m in _HAVE.finditer(text)))


def feature_words(d: "Define", new_idl: "Any" = None) -> "List[str]":
    """The identifying words of a feature: the name of its own addition (the member's
    last path element, the enumeration value's name without its enumeration's prefix, the
    type's short name), split on '_', without GENERIC_WORDS; all the suggested define's
    words but LIBXL and HAVE when that leaves none."""
    c = d.additions[0]
    own: List[str] = []
    if c.kind == "enum-value-added":
        t = named_types(new_idl).get(c.owner or "") if new_idl is not None else None
        v = next((v for v in t.values if v.name == c.subject), None) \
            if isinstance(t, Enumeration) else None
        own = _ident(v.valuename if v is not None else c.subject).split("_")
    elif c.path:
        own = _ident(c.path[-1]).split("_")
    else:
        own = d.name.split("_")[2:]
    words = [w for w in own if w and w not in GENERIC_WORDS]
    if not words:
        words = [w for w in d.name.split("_") if w not in ("LIBXL", "HAVE")]
    return words


def define_covers(real: str, words: "Sequence[str]",
                  suggested: "Optional[str]" = None) -> bool:
    """A real define covers a feature when every identifying word is one of its words;
    or when the words written together (at least 6 letters) are in its name without '_'
    (LIBXL_HAVE_SPICE_IMAGECOMPRESSION covers spice_info.image_compression); or when it
    is a shortening of the ``suggested`` name that keeps an identifying word (each of its
    words is one of the suggested name's: LIBXL_HAVE_VNUMA covers the suggested
    LIBXL_HAVE_BUILDINFO_VNUMA_NODES)."""
    parts = set(real.split("_")) - {"LIBXL", "HAVE"}
    if words and all(w in parts for w in words):
        return True
    joined = "".join(words)
    if len(joined) >= 6 and joined in "".join(real.split("_")[2:]):
        return True
    if suggested is not None and parts:
        named = set(suggested.split("_"))
        return parts <= named and bool(parts & set(words))
    return False


class HeaderCheck:
    """What ``api-diff --header OLD.h NEW.h`` found: the defines NEW adds, and for each
    suggested define (a feature) the added define that covers it, or None."""

    def __init__(self, old: str, new: str, added: "List[str]",
                 matches: "List[Tuple[Define, Optional[str]]]"):
        self.old = old
        self.new = new
        self.added = added
        self.matches = matches

    @property
    def uncovered(self) -> "List[Define]":
        return [d for d, real in self.matches if real is None]

    def warnings(self) -> "List[str]":
        return ["%s adds no LIBXL_HAVE_* define for %s (%s); suggested: %s"
                % (self.new, d.additions[0].subject, d.additions[0].loc(), d.name)
                for d in self.uncovered]

    def to_json(self) -> "Dict[str, Any]":
        return {"old": self.old, "new": self.new, "added": self.added,
                "features": [{"suggested": d.name, "for": d.additions[0].subject,
                              "define": real}
                             for d, real in self.matches],
                "uncovered": [d.name for d in self.uncovered]}


def check_header(r: "Report", old_text: str, new_text: str, old_name: str,
                 new_name: str, new_idl: "Any" = None) -> "HeaderCheck":
    """Match the report's features (its suggested defines) to the defines NEW's libxl.h
    adds: the suggested name itself, else of the added defines that
    :func:`define_covers` the feature's words (``new_idl``: the NEW model, for the names
    of enumeration values) the closest: the most words in common with the suggested
    name, then the fewest other words."""
    old = set(header_defines(old_text))
    added = [n for n in header_defines(new_text) if n not in old]
    matches: List[Tuple[Define, Optional[str]]] = []
    for d in r.defines:
        if d.name in added:
            matches.append((d, d.name))
            continue
        words = feature_words(d, new_idl)
        named = set(d.name.split("_"))
        best: Optional[str] = None
        best_key: Tuple[int, int] = (0, 0)
        for a in added:
            if not define_covers(a, words, d.name):
                continue
            parts = a.split("_")[2:]
            key = (len([p for p in parts if p in named]),
                   -len([p for p in parts if p not in named]))
            if best is None or key > best_key:
                best, best_key = a, key
        matches.append((d, best))
    return HeaderCheck(old_name, new_name, added, matches)


def format_header_text(h: "HeaderCheck") -> str:
    out = ["LIBXL_HAVE_* defines %s adds (%d):%s" % (h.new, len(h.added),
                                                     "" if h.added else " none")]
    out += ["  %s" % a for a in h.added]
    out.append("")
    covered = [(d, real) for d, real in h.matches if real is not None]
    out.append("Features with a new define (%d of %d):%s"
               % (len(covered), len(h.matches), "" if covered else " none"))
    out += ["  %s: %s" % (d.name, real) for d, real in covered]
    out.append("")
    out.append("Features without a new define (%d):%s" % (len(h.uncovered),
                                                          "" if h.uncovered else " none"))
    out += ["  warning: %s" % w for w in h.warnings()]
    return "\n".join(out) + "\n"
