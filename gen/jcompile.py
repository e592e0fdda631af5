"""Compile xlidl's templates ahead of time, for the lean runtime in gen/jrt.py.

Jinja2 parses and compiles every template under templates/c to Python, with a code
generator that differs from Jinja's own in three ways that change no output:

* ``a.b`` is a plain attribute access (xlidl's environment already used the builtin
  getattr: templates read attributes of model objects and template modules only);
* ``f(x, y)`` with positional arguments is a plain call, not ``context.call(f, x, y)``
  (no callable the templates use takes a context);
* a macro is a plain function whose parameters default to ``missing``, which is how
  Jinja's Macro object pads arguments that are not given;
* a variable is read as it is, without a test for ``missing`` (a variable that was
  never set): in gen/jrt.py that sentinel fails on any use, as StrictUndefined would;
* a name the template never binds (a global such as pass_arg) is resolved once per
  template run instead of at every macro call.

The code is checked to use only what gen/jrt.py provides (runtime names, environment
and context attributes, filters and their calling conventions, Jinja's default
globals); a template outside that subset raises :class:`Unsupported` and xlidl renders
with Jinja itself instead.  The code objects are cached on disk (marshal), keyed by the
template sources, this compiler and the Python version, so a normal run never imports
Jinja.
"""
from __future__ import annotations

import keyword
import marshal
import os
import re
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Optional, Tuple

from .resources import checksum

FORMAT = 1  # bump when the code generator or gen/jrt.py changes what the code may use

#: what compiled code may ask of ``environment`` and ``context`` (gen/jrt.py has them)
ENV_ATTRS = {"getattr", "getitem", "undefined", "concat", "filters", "get_template"}
CONTEXT_ATTRS = {"vars", "exported_vars.add", "exported_vars.discard", "eval_ctx",
                 "eval_ctx.autoescape", "resolve_or_missing", "get_all"}
_IMPORT = "from jinja2.runtime import "
_MACRO_DEF = re.compile(r"^(\s*)def macro\(([^)]*)\):$", re.M)
_MACRO_NEW = re.compile(r"Macro\(environment, macro, '\w+', \([^)]*\), (\w+), (\w+), (\w+),")


class Unsupported(Exception):
    """A template uses something gen/jrt.py does not provide."""


def _template_files(root: str) -> Dict[str, str]:
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


def _code_generator_class():
    from jinja2.compiler import CodeGenerator, optimizeconst

    class LeanCodeGenerator(CodeGenerator):
        @optimizeconst
        def visit_Getattr(self, node, frame):
            attr = node.attr
            if attr.isidentifier() and not keyword.iskeyword(attr) and attr[:2] != "__":
                self.write("(")
                self.visit(node.node, frame)
                self.write(")." + attr)
            else:
                self.write("getattr(")
                self.visit(node.node, frame)
                self.write(", %r)" % attr)

        @optimizeconst
        def visit_Call(self, node, frame, forward_caller=False):
            if forward_caller or node.kwargs or node.dyn_args or node.dyn_kwargs:
                raise Unsupported("a call with keyword arguments, *args or a caller "
                                  "(line %s)" % node.lineno)
            self.write("(")
            self.visit(node.node, frame)
            self.write(")(")
            for i, arg in enumerate(node.args):
                if i:
                    self.write(", ")
                self.visit(arg, frame)
            self.write(")")

        def visit_Name(self, node, frame):
            if node.ctx == "load":
                # Jinja writes (undefined(name=...) if ref is missing else ref); with
                # gen/jrt.py the ``missing`` sentinel itself fails as StrictUndefined
                # does, so the plain name behaves the same, a third faster to render.
                self.write(frame.symbols.ref(node.name))
                return
            super().visit_Name(node, frame)

        def visit_CallBlock(self, node, frame):
            raise Unsupported("{%% call %%} blocks (line %s)" % node.lineno)

        def visit_Extends(self, node, frame):
            raise Unsupported("{%% extends %%} (line %s)" % node.lineno)

        def visit_Block(self, node, frame):
            raise Unsupported("{%% block %%} (line %s)" % node.lineno)

        def visit_Test(self, node, frame):
            raise Unsupported("tests such as 'is %s' (line %s)" % (node.name, node.lineno))

    return LeanCodeGenerator


