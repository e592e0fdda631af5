"""The template environments: the templates compiled ahead of time, or plain Jinja.

* :func:`environment` gives the templates of a folder (templates/c ...) as compiled when
  xlidl was built (gen/backend/template_compiler.py), run by the lean runtime
  gen/backend/template_runtime.py: a run imports neither Jinja nor anything it would have
  to make first.  If the compiled modules do not match the templates beside the package
  (an edited checkout where ``make`` was not run again), the templates are compiled in
  memory for this run: same output, slower, nothing written.
* ``XLIDL_RENDERER=jinja`` renders with plain Jinja instead: the reference the tests
  compare the compiled templates with, byte for byte.

Rendering never reports user errors: the model it gets has been checked.
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, Optional

from . import template_compiler as tc

_environments: "Dict[str, Any]" = {}


def templates_root() -> str:
    from ..resources import package_data
    return package_data("templates")


def environment(folder: str, globals_: "Callable[[], Dict[str, Any]]", variant: str = ""):
    """The environment of templates/FOLDER, made once per process and ``variant``;
    ``globals_()`` gives the names every template of the folder sees in it."""
    env = _environments.get((folder, variant))
    if env is None:
        if os.environ.get("XLIDL_RENDERER") == "jinja":
            env = reference_environment(folder, globals_())
        else:
            env = compiled_environment(folder, globals_())
        _environments[(folder, variant)] = env
    return env


def compiled_loader(folder: str) -> "Callable[[str], Optional[dict]]":
    """template name -> the namespace of its compiled module: the modules made when
    xlidl was built when they match the templates, else compiled now, in memory."""
    import importlib.util
    root = os.path.join(templates_root(), folder)
    try:
        from . import compiled  # type: ignore[attr-defined]
    except ImportError:
        compiled = None
    if compiled is not None and compiled.DIGESTS.get(folder) == tc.digest(tc.template_files(root)):
        modules = compiled.MODULES[folder]

        def load(name: str) -> "Optional[dict]":
            # A new namespace for each environment: the module's code refers to its
            # environment as a global (Jinja's defer_init), so environments with other
            # globals (--fix ...) must not share one.  The code comes from Python's
            # bytecode cache, as an import would read it.
            mod = modules.get(name)
            if mod is None:
                return None
            fullname = "%s.%s.%s" % (__package__, tc.PACKAGE, mod)
            spec = importlib.util.find_spec(fullname)
            namespace = {"__name__": fullname, "__package__": spec.parent,
                         "__file__": spec.origin}
            exec(spec.loader.get_code(fullname), namespace)
            return namespace
        return load

    sources = tc.compile_folder(root, folder)

    def load_now(name: str) -> "Optional[dict]":
        src = sources.get(name)
        if src is None:
            return None
        mod = tc.module_name(folder, name)
        namespace = {"__name__": "%s.%s.%s" % (__package__, tc.PACKAGE, mod),
                     "__package__": "%s.%s" % (__package__, tc.PACKAGE)}
        exec(compile(src, os.path.join(root, name), "exec"), namespace)
        return namespace
    return load_now


def compiled_environment(folder: str, globals_: "Dict[str, Any]"):
    from .template_runtime import Environment
    return Environment(compiled_loader(folder), globals_)


def reference_environment(folder: str, globals_: "Dict[str, Any]"):
    """Plain Jinja over templates/FOLDER, with xlidl's settings."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    env = Environment(loader=FileSystemLoader(os.path.join(templates_root(), folder)),
                      undefined=StrictUndefined, **tc.SETTINGS)
    env.globals.update(globals_)
    return env


def forget() -> None:
    """Drop the environments made so far (tests switch renderers)."""
    _environments.clear()
