"""idl.py's constructors: the model's types (gen/model/types.py) from the arguments of a
call of Struct, Enumeration ... in the IDL.

:data:`CONSTRUCTORS` has a function per IDL constructor (the names of
gen/model/signatures.py).  Each checks its arguments, with a message at the argument
that is wrong, and applies idl.py's defaults in idl.py's order (subclass defaults first,
then Type's: :class:`Factory`).  gen/model/interpret.py evaluates the arguments and binds
them to the parameters (a :class:`Call`); :meth:`Factory.construct` does the rest.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import typing
    from typing import Any, Callable, Dict, List, Optional, Tuple

from ..compat import is_ascii
from ..errors import Diagnostics, close_match
from ..frontend import syntax as S
from ..frontend.source import BUILTIN_LOC, SourceLocation
from . import signatures as SIG
from . import types as M
from .values import Dict_, Fail, Seq, kind_of, show

if TYPE_CHECKING:
    T = typing.TypeVar("T", bound=M.Type)
    B = typing.TypeVar("B", bound=M.Builtin)
    N = typing.TypeVar("N", bound=M.Number)
    A = typing.TypeVar("A", bound=M.Aggregate)
    Note = Tuple[Optional[SourceLocation], str]

C_KEYWORDS = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
    "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex",
    "_Imaginary", "bool",
}


def _is_ident(s: str) -> bool:
    """Whether ``s`` matches [A-Za-z_][A-Za-z0-9_]* (an ASCII Python identifier is just
    that; str methods instead of a regular expression, which costs its compilation)."""
    return is_ascii(s) and s.isidentifier()


def _is_c_type(s: str) -> bool:
    """What a Builtin or Number may be called in C: words separated by spaces, then
    pointer stars, each after optional spaces: ``[A-Za-z_][A-Za-z0-9_]*( +WORD)*( *\\*)*``."""
    body = s.rstrip(" *")
    if not body or (len(body) < len(s) and s[-1] != "*"):
        return False
    words = body.split(" ")
    if not words[0]:
        return False
    for w in words:
        if w and not (is_ascii(w) and w.isidentifier()):
            return False
    return True


#: what check_kind() accepts for each kind it checks
KIND_OK: "Dict[str, Callable[[Any], bool]]" = {
    "str": lambda v: isinstance(v, str),
    "str?": lambda v: v is None or isinstance(v, str),
    "cexpr": lambda v: v is None or isinstance(v, (str, int)),
    "bool": lambda v: isinstance(v, (bool, int)),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "dir": lambda v: isinstance(v, int) and v in (M.DIR_NONE, M.DIR_IN, M.DIR_OUT, M.DIR_BOTH),
    "passby": lambda v: isinstance(v, int) and v in (M.PASS_BY_VALUE, M.PASS_BY_REFERENCE),
}

#: the keyword arguments Factory.new_type() takes from ``kw``, and the Type attribute each sets
_TYPE_KWARG_ATTRS = {k: k for k in (
    "namespace", "dir", "passby", "private", "dispose_fn", "autogenerate_dispose_fn",
    "copy_fn", "autogenerate_copy_fn", "init_fn", "init_val", "autogenerate_init_fn",
    "check_default_fn", "copy_deprecated_fn", "json_gen_fn", "jsonc_json_gen_fn",
    "json_parse_type", "json_parse_fn", "autogenerate_json")}
_TYPE_KWARG_ATTRS["hidden"] = "hidden_flag"

#: constructor -> (name, kind, ok) of the positional parameters checked by kind
_POSITIONAL_CHECKS = {
    name: tuple((p.name, p.kind, KIND_OK[p.kind]) for p in sig.positional
                if p.kind in ("str", "str?", "int"))
    for name, sig in SIG.CONSTRUCTORS.items()
}


class Call:
    """A call of a constructor, its arguments bound to the parameters: ``values`` and
    ``locs`` (where each is written) by parameter name, the keyword arguments
    ``kwargs`` and where each is written (``kwlocs``: the name; :meth:`value_loc`: the
    value).  One per call: nothing of it stays in the factory."""

    __slots__ = ("sig", "node", "loc", "values", "locs", "kwargs", "kwlocs")

    def __init__(self, sig: "SIG.Constructor", node: "S.Call", values: "Dict[str, Any]",
                 locs: "Dict[str, SourceLocation]", kwargs: "Dict[str, Any]",
                 kwlocs: "Dict[str, SourceLocation]"):
        self.sig = sig
        self.node = node
        #: where the constructor's name is written
        self.loc = node.func.loc
        self.values = values
        self.locs = locs
        self.kwargs = kwargs
        self.kwlocs = kwlocs

    def value_loc(self, name: str) -> "SourceLocation":
        """Where the value of keyword argument ``name`` is written."""
        for kw in self.node.kwargs:
            if kw.name == name:
                return kw.value.loc
        return self.node.loc


class Factory:
    """Makes the types of one IDL file: idl.py's defaults, and its state (the namespace
    and hidden flag that namespace() and hidden() set); mistakes are recorded in
    ``diags`` and raise :class:`~xlidl.model.values.Fail`."""

    def __init__(self, diags: "Diagnostics"):
        self.diags = diags
        #: idl.py's module state, set by namespace() and hidden()
        self.namespace: Any = ""
        self.hidden: Any = False
        #: idl.py's standard types (void, bool, integer ...), made for this file
        self.standard: Dict[str, M.Type] = {}
        self._standard_types()

    def error(self, loc: "Optional[SourceLocation]", msg: str,
              notes: "Tuple[Note, ...]" = ()) -> "Fail":
        self.diags.error(loc, msg, notes)
        return Fail()

    # -- idl.py's classes, defaults applied in its order -------------------------------
    def new_type(self, cls: "typing.Type[T]", typename: "Any", kw: "Dict[str, Any]",
                 loc: "SourceLocation", call: "Optional[Call]" = None) -> "T":
        """Type.__init__: ``kw`` holds the caller's arguments plus its subclasses'
        defaults; ``call`` gives the arguments as written (the type keeps them)."""
        namespace = kw.get("namespace", self.namespace)
        if typename is None:
            tn = raw = None
        elif namespace is None:
            tn = raw = typename
        else:
            tn = namespace + typename
            raw = typename
        private = kw.get("private", False)
        # the defaults; an argument in kw replaces its default below (idl.py's kwargs.get)
        if tn is None:
            dispose = copy = gen = jsonc_gen = parse_type = parse_fn = None
        else:
            dispose = tn + "_dispose"
            copy = tn + "_copy"
            if private:
                gen = jsonc_gen = parse_type = parse_fn = None
            else:
                if namespace is not None:
                    parse_fn = namespace + "_" + raw + "_parse_json"
                else:
                    parse_fn = tn + "_parse_json"
                gen = tn + "_gen_json"
                jsonc_gen = tn + "_gen_jso"
                parse_type = "JSON_ANY"
        t = cls(loc, namespace, self.hidden, M.DIR_BOTH, M.PASS_BY_VALUE, private, tn, raw,
                dispose, True, copy, True, None, None, False, None, None, gen, jsonc_gen,
                parse_type, parse_fn, True, call.kwargs if call is not None else {},
                call.kwlocs if call is not None else {})
        for k, v in kw.items():
            attr = _TYPE_KWARG_ATTRS.get(k)
            if attr is not None:
                setattr(t, attr, v)
        return t

    def new_builtin(self, cls: "typing.Type[B]", typename: "Any", kw: "Dict[str, Any]",
                    loc: "SourceLocation", call: "Optional[Call]" = None) -> "B":
        kw = dict(kw)
        kw.setdefault("dispose_fn", None)
        kw.setdefault("autogenerate_dispose_fn", False)
        kw.setdefault("autogenerate_json", False)
        return self.new_type(cls, typename, kw, loc, call)

    def new_number(self, cls: "typing.Type[N]", ctype: "Any", kw: "Dict[str, Any]",
                   loc: "SourceLocation", call: "Optional[Call]" = None) -> "N":
        kw = dict(kw)
        for k, v in (("namespace", None), ("dispose_fn", None), ("copy_fn", None),
                     ("signed", False), ("json_gen_fn", "yajl_gen_integer"),
                     ("jsonc_json_gen_fn", "libxl__int_gen_jso"),
                     ("json_parse_type", "JSON_INTEGER"),
                     ("json_parse_fn", "libxl__int_parse_json")):
            kw.setdefault(k, v)
        t = self.new_builtin(cls, ctype, kw, loc, call)
        t.signed = kw["signed"]
        return t

    def new_uint(self, w: int, kw: "Dict[str, Any]", loc: "SourceLocation",
                 call: "Optional[Call]" = None) -> "M.UInt":
        kw = dict(kw)
        kw.setdefault("namespace", None)
        kw.setdefault("dispose_fn", None)
        kw.setdefault("json_parse_fn", "libxl__uint%d_parse_json" % w)
        kw.setdefault("copy_fn", None)
        t = self.new_number(M.UInt, "uint%d_t" % w, kw, loc, call)
        t.width = w
        return t

    def new_aggregate(self, cls: "typing.Type[A]", c_kw: str, typename: "Any",
                      kw: "Dict[str, Any]", call: "Call") -> "A":
        kw.setdefault("json_parse_type", "JSON_MAP")
        t = self.new_type(cls, typename, kw, call.loc, call)
        t.init_fn = kw.get("init_fn", t.typename + "_init" if t.typename is not None else None)
        t.autogenerate_init_fn = kw.get("autogenerate_init_fn", True)
        t.c_keyword = c_kw
        return t

    def _standard_types(self) -> None:
        """idl.py's predefined types."""
        loc = BUILTIN_LOC
        std = self.standard
        std["void"] = self.new_builtin(M.Builtin, "void *", {"namespace": None}, loc)
        std["bool"] = self.new_builtin(M.Builtin, "bool", {
            "namespace": None, "copy_fn": None, "json_gen_fn": "yajl_gen_bool",
            "jsonc_json_gen_fn": "libxl__boolean_gen_jso", "json_parse_type": "JSON_BOOL",
            "json_parse_fn": "libxl__bool_parse_json", "autogenerate_json": False}, loc)
        std["size_t"] = self.new_number(M.Number, "size_t", {"namespace": None}, loc)
        std["integer"] = self.new_number(M.Number, "int", {"namespace": None, "signed": True},
                                         loc)
        std["uint8"] = self.new_uint(8, {}, loc)
        std["uint16"] = self.new_uint(16, {}, loc)
        std["uint32"] = self.new_uint(32, {}, loc)
        std["uint64"] = self.new_uint(64, {"json_gen_fn": "libxl__uint64_gen_json",
                                           "jsonc_json_gen_fn": "libxl__uint64_gen_jso"}, loc)
        std["string"] = self.new_builtin(M.Builtin, "char *", {
            "namespace": None, "copy_fn": "libxl_string_copy", "dispose_fn": "free",
            "json_gen_fn": "libxl__string_gen_json", "jsonc_json_gen_fn": "libxl__string_gen_jso",
            "json_parse_type": "JSON_STRING | JSON_NULL",
            "json_parse_fn": "libxl__string_parse_json", "autogenerate_json": False,
            "check_default_fn": "libxl__string_is_default"}, loc)
        for name, t in std.items():
            t.bound_name = name

    # -- a call --------------------------------------------------------------------------
    def construct(self, call: "Call") -> "M.Type":
        """The type a call of a constructor makes."""
        sig = call.sig
        if call.kwargs:
            kwmap = sig.kwarg_map
            for k, v in call.kwargs.items():
                p = kwmap.get(k)
                if p is not None:
                    ok = KIND_OK.get(p.kind)
                    if ok is not None and not ok(v):
                        self.check_kind(v, p.kind, call.kwlocs[k], "'%s'" % k,
                                        value_loc=call.value_loc(k))
        checks = _POSITIONAL_CHECKS[sig.name]
        if checks:
            values, locs = call.values, call.locs
            for pname, kind, ok in checks:
                if not ok(values[pname]):
                    self.check_kind(values[pname], kind, locs[pname], "'%s'" % pname)
        t = CONSTRUCTORS[sig.name](self, call)
        tn = t.typename
        if tn is not None and t.kind != "array" and (
                t.kind == "builtin" or not (is_ascii(tn) and tn.isidentifier())
                or tn in C_KEYWORDS):  # else type_name_problem() is None
            problem = type_name_problem(t)
            if problem is not None:
                raise self.error(call.value_loc("namespace") if "namespace" in call.kwlocs
                                 else call.locs.get(sig.positional[0].name, call.loc), problem)
        return t

    # -- checks of values ----------------------------------------------------------------
    def check_kind(self, v: "Any", kind: str, loc: "SourceLocation", what: str,
                   value_loc: "Optional[SourceLocation]" = None) -> None:
        at = value_loc or loc
        ok = True
        want = ""
        if kind == "str":
            ok, want = isinstance(v, str), "a string"
        elif kind == "str?":
            ok, want = v is None or isinstance(v, str), "a string or None"
        elif kind == "cexpr":
            ok, want = v is None or isinstance(v, (str, int)), "a string, an integer or None"
        elif kind == "bool":
            ok, want = isinstance(v, (bool, int)), "True or False"
        elif kind == "int":
            ok, want = isinstance(v, int) and not isinstance(v, bool), "an integer"
        elif kind == "dir":
            if not (isinstance(v, int) and v in (M.DIR_NONE, M.DIR_IN, M.DIR_OUT, M.DIR_BOTH)):
                raise self.error(at, "%s must be DIR_NONE, DIR_IN, DIR_OUT or DIR_BOTH, not %s"
                                 % (what, show(v)))
        elif kind == "passby":
            if not (isinstance(v, int) and v in (M.PASS_BY_VALUE, M.PASS_BY_REFERENCE)):
                raise self.error(at, "%s must be PASS_BY_VALUE or PASS_BY_REFERENCE, not %s"
                                 % (what, show(v)))
        if not ok:
            raise self.error(at, "%s must be %s, not %s" % (what, want, kind_of(v)))

    def check_ident(self, name: "Any", loc: "SourceLocation", what: str) -> None:
        if not _is_ident(name):
            raise self.error(loc, "%s '%s' is not a C identifier" % (what, name))
        if name in C_KEYWORDS:
            raise self.error(loc, "%s '%s' is a C keyword" % (what, name))

    def check_member_type(self, ty: "M.Type", loc: "SourceLocation") -> None:
        """Only aggregates (and arrays, named by their element) can be anonymous members:
        the C declaration of anything else is its type name."""
        if ty.typename is None and not isinstance(ty, M.Aggregate):
            raise self.error(loc, "the type of a member must have a name (only structs and "
                             "unions can be anonymous)")

    # -- members ---------------------------------------------------------------------------
    def field_kwargs(self, kw: "Any", loc: "SourceLocation", what: str) -> "Dict[str, Any]":
        if not isinstance(kw, dict):
            raise self.error(loc, "%s must be a dict of keyword arguments, not %s"
                             % (what, kind_of(kw)))
        out = {}
        for k, v in kw.items():
            kloc = kw.key_locs.get(k, loc) if isinstance(kw, Dict_) else loc
            if not isinstance(k, str):
                raise self.error(kloc, "field keyword must be a string, not %s" % kind_of(k))
            p = SIG.FIELD_KWARG_MAP.get(k)
            if p is None:
                valid = sorted(q.name for q in SIG.FIELD_KWARGS if q.name != "enumname")
                close = close_match(k, valid)
                hint = "did you mean '%s'? " % close if close else ""
                raise self.error(kloc, "unknown field keyword '%s'; %svalid keywords are: %s"
                                 % (k, hint, ", ".join(valid)))
            ok = KIND_OK.get(p.kind)
            if ok is not None and not ok(v):
                vloc = kw.val_locs.get(k, loc) if isinstance(kw, Dict_) else loc
                self.check_kind(v, p.kind, kloc, "field keyword '%s'" % k, value_loc=vloc)
            out[k] = v
        return out

    def make_fields(self, fields: "Any", loc: "SourceLocation") -> "List[M.Field]":
        """The members of a Struct, Union or Aggregate."""
        if not isinstance(fields, Seq):
            raise self.error(loc, "fields must be a list of (\"name\", type) tuples, not %s"
                             % kind_of(fields))
        out = []
        Field = M.Field
        plain_field = M.plain_field
        Type = M.Type
        for f, fnode in zip(fields, fields.node.items):
            n = len(f) if type(f) is Seq else 0
            if n == 2:
                name, ty = f
            elif n == 3:
                name, ty, extra = f
            else:
                raise self.error(fnode.loc, "a field must be a (\"name\", type) or (\"name\", "
                                 "type, {...}) tuple")
            inodes = f.node.items
            name_loc = inodes[0].loc
            if type(name) is not str:
                if name is None:
                    raise self.error(name_loc, "a field needs a name")
                if not isinstance(name, str):
                    raise self.error(name_loc, "field name must be a string, not %s"
                                     % kind_of(name))
            if not (is_ascii(name) and name.isidentifier()) or name in C_KEYWORDS:
                self.check_ident(name, name_loc, "field name")
            if not isinstance(ty, Type):
                if ty is None:
                    raise self.error(inodes[1].loc, "field '%s' needs a type (None is only for "
                                     "keyed union cases)" % name)
                raise self.error(inodes[1].loc, "field type must be a type, not %s" % kind_of(ty))
            if ty.typename is None:
                self.check_member_type(ty, inodes[1].loc)
            if n == 3:
                kw = self.field_kwargs(extra, inodes[2].loc, "the third item of a field")
                out.append(Field(ty, name, loc=fnode.loc, name_loc=name_loc, **kw))
            else:
                out.append(plain_field(ty, name, fnode.loc, name_loc))
        return out

    def prefixed_field(self, call: "Call", prefix: str, ftype: "M.Type", fname: str,
                       loc: "SourceLocation") -> "M.Field":
        """The key/length member (at ``loc``): keyword arguments starting with ``prefix``
        are passed on after str.lstrip(prefix), idl.py's way (it strips a set of
        characters)."""
        fkw: Dict[str, Any] = {}
        for k, v in call.kwargs.items():
            if not k.startswith(prefix):
                continue
            stripped = k.lstrip(prefix)
            p = SIG.FIELD_KWARG_MAP.get(stripped)
            if p is None:
                valid = sorted("%s%s" % (prefix, q.name) for q in SIG.FIELD_KWARGS
                               if q.name.lstrip(prefix) == q.name and q.name != "enumname")
                raise self.error(call.kwlocs[k], "keyword argument '%s' becomes '%s' after "
                                 "idl.py's prefix stripping, which is not a field keyword; "
                                 "valid are: %s" % (k, stripped, ", ".join(valid)))
            self.check_kind(v, p.kind, call.kwlocs[k], "'%s'" % k)
            fkw[stripped] = v
        return M.Field(ftype, fname, loc=loc, **fkw)

    def enum_values(self, t: "M.Enumeration", vals: "Seq") -> "List[M.EnumValue]":
        """The values of enumeration ``t``: (value, "NAME") tuples."""
        by_name: Dict[str, M.EnumValue] = {}
        by_value: Dict[int, M.EnumValue] = {}
        assert t.rawname is not None
        raw_prefix = t.rawname.upper() + "_"
        ns = t.value_namespace.upper()
        EnumValue = M.EnumValue
        out: List[M.EnumValue] = []
        add = out.append
        for item, inode in zip(vals, vals.node.items):
            if type(item) is not Seq or len(item) != 2:
                raise self.error(inode.loc, "an enumeration value must be a (value, \"NAME\") "
                                 "tuple")
            num, vname = item
            inodes = item.node.items
            if not isinstance(num, int):
                raise self.error(inodes[0].loc, "enumeration value must be an integer, not %s"
                                 % kind_of(num))
            if not isinstance(vname, str):
                raise self.error(inodes[1].loc, "enumeration value name must be a string, not %s"
                                 % kind_of(vname))
            # [A-Za-z0-9_]+: "_" + vname is then an ASCII identifier (as vname mostly is)
            if not (is_ascii(vname) and (vname.isidentifier() or ("_" + vname).isidentifier())
                    ) or not vname:
                raise self.error(inodes[1].loc, "enumeration value name '%s' is not made of "
                                 "letters, digits and '_' (it becomes part of a C name)" % vname)
            up = vname.upper()
            if up in by_name:
                first = by_name[up]
                same = "" if first.given_name == vname else " (names differ only in case)"
                raise self.error(inodes[1].loc, "duplicate enumeration value name '%s'%s"
                                 % (vname, same), ((first.loc, "'%s' is first defined here"
                                                    % first.given_name),))
            if num in by_value:
                first = by_value[num]
                raise self.error(inodes[0].loc, "duplicate enumeration value %d ('%s' and '%s': "
                                 "TYPE_to_string() would get two equal cases)"
                                 % (num, first.given_name, vname),
                                 ((first.loc, "'%s' has this value" % first.given_name),))
            raw = raw_prefix + up
            ev = EnumValue(num, up, raw, ns + raw, vname, inodes[1].loc)
            by_name[up] = ev
            by_value[num] = ev
            add(ev)
        return out

    def cases(self, cases: "Seq", kt: "M.Enumeration") -> "List[M.Case]":
        """The cases of a keyed union on enumeration ``kt``: ("name", type or None)."""
        by_name: Dict[str, M.EnumValue] = {}  # kt.lookup(), for all the cases
        for v in kt.values:
            by_name.setdefault(v.valuename, v)
        by_enumname: Dict[str, M.Case] = {}
        out: List[M.Case] = []
        for c, cnode in zip(cases, cases.node.items):
            if type(c) is not Seq or len(c) != 2:
                raise self.error(cnode.loc, "a KeyedUnion case must be a (\"name\", type or "
                                 "None) tuple")
            e, ty = c
            cnodes = c.node.items
            if not isinstance(e, str):
                raise self.error(cnodes[0].loc, "case name must be a string, not %s" % kind_of(e))
            if ty is not None and not isinstance(ty, M.Type):
                raise self.error(cnodes[1].loc, "case type must be a type or None, not %s"
                                 % kind_of(ty))
            if ty is not None:
                self.check_member_type(ty, cnodes[1].loc)
            self.check_ident(e, cnodes[0].loc, "case name")
            ev = by_name.get(e.upper())
            if ev is None:
                close = close_match(e, [v.given_name for v in kt.values])
                hint = "; did you mean '%s'?" % close if close else ""
                raise self.error(cnodes[0].loc, "'%s' is not a value of enumeration '%s'%s"
                                 % (e, kt.typename, hint), ((kt.loc, "'%s' is defined here"
                                                             % kt.typename),))
            prev = by_enumname.get(ev.name)
            if prev is not None:
                raise self.error(cnodes[0].loc, "duplicate keyed union case '%s' (enumeration "
                                 "value %s)" % (e, ev.name), ((prev.name_loc, "first given "
                                                                "here"),))
            f = M.Case(ty, e, False, ev.name, None, None, cnode.loc, cnodes[0].loc)
            by_enumname[ev.name] = f
            out.append(f)
        return out


