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
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Tuple

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
    """The four files of Xen's gentypes.py, keyed by the given paths.

    On a large IDL, a forked child renders the headers and the first part of the
    implementation while this process renders its JSON functions, the larger part (see
    :func:`_parallel`); the text is the same."""
    backend = "macros/json_jsonc.j2" if idl.jsonc else "macros/json_yajl.j2"
    json_guard = cexpr.header_guard(header_json)
    common = dict(idl=idl, banner=banner, backend_template=backend)
    jobs = [("types.h.j2", dict(common, guard=cexpr.header_guard(header))),
            ("types_json.h.j2", dict(common, guard=json_guard)),
            ("types_private.h.j2", dict(common, guard=cexpr.header_guard(header_private),
                                        json_guard=json_guard))]
    if _parallel(idl):
        environment()  # loaded (or compiled and cached) once, for both processes
        child = _render_in_child(jobs + [("types.c.j2", dict(common, part=1))])
    else:
        child = None
    try:
        if child is None:
            texts = [render(t, **c) for t, c in jobs] + [render("types.c.j2", part=None, **common)]
        else:
            json_part = render("types.c.j2", part=2, **common)
            wait, child = child, None
            texts = wait()
            if texts is None:  # the child failed: render it all here (and report any error)
                texts = [render(t, **c) for t, c in jobs] + [
                    render("types.c.j2", part=1, **common)]
            texts[-1] += json_part
    finally:
        if child is not None:  # an error (or an interrupt) here: the child is not needed
            child(cancel=True)
    return dict(zip((header, header_json, header_private, impl), texts))


#: The number of types from which :func:`_parallel` says yes: below it, starting a child
#: costs about what it saves (measured: Xen master's libxl_types.idl has 109 types).
PARALLEL_MIN_TYPES = 400


def _parallel(idl: Idl) -> bool:
    """Whether to render in two processes: XLIDL_JOBS=1 never, XLIDL_JOBS=2 always (where
    possible); otherwise on a large IDL when this process may use two CPUs."""
    jobs = os.environ.get("XLIDL_JOBS", "")
    if jobs == "1":
        return False
    if jobs != "2":
        if len(idl.types) < PARALLEL_MIN_TYPES:
            return False
        try:
            if len(os.sched_getaffinity(0)) < 2:
                return False
        except (AttributeError, OSError):
            if (os.cpu_count() or 1) < 2:
                return False
    threading = sys.modules.get("threading")
    # fork() copies only the calling thread: never with others running
    return threading is None or threading.active_count() == 1


def _render_in_child(jobs: List[Tuple[str, Dict[str, Any]]]):
    """Render each (template, context) of ``jobs`` in a forked child, which leaves the
    texts in a memory file.  Returns ``result()``, which waits for the child and gives
    the texts (None if the child failed; ``result(cancel=True)`` stops it), or None where
    this is not possible (no fork() or memfd_create())."""
    fork = getattr(os, "fork", None)
    memfd_create = getattr(os, "memfd_create", None)
    if fork is None or memfd_create is None:
        return None
    try:
        fd = memfd_create("xlidl-render", getattr(os, "MFD_CLOEXEC", 0))
    except OSError:
        return None
    try:
        pid = fork()
    except OSError:
        os.close(fd)
        return None
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 1
        try:
            # the byte lengths of the texts on the first line, then the texts
            data = [render(t, **c).encode("utf-8", "surrogatepass") for t, c in jobs]
            data.insert(0, ("%s\n" % " ".join(str(len(d)) for d in data)).encode("ascii"))
            for d in data:
                view = memoryview(d)
                while view:
                    view = view[os.write(fd, view):]
            status = 0
        except BaseException:
            pass
        finally:
            os._exit(status)

    def result(cancel: bool = False) -> "List[str] | None":
        try:
            if cancel:
                import signal
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            if cancel or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                return None
            size = os.fstat(fd).st_size
            chunks = []
            done = 0
            while done < size:
                chunk = os.pread(fd, size - done, done)
                if not chunk:
                    return None
                chunks.append(chunk)
                done += len(chunk)
            head, _, data = b"".join(chunks).partition(b"\n")
            texts = []
            start = 0
            try:
                for n in map(int, head.split()):
                    texts.append(data[start:start + n].decode("utf-8", "surrogatepass"))
                    start += n
            except ValueError:  # not what the child writes: as if it had failed
                return None
            return texts if len(texts) == len(jobs) and start == len(data) else None
        finally:
            os.close(fd)
    return result


def gentest_output(idl: Idl, seed: "str | None") -> str:
    """testidl.c, as Xen's gentest.py writes it for LIBXL_TESTIDL_SEED=seed."""
    from .testdata import HANDCODED, Harness
    h = Harness(idl, seed)
    h.check()
    return render("testidl.c.j2", idl=idl, h=h, handcoded=HANDCODED)
