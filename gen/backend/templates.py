"""The template environments: the templates compiled ahead of time, or plain Jinja.

* :func:`environment` gives the templates of a folder (templates/c ...) as compiled when
  xlidl was built (gen/backend/template_compiler.py), run by the lean runtime
  gen/backend/template_runtime.py: a run imports neither Jinja nor anything it would have
  to make first.  This is what lets xlidl run on the standard library alone.  In a
  checkout, if the compiled modules do not match the templates (edited after ``make``),
  the templates are compiled in memory for this run: same output, slower, nothing
  written.  An installed xlidl (a wheel, the pyz) uses what its build compiled.
* ``XLIDL_RENDERER=jinja`` renders with plain Jinja instead (the extra ``jinja``): the
  reference the tests compare the compiled templates with, byte for byte.

Rendering never reports user errors: the model it gets has been checked.
"""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, Hashable, Optional, Protocol, Tuple

    class Template(Protocol):
        def render(self, *args: Any, **kwargs: Any) -> str: ...

    class TemplateEnvironment(Protocol):
        """What xlidl asks of an environment: the compiled templates' runtime
        (gen/backend/template_runtime.py) or Jinja's."""

        def get_template(self, name: str) -> Template: ...

    #: template name -> the namespace of its compiled module (None: no such template)
    Loader = Callable[[str], Optional[Dict[str, Any]]]

from .. import resources
from ..errors import EXIT_USAGE, Failure

_environments: "Dict[Tuple[str, Hashable], TemplateEnvironment]" = {}


def _compiler() -> "Any":
    """gen/backend/template_compiler.py, imported where it is needed (an installed
    xlidl's runs do not need it)."""
    from . import template_compiler
    return template_compiler


def templates_root() -> str:
    """templates/ on disk (for the build, which compiles them)."""
    return resources.folder("templates")


def sources(folder: str) -> "Dict[str, str]":
    """name -> text of every template of templates/FOLDER, wherever xlidl's data is."""
    top = "templates/" + folder
    return {n: resources.read_text(top + "/" + n) for n in resources.files(top, ".j2")}


def _jinja(why: str, status: int) -> None:
    """Jinja2 is needed for ``why``: Failure when it is not installed."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise Failure("%s needs Jinja2, which is not installed (pip install "
                      "'xlidl[jinja]')" % why, status) from None


def environment(folder: str, globals_: "Callable[[], Dict[str, Any]]",
                variant: "Hashable" = None) -> "TemplateEnvironment":
    """The environment of templates/FOLDER, made once per process and ``variant`` (the
    C templates': per set of fixes);
    ``globals_()`` gives the names every template of the folder sees in it."""
    env = _environments.get((folder, variant))
    if env is None:
        if os.environ.get("XLIDL_RENDERER") == "jinja":
            env = reference_environment(folder, globals_())
        else:
            env = compiled_environment(folder, globals_())
        _environments[(folder, variant)] = env
    return env


def compiled_loader(folder: str) -> "Loader":
    """template name -> the namespace of its compiled module: the modules made when
    xlidl was built when they match the templates, else compiled now, in memory."""
    compiled: Any
    try:
        from . import compiled  # (made by the build)
    except ImportError:
        compiled = None
    if compiled is not None and (not resources.in_checkout() or compiled.DIGESTS.get(folder)
                                 == _compiler().digest(sources(folder))):
        modules = compiled.MODULES[folder]

        def load(name: str) -> "Optional[Dict[str, Any]]":
            # A new namespace for each environment: the module's code refers to its
            # environment as a global (Jinja's defer_init), so environments with other
            # globals (--fix ...) must not share one.  An import runs the module in a
            # namespace of its own, from Python's bytecode cache; the module is taken
            # out of sys.modules, so that the next environment's import runs it again.
            mod = modules.get(name)
            if mod is None:
                return None
            fullname = "%s.%s" % (compiled.__name__, mod)
            __import__(fullname)
            namespace: Dict[str, Any] = vars(sys.modules.pop(fullname))
            return namespace
        return load

    _jinja("compiling the templates (the compiled ones are %s)" % (
        "stale: run make" if compiled is not None else "missing"), EXIT_USAGE)
    tc = _compiler()
    modules = tc.compile_sources(sources(folder), folder)

    def load_now(name: str) -> "Optional[Dict[str, Any]]":
        src = modules.get(name)
        if src is None:
            return None
        mod = tc.module_name(folder, name)
        namespace = {"__name__": "%s.%s.%s" % (__package__, tc.PACKAGE, mod),
                     "__package__": "%s.%s" % (__package__, tc.PACKAGE)}
        exec(compile(src, "templates/%s/%s" % (folder, name), "exec"), namespace)
        return namespace
    return load_now


def compiled_environment(folder: str, globals_: "Dict[str, Any]") -> "TemplateEnvironment":
    from .template_runtime import Environment
    return Environment(compiled_loader(folder), globals_)


def reference_environment(folder: str, globals_: "Dict[str, Any]") -> "TemplateEnvironment":
    """Plain Jinja over templates/FOLDER, with xlidl's settings."""
    _jinja("XLIDL_RENDERER=jinja", EXIT_USAGE)
    from jinja2 import DictLoader, Environment, StrictUndefined
    env = Environment(loader=DictLoader(sources(folder)), undefined=StrictUndefined,
                      **_compiler().SETTINGS)
    env.globals.update(globals_)
    return env


def forget() -> None:
    """Drop the environments made so far (tests switch renderers)."""
    _environments.clear()
