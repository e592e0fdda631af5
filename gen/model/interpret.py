"""The IDL's interpreter: the model (gen/model/types.py) from a syntax tree
(gen/frontend/syntax.py).

This is the only place that decides what a statement means.  It follows Xen's idl.py
rule for rule, without running any Python: the statements are executed in order, names
are bound in a scope that remembers idl.py's ordering rule (a re-bound name moves to the
end), and expressions are evaluated to values (gen/model/values.py).  A call of a
constructor has its arguments bound to the parameters gen/model/signatures.py gives it,
and gen/model/constructors.py makes the type, with namespace()/hidden() as the factory's
explicit state.

Mistakes are recorded in the command's diagnostics; a statement with an error binds its
names to ``POISON`` so that later uses do not report it again.  After the statements,
gen/model/checks.py looks at the whole model for problems that only show there.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import typing
    from typing import Any, Dict, List, Optional, Tuple

from ..compat import is_ascii
from ..errors import Diagnostic, Diagnostics, close_match
from ..frontend import syntax as S
from ..frontend.source import SourceLocation
from . import signatures as SIG
from . import types as M
from .constructors import Call, Factory
from .values import POISON, Ctor, Dict_, Fail, Func, Seq, kind_of

if TYPE_CHECKING:
    Note = Tuple[Optional[SourceLocation], str]

PY_KEYWORDS = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield",
}

#: constructor -> the names of its positional parameters, in order
_PARAM_NAMES = {name: tuple(p.name for p in sig.positional)
                for name, sig in SIG.CONSTRUCTORS.items()}


def _quote(v: "Any") -> str:
    return "'%s'" % v if isinstance(v, str) else str(v)


class Interpreter:
    """Runs the statements of one IDL file (:meth:`run`), recording mistakes in
    ``diags``."""

    def __init__(self, file: str, diags: "Diagnostics"):
        self.file = file
        self.diags = diags
        #: makes the types, and holds idl.py's module state (namespace(), hidden())
        self.factory = Factory(diags)
        # the IDL's top-level names (idl.py's locs) and their order
        self.names: Dict[str, Any] = {}
        self.name_locs: Dict[str, SourceLocation] = {}
        self.order: Dict[str, None] = {}
        #: every name the file assigns, where first (for "used before it is defined")
        self.assigned: Dict[str, SourceLocation] = {}
        #: idl.py's globals
        self.predefined: Dict[str, Any] = {}
        for name, sig in SIG.CONSTRUCTORS.items():
            self.predefined[name] = Ctor(sig)
        self.predefined.update(
            PASS_BY_VALUE=M.PASS_BY_VALUE, PASS_BY_REFERENCE=M.PASS_BY_REFERENCE,
            DIR_NONE=M.DIR_NONE, DIR_IN=M.DIR_IN, DIR_OUT=M.DIR_OUT, DIR_BOTH=M.DIR_BOTH,
            namespace=Func("namespace"), hidden=Func("hidden"))
        self.predefined.update(self.factory.standard)
        #: what a name means: predefined, overridden by names (kept in step by bind())
        self._scope: Dict[str, Any] = dict(self.predefined)
        #: unknown names, and where each was reported
        self.unknown: Dict[str, List[SourceLocation]] = {}

    # -- diagnostics -------------------------------------------------------------------
    def error(self, loc: "Optional[SourceLocation]", msg: str,
              notes: "Tuple[Note, ...]" = ()) -> "Fail":
        self.diags.error(loc, msg, notes)
        return Fail()

    def warn(self, loc: "Optional[SourceLocation]", msg: str,
             notes: "Tuple[Note, ...]" = ()) -> None:
        self.diags.warning(loc, msg, notes)

    # -- expressions ---------------------------------------------------------------------
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
                raise Fail()
            return v
        if n in self.predefined:
            return self.predefined[n]
        if n in PY_KEYWORDS:
            raise self.error(node.loc, "'%s' is a Python keyword; the IDL has no such construct" % n)
        if n in self.assigned:
            raise self.error(node.loc, "'%s' is used before it is defined" % n,
                             ((self.assigned[n], "'%s' is defined here" % n),))
        close = close_match(n, list(self.names) + list(self.predefined))
        hint = "; did you mean '%s'?" % close if close else ""
        self.unknown.setdefault(n, []).append(node.loc)
        raise self.error(node.loc, "unknown name '%s'%s" % (n, hint))

    def eval(self, expr: "S.Expr") -> "Any":
        # (the tests of type(node) narrow it at run time: one call of type(), which
        # mypy does not follow)
        node: Any = expr
        t = type(node)
        if t is S.Str:
            return node.value
        if t is S.Name:
            return self.lookup(node)
        if t is S.Call:
            return self.call(node)
        if t is S.Int:
            return node.value
        if t is S.ListLit or t is S.TupleLit:
            return self.seq(node)
        if t is S.DictLit:
            d = Dict_(node.loc)
            for k, v in node.pairs:
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

    def seq(self, node: "typing.Union[S.ListLit, S.TupleLit]") -> "Seq":
        """eval() of a list or tuple: the common items are evaluated here, in order."""
        seq = Seq()
        seq.node = node
        add = seq.append
        scope = self._scope
        Str, Name, Int, TupleLit, ListLit = S.Str, S.Name, S.Int, S.TupleLit, S.ListLit
        items: List[Any] = node.items  # (narrowed by the tests of type(), as in eval())
        for i in items:
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
            return self.factory.construct(self.bind_args(f.sig, node))
        if f is POISON:
            raise Fail()
        if isinstance(f, Func):
            return self.call_func(f, node)
        if not isinstance(f, Ctor):
            raise self.error(node.func.loc, "'%s' is %s, not a constructor; it cannot be called"
                             % (node.func.id, kind_of(f)))
        return self.factory.construct(self.bind_args(f.sig, node))

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
            self.factory.namespace = v
        else:
            if not isinstance(v, bool):
                raise self.error(arg.loc, "hidden() needs True or False, not %s" % kind_of(v))
            self.factory.hidden = v
        return None

    # -- calls of constructors -------------------------------------------------------------
    def bind_args(self, sig: "SIG.Constructor", node: "S.Call") -> "Call":
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
                values[pname] = a.value  # type: ignore[union-attr]
            elif ta is S.ListLit or ta is S.TupleLit:
                values[pname] = self.seq(a)  # type: ignore[arg-type]
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
                    close = close_match(k, valid)
                    hint = "did you mean '%s'? " % close if close else ""
                    raise self.error(kw.loc, "unknown keyword argument '%s' for %s(); %svalid "
                                     "keywords are: %s" % (k, name, hint, ", ".join(valid)))
                kwargs[k] = self.eval(kw.value)
                kwlocs[k] = kw.loc
        if len(values) != len(params):
            missing = [p.name for p in params if p.name not in values]
            raise self.error(node.func.loc, "missing argument%s %s of %s()" % (
                "" if len(missing) == 1 else "s", ", ".join("'%s'" % m for m in missing), name))
        return Call(sig, node, values, locs, kwargs, kwlocs)

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
                if isinstance(st, S.Assign):
                    try:
                        v = self.eval(st.value)
                    except Fail:
                        v = POISON
                    for tgt in st.targets:
                        self.bind(tgt, v)
                else:
                    self.eval(st.value)
                    self.check_effect(st)
            except Fail:
                pass
        if self.unknown:
            self.unreported_uses(module)
        self.diags.check()
        values = [self.names[n] for n in self.order]
        types = [t for t in values if isinstance(t, M.Type)]
        builtins = [t for t in types if isinstance(t, M.Builtin)]
        types = [t for t in types if not isinstance(t, M.Builtin)]
        return M.Idl(module.file, builtins, types, self.factory.standard, dict(self.names))

    def unreported_uses(self, module: "S.Module") -> None:
        """A statement is reported at its first error: say how many uses of each unknown
        name were not reported, and where."""
        for n, uses in S.name_uses(module, self.unknown).items():
            reported = set(self.unknown[n])
            rest = sorted({loc.line for loc in uses if loc not in reported})
            if rest:
                more = len([loc for loc in uses if loc not in reported])
                shown = ", ".join(str(line) for line in rest[:8])
                self.diags.add(Diagnostic(SourceLocation(self.file, 0, 0), "note",
                                          "and %d more use%s of '%s', not reported (line%s "
                                          "%s%s): a statement is reported at its first error"
                                          % (more, "" if more == 1 else "s", n,
                                             "" if len(rest) == 1 else "s", shown,
                                             ", ..." if len(rest) > 8 else "")))

    def check_effect(self, st: "S.ExprStmt") -> None:
        v = st.value
        if type(v) is S.Call and v.func.id in ("namespace", "hidden") and \
                isinstance(self.predefined.get(v.func.id), Func) and v.func.id not in self.names:
            return
        self.warn(st.loc, "statement has no effect (a value that is not assigned to a name is "
                  "not part of the IDL)")