def type_name_problem(t: "M.Type") -> "Optional[str]":
    """What is wrong with the C name of a named type, or None: it must be an identifier
    (a builtin's may be a C type such as "unsigned long" or "char *")."""
    tn = t.typename
    if tn is None or isinstance(t, M.Array):  # an Array's name is its element's, with " *"
        return None
    if isinstance(t, M.Builtin):
        if not _is_c_type(tn):
            return "'%s' is not a C type name" % tn
    elif not _is_ident(tn):
        return "type name '%s' is not a C identifier" % tn
    elif tn in C_KEYWORDS:
        return "type name '%s' is a C keyword" % tn
    return None


# -- one function per IDL constructor ------------------------------------------------------

def make_type(f: "Factory", call: "Call") -> "M.Type":
    return f.new_type(M.Type, call.values["typename"], call.kwargs, call.loc, call)


def make_builtin(f: "Factory", call: "Call") -> "M.Builtin":
    return f.new_builtin(M.Builtin, call.values["typename"], call.kwargs, call.loc, call)


def make_number(f: "Factory", call: "Call") -> "M.Number":
    return f.new_number(M.Number, call.values["ctype"], call.kwargs, call.loc, call)


def make_uint(f: "Factory", call: "Call") -> "M.UInt":
    w = call.values["w"]
    if w not in (8, 16, 32, 64):
        raise f.error(call.locs["w"], "the width of a UInt must be 8, 16, 32 or 64, not %d" % w)
    return f.new_uint(w, call.kwargs, call.loc, call)


