"""Rendering without Jinja's runtime (gen/jcompile.py + gen/jrt.py) and the shortcuts of
the Jinja fallback (gen/render.py) must not change a byte of the output: render with
Jinja's own classes and compare."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, TESTS, xen_idl

from xlidl import api, jcompile, jrt, render

CASES = [ROOT / "examples" / "vmconfig.idl", TESTS / "idl" / "keyed_union.idl",
         TESTS / "idl" / "deprecated.idl"]


def plain_jinja():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    env = Environment(loader=FileSystemLoader(os.path.join(render.templates_dir(), "c")),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, autoescape=False)
    env.globals.update(render.template_globals())
    return env


def generate_with(env, monkeypatch, paths, **kw):
    monkeypatch.setattr(render, "_env", env)
    return api.generate([str(p) for p in paths], "out", seed="1", **kw)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("json", ["yajl", "jsonc"])
def test_lean_and_fast_paths_render_like_jinja(path, json, monkeypatch):
    lean = render.lean_environment()
    assert isinstance(lean, jrt.Environment)
    out = generate_with(lean, monkeypatch, [path], json=json)
    assert generate_with(render.jinja_environment(), monkeypatch, [path], json=json) == out
    assert generate_with(plain_jinja(), monkeypatch, [path], json=json) == out


def test_lean_renders_xen_master_like_jinja(monkeypatch):
    paths = [xen_idl("master"), xen_idl("master", "libxl_types_internal.idl")]
    lean = generate_with(render.lean_environment(), monkeypatch, paths)
    assert generate_with(plain_jinja(), monkeypatch, paths) == lean


def test_a_run_does_not_import_jinja(tmp_path):
    """Once the compiled templates are cached, gentypes runs without Jinja."""
    code = ("import sys; from xlidl.cli import main; "
            "rc = main(['gentypes', sys.argv[1], 'a.h', 'b.h', 'c.h', 'd.c']); "
            "print(rc, 'jinja2' in sys.modules)")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("XLIDL_RENDERER", None)
    idl = str(ROOT / "examples" / "vmconfig.idl")
    runs = [subprocess.run([sys.executable, "-c", code, idl], cwd=tmp_path, env=env,
                           capture_output=True, text=True) for _ in range(2)]
    assert [r.stdout for r in runs] == ["0 True\n", "0 False\n"], [r.stderr for r in runs]
    assert list((tmp_path / "cache" / "xlidl").glob("templates-*.marshal"))


def test_cache_is_rebuilt_when_corrupt_or_stale(tmp_path):
    root = tmp_path / "t"
    (root / "m").mkdir(parents=True)
    (root / "m" / "x.j2").write_text("{% macro hi(who, end='!') %}hi {{ who.upper() }}"
                                     "{{ end }}{% endmacro %}")
    (root / "top.j2").write_text('{% import "m/x.j2" as x %}{{ x.hi(name) }}\n')
    cache = tmp_path / "c"
    cache.mkdir()

    def render_top(**kw):
        codes, conv = jcompile.load(str(root), {}, str(cache))
        return jrt.Environment(codes, conv, {}).get_template("top.j2").render(**kw)

    assert render_top(name="xen") == "hi XEN!\n"
    [f] = cache.glob("templates-*.marshal")
    f.write_bytes(b"not marshal data")
    assert render_top(name="xl") == "hi XL!\n"
    (root / "top.j2").write_text('{% import "m/x.j2" as x %}{{ x.hi(name, "?") }}\n')
    assert render_top(name="xl") == "hi XL?\n"
    assert len(list(cache.glob("templates-*.marshal"))) == 1   # replaced, not added


@pytest.mark.parametrize("text", [
    "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}x{% endcall %}",
    "{{ f(a=1) }}",
    "{% if x is defined %}x{% endif %}",
    "{{ x|join(',') }}",
    "{{ cycler(1, 2) }}",
])
def test_what_the_lean_runtime_lacks_is_refused(tmp_path, text):
    (tmp_path / "t.j2").write_text(text)
    with pytest.raises(jcompile.Unsupported):
        jcompile.compile_templates(str(tmp_path), {})


def test_fallback_to_jinja_when_unsupported(monkeypatch):
    def refuse(*a, **k):
        raise jcompile.Unsupported("test")
    monkeypatch.setattr(jcompile, "load", refuse)
    monkeypatch.setattr(render, "_env", None)
    env = render.environment()
    assert not isinstance(env, jrt.Environment)
    monkeypatch.setattr(render, "_env", None)


def test_runtime_semantics():
    u = jrt.StrictUndefined(name="x")
    for use in (str, len, bool, list, lambda v: v == 1, lambda v: v.attr):
        with pytest.raises(jrt.UndefinedError, match="'x' is undefined"):
            use(u)
    lax = jrt.Undefined(name="y")
    assert (str(lax), len(lax), bool(lax), list(lax)) == ("", 0, False, [])
    loop = jrt.LoopContext(iter("abc"), jrt.StrictUndefined)
    seen = [(x, lp.index0, lp.index, lp.first, lp.last, lp.length, lp.revindex)
            for x, lp in loop]
    assert seen == [("a", 0, 1, True, False, 3, 3), ("b", 1, 2, False, False, 3, 2),
                    ("c", 2, 3, False, True, 3, 1)]
    assert [jrt.FILTERS["int"](v) for v in ("12", "0x1", 3.9, None, "4.5")] == [12, 0, 3, 0, 4]
    env = jrt.Environment({}, {"map": "context"}, {})
    ctx = jrt.Context(env, {}, "t")
    items = [jrt.Namespace(a=jrt.Namespace(b=1)), jrt.Namespace(a=jrt.Namespace(b=2))]
    assert list(env.filters["map"](ctx, items, attribute="a.b")) == [1, 2]
    assert env.getitem({"k": 1}, "k") == 1 and env.getitem(items[0], "a") is items[0].a
    with pytest.raises(jrt.UndefinedError):
        str(env.getitem({}, "nope"))
    with pytest.raises(jrt.TemplateNotFound):
        env.get_template("nope.j2")


def test_context_variables_shadow_and_unshadow_the_parent():
    env = jrt.Environment({}, {}, {})
    ctx = jrt.Context(env, {"a": 1, "b": 2}, "t")
    assert ctx.resolve_or_missing("a") == 1 and ctx.resolve_or_missing("z") is jrt.missing
    ctx.vars["a"] = 10
    ctx.vars.update(c=3)
    assert [ctx.resolve_or_missing(k) for k in "abc"] == [10, 2, 3]
    assert ctx.get_all() == {"a": 10, "b": 2, "c": 3}
    del ctx.vars["a"]
    assert ctx.vars.pop("c") == 3
    assert [ctx.resolve_or_missing(k) for k in "abc"] == [1, 2, jrt.missing]


@pytest.mark.parametrize("use", ["{{ x }}", "{% if x %}{% endif %}", "{{ x == 1 }}",
                                 "{{ x.a }}", "{{ x|int }}", "{{ x|lower }}",
                                 "{% for i in x %}{% endfor %}", "{{ x ~ 'a' }}",
                                 "{{ f(x) }}"])
def test_a_variable_never_set_fails_as_with_jinja(tmp_path, use):
    """The lean code reads variables without Jinja's test for an unset one; the
    sentinel itself must fail wherever StrictUndefined fails."""
    (tmp_path / "t.j2").write_text("{% if c %}{% set x = 1 %}{% endif %}" + use)
    codes, conv = jcompile.compile_templates(str(tmp_path), {})
    lean = jrt.Environment(codes, conv, {}).get_template("t.j2")
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, UndefinedError
    real = Environment(loader=FileSystemLoader(str(tmp_path)),
                       undefined=StrictUndefined).get_template("t.j2")
    for t, error in ((real, UndefinedError), (lean, jrt.UndefinedError)):
        with pytest.raises(error):
            t.render(c=False, f=str)
