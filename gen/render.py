"""Render the C outputs from the model with the Jinja2 templates in templates/c/.

The environment is created once per process.  Normally it is gen/jrt.py's lean runtime
running the templates as Jinja compiled them ahead of time (gen/jcompile.py, cached on
disk), so a run does not import Jinja.  With XLIDL_RENDERER=jinja, or when a template uses
something the lean runtime lacks, Jinja itself renders them (with its bytecode cache and
the shortcuts below); the output is the same.  Rendering never reports user errors: the
model it gets has been checked by gen/build.py and gen/check.py.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List

from . import cexpr
from .model import Field, Idl, Type
from .resources import templates_dir

_env = None


def init_members(ty: Type) -> List[Field]:
    """Members that need their own TYPE_init_KEY() function: keyed unions."""
    if not ty.is_aggregate:
        return []
    return [f for f in ty.fields if not f.const and f.type is not None
            and f.type.is_keyed_union]


def _bytecode_cache():
    from jinja2 import FileSystemBytecodeCache
    from .resources import cache_dir
    base = cache_dir()
    if base is None:
        return None
    d = os.path.join(base, "jinja")
    try:
        os.makedirs(d, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(d)


def _fast_context_class():
    """A Jinja Context whose call() goes straight to plain macros and to our own helper
    functions.  Jinja's generic path inspects every callable for pass_context markers and
    re-binds macro arguments on each call; the templates make tens of thousands of such
    calls, so this is where most rendering time went.  Anything unusual (keyword
    arguments, defaults, caller blocks) takes Jinja's own path."""
    from jinja2.runtime import Context, Macro
    from jinja2.utils import missing

    plain = {cexpr.make_arg, cexpr.pass_arg, cexpr.ctext, init_members}
    pads = [(missing,) * n for n in range(8)]

    class FastContext(Context):
        def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
            # Jinja passes these inside loops and blocks; only pass_context callables
            # (none of the fast-path ones) use them.
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            if not kwargs:
                if type(__obj) is Macro:
                    short = __obj._argument_count - len(args)
                    if (0 <= short < 8 and not __obj.caller and not __obj.catch_varargs
                            and not __obj.catch_kwargs):
                        # missing arguments get their defaults inside the macro body
                        return __obj._func(*args, *pads[short]) if short else __obj._func(*args)
                elif __obj in plain:
                    return __obj(*args)
            return Context.call(__self, __obj, *args, **kwargs)

    return FastContext


def _environment_class():
    """Jinja's Environment with plain attribute access.  The templates only read
    attributes of model objects and template modules, never dict items through a dot, so
    the builtin getattr does (Jinja's own also tries obj[name] and wraps misses in
    Undefined, at about half a microsecond per lookup: a million lookups for a large IDL).
    A missing attribute is a bug in a template and raises AttributeError."""
    from jinja2 import Environment

    class FastEnvironment(Environment):
        getattr = staticmethod(getattr)

    return FastEnvironment


def template_globals() -> Dict[str, Any]:
    """The helpers every template sees."""
    return dict(make_arg=cexpr.make_arg, pass_arg=cexpr.pass_arg, ctext=cexpr.ctext,
                init_members=init_members, REF=cexpr.REF, VAL=cexpr.VAL)


def environment():
    global _env
    if _env is None:
        if os.environ.get("XLIDL_RENDERER") != "jinja":
            _env = lean_environment()
        if _env is None:
            _env = jinja_environment()
    return _env


def lean_environment():
    """gen/jrt.py's environment over the cached compiled templates; None when a template
    needs Jinja itself."""
    from . import jcompile, jrt
    from .resources import cache_dir
    try:
        codes, conventions = jcompile.load(os.path.join(templates_dir(), "c"),
                                           template_globals(), cache_dir())
    except jcompile.Unsupported:
        return None
    return jrt.Environment(codes, conventions, template_globals())


def jinja_environment():
    """Jinja's own environment (with the shortcuts above)."""
    from jinja2 import FileSystemLoader, StrictUndefined
    env = _environment_class()(loader=FileSystemLoader(os.path.join(templates_dir(), "c")),
                               undefined=StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True,
                               autoescape=False, bytecode_cache=_bytecode_cache(),
                               auto_reload=False)
    try:
        env.context_class = _fast_context_class()
    except ImportError:  # a Jinja without these internals: its own path is correct
        pass
    env.globals.update(template_globals())
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def gentypes_outputs(idl: Idl, banner: str, header: str, header_private: str,
                     header_json: str, impl: str) -> Dict[str, str]:
    """The four files of Xen's gentypes.py, keyed by the given paths."""
    backend = "macros/json_jsonc.j2" if idl.jsonc else "macros/json_yajl.j2"
    guard = cexpr.header_guard(header)
    json_guard = cexpr.header_guard(header_json)
    common = dict(idl=idl, banner=banner, backend_template=backend)
    return {
        header: render("types.h.j2", guard=guard, **common),
        header_json: render("types_json.h.j2", guard=json_guard, **common),
        header_private: render("types_private.h.j2", guard=cexpr.header_guard(header_private),
                               json_guard=json_guard, **common),
        impl: render("types.c.j2", **common),
    }


def gentest_output(idl: Idl, seed: "str | None") -> str:
    """testidl.c, as Xen's gentest.py writes it for LIBXL_TESTIDL_SEED=seed."""
    from .testdata import HANDCODED, Harness
    h = Harness(idl, seed)
    h.check()
    return render("testidl.c.j2", idl=idl, h=h, handcoded=HANDCODED)
