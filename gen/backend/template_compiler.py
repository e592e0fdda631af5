"""The templates compiled ahead of time, when xlidl is built.

Jinja2 compiles each template under templates/ to the Python module its ModuleLoader
imports (``Environment.compile(..., raw=True, defer_init=True)``, the form
``Environment.compile_templates`` writes).  The environment's ``code_generator_class``,
Jinja's documented way to change the code a template compiles to, is a subclass of
Jinja's CodeGenerator with three changes that leave the output the same:

* ``a.b`` is a plain attribute access (the templates read attributes of model objects
  and template modules only), where Jinja writes ``environment.getattr(a, 'b')``;
* ``a[b]`` is a plain subscript (the templates index dicts and lists only), where Jinja
  writes ``environment.getitem(a, b)``;
* ``f(x, y)`` with positional arguments is a plain call, where Jinja writes
  ``context.call(f, x, y)`` (no callable the templates use takes a context: macros and
  plain functions).

The module's first line imports Jinja's runtime names; it is written to import them from
gen/backend/template_runtime.py instead, which provides them with Jinja's semantics, so
that rendering never imports Jinja.  A template that needs anything else (a name that
runtime lacks, a filter it does not have, a test) is refused here, when xlidl is built.

Build (gen/buildtime.py) writes the modules into xlidl/backend/compiled/, with a digest of
the template sources; gen/backend/templates.py imports them.  When the templates beside
the package no longer match that digest (an edited checkout where ``make`` was not run
again), gen/backend/templates.py compiles them in memory with :func:`compile_sources`,
for that run only.
"""
import keyword
import os
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Tuple

    from jinja2 import Environment

#: bump when the compiled code or what it is checked against changes
FORMAT = 3
#: the package of the compiled modules, in gen/backend/
PACKAGE = "compiled"
#: the template folders (under templates/) that are compiled
FOLDERS = ("c", "go")

#: Jinja's environment settings for xlidl's templates (the reference renderer's too)
SETTINGS: "Dict[str, Any]" = dict(trim_blocks=True, lstrip_blocks=True,
                                  keep_trailing_newline=True, autoescape=False)

_IMPORT = "from jinja2.runtime import "
_FILTER_USE = re.compile(r"\benvironment\.filters\['(\w+)'\]")
_TEST_USE = re.compile(r"\benvironment\.tests\[")
_RESOLVE = re.compile(r"\bresolve\('(\w+)'\)")


class Unsupported(Exception):
    """A template uses something gen/backend/template_runtime.py does not provide."""


def template_files(root: str) -> "Dict[str, str]":
    """name (as the templates refer to it) -> source text, for every .j2 file."""
    out = {}
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".j2"):
                p = os.path.join(d, f)
                name = os.path.relpath(p, root).replace(os.sep, "/")
                with open(p, encoding="utf-8") as fh:
                    out[name] = fh.read()
    return out


def digest(sources: "Dict[str, str]") -> str:
    """What the compiled modules are checked against: the format, the runtime and the
    template sources (names and texts)."""
    import zlib
    from . import template_runtime
    parts = ["xlidl-templates", str(FORMAT), str(template_runtime.CONTRACT)]
    for name in sorted(sources):
        parts += [name, sources[name]]
    data = "\0".join(parts).encode("utf-8")
    return "%08x%08x%d" % (zlib.crc32(data), zlib.adler32(data), len(data))


def module_name(folder: str, template: str) -> str:
    """The compiled module of a template: "c", "macros/copy.j2" -> "c__macros__copy"."""
    stem = template[:-3] if template.endswith(".j2") else template
    return "%s__%s" % (folder, re.sub(r"[^0-9A-Za-z]", "_", stem.replace("/", "__")))


