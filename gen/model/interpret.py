"""The IDL's interpreter: the model (gen/model/types.py) from a syntax tree
(gen/frontend/syntax.py).

This is the only place that decides what a statement means.  It follows Xen's idl.py
rule for rule, without running any Python: the statements are executed in order with
namespace()/hidden() as explicit state, names are bound in a scope that remembers
idl.py's ordering rule (a re-bound name moves to the end), and each constructor applies
idl.py's defaults in idl.py's order (subclass defaults first, then Type's).  Calls are
checked against gen/model/signatures.py.

Mistakes are recorded in the command's diagnostics; a statement with an error binds its
names to ``POISON`` so that later uses do not report it again.  After the statements,
gen/model/checks.py looks at the whole model for problems that only show there.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional, Tuple

from ..compat import is_ascii
from ..errors import Diagnostics
from ..frontend import syntax as S
from ..frontend.source import BUILTIN_LOC, SourceLocation
from . import signatures as SIG
from . import types as M

if TYPE_CHECKING:
    import typing
    T = typing.TypeVar("T", bound=M.Type)
    B = typing.TypeVar("B", bound=M.Builtin)
    N = typing.TypeVar("N", bound=M.Number)
    A = typing.TypeVar("A", bound=M.Aggregate)

PY_KEYWORDS = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield",
}


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
_KIND_OK = {
    "str": lambda v: isinstance(v, str),
    "str?": lambda v: v is None or isinstance(v, str),
    "cexpr": lambda v: v is None or isinstance(v, (str, int)),
    "bool": lambda v: isinstance(v, (bool, int)),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "dir": lambda v: isinstance(v, int) and v in (M.DIR_NONE, M.DIR_IN, M.DIR_OUT, M.DIR_BOTH),
    "passby": lambda v: isinstance(v, int) and v in (M.PASS_BY_VALUE, M.PASS_BY_REFERENCE),
}

#: the keyword arguments Interpreter.new_type() takes from ``kw``, and the Type attribute each sets
_TYPE_KWARG_ATTRS = {k: k for k in (
    "namespace", "dir", "passby", "private", "dispose_fn", "autogenerate_dispose_fn",
    "copy_fn", "autogenerate_copy_fn", "init_fn", "init_val", "autogenerate_init_fn",
    "check_default_fn", "copy_deprecated_fn", "json_gen_fn", "jsonc_json_gen_fn",
    "json_parse_type", "json_parse_fn", "autogenerate_json")}
_TYPE_KWARG_ATTRS["hidden"] = "hidden_flag"

#: constructor -> the names of its positional parameters, in order
_PARAM_NAMES = {name: tuple(p.name for p in sig.positional)
                for name, sig in SIG.CONSTRUCTORS.items()}

#: constructor -> (name, kind, ok) of the positional parameters checked by kind
_POSITIONAL_CHECKS = {
    name: tuple((p.name, p.kind, _KIND_OK[p.kind]) for p in sig.positional
                if p.kind in ("str", "str?", "int"))
    for name, sig in SIG.CONSTRUCTORS.items()
}


#: the class each aggregate constructor makes
_AGGREGATES = {"Aggregate": M.Aggregate, "Struct": M.Struct, "Union": M.Union}


class _Fail(Exception):
    """An error in the current statement (already recorded)."""


class Poison:
    """The value of a name whose definition had an error."""

    _inst: "Optional[Poison]" = None

    def __new__(cls) -> "Poison":
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst

    def __repr__(self) -> str:
        return "<error>"


POISON = Poison()


class Ctor:
    """A constructor name of the IDL (Struct, Enumeration ...)."""

    def __init__(self, sig: "SIG.Constructor"):
        self.sig = sig

    def __repr__(self) -> str:
        return "<constructor %s>" % self.sig.name


class Func:
    """namespace() or hidden()."""

    def __init__(self, name: str):
        self.name = name


class Seq(list):
    """A list or tuple value; ``locs[i]`` is where item i was written.

    ``node`` is the ListLit or TupleLit it was evaluated from; ``node.items[i].loc`` is
    ``locs[i]`` without making the list."""

    __slots__ = ("node",)

    @property
    def locs(self) -> "List[SourceLocation]":
        return [i.loc for i in self.node.items]

    @property
    def loc(self) -> "SourceLocation":
        return self.node.loc

    @property
    def is_tuple(self) -> bool:
        return type(self.node) is S.TupleLit


class Dict_(dict):
    """A dict value with the locations of its keys and values."""

    def __init__(self, loc: "SourceLocation"):
        super().__init__()
        self.loc = loc
        self.key_locs: Dict[Any, SourceLocation] = {}
        self.val_locs: Dict[Any, SourceLocation] = {}


def _close(word: str, candidates, n: int = 1):
    """Names close to ``word`` (for "did you mean"); difflib is loaded only for errors."""
    import difflib
    return difflib.get_close_matches(word, candidates, n=n)


def kind_of(v: "Any") -> str:
    """A word for the kind of a value, for messages."""
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int):
        return "an integer"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, Seq):
        return "a tuple" if v.is_tuple else "a list"
    if isinstance(v, dict):
        return "a dict"
    if isinstance(v, M.Type):
        return "a type"
    if isinstance(v, Ctor):
        return "a constructor"
    if isinstance(v, Func):
        return "a function"
    return "a value"


class Interpreter:
    """Runs the statements of one IDL file (:meth:`run`), recording mistakes in
    ``diags``."""

    def __init__(self, file: str, diags: "Diagnostics"):
        self.file = file
        self.diags = diags
        # idl.py's module state
        self.default_namespace: Any = ""
        self.default_hidden: Any = False
        # the IDL's top-level names (idl.py's locs) and their order
        self.names: Dict[str, Any] = {}
        self.name_locs: Dict[str, SourceLocation] = {}
        self.order: Dict[str, None] = {}
        self.predefined: Dict[str, Any] = {}
        self._kwlocs: Dict[str, SourceLocation] = {}
        #: every name the file assigns, where first (for "used before it is defined")
        self.assigned: Dict[str, SourceLocation] = {}
        self.standard_types: Dict[str, M.Type] = {}
        self._define_predefined()
        #: what a name means: predefined, overridden by names (kept in step by bind())
        self._scope: Dict[str, Any] = dict(self.predefined)

    # -- diagnostics -------------------------------------------------------------------
    def error(self, loc: "Optional[SourceLocation]", msg: str,
              notes: "Tuple[Tuple[Optional[SourceLocation], str], ...]" = ()) -> "_Fail":
        self.diags.error(loc, msg, notes)
        return _Fail()

    def warn(self, loc: "Optional[SourceLocation]", msg: str,
             notes: "Tuple[Tuple[Optional[SourceLocation], str], ...]" = ()) -> None:
        self.diags.warning(loc, msg, notes)

    # -- predefined names (idl.py's globals) ---------------------------------------------
    def _define_predefined(self) -> None:
        p = self.predefined
        for name, sig in SIG.CONSTRUCTORS.items():
            p[name] = Ctor(sig)
        p.update(PASS_BY_VALUE=M.PASS_BY_VALUE, PASS_BY_REFERENCE=M.PASS_BY_REFERENCE,
                 DIR_NONE=M.DIR_NONE, DIR_IN=M.DIR_IN, DIR_OUT=M.DIR_OUT, DIR_BOTH=M.DIR_BOTH)
        p["namespace"] = Func("namespace")
        p["hidden"] = Func("hidden")
        loc = BUILTIN_LOC
        std = self.standard_types
        std["void"] = self.new_builtin(M.Builtin, "void *", {"namespace": None}, loc)
        std["bool"] = self.new_builtin(M.Builtin, "bool", {
            "namespace": None, "copy_fn": None, "json_gen_fn": "yajl_gen_bool",
            "jsonc_json_gen_fn": "libxl__boolean_gen_jso", "json_parse_type": "JSON_BOOL",
            "json_parse_fn": "libxl__bool_parse_json", "autogenerate_json": False}, loc)
        std["size_t"] = self.new_number(M.Number, "size_t", {"namespace": None}, loc)
        std["integer"] = self.new_number(M.Number, "int", {"namespace": None, "signed": True}, loc)
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
        p.update(std)

    # -- idl.py's constructors, defaults applied in its order ---------------------------
    def new_type(self, cls: "typing.Type[T]", typename: "Any", kw: "Dict[str, Any]",
                 loc: "SourceLocation") -> "T":
        """Type.__init__: ``kw`` holds the caller's arguments plus its subclasses' defaults."""
        namespace = kw.get("namespace", self.default_namespace)
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
        t = cls(loc, namespace, self.default_hidden, M.DIR_BOTH, M.PASS_BY_VALUE, private, tn, raw,
                dispose, True, copy, True, None, None, False, None, None, gen, jsonc_gen,
                parse_type, parse_fn, True, {}, {})
        for k, v in kw.items():
            attr = _TYPE_KWARG_ATTRS.get(k)
            if attr is not None:
                setattr(t, attr, v)
        return t

    def new_builtin(self, cls: "typing.Type[B]", typename: "Any", kw: "Dict[str, Any]",
                    loc: "SourceLocation") -> "B":
        kw = dict(kw)
        kw.setdefault("dispose_fn", None)
        kw.setdefault("autogenerate_dispose_fn", False)
        kw.setdefault("autogenerate_json", False)
        return self.new_type(cls, typename, kw, loc)

    def new_number(self, cls: "typing.Type[N]", ctype: "Any", kw: "Dict[str, Any]",
                   loc: "SourceLocation") -> "N":
        kw = dict(kw)
        for k, v in (("namespace", None), ("dispose_fn", None), ("copy_fn", None),
                     ("signed", False), ("json_gen_fn", "yajl_gen_integer"),
                     ("jsonc_json_gen_fn", "libxl__int_gen_jso"),
                     ("json_parse_type", "JSON_INTEGER"),
                     ("json_parse_fn", "libxl__int_parse_json")):
            kw.setdefault(k, v)
        t = self.new_builtin(cls, ctype, kw, loc)
        t.signed = kw["signed"]
        return t

    def new_uint(self, w: int, kw: "Dict[str, Any]", loc: "SourceLocation") -> "M.UInt":
        kw = dict(kw)
        kw.setdefault("namespace", None)
        kw.setdefault("dispose_fn", None)
        kw.setdefault("json_parse_fn", "libxl__uint%d_parse_json" % w)
        kw.setdefault("copy_fn", None)
        t = self.new_number(M.UInt, "uint%d_t" % w, kw, loc)
        t.width = w
        return t

    # -- evaluation ----------------------------------------------------------------------
    def lookup(self, node: "S.Name") -> "Any":
        # True, False and None are never in names (bind() refuses them) nor predefined;
        # _lookup() deals with them, with a poisoned name and with an unknown one
        v = self._scope.get(node.id, POISON)
        return v if v is not POISON else self._lookup(node)

    def _lookup(self, node: "S.Name") -> "Any":
        n = node.id
        if n == "True":
            return True
        if n == "False":
            return False
        if n == "None":
            return None
        if n in self.names:
            v = self.names[n]
            if v is POISON:  # its definition had an error, already reported
                raise _Fail()
            return v
        if n in self.predefined:
            return self.predefined[n]
        if n in PY_KEYWORDS:
            raise self.error(node.loc, "'%s' is a Python keyword; the IDL has no such construct" % n)
        if n in self.assigned:
            raise self.error(node.loc, "'%s' is used before it is defined" % n,
                             ((self.assigned[n], "'%s' is defined here" % n),))
        known = list(self.names) + list(self.predefined)
        close = _close(n, known, n=1)
        hint = "; did you mean '%s'?" % close[0] if close else ""
        raise self.error(node.loc, "unknown name '%s'%s" % (n, hint))

    def eval(self, node: "S.Node") -> "Any":
        t = type(node)
        if t is S.Str:
            return node.value  # type: ignore[attr-defined]
        if t is S.Name:
            return self.lookup(node)  # type: ignore[arg-type]
        if t is S.Call:
            return self.call(node)  # type: ignore[arg-type]
        if t is S.Int:
            return node.value  # type: ignore[attr-defined]
        if t is S.ListLit or t is S.TupleLit:
            return self.seq(node)  # type: ignore[arg-type]
        if t is S.DictLit:
            d = Dict_(node.loc)
            for k, v in node.pairs:  # type: ignore[attr-defined]
                kv = self.eval(k)
                if isinstance(kv, (list, dict)) or kv is POISON:
                    raise self.error(k.loc, "a dict key must be a string")
                if kv in d:
                    raise self.error(k.loc, "duplicate key %s in dict" % _quote(kv),
                                     ((d.key_locs[kv], "first given here"),))
                d[kv] = self.eval(v)
                d.key_locs[kv] = k.loc
                d.val_locs[kv] = v.loc
            return d
        raise AssertionError("unknown syntax node %r" % node)

    def seq(self, node: "S.ListLit | S.TupleLit") -> "Seq":
        """eval() of a list or tuple: the common items are evaluated here, in order."""
        seq = Seq()
        seq.node = node
        add = seq.append
        scope = self._scope
        Str, Name, Int, TupleLit, ListLit = S.Str, S.Name, S.Int, S.TupleLit, S.ListLit
        for i in node.items:
            ti = type(i)
            if ti is TupleLit:
                # a tuple in a list (a field, a value, a case): one level inline
                sub = Seq()
                sub.node = i
                sub_add = sub.append
                for j in i.items:
                    tj = type(j)
                    if tj is Str:
                        sub_add(j.value)
                    elif tj is Name:
                        v = scope.get(j.id, POISON)
                        sub_add(v if v is not POISON else self._lookup(j))
                    elif tj is Int:
                        sub_add(j.value)
                    elif tj is TupleLit or tj is ListLit:
                        sub_add(self.seq(j))
                    else:
                        sub_add(self.eval(j))
                add(sub)
            elif ti is Str or ti is Int:
                add(i.value)
            elif ti is Name:
                v = scope.get(i.id, POISON)
                add(v if v is not POISON else self._lookup(i))
            elif ti is ListLit:
                add(self.seq(i))
            else:
                add(self.eval(i))
        return seq

    def call(self, node: "S.Call") -> "Any":
        f = self.lookup(node.func)
        if type(f) is Ctor:
            return self.construct(f.sig, node)
        if f is POISON:
            raise _Fail()
        if isinstance(f, Func):
            return self.call_func(f, node)
        if not isinstance(f, Ctor):
            raise self.error(node.func.loc, "'%s' is %s, not a constructor; it cannot be called"
                             % (node.func.id, kind_of(f)))
        return self.construct(f.sig, node)

    def call_func(self, f: "Func", node: "S.Call") -> "Any":
        if node.kwargs:
            raise self.error(node.kwargs[0].loc, "keyword argument given to %s(), which takes "
                             "none" % f.name)
        if len(node.args) != 1:
            loc = node.args[1].loc if len(node.args) > 1 else node.func.loc
            raise self.error(loc, "wrong number of arguments for %s(): it takes one, %d given"
                             % (f.name, len(node.args)))
        arg = node.args[0]
        v = self.eval(arg)
        if f.name == "namespace":
            if not isinstance(v, str):
                raise self.error(arg.loc, "namespace() needs a string, not %s" % kind_of(v))
            self.default_namespace = v
        else:
            if not isinstance(v, bool):
                raise self.error(arg.loc, "hidden() needs True or False, not %s" % kind_of(v))
            self.default_hidden = v
        return None

    # -- calls of constructors -------------------------------------------------------------
    def bind_args(self, sig: "SIG.Constructor", node: "S.Call"):
        """Python's argument binding: positional, then by name; the rest are keywords."""
        params = sig.positional
        name = sig.name
        if len(node.args) > len(params):
            extra = node.args[len(params)]
            raise self.error(extra.loc, "too many positional arguments for %s(): it takes %d, "
                             "%d given" % (name, len(params), len(node.args)))
        values: Dict[str, Any] = {}
        locs: Dict[str, SourceLocation] = {}
        for pname, a in zip(_PARAM_NAMES[name], node.args):
            ta = type(a)
            if ta is S.Str:
                values[pname] = a.value
            elif ta is S.ListLit or ta is S.TupleLit:
                values[pname] = self.seq(a)
            else:
                values[pname] = self.eval(a)
            locs[pname] = a.loc
        kwargs: Dict[str, Any] = {}
        kwlocs: Dict[str, SourceLocation] = {}
        if node.kwargs:
            pnames = sig.positional_names
            kwmap = sig.kwarg_map
            for kw in node.kwargs:
                k = kw.name
                if k in values or k in kwargs:
                    first = locs.get(k) or kwlocs.get(k)
                    raise self.error(kw.loc, "argument '%s' of %s() given twice" % (k, name),
                                     ((first, "first given here"),))
                if k in pnames:
                    values[k] = self.eval(kw.value)
                    locs[k] = kw.value.loc
                    continue
                if k not in kwmap and not (
                        sig.field_prefix and k.startswith(sig.field_prefix)):
                    valid = sorted(p.name for p in sig.kwargs)
                    close = _close(k, valid, n=1)
                    hint = "did you mean '%s'? " % close[0] if close else ""
                    raise self.error(kw.loc, "unknown keyword argument '%s' for %s(); %svalid "
                                     "keywords are: %s" % (k, name, hint, ", ".join(valid)))
                kwargs[k] = self.eval(kw.value)
                kwlocs[k] = kw.loc
        if len(values) != len(params):
            missing = [p.name for p in params if p.name not in values]
            raise self.error(node.func.loc, "missing argument%s %s of %s()" % (
                "" if len(missing) == 1 else "s", ", ".join("'%s'" % m for m in missing), name))
        if kwargs:
            kwmap = sig.kwarg_map
            for k, v in kwargs.items():
                p = kwmap.get(k)
                if p is not None:
                    ok = _KIND_OK.get(p.kind)
                    if ok is not None and not ok(v):
                        self.check_kind(v, p.kind, kwlocs[k], "'%s'" % k,
                                        value_loc=self._kwval(node, k))
        return values, locs, kwargs, kwlocs

    @staticmethod
    def _kwval(node: "S.Call", name: str) -> "SourceLocation":
        for kw in node.kwargs:
            if kw.name == name:
                return kw.value.loc
        return node.loc

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
                                 % (what, _show(v)))
        elif kind == "passby":
            if not (isinstance(v, int) and v in (M.PASS_BY_VALUE, M.PASS_BY_REFERENCE)):
                raise self.error(at, "%s must be PASS_BY_VALUE or PASS_BY_REFERENCE, not %s"
                                 % (what, _show(v)))
        if not ok:
            raise self.error(at, "%s must be %s, not %s" % (what, want, kind_of(v)))

    def check_kinds(self, checks, values: "Dict[str, Any]",
                    locs: "Dict[str, SourceLocation]") -> None:
        """check_kind() for each (name, kind, ok) of ``checks`` (see _POSITIONAL_CHECKS)
        whose value ``ok`` refuses."""
        for pname, kind, ok in checks:
            if not ok(values[pname]):
                self.check_kind(values[pname], kind, locs[pname], "'%s'" % pname)

    def construct(self, sig: "SIG.Constructor", node: "S.Call") -> "M.Type":
        values, locs, kwargs, kwlocs = self.bind_args(sig, node)
        checks = _POSITIONAL_CHECKS[sig.name]
        if checks:
            self.check_kinds(checks, values, locs)
        loc = node.func.loc
        name = sig.name
        kw = dict(kwargs)
        self._kwlocs = kwlocs
        tname = values[sig.positional[0].name] if name in ("Type", "Builtin", "Struct",
                                                           "Union", "KeyedUnion") else None
        if name in ("Type", "Builtin"):
            t = (self.new_type(M.Type, tname, kw, loc) if name == "Type" else
                 self.new_builtin(M.Builtin, tname, kw, loc))
        elif name == "Number":
            t = self.new_number(M.Number, values["ctype"], kw, loc)
        elif name == "UInt":
            w = values["w"]
            if w not in (8, 16, 32, 64):
                raise self.error(locs["w"], "the width of a UInt must be 8, 16, 32 or 64, not %d" % w)
            t = self.new_uint(w, kw, loc)
        elif name == "Enumeration":
            t = self.new_enumeration(values, locs, kw, loc)
        elif name == "Array":
            t = self.new_array(values, locs, kw, loc)
        elif name == "KeyedUnion":
            t = self.new_keyed_union(values, locs, kw, loc)
        else:
            if name == "Aggregate":
                c_kw = values["kind"]
                if c_kw not in ("struct", "union"):
                    raise self.error(locs["kind"], "the kind of an Aggregate must be \"struct\" "
                                     "or \"union\", not '%s'" % c_kw)
            else:
                c_kw = "struct" if name == "Struct" else "union"
                kw.setdefault("passby", M.PASS_BY_REFERENCE)
                if name == "Union":
                    kw.setdefault("dispose_fn", None)
            t = self.new_aggregate(_AGGREGATES[name], c_kw, values["typename"] if name == "Aggregate"
                                   else tname, kw, loc)
            t.fields = self.make_fields(values["fields"], locs["fields"], t)
        t.kwargs = kwargs
        t.kwarg_locs = kwlocs
        tn = t.typename
        if tn is not None and not isinstance(t, M.Array) and (
                isinstance(t, M.Builtin) or not (is_ascii(tn) and tn.isidentifier())
                or tn in C_KEYWORDS):  # else type_name_problem() is None
            problem = self.type_name_problem(t)
            if problem is not None:
                first = sig.positional[0].name
                raise self.error(self._kwval(node, "namespace") if "namespace" in kwlocs
                                 else locs.get(first, loc), problem)
        return t

    def new_aggregate(self, cls: "typing.Type[A]", c_kw: str, typename: "Any", kw: "Dict[str, Any]",
                      loc: "SourceLocation") -> "A":
        kw.setdefault("json_parse_type", "JSON_MAP")
        t = self.new_type(cls, typename, kw, loc)
        t.init_fn = kw.get("init_fn", t.typename + "_init" if t.typename is not None else None)
        t.autogenerate_init_fn = kw.get("autogenerate_init_fn", True)
        t.c_keyword = c_kw
        return t

    def new_enumeration(self, values, locs, kw, loc) -> "M.Type":
        kw.setdefault("dispose_fn", None)
        kw.setdefault("copy_fn", None)
        kw.setdefault("json_parse_type", "JSON_STRING")
        t = self.new_type(M.Enumeration, values["typename"], kw, loc)
        t.value_namespace = kw.get("value_namespace", t.namespace)
        vals = values["values"]
        if not isinstance(vals, Seq):
            raise self.error(locs["values"], "enumeration values must be a list of "
                             "(value, \"NAME\") tuples, not %s" % kind_of(vals))
        if vals and t.rawname is None:
            raise self.error(loc, "an anonymous Enumeration cannot have values (their C names "
                             "are made from the type name)")
        if vals and t.value_namespace is None:
            raise self.error(loc, "an Enumeration with values needs a value namespace "
                             "(namespace=None leaves it without one)")
        if not vals:
            raise self.error(locs["values"], "enumeration '%s' has no values (C does not allow "
                             "an empty enum)" % t.typename)
        by_name: Dict[str, M.EnumValue] = {}
        by_value: Dict[int, M.EnumValue] = {}
        raw_prefix = t.rawname.upper() + "_"
        ns = t.value_namespace.upper()
        EnumValue = M.EnumValue
        t.values = []
        add = t.values.append
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
        return t

    def check_member_type(self, ty: "M.Type", loc: "SourceLocation") -> None:
        """Only aggregates (and arrays, named by their element) can be anonymous members:
        the C declaration of anything else is its type name."""
        if ty.typename is None and not isinstance(ty, M.Aggregate):
            raise self.error(loc, "the type of a member must have a name (only structs and "
                             "unions can be anonymous)")

    def check_ident(self, name: "Any", loc: "SourceLocation", what: str) -> None:
        if not _is_ident(name):
            raise self.error(loc, "%s '%s' is not a C identifier" % (what, name))
        if name in C_KEYWORDS:
            raise self.error(loc, "%s '%s' is a C keyword" % (what, name))

    def check_type_name(self, t: "M.Type", loc: "SourceLocation") -> None:
        """The C name of a named type must be an identifier (a builtin's may be a C type
        such as "unsigned long" or "char *")."""
        problem = self.type_name_problem(t)
        if problem is not None:
            raise self.error(loc, problem)

    @staticmethod
    def type_name_problem(t: "M.Type") -> "Optional[str]":
        """What check_type_name() reports about ``t``, or None."""
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
                valid = sorted(p.name for p in SIG.FIELD_KWARGS if p.name != "enumname")
                close = _close(k, valid, n=1)
                hint = "did you mean '%s'? " % close[0] if close else ""
                raise self.error(kloc, "unknown field keyword '%s'; %svalid keywords are: %s"
                                 % (k, hint, ", ".join(valid)))
            ok = _KIND_OK.get(p.kind)
            if ok is not None and not ok(v):
                vloc = kw.val_locs.get(k, loc) if isinstance(kw, Dict_) else loc
                self.check_kind(v, p.kind, kloc, "field keyword '%s'" % k, value_loc=vloc)
            out[k] = v
        return out

    def make_fields(self, fields: "Any", loc: "SourceLocation",
                    owner: "M.Type") -> "List[M.Field]":
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
            if ty.typename is None and not isinstance(ty, M.Aggregate):
                self.check_member_type(ty, inodes[1].loc)
            if n == 3:
                kw = self.field_kwargs(extra, inodes[2].loc, "the third item of a field")
                out.append(Field(ty, name, loc=fnode.loc, name_loc=name_loc, **kw))
            else:
                out.append(plain_field(ty, name, fnode.loc, name_loc))
        return out

    def prefixed_field(self, t: "M.Type", prefix: str, ftype: "M.Type", fname: "Any",
                       kwargs: "Dict[str, Any]", kwlocs: "Dict[str, SourceLocation]") -> "M.Field":
        """The key/length member: keyword arguments starting with ``prefix`` are passed on
        after str.lstrip(prefix), idl.py's way (it strips a set of characters)."""
        fkw: Dict[str, Any] = {}
        for k, v in kwargs.items():
            if not k.startswith(prefix):
                continue
            stripped = k.lstrip(prefix)
            p = SIG.FIELD_KWARG_MAP.get(stripped)
            if p is None:
                valid = sorted("%s%s" % (prefix, p.name) for p in SIG.FIELD_KWARGS
                               if p.name.lstrip(prefix) == p.name and p.name != "enumname")
                raise self.error(kwlocs[k], "keyword argument '%s' becomes '%s' after idl.py's "
                                 "prefix stripping, which is not a field keyword; valid are: %s"
                                 % (k, stripped, ", ".join(valid)))
            self.check_kind(v, p.kind, kwlocs[k], "'%s'" % k)
            fkw[stripped] = v
        return M.Field(ftype, fname, loc=t.loc, **fkw)

    def new_keyed_union(self, values, locs, kw, loc) -> "M.Type":
        t = self.new_aggregate(M.KeyedUnion, "union", values["name"], kw, loc)
        kt = values["keyvar_type"]
        if not isinstance(kt, M.Enumeration):
            raise self.error(locs["keyvar_type"], "the key of a KeyedUnion must be an "
                             "Enumeration, not %s" % (kt.describe() if isinstance(kt, M.Type)
                                                      else kind_of(kt)))
        self.check_kind(values["keyvar_name"], "str", locs["keyvar_name"], "'keyvar_name'")
        self.check_ident(values["keyvar_name"], locs["keyvar_name"], "key field name")
        t.keyvar = self.prefixed_field(t, "keyvar_", kt, values["keyvar_name"], kw, self._kwlocs)
        t.keyvar.loc = locs["keyvar_name"]
        cases = values["fields"]
        if not isinstance(cases, Seq):
            raise self.error(locs["fields"], "keyed union cases must be a list of (\"name\", "
                             "type) tuples, not %s" % kind_of(cases))
        by_name: Dict[str, M.EnumValue] = {}  # kt.lookup(), for all the cases
        for v in kt.values:
            by_name.setdefault(v.valuename, v)
        by_enumname: Dict[str, M.Case] = {}
        t.fields = []
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
                names = [v.given_name for v in kt.values]
                close = _close(e, names, n=1)
                hint = "; did you mean '%s'?" % close[0] if close else ""
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
            t.fields.append(f)
        return t

    def new_array(self, values, locs, kw, loc) -> "M.Type":
        elem = values["elem_type"]
        if not isinstance(elem, M.Type):
            raise self.error(locs["elem_type"], "the element type of an Array must be a type, "
                             "not %s" % kind_of(elem))
        if elem.rawname is None:
            raise self.error(locs["elem_type"], "the element type of an Array must be a named "
                             "type (the C type name is made from it)")
        if isinstance(elem, M.Array):
            raise self.error(locs["elem_type"], "an Array of an Array is not supported (there "
                             "is nowhere to keep the inner lengths)")
        self.check_kind(values["lenvar_name"], "str", locs["lenvar_name"], "'lenvar_name'")
        self.check_ident(values["lenvar_name"], locs["lenvar_name"], "length field name")
        kw.setdefault("dispose_fn", "free")
        kw.setdefault("json_parse_type", "JSON_ARRAY")
        tkw = dict(kw)
        tkw["namespace"] = elem.namespace
        t = self.new_type(M.Array, elem.rawname + " *", tkw, loc)
        t.elem_type = elem
        t.lenvar = self.prefixed_field(t, "lenvar_", self.standard_types["integer"],
                                       values["lenvar_name"], kw, self._kwlocs)
        t.lenvar.loc = locs["lenvar_name"]
        return t

    # -- statements ------------------------------------------------------------------------
    def bind(self, target: "S.Name", value: "Any") -> None:
        n = target.id
        if n in PY_KEYWORDS:
            raise self.error(target.loc, "cannot assign to '%s'" % n)
        if n in self.order:
            old = self.names[n]
            if isinstance(old, M.Type) and value is old:
                self.warn(target.loc, "'%s = %s' moves '%s' to the end of the type order"
                          % (n, n, n))
            elif isinstance(old, M.Type):
                self.warn(target.loc, "'%s' is redefined; its earlier definition is no longer "
                          "emitted, but types defined before still use it" % n,
                          ((self.name_locs[n], "the earlier definition"),))
            del self.order[n]
        self.order[n] = None
        self.names[n] = value
        self._scope[n] = value
        self.name_locs[n] = target.loc
        if isinstance(value, M.Type):
            value.bound_name = n
            value.bindings.append((n, target.loc))

    def run(self, module: "S.Module") -> "M.Idl":
        for st in module.stmts:
            if type(st) is S.Assign:
                for tgt in st.targets:
                    self.assigned.setdefault(tgt.id, tgt.loc)
        for st in module.stmts:
            try:
                if type(st) is S.Assign:
                    try:
                        v = self.eval(st.value)
                    except _Fail:
                        v = POISON
                    for tgt in st.targets:
                        self.bind(tgt, v)
                else:
                    self.eval(st.value)
                    self.check_effect(st)
            except _Fail:
                pass
        self.diags.check()
        values = [self.names[n] for n in self.order]
        types = [t for t in values if isinstance(t, M.Type)]
        builtins = [t for t in types if isinstance(t, M.Builtin)]
        types = [t for t in types if not isinstance(t, M.Builtin)]
        return M.Idl(module.file, builtins, types, self.standard_types, dict(self.names))

    def check_effect(self, st: "S.ExprStmt") -> None:
        v = st.value
        if type(v) is S.Call and v.func.id in ("namespace", "hidden") and \
                isinstance(self.predefined.get(v.func.id), Func) and v.func.id not in self.names:
            return
        self.warn(st.loc, "statement has no effect (a value that is not assigned to a name is "
                  "not part of the IDL)")


def _quote(v: "Any") -> str:
    return "'%s'" % v if isinstance(v, str) else str(v)


def _show(v: "Any") -> str:
    if isinstance(v, (bool, int)) or v is None:
        return str(v)
    if isinstance(v, str):
        return "'%s'" % v
    return kind_of(v)
