"""xlidl works with the whole range of lark and jinja2 that pyproject.toml allows: the
LALR tables (Lark's serialized analysis) and the compiled templates (the code Jinja
writes) are made by the build with those versions and run by xlidl's own driver and
runtime.  For the lowest and the highest allowed versions (tests/constraints/), on the
oldest Python that builds xlidl (3.9: setuptools 77 and later need it; xlidl runs on 3.6,
tests/test_pyz.py) and the newest here (3.13): install xlidl into a fresh
virtual environment with those versions (the wheel's build uses them too) and run the
tests that exercise what the build makes."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, find_python, need

PYTHONS = ("3.9", "3.13")
BOUNDS = ("lowest", "highest")
#: the tests that exercise the parser tables and the compiled templates, with every
#: upstream digest: what depends on lark's and jinja2's versions
SUBSET = ("test_parser.py", "test_render.py", "test_upstream.py", "test_cases.py",
          "test_features.py", "test_example.py", "test_debian.py", "test_fresh_chroot.py")


def pinned(bound: str) -> dict:
    out = {}
    for line in (TESTS / "constraints" / (bound + ".txt")).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            out[name.lower()] = version
    return out


@pytest.mark.slow
@pytest.mark.parametrize("bound", BOUNDS)
@pytest.mark.parametrize("version", PYTHONS)
def test_dependency_range(version, bound, tmp_path):
    python = find_python(version)
    need(python is not None, "Python %s is not installed (pyenv install %s)" % (version, version))
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    env = dict(os.environ, PIP_CONSTRAINT=str(TESTS / "constraints" / (bound + ".txt")))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    r = subprocess.run([py, "-m", "pip", "install", "-q", str(ROOT) + "[test]"], env=env,
                       capture_output=True, text=True)
    need(r.returncode == 0, "pip install failed (no package index?):\n" + r.stderr[-3000:])
    r = subprocess.run([py, "-m", "pip", "list", "--format=freeze"], capture_output=True,
                       text=True, check=True)
    have = dict(line.lower().split("==") for line in r.stdout.split() if "==" in line)
    for name, v in pinned(bound).items():
        assert have.get(name) == v, "%s: %s installed, %s wanted" % (name, have.get(name), v)
    env = {k: v for k, v in os.environ.items() if k not in ("XLIDL_SLOW", "PYTHONPATH")}
    r = subprocess.run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                        *[str(TESTS / t) for t in SUBSET]], cwd=str(tmp_path), env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
