"""A lean runtime for xlidl's templates compiled ahead of time.

Jinja2 compiles each template to a Python module whose code calls a handful of runtime
helpers (jinja2.runtime).  Importing Jinja2 costs about as much as a whole run of Xen's
gentypes.py, so a run does not: the templates are compiled when xlidl is built
(gen/backend/template_compiler.py, which refuses a template needing anything this module
lacks), and this module runs them.  It implements the part of Jinja's runtime that such
code uses (contexts, template modules for {% import %}, {% include %}, loops, undefined
values, macros, the filters xlidl's templates use) with Jinja's semantics, and nothing
else: a contract with the Jinja versions pyproject.toml allows, which the tests check
by rendering every output both ways and comparing the bytes.

Importing this module imports nothing outside the standard library's builtins.
"""
from itertools import chain

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import (Any, Callable, Dict, Iterable, Iterator, List, NoReturn, Optional,
                        Set, Tuple)

#: bump when what compiled code may rely on changes (the compiled modules are remade)
CONTRACT = 2


class _Missing:
    """Jinja's ``missing``: an argument or a name that was not given.

    Any use of it but an identity test fails as Jinja's StrictUndefined does."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "missing"

    def __reduce__(self) -> str:
        return "missing"

    def _fail(self, *args: "Any", **kwargs: "Any") -> "NoReturn":
        raise UndefinedError("a template variable is used but was never set")

    def __getattr__(self, name: str) -> "NoReturn":
        if name[:2] == "__":
            raise AttributeError(name)
        self._fail()

    __str__ = __bool__ = __len__ = __iter__ = __contains__ = __call__ = __getitem__ = _fail
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __mod__ = __rmod__ = _fail
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _fail
    __neg__ = __pos__ = __int__ = __float__ = __index__ = __format__ = _fail


missing = _Missing()


class TemplateRuntimeError(Exception):
    """An error raised by template code (Jinja's TemplateRuntimeError)."""


class TemplateNotFound(TemplateRuntimeError):
    pass


class UndefinedError(TemplateRuntimeError):
    """A template used a value that is not defined (Jinja's UndefinedError)."""


# -- undefined values ---------------------------------------------------------------------

class Undefined:
    """Jinja's Undefined: prints as nothing, fails on attribute access."""

    __slots__ = ("_undefined_hint", "_undefined_obj", "_undefined_name")

    def __init__(self, hint: "Optional[str]" = None, obj: "Any" = missing,
                 name: "Optional[str]" = None, exc: "Any" = UndefinedError):
        self._undefined_hint = hint
        self._undefined_obj = obj
        self._undefined_name = name

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is missing:
            return "%r is undefined" % self._undefined_name
        return "%s has no attribute %r" % (type(self._undefined_obj).__name__,
                                           self._undefined_name)

    def _fail_with_undefined_error(self, *args: "Any", **kwargs: "Any") -> "NoReturn":
        raise UndefinedError(self._undefined_message)

    def __getattr__(self, name: str) -> "NoReturn":
        if name[:2] == "__":
            raise AttributeError(name)
        self._fail_with_undefined_error()

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = \
        __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pos__ = \
        __neg__ = __call__ = __getitem__ = __lt__ = __le__ = __gt__ = __ge__ = __int__ = \
        __float__ = __complex__ = __pow__ = __rpow__ = _fail_with_undefined_error

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return id(type(self))

    def __str__(self) -> str:
        return ""

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> "Iterator[Any]":
        yield from ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "Undefined"


class StrictUndefined(Undefined):
    """Jinja's StrictUndefined (xlidl's setting): any use but a test is an error."""

    __slots__ = ()
    __iter__ = __str__ = __len__ = Undefined._fail_with_undefined_error
    __eq__ = __ne__ = __bool__ = __hash__ = Undefined._fail_with_undefined_error
    __contains__ = Undefined._fail_with_undefined_error


# -- the helpers the compiled code imports ------------------------------------------------

class Markup(str):
    """Only imported by compiled code; xlidl renders without autoescaping."""

    __slots__ = ()


def escape(s: "Any") -> "Any":
    return s if hasattr(s, "__html__") else str(s)


def identity(x: "Any") -> "Any":
    return x


def internalcode(f: "Any") -> "Any":
    return f


#: Jinja 3.0's code imports it; 3.1's uses environment.concat
concat = "".join


def str_join(seq: "Iterable[Any]") -> str:
    return "".join(map(str, seq))


def markup_join(seq: "Iterable[Any]") -> str:
    buf: List[str] = []
    iterator = map(str, seq)
    for arg in iterator:
        buf.append(arg)
        if hasattr(arg, "__html__"):
            return Markup("").join(chain(buf, iterator))
    return "".join(buf)


def Macro(environment: "Any", func: "Any", name: str, arguments: "Tuple[str, ...]",
          catch_kwargs: bool, catch_varargs: bool, caller: bool,
          default_autoescape: bool) -> "Any":
    """A macro is its plain function, every parameter defaulting to ``missing`` (Jinja's
    Macro object pads missing arguments the same way; the macro's code then applies the
    template's defaults).  The compiler only accepts calls with positional arguments, so
    a call needs no argument binding; a macro taking a caller, ``varargs`` or ``kwargs``
    is refused here, when the module is first rendered."""
    if catch_kwargs or catch_varargs or caller:
        raise TemplateRuntimeError("macro %s: caller, varargs and kwargs are not supported "
                                   "by xlidl's template runtime" % name)
    func.__defaults__ = (missing,) * len(arguments)
    func.__name__ = name
    func.arguments = arguments
    return func


class Namespace:
    def __init__(self, *args: "Any", **kwargs: "Any"):
        self.__dict__.update(dict(*args, **kwargs))


class TemplateReference:
    def __init__(self, context: "Context"):
        self._context = context


class LoopContext:
    """The ``loop`` variable of a {% for %} (the attributes of Jinja's LoopContext that
    need no recursion)."""

    index0 = -1
    _length: "Optional[int]" = None
    _after: "Any" = missing
    _current: "Any" = missing
    _before: "Any" = missing

    def __init__(self, iterable: "Iterable[Any]", undefined: "Any", recurse: "Any" = None,
                 depth0: int = 0):
        self._iterable = iterable
        self._iterator = iter(iterable)
        self._undefined = undefined
        self.depth0 = depth0

    @property
    def length(self) -> int:
        if self._length is not None:
            return self._length
        try:
            length = len(self._iterable)  # type: ignore[arg-type]  # (TypeError if not sized)
        except TypeError:
            iterable = list(self._iterator)
            self._iterator = iter(iterable)
            length = len(iterable) + self.index + (self._after is not missing)
        self._length = length
        return length

    def __len__(self) -> int:
        return self.length

    @property
    def depth(self) -> int:
        return self.depth0 + 1

    @property
    def index(self) -> int:
        return self.index0 + 1

    @property
    def revindex0(self) -> int:
        return self.length - self.index

    @property
    def revindex(self) -> int:
        return self.length - self.index0

    @property
    def first(self) -> bool:
        return self.index0 == 0

    def _peek_next(self) -> "Any":
        if self._after is not missing:
            return self._after
        self._after = next(self._iterator, missing)
        return self._after

    @property
    def last(self) -> bool:
        return self._peek_next() is missing

    @property
    def previtem(self) -> "Any":
        if self.first:
            return self._undefined("there is no previous item")
        return self._before

    @property
    def nextitem(self) -> "Any":
        rv = self._peek_next()
        if rv is missing:
            return self._undefined("there is no next item")
        return rv

    def cycle(self, *args: "Any") -> "Any":
        if not args:
            raise TypeError("no items for cycling given")
        return args[self.index0 % len(args)]

    def __iter__(self) -> "LoopContext":
        return self

    def __next__(self) -> "Tuple[Any, LoopContext]":
        if self._after is not missing:
            rv = self._after
            self._after = missing
        else:
            rv = next(self._iterator)
        self.index0 += 1
        self._before = self._current
        self._current = rv
        return rv, self


# -- filters ------------------------------------------------------------------------------

def _do_int(value: "Any", default: int = 0, base: int = 10) -> int:
    try:
        if isinstance(value, str):
            return int(value, base)
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return default


def _do_lower(s: "Any") -> str:
    return str(s).lower()


#: the filters compiled code may use (Jinja's, which take no context or environment)
FILTERS: "Dict[str, Callable[..., Any]]" = {
    "int": _do_int,
    "lower": _do_lower,
}

#: the names of Jinja's default globals that this runtime provides
GLOBALS: "Dict[str, Any]" = {"range": range, "dict": dict, "namespace": Namespace}


# -- contexts, templates, the environment -------------------------------------------------

class EvalContext:
    __slots__ = ("environment", "autoescape", "volatile")

    def __init__(self, environment: "Environment"):
        self.environment = environment
        self.autoescape = False
        self.volatile = False


class _Names(dict):  # type: ignore[type-arg]  # (name -> any value)
    """The context's variables over its parent's, for resolve_or_missing (a C-level
    lookup: compiled macros resolve the globals they use at every call)."""

    __slots__ = ()

    def __missing__(self, key: str) -> "Any":
        return missing


class _Vars(dict):  # type: ignore[type-arg]  # (name -> any value)
    """A context's own variables; every change is mirrored in its _Names."""

    __slots__ = ("_names", "_parent")

    _names: "_Names"
    _parent: "Dict[str, Any]"

    def __setitem__(self, key: str, value: "Any") -> None:
        dict.__setitem__(self, key, value)
        self._names[key] = value

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self, key)
        if key in self._parent:
            self._names[key] = self._parent[key]
        else:
            del self._names[key]

    def update(self, *args: "Any", **kwargs: "Any") -> None:
        for k, v in dict(*args, **kwargs).items():
            self[k] = v

    def setdefault(self, key: str, default: "Any" = None) -> "Any":
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key: str, *default: "Any") -> "Any":
        if key in self:
            v = dict.__getitem__(self, key)
            del self[key]
            return v
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self) -> "NoReturn":
        raise TypeError("popitem() is not supported on template variables")

    def clear(self) -> None:
        for k in list(self):
            del self[k]