def make_enumeration(f: "Factory", call: "Call") -> "M.Enumeration":
    kw = dict(call.kwargs)
    kw.setdefault("dispose_fn", None)
    kw.setdefault("copy_fn", None)
    kw.setdefault("json_parse_type", "JSON_STRING")
    loc = call.loc
    t = f.new_type(M.Enumeration, call.values["typename"], kw, loc, call)
    value_namespace = kw.get("value_namespace", t.namespace)
    vals = call.values["values"]
    if not isinstance(vals, Seq):
        raise f.error(call.locs["values"], "enumeration values must be a list of "
                      "(value, \"NAME\") tuples, not %s" % kind_of(vals))
    if vals and t.rawname is None:
        raise f.error(loc, "an anonymous Enumeration cannot have values (their C names are "
                      "made from the type name)")
    if vals and value_namespace is None:
        raise f.error(loc, "an Enumeration with values needs a value namespace "
                      "(namespace=None leaves it without one)")
    if not vals:
        raise f.error(call.locs["values"], "enumeration '%s' has no values (C does not allow "
                      "an empty enum)" % t.typename)
    assert value_namespace is not None  # (vals is not empty)
    t.value_namespace = value_namespace
    t.values = f.enum_values(t, vals)
    return t


def _aggregate(f: "Factory", cls: "typing.Type[A]", c_kw: str, typename: "Any",
               kw: "Dict[str, Any]", call: "Call") -> "A":
    t = f.new_aggregate(cls, c_kw, typename, kw, call)
    t.fields = f.make_fields(call.values["fields"], call.locs["fields"])
    return t