def environment_class() -> "type[Environment]":
    """Jinja's Environment with xlidl's code generator (see the module docstring)."""
    from jinja2 import Environment
    from jinja2.compiler import CodeGenerator, optimizeconst

    class LeanCodeGenerator(CodeGenerator):
        @optimizeconst
        def visit_Getattr(self, node: "Any", frame: "Any") -> None:
            attr = node.attr
            if attr.isidentifier() and not keyword.iskeyword(attr) and attr[:2] != "__":
                self.write("(")
                self.visit(node.node, frame)
                self.write(")." + attr)
            else:
                super().visit_Getattr(node, frame)

        def visit_Name(self, node: "Any", frame: "Any") -> None:
            if node.ctx == "load":
                self.write(frame.symbols.ref(node.name))
                return
            super().visit_Name(node, frame)

        @optimizeconst
        def visit_Getitem(self, node: "Any", frame: "Any") -> None:
            self.write("(")
            self.visit(node.node, frame)
            self.write(")[")
            self.visit(node.arg, frame)
            self.write("]")

        @optimizeconst
        def visit_Call(self, node: "Any", frame: "Any", forward_caller: bool = False) -> None:
            if forward_caller or node.kwargs or node.dyn_args or node.dyn_kwargs:
                raise Unsupported("line %s: a call with keyword arguments, *args or a "
                                  "caller" % node.lineno)
            self.write("(")
            self.visit(node.node, frame)
            self.write(")(")
            for i, arg in enumerate(node.args):
                if i:
                    self.write(", ")
                self.visit(arg, frame)
            self.write(")")

    class LeanEnvironment(Environment):
        code_generator_class = LeanCodeGenerator

    return LeanEnvironment


def compile_source(env: "Environment", name: str, text: str, filename: str) -> str:
    """The module for one template, importing the runtime from ``runtime`` (a module
    path); Unsupported if it needs what the runtime lacks."""
    from . import template_runtime as rt
    src = env.compile(text, name, filename, raw=True, defer_init=True)
    head = ""
    while src.startswith("from __future__ import "):   # Jinja 3.0: generator_stop
        line, _, src = src.partition("\n")
        head += line + "\n"
    first, _, body = src.partition("\n")
    if not first.startswith(_IMPORT):
        raise Unsupported("%s: Jinja's code starts with %r" % (name, first))
    names = first[len(_IMPORT):].split(", ")
    missing = sorted(set(names) - set(rt.RUNTIME_NAMES))
    if missing:
        raise Unsupported("%s: the runtime lacks %s" % (name, ", ".join(missing)))
    filters = sorted(set(_FILTER_USE.findall(body)) - set(rt.FILTERS))
    if filters:
        raise Unsupported("%s: the runtime has no filter %s" % (name, ", ".join(filters)))
    if _TEST_USE.search(body):
        raise Unsupported("%s: tests ('is ...') are not supported" % name)
    jinja_globals = sorted(g for g in set(_RESOLVE.findall(body))
                           if g in env.globals and g not in rt.GLOBALS)
    if jinja_globals:
        raise Unsupported("%s: the runtime lacks Jinja's global %s"
                          % (name, ", ".join(jinja_globals)))
    return "%sfrom ..template_runtime import %s\n%s" % (head, ", ".join(names), body)


def compile_folder(root: str, folder: str) -> "Dict[str, str]":
    """{template name: module source} for every template under ``root``."""
    return compile_sources(template_files(root), folder)


def compile_sources(sources: "Dict[str, str]", folder: str) -> "Dict[str, str]":
    """{template name: module source} for the templates ``sources`` (name -> text) of
    templates/FOLDER."""
    env = environment_class()(**SETTINGS)
    out = {}
    for name, text in sources.items():
        try:
            out[name] = compile_source(env, name, text, "templates/%s/%s" % (folder, name))
        except Unsupported as e:
            raise Unsupported("templates/%s/%s" % (folder, e)) from None
    return out


def build_package(templates_root: str, outdir: str) -> "List[str]":
    """Write the compiled modules and their package into ``outdir`` (gen/backend/
    compiled); the paths written."""
    from ..resources import write_text
    os.makedirs(outdir, exist_ok=True)
    written = []
    index: Dict[str, Dict[str, str]] = {}
    digests: Dict[str, str] = {}
    for folder in FOLDERS:
        root = os.path.join(templates_root, folder)
        digests[folder] = digest(template_files(root))
        index[folder] = {}
        for name, src in compile_folder(root, folder).items():
            mod = module_name(folder, name)
            index[folder][name] = mod
            path = os.path.join(outdir, mod + ".py")
            write_text(path, "# Generated by xlidl's build from templates/%s/%s with Jinja2: "
                             "do not edit.\n%s" % (folder, name, src))
            written.append(path)
    init = os.path.join(outdir, "__init__.py")
    write_text(init, '"""xlidl\'s templates compiled by Jinja2 when xlidl was built (see '
                     'gen/backend/template_compiler.py): do not edit."""\n'
                     "DIGESTS = %r\nMODULES = %r\n" % (digests, index))
    written.append(init)
    # compiled modules of templates that no longer exist
    keep = {os.path.basename(p) for p in written}
    for f in os.listdir(outdir):
        if f.endswith(".py") and f not in keep:
            os.remove(os.path.join(outdir, f))
    return written