class Context:
    """The variables of one template run (Jinja's Context, without blocks)."""

    def __init__(self, environment: "Environment", parent: "Dict[str, Any]", name: str,
                 globals: "Optional[Dict[str, Any]]" = None):
        self.environment = environment
        self.parent = parent
        names = _Names(parent)
        self._names = names
        self.vars = _Vars()
        self.vars._names = names
        self.vars._parent = parent
        self.resolve_or_missing = names.__getitem__
        self.name = name
        self.exported_vars: Set[str] = set()
        self.eval_ctx = environment.eval_ctx
        self.globals_keys: Set[str] = set() if globals is None else set(globals)

    def get_all(self) -> "Dict[str, Any]":
        return dict(self._names)

    def get_exported(self) -> "Dict[str, Any]":
        return {k: self.vars[k] for k in self.exported_vars}

    def call(self, obj: "Any", *args: "Any", **kwargs: "Any") -> "Any":
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        return obj(*args, **kwargs)


class TemplateModule:
    """An imported template: its exported macros and variables as attributes."""

    def __init__(self, template: "Template", context: "Context"):
        self._body_stream = list(template.root_render_func(context))
        self.__dict__.update(context.get_exported())
        self.__name__ = template.name

    def __str__(self) -> str:
        return "".join(self._body_stream)