def make_aggregate(f: "Factory", call: "Call") -> "M.Aggregate":
    c_kw = call.values["kind"]
    if c_kw not in ("struct", "union"):
        raise f.error(call.locs["kind"], "the kind of an Aggregate must be \"struct\" or "
                      "\"union\", not '%s'" % c_kw)
    return _aggregate(f, M.Aggregate, c_kw, call.values["typename"], dict(call.kwargs), call)


def make_struct(f: "Factory", call: "Call") -> "M.Struct":
    kw = dict(call.kwargs)
    kw.setdefault("passby", M.PASS_BY_REFERENCE)
    return _aggregate(f, M.Struct, "struct", call.values["name"], kw, call)


def make_union(f: "Factory", call: "Call") -> "M.Union":
    kw = dict(call.kwargs)
    kw.setdefault("passby", M.PASS_BY_REFERENCE)
    kw.setdefault("dispose_fn", None)
    return _aggregate(f, M.Union, "union", call.values["name"], kw, call)


def make_keyed_union(f: "Factory", call: "Call") -> "M.KeyedUnion":
    values, locs = call.values, call.locs
    t = f.new_aggregate(M.KeyedUnion, "union", values["name"], dict(call.kwargs), call)
    kt = values["keyvar_type"]
    if not isinstance(kt, M.Enumeration):
        raise f.error(locs["keyvar_type"], "the key of a KeyedUnion must be an Enumeration, "
                      "not %s" % (kt.describe() if isinstance(kt, M.Type) else kind_of(kt)))
    f.check_kind(values["keyvar_name"], "str", locs["keyvar_name"], "'keyvar_name'")
    f.check_ident(values["keyvar_name"], locs["keyvar_name"], "key field name")
    t.keyvar = f.prefixed_field(call, "keyvar_", kt, values["keyvar_name"],
                                locs["keyvar_name"])
    cases = values["fields"]
    if not isinstance(cases, Seq):
        raise f.error(locs["fields"], "keyed union cases must be a list of (\"name\", type) "
                      "tuples, not %s" % kind_of(cases))
    t.fields = f.cases(cases, kt)
    return t