def _check(name: str, src: str, env, own_globals) -> Tuple[str, Dict[str, Optional[str]]]:
    """The source without its jinja2 import, and the filters it uses with their calling
    conventions; Unsupported unless gen/jrt.py provides everything the code uses."""
    from jinja2.utils import _PassArg
    from . import jrt

    first, _, rest = src.partition("\n")
    if not first.startswith(_IMPORT):
        raise Unsupported("%s: unexpected first line %r" % (name, first))
    names = set(first[len(_IMPORT):].split(", "))
    if not names <= set(jrt.RUNTIME_NAMES):
        raise Unsupported("%s: runtime names %s" % (name, sorted(names - set(jrt.RUNTIME_NAMES))))
    used = set(re.findall(r"\benvironment\.(\w+)", rest))
    if not used <= ENV_ATTRS:
        raise Unsupported("%s: environment.%s" % (name, sorted(used - ENV_ATTRS)))
    used = set(re.findall(r"\bcontext\.([\w.]+)", rest))
    if not used <= CONTEXT_ATTRS:
        raise Unsupported("%s: context.%s" % (name, sorted(used - CONTEXT_ATTRS)))
    for flags in _MACRO_NEW.findall(rest):
        if flags != ("False", "False", "False"):
            raise Unsupported("%s: a macro taking kwargs, varargs or a caller" % name)
    if rest.count("Macro(") != len(_MACRO_NEW.findall(rest)):
        raise Unsupported("%s: a macro definition of an unknown form" % name)
    defaults = env.globals
    for g in set(re.findall(r"\bresolve\('(\w+)'\)", rest)):
        if g in defaults and g not in jrt.GLOBALS and g not in own_globals:
            raise Unsupported("%s: Jinja's global %s" % (name, g))
    conventions: Dict[str, Optional[str]] = {}
    for f in set(re.findall(r"\benvironment\.filters\['(\w+)'\]", rest)):
        if f not in jrt.FILTERS:
            raise Unsupported("%s: the filter %s" % (name, f))
        p = _PassArg.from_obj(env.filters[f])
        conventions[f] = None if p is None else p.name
    return rest, conventions


def compile_templates(root: str, globals_: dict):
    """{name: code object} and {filter: convention} for every template under ``root``."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(root), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=False)
    env.code_generator_class = _code_generator_class()
    codes = {}
    conventions: Dict[str, Optional[str]] = {}
    for name, text in _template_files(root).items():
        filename = os.path.join(root, name)
        src = env.compile(text, name, filename, raw=True)
        body, conv = _check(name, src, env, globals_)
        conventions.update(conv)
        body = _MACRO_DEF.sub(_with_defaults, body)
        body = _hoist_resolves(body, _stored_names(env.parse(text, name, filename)))
        codes[name] = compile(body, filename, "exec")
    return codes, conventions


def _stored_names(tree) -> set:
    """Every name a template may bind: set/for targets, macro names and parameters,
    import targets."""
    from jinja2 import nodes
    out = {n.name for n in tree.find_all(nodes.Name) if n.ctx != "load"}
    out.update(m.name for m in tree.find_all(nodes.Macro))
    out.update(i.target for i in tree.find_all(nodes.Import))
    for i in tree.find_all(nodes.FromImport):
        out.update(n[1] if isinstance(n, tuple) else n for n in i.names)
    return out


_ROOT_START = "    if 0: yield None\n"
_RESOLVE = re.compile(r"^(\s+)(l_\d+_\w+) = resolve\('(\w+)'\)$", re.M)


def _hoist_resolves(body: str, stored: set) -> str:
    """Jinja resolves the names a macro or loop reads from the context at every call or
    iteration.  A name the template never binds can only come from the context's parent
    (globals and render variables), which does not change while the context lives: it
    is resolved once, when the template starts, and the macros read that."""
    names: set = set()

    def hoist(m: "re.Match") -> str:
        indent, target, name = m.groups()
        if len(indent) <= 4 or name in stored:
            return m.group(0)
        names.add(name)
        return "%s%s = _g_%s" % (indent, target, name)

    body = _RESOLVE.sub(hoist, body)
    if not names:
        return body
    at = body.index(_ROOT_START) + len(_ROOT_START)
    pre = "".join("    _g_%s = resolve(%r)\n" % (n, n) for n in sorted(names))
    return body[:at] + pre + body[at:]


def _with_defaults(m: "re.Match") -> str:
    params = [p.strip() for p in m.group(2).split(",") if p.strip()]
    return "%sdef macro(%s):" % (m.group(1), ", ".join(p + "=missing" for p in params))


# -- the cache ----------------------------------------------------------------------------

def _key(root: str, sources: Dict[str, str]) -> bytes:
    """Everything the code objects depend on, as bytes compared exactly on a hit."""
    from . import __version__
    parts = ["xlidl-templates", str(FORMAT), __version__, sys.version, root]
    here = os.path.dirname(os.path.abspath(__file__))
    for mod in ("jcompile.py", "jrt.py"):
        try:
            with open(os.path.join(here, mod), "rb") as f:
                parts.append(checksum(f.read()))
        except OSError:
            parts.append("?")
    for name in sorted(sources):
        parts.append(name)
        parts.append(sources[name])
    return "\0".join(parts).encode("utf-8")


def load(root: str, globals_: dict, cache_dir: Optional[str]):
    """Code objects and filter conventions for the templates under ``root``: from the
    cache when it holds this exact key, else compiled now (and stored).  There is one
    cache file per template folder and Python: a change replaces it."""
    sources = _template_files(root)
    key = _key(root, sources)
    path = None
    if cache_dir is not None:
        slot = checksum(("%s\0%s" % (root, sys.version)).encode("utf-8"))
        path = os.path.join(cache_dir, "templates-%s.marshal" % slot)
        try:
            with open(path, "rb") as f:
                data = marshal.loads(f.read())  # marshal.load(f) reads in small bits
            if data[0] == key:
                return data[1], data[2]
        except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError):
            pass
    codes, conventions = compile_templates(root, globals_)
    if path is not None:
        _store(path, (key, codes, conventions))
    return codes, conventions


def _store(path: str, data) -> None:
    """Write the cache file atomically; a cache that cannot be written is skipped."""
    from .output import replace_file
    try:
        replace_file(path, marshal.dumps(data))
    except (OSError, ValueError):
        pass
