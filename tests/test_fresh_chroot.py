"""A generation run reads its inputs and writes its outputs, nothing else: as in a build
chroot, with HOME, XDG_CACHE_HOME and TMPDIR pointing at empty folders, those folders
stay empty, from the source tree and from an installed wheel."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, need, xen_idl


def chroot_env(base: Path) -> dict:
    dirs = {"HOME": base / "home", "XDG_CACHE_HOME": base / "cache", "TMPDIR": base / "tmp"}
    for d in dirs.values():
        d.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("XLIDL_RENDERER", "PYTHONDONTWRITEBYTECODE")}
    env.update({k: str(v) for k, v in dirs.items()})
    return env


def everything_under(base: Path, names=("home", "cache", "tmp")) -> list:
    return sorted(str(p.relative_to(base)) for n in names for p in (base / n).rglob("*"))


def generate(python: str, base: Path, out: Path) -> dict:
    idls = [xen_idl("master"), xen_idl("master", "libxl_types_internal.idl")]
    env = chroot_env(base)
    r = subprocess.run([python, "-m", "xlidl", "generate", "-o", str(out),
                        *map(str, idls)], cwd=str(base), env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    assert everything_under(base) == [], "a run wrote outside its outputs"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_generate_writes_only_its_outputs(tmp_path):
    files = generate(sys.executable, tmp_path, tmp_path / "out")
    assert sorted(files) == ["_libxl_types.c", "_libxl_types.h", "_libxl_types_internal.c",
                             "_libxl_types_internal.h", "_libxl_types_internal_json.h",
                             "_libxl_types_internal_private.h", "_libxl_types_json.h",
                             "_libxl_types_private.h", "testidl.c"]


@pytest.mark.slow
def test_installed_wheel_writes_only_its_outputs(tmp_path):
    """`pip install .` into a fresh virtual environment (the build makes the tables and
    the compiled templates), then a run from outside the source tree, without Jinja or
    Lark being imported, gives the source tree's bytes."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    r = subprocess.run([python, "-m", "pip", "install", "-q", str(ROOT)], capture_output=True,
                       text=True)
    need(r.returncode == 0, "pip install . failed (no package index?):\n" + r.stderr[-2000:])
    where = subprocess.run([python, "-c", "import xlidl, os; print(os.path.dirname("
                            "xlidl.__file__))"], cwd=str(tmp_path), capture_output=True,
                           text=True, check=True).stdout.strip()
    pkg = Path(where)
    assert not str(pkg).startswith(str(ROOT)), "the installed package must be used"
    assert (pkg / "frontend" / "lalr_tables.py").is_file()
    assert (pkg / "backend" / "compiled" / "c__types_c.py").is_file()
    assert (pkg / "backend" / "compiled" / "go__types_gen_go.py").is_file()
    run = tmp_path / "run"
    run.mkdir()
    installed = generate(python, run, run / "out")
    src = tmp_path / "src"
    src.mkdir()
    assert installed == generate(sys.executable, src, src / "out")
    probe = subprocess.run(
        [python, "-c", "import sys; from xlidl.cli import main; "
         "rc = main(['generate', '-o', 'o2', sys.argv[1]]); "
         "print(rc, sorted(m for m in ('jinja2', 'lark') if m in sys.modules))",
         str(xen_idl("master"))], cwd=str(run), env=chroot_env(tmp_path / "probe"),
        capture_output=True, text=True)
    assert probe.stdout == "0 []\n", probe.stderr
