"""The rendering shortcuts (gen/render.py: a Context that calls macros directly and an
Environment with plain attribute access) must not change a byte of the output: render
with Jinja's own classes and compare."""
from __future__ import annotations

import pytest

from conftest import ROOT, TESTS

from xlidl import api, render

CASES = [ROOT / "examples" / "vmconfig.idl", TESTS / "idl" / "keyed_union.idl",
         TESTS / "idl" / "deprecated.idl"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_fast_paths_render_the_same(path, monkeypatch):
    fast = api.generate([str(path)], "out", seed="1")
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    import os
    env = Environment(loader=FileSystemLoader(os.path.join(render.templates_dir(), "c")),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, autoescape=False)
    env.globals.update(render.environment().globals)
    monkeypatch.setattr(render, "_env", env)
    plain = api.generate([str(path)], "out", seed="1")
    assert plain == fast