class Template:
    """A compiled template: ``namespace`` is its module's (Jinja's ModuleLoader form,
    compiled with defer_init: the environment is given to it here)."""

    def __init__(self, environment: "Environment", name: str, namespace: "Dict[str, Any]"):
        self.environment = environment
        self.name = name
        self.globals = environment.globals
        namespace["environment"] = environment
        self.root_render_func: Callable[[Context], Iterator[str]] = namespace["root"]
        self._module: Optional[TemplateModule] = None

    def new_context(self, vars: "Optional[Dict[str, Any]]" = None, shared: bool = False,
                    locals: "Optional[Dict[str, Any]]" = None) -> "Context":
        if vars is None:
            vars = {}
        if shared:
            parent = vars
        else:
            parent = dict(self.globals, **vars)
        if locals:
            if shared:
                parent = dict(parent)
            for key, value in locals.items():
                if value is not missing:
                    parent[key] = value
        return Context(self.environment, parent, self.name, self.globals)

    def render(self, **context: "Any") -> str:
        return "".join(self.root_render_func(self.new_context(context)))

    def make_module(self, vars: "Optional[Dict[str, Any]]" = None, shared: bool = False,
                    locals: "Optional[Dict[str, Any]]" = None) -> "TemplateModule":
        return TemplateModule(self, self.new_context(vars, shared, locals))

    def _get_default_module(self, ctx: "Optional[Context]" = None) -> "TemplateModule":
        if ctx is not None:
            keys = ctx.globals_keys - self.globals.keys()
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module


class Environment:
    """What compiled template code asks of ``environment``.  ``load(name)`` gives the
    namespace of the compiled module of template ``name`` (None: no such template)."""

    concat = "".join
    undefined = StrictUndefined
    getattr = staticmethod(getattr)

    def __init__(self, load: "Callable[[str], Optional[Dict[str, Any]]]",
                 globals: "Dict[str, Any]"):
        self._load = load
        self._templates: Dict[str, Template] = {}
        self.globals = dict(GLOBALS, **globals)
        self.eval_ctx = EvalContext(self)
        self.filters = dict(FILTERS)

    def getitem(self, obj: "Any", argument: "Any") -> "Any":
        try:
            return obj[argument]
        except (AttributeError, TypeError, LookupError):
            if isinstance(argument, str):
                try:
                    attr = str(argument)
                except Exception:
                    pass
                else:
                    try:
                        return getattr(obj, attr)
                    except AttributeError:
                        pass
            return self.undefined(obj=obj, name=argument)

    def get_template(self, name: str, parent: "Optional[str]" = None) -> "Template":
        t = self._templates.get(name)
        if t is None:
            namespace = self._load(name)
            if namespace is None:
                raise TemplateNotFound(name)
            t = self._templates[name] = Template(self, name, namespace)
        return t


#: the names compiled code imports from jinja2.runtime, as this module provides them
RUNTIME_NAMES = {
    "LoopContext": LoopContext, "Macro": Macro, "Markup": Markup, "Namespace": Namespace,
    "TemplateNotFound": TemplateNotFound, "TemplateReference": TemplateReference,
    "TemplateRuntimeError": TemplateRuntimeError, "Undefined": Undefined,
    "escape": escape, "identity": identity, "internalcode": internalcode,
    "markup_join": markup_join, "missing": missing, "str_join": str_join,
    "concat": concat,
}
