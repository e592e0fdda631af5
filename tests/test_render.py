"""The templates compiled ahead of time (gen/backend/template_compiler.py) and run by the
lean runtime (gen/backend/template_runtime.py) must not change a byte of the output:
render with plain Jinja, the reference, and compare.  And a run must use the compiled
templates made when xlidl was built, without importing Jinja."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, TESTS, xen_idl

from xlidl import api, resources
from xlidl.backend import render, template_compiler as tc, template_runtime as rt, templates

CASES = [ROOT / "examples" / "vmconfig.idl", TESTS / "idl" / "keyed_union.idl",
         TESTS / "idl" / "deprecated.idl", TESTS / "idl" / "arrays.idl"]


def with_renderer(renderer, monkeypatch, func, *args, **kw):
    """func(*args, **kw) with XLIDL_RENDERER=renderer ("jinja", or "" for the compiled
    templates), in fresh environments."""
    if renderer:
        monkeypatch.setenv("XLIDL_RENDERER", renderer)
    else:
        monkeypatch.delenv("XLIDL_RENDERER", raising=False)
    templates.forget()
    try:
        return func(*args, **kw)
    finally:
        templates.forget()


def generate_with(renderer, monkeypatch, paths, **kw):
    """api.generate() with XLIDL_RENDERER=renderer."""
    return with_renderer(renderer, monkeypatch, api.generate, [str(p) for p in paths], "out",
                         seed="1", **kw)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_compiled_templates_render_like_jinja(path, json, monkeypatch):
    compiled = generate_with("", monkeypatch, [path], json=json)
    assert generate_with("jinja", monkeypatch, [path], json=json) == compiled


@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_compiled_templates_render_xen_master_like_jinja(json, monkeypatch):
    paths = [xen_idl("master"), xen_idl("master", "libxl_types_internal.idl")]
    compiled = generate_with("", monkeypatch, paths, json=json)
    assert generate_with("jinja", monkeypatch, paths, json=json) == compiled


def test_the_built_templates_are_current():
    """`make` (or the wheel's build) made gen/backend/compiled from these templates: a run
    uses them, not a compilation in memory."""
    from xlidl.backend import compiled
    for folder in tc.FOLDERS:
        root = os.path.join(templates.templates_root(), folder)
        assert compiled.DIGESTS[folder] == tc.digest(tc.template_files(root)), \
            "gen/backend/compiled is stale: run make"
        names = set(tc.template_files(root))
        assert set(compiled.MODULES[folder]) == names


def test_a_run_imports_neither_jinja_nor_lark(tmp_path):
    code = ("import sys; from xlidl.cli import main; "
            "rc = main(['gentypes', sys.argv[1], 'a.h', 'b.h', 'c.h', 'd.c']); "
            "print(rc, sorted(m for m in ('jinja2', 'lark') if m in sys.modules))")
    env = dict(os.environ)
    env.pop("XLIDL_RENDERER", None)
    r = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "vmconfig.idl")],
                       cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.stdout == "0 []\n", r.stderr


def test_stale_compiled_templates_are_compiled_in_memory(tmp_path, monkeypatch):
    """A checkout whose templates changed after the build: the run compiles them in
    memory (same output as Jinja's), and writes nothing."""
    root = tmp_path / "templates"
    shutil.copytree(templates.templates_root(), root)
    banner = root / "c" / "banner_guard.j2"
    banner.write_text(banner.read_text().replace(" * DO NOT EDIT.", " * DO NOT EDIT (stale).")
                      )
    before = sorted(p.name for p in tmp_path.rglob("*"))
    # A checkout, also where the tests run against an installed xlidl (which
    # trusts its compiled templates: nothing beside it can change).
    monkeypatch.setattr(resources, "in_checkout", lambda: True)
    monkeypatch.setattr(templates, "sources",
                        lambda folder: tc.template_files(str(root / folder)))
    idl = ROOT / "examples" / "vmconfig.idl"
    compiled = generate_with("", monkeypatch, [idl], testidl=False)
    assert "DO NOT EDIT (stale)." in compiled[os.path.join("out", "_vmconfig.h")]
    assert generate_with("jinja", monkeypatch, [idl], testidl=False) == compiled
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("text", [
    "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}x{% endcall %}",
    "{{ f(a=1) }}",
    "{% if x is defined %}x{% endif %}",
    "{{ x|join(',') }}",
    "{{ x|map(attribute='a')|list }}",
    "{{ cycler(1, 2) }}",
])
def test_what_the_lean_runtime_lacks_is_refused_at_build(tmp_path, text):
    (tmp_path / "t.j2").write_text(text)
    with pytest.raises(tc.Unsupported):
        tc.compile_folder(str(tmp_path), "test")


def test_build_writes_the_compiled_package(tmp_path):
    root = tmp_path / "templates" / "c"
    shutil.copytree(os.path.join(templates.templates_root(), "c"), root)
    written = tc.build_package(str(tmp_path / "templates"), str(tmp_path / "compiled"))
    names = sorted(os.path.basename(p) for p in written)
    assert "__init__.py" in names and "c__types_c.py" in names
    text = (tmp_path / "compiled" / "c__types_c.py").read_text()
    assert "jinja2" not in text.split("\n", 2)[1]          # imports the lean runtime
    assert "from ..template_runtime import " in text


def compile_here(tmp_path, files):
    """The compiled environment of a template folder made of ``files``."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    sources = tc.compile_folder(str(tmp_path), "t")

    def load(name):
        if name not in sources:
            return None
        ns = {"__name__": "xlidl.backend.compiled.t", "__package__": "xlidl.backend.compiled"}
        exec(compile(sources[name], name, "exec"), ns)
        return ns
    return rt.Environment(load, {})


def test_macros_imports_and_defaults(tmp_path):
    env = compile_here(tmp_path, {
        "m/x.j2": "{% macro hi(who, end='!') %}hi {{ who.upper() }}{{ end }}{% endmacro %}",
        "top.j2": '{% import "m/x.j2" as x %}{{ x.hi(name) }} {{ x.hi(name, "?") }}\n'})
    assert env.get_template("top.j2").render(name="xen") == "hi XEN! hi XEN?\n"


def test_runtime_semantics():
    u = rt.StrictUndefined(name="x")
    for use in (str, len, bool, list, lambda v: v == 1, lambda v: v.attr):
        with pytest.raises(rt.UndefinedError, match="'x' is undefined"):
            use(u)
    lax = rt.Undefined(name="y")
    assert (str(lax), len(lax), bool(lax), list(lax)) == ("", 0, False, [])
    loop = rt.LoopContext(iter("abc"), rt.StrictUndefined)
    seen = [(x, lp.index0, lp.index, lp.first, lp.last, lp.length, lp.revindex)
            for x, lp in loop]
    assert seen == [("a", 0, 1, True, False, 3, 3), ("b", 1, 2, False, False, 3, 2),
                    ("c", 2, 3, False, True, 3, 1)]
    assert [rt.FILTERS["int"](v) for v in ("12", "0x1", 3.9, None, "4.5")] == [12, 0, 3, 0, 4]
    env = rt.Environment(lambda name: None, {})
    items = [rt.Namespace(a=1)]
    assert env.getitem({"k": 1}, "k") == 1 and env.getitem(items[0], "a") == 1
    with pytest.raises(rt.UndefinedError):
        str(env.getitem({}, "nope"))
    with pytest.raises(rt.TemplateNotFound):
        env.get_template("nope.j2")


def test_context_variables_shadow_and_unshadow_the_parent():
    env = rt.Environment(lambda name: None, {})
    ctx = rt.Context(env, {"a": 1, "b": 2}, "t")
    assert ctx.resolve_or_missing("a") == 1 and ctx.resolve_or_missing("z") is rt.missing
    ctx.vars["a"] = 10
    ctx.vars.update(c=3)
    assert [ctx.resolve_or_missing(k) for k in "abc"] == [10, 2, 3]
    assert ctx.get_all() == {"a": 10, "b": 2, "c": 3}
    del ctx.vars["a"]
    assert ctx.vars.pop("c") == 3
    assert [ctx.resolve_or_missing(k) for k in "abc"] == [1, 2, rt.missing]


@pytest.mark.parametrize("use", ["{{ x }}", "{% if x %}{% endif %}", "{{ x == 1 }}",
                                 "{{ x.a }}", "{{ x|int }}", "{{ x|lower }}",
                                 "{% for i in x %}{% endfor %}", "{{ x ~ 'a' }}",
                                 "{{ f(x) }}"])
def test_a_variable_never_set_fails_as_with_jinja(tmp_path, use):
    """A variable never set must fail in the compiled templates wherever it fails with
    Jinja and StrictUndefined."""
    lean = compile_here(tmp_path, {"t.j2": "{% if c %}{% set x = 1 %}{% endif %}" + use}
                        ).get_template("t.j2")
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, UndefinedError
    real = Environment(loader=FileSystemLoader(str(tmp_path)),
                       undefined=StrictUndefined).get_template("t.j2")
    for t, error in ((real, UndefinedError), (lean, rt.UndefinedError)):
        with pytest.raises(error):
            t.render(c=False, f=str)


@pytest.mark.parametrize("release", ["stable-4.17", "master"])
def test_compiled_go_templates_render_like_jinja(release, monkeypatch):
    path = str(xen_idl(release))
    assert (with_renderer("jinja", monkeypatch, api.generate_go, path)
            == with_renderer("", monkeypatch, api.generate_go, path))


def test_environments_with_other_fixes_do_not_share_templates():
    """Rendering with and without --fix in one process: each gets its own output (the
    compiled modules are run once per environment)."""
    idl = str(xen_idl("master"))
    plain = api.generate([idl], "", testidl=False)
    fixed = api.generate([idl], "", testidl=False, fixes=frozenset(["keyed-union-duplicate"]))
    again = api.generate([idl], "", testidl=False)
    assert plain == again
    assert plain["_libxl_types.c"] != fixed["_libxl_types.c"]
    assert "cases_" in fixed["_libxl_types.c"] and "cases_" not in plain["_libxl_types.c"]