def make_array(f: "Factory", call: "Call") -> "M.Array":
    values, locs = call.values, call.locs
    elem = values["elem_type"]
    if not isinstance(elem, M.Type):
        raise f.error(locs["elem_type"], "the element type of an Array must be a type, not %s"
                      % kind_of(elem))
    if elem.rawname is None:
        raise f.error(locs["elem_type"], "the element type of an Array must be a named type "
                      "(the C type name is made from it)")
    if isinstance(elem, M.Array):
        raise f.error(locs["elem_type"], "an Array of an Array is not supported (there is "
                      "nowhere to keep the inner lengths)")
    f.check_kind(values["lenvar_name"], "str", locs["lenvar_name"], "'lenvar_name'")
    f.check_ident(values["lenvar_name"], locs["lenvar_name"], "length field name")
    kw = dict(call.kwargs)
    kw.setdefault("dispose_fn", "free")
    kw.setdefault("json_parse_type", "JSON_ARRAY")
    kw["namespace"] = elem.namespace
    t = f.new_type(M.Array, elem.rawname + " *", kw, call.loc, call)
    t.elem_type = elem
    t.lenvar = f.prefixed_field(call, "lenvar_", f.standard["integer"], values["lenvar_name"],
                                locs["lenvar_name"])
    return t


#: IDL constructor -> the function that makes its type (one for each of
#: gen/model/signatures.py's constructors)
CONSTRUCTORS: "Dict[str, Callable[[Factory, Call], M.Type]]" = {
    "Type": make_type,
    "Builtin": make_builtin,
    "Number": make_number,
    "UInt": make_uint,
    "Enumeration": make_enumeration,
    "Aggregate": make_aggregate,
    "Struct": make_struct,
    "Union": make_union,
    "KeyedUnion": make_keyed_union,
    "Array": make_array,
}
assert set(CONSTRUCTORS) == set(SIG.CONSTRUCTORS)
