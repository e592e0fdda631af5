"""xlidl as one file: `make dist`'s xlidl-VERSION.pyz, run by Python 3.6, 3.8 and the newest
Python here with `-I -S` (no site-packages, no user site: nothing but the standard
library can be imported), gives upstream's bytes for every release in ../shared/xen-idl
(the digests of tests/golden/upstream-digests.json and go-digests.json): the C with yajl
and json-c, testidl.c for seeds 1 and 2, and the Go bindings.  The pyz reads its data
(the templates, the C runtime) from inside the zip, loads the bytecode made for the
Python that runs it, and still runs, from source, on a Python it has no bytecode for.

The release files are made once per session (conftest.py's dist_files)."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import (PYZ_PYTHONS, ROOT, TESTS, find_python, have_program, need,
                      pyz_python, release_params, xen_idl)

DIGESTS = json.loads((TESTS / "golden" / "upstream-digests.json").read_text())["releases"]
GO = json.loads((TESTS / "golden" / "go-digests.json").read_text())["releases"]

pytestmark = pytest.mark.slow


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_pyz(python: str, pyz: Path, *args: str, cwd=None, env=None):
    """``python -I -S PYZ ARGS``, in a process that sees none of the test's environment
    that could let it import something (no PYTHONPATH, no PYTHONHOME)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    e.pop("XLIDL_RENDERER", None)
    e.update(env or {})
    return subprocess.run([python, "-I", "-S", str(pyz), *args], cwd=cwd, env=e,
                          capture_output=True, text=True)


def c_digests(out: Path, stem: str) -> dict:
    """The digests of generate's files for libxl_STEM.idl, by gentypes.py's file names
    (generate's banners name those files)."""
    return {"__libxl_%s%s" % (stem, suffix): sha(out / ("_libxl_%s%s" % (stem, suffix)))
            for suffix in (".h", "_private.h", "_json.h", ".c")}


@pytest.mark.parametrize("release", release_params())
@pytest.mark.parametrize("which", PYZ_PYTHONS)
def test_pyz_gives_upstreams_bytes(dist_files, which, release, tmp_path):
    python = pyz_python(which)
    main, internal = xen_idl(release), xen_idl(release, "libxl_types_internal.idl")
    want = DIGESTS[release]
    runs = (("yajl", "1", ["--go", "--go-argv0", "gengotypes.py"]), ("jsonc", "2", []))
    for json_, seed, extra in runs:
        out = tmp_path / json_
        r = run_pyz(python, dist_files["pyz"], "generate", "--argv0", "gentypes.py",
                    "--json", json_, "--seed", seed, *extra, str(main), str(internal),
                    "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert c_digests(out, "types") == want["libxl_types.idl"][json_]
        assert c_digests(out, "types_internal") == want["libxl_types_internal.idl"][json_]
        assert sha(out / "testidl.c") == want["gentest"][seed], "seed %s" % seed
        if extra:
            go = GO[release]
            assert sha(out / "types.gen.go") == go["types.gen.go"]
            assert sha(out / "helpers.gen.go") == go["helpers.gen.go"]


@pytest.mark.parametrize("which", PYZ_PYTHONS)
def test_pyz_commands_as_xen_runs_them(dist_files, which, tmp_path):
    """gentypes, gentest and gengotypes with the scripts' arguments, from a folder that
    holds nothing but the pyz and the IDL (everything else comes from inside the zip)."""
    python = pyz_python(which)
    pyz = tmp_path / "xlidl.pyz"
    shutil.copy(dist_files["pyz"], pyz)
    shutil.copy(xen_idl("master"), tmp_path / "libxl_types.idl")
    outs = ["__libxl_types.h", "__libxl_types_private.h", "__libxl_types_json.h",
            "__libxl_types.c"]
    want = DIGESTS["master"]
    for args in (["gentypes", "--argv0", "gentypes.py", "libxl_types.idl", *outs],
                 ["gentest", "--seed", "1", "libxl_types.idl", "testidl.c"],
                 ["gengotypes", "--argv0", "gengotypes.py", "libxl_types.idl",
                  "types.gen.go", "helpers.gen.go"]):
        r = run_pyz(python, pyz, *args, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    assert {o: sha(tmp_path / o) for o in outs} == want["libxl_types.idl"]["yajl"]
    assert sha(tmp_path / "testidl.c") == want["gentest"]["1"]
    assert sha(tmp_path / "types.gen.go") == GO["master"]["types.gen.go"]
    r = run_pyz(python, pyz, "--version")
    assert r.returncode == 0 and r.stdout.startswith("xlidl ")


@pytest.mark.parametrize("which", ("3.6", "newest"))
def test_pyz_runs_every_command(dist_files, which, tmp_path):
    """Every command, from the pyz with -I -S (tests/test_dist.py's list, as for the
    installed wheel)."""
    from test_dist import run_every_command
    run_every_command([pyz_python(which), "-I", "-S", str(dist_files["pyz"])], tmp_path)


def test_pyz_holds_bytecode_for_each_python_it_was_built_with(dist_files):
    with zipfile.ZipFile(dist_files["pyz"]) as z:
        names = set(z.namelist())
    assert "__main__.py" in names and "LICENSE" in names
    for which in PYZ_PYTHONS:
        tag = subprocess.run([pyz_python(which), "-c",
                              "import sys; print(sys.implementation.cache_tag)"],
                             capture_output=True, text=True, check=True).stdout.strip()
        assert "xlidl/cli/__pycache__/__init__.%s.pyc" % tag in names, tag
    # the data a run may read: grammar, templates, runtime
    for name in ("xlidl/grammar/libxl_idl.lark", "xlidl/templates/c/types.c.j2",
                 "xlidl/runtime/include/libxl.h", "xlidl/runtime/src/builtins.c"):
        assert name in names, name


def test_pyz_runs_from_source_without_bytecode_for_its_python(tmp_path):
    """A pyz built with bytecode for one Python only: another Python compiles the
    modules from the zip's sources, with the same output."""
    from xlidl import buildtime
    py36, py38 = pyz_python("3.6"), pyz_python("3.8")
    wheel = tmp_path / "w"
    paths = buildtime.dist(str(wheel), str(ROOT), [py36])
    pyz = Path(paths[2])
    with zipfile.ZipFile(pyz) as z:
        assert not any(".cpython-38." in n for n in z.namelist())
    outs = {}
    for python in (py36, py38):
        out = tmp_path / os.path.basename(python + str(len(outs)))
        r = run_pyz(python, pyz, "generate", str(ROOT / "examples" / "vmconfig.idl"),
                    "-o", str(out))
        assert r.returncode == 0, r.stderr
        outs[python] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert outs[py36] == outs[py38] == {p.name: p.read_bytes()
                                        for p in (ROOT / "output").iterdir()}


@pytest.mark.parametrize("which", ("3.6", "newest"))
def test_pyz_check_compiles_the_runtime_from_the_zip(dist_files, which, tmp_path):
    """`check` needs the C runtime on disk: the pyz copies it out of the zip into a
    temporary folder, and removes it when the run ends."""
    need(have_program("gcc"), "gcc is not installed")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    r = run_pyz(pyz_python(which), dist_files["pyz"], "check",
                str(ROOT / "examples" / "vmconfig.idl"), env={"TMPDIR": str(tmp)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "testidl passed" in r.stdout
    assert list(tmp.iterdir()) == []


def test_pyz_reference_renderer_reads_templates_from_the_zip(dist_files, tmp_path):
    """XLIDL_RENDERER=jinja with Jinja2 installed (this test's Python): the templates
    come from inside the zip, and give the compiled templates' bytes.  Without Jinja2
    it is a usage error, not an internal one."""
    idl = str(ROOT / "examples" / "vmconfig.idl")
    env = dict(os.environ, XLIDL_RENDERER="jinja")
    r = subprocess.run([sys.executable, str(dist_files["pyz"]), "generate", idl, "-o",
                        str(tmp_path / "j")], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "j").iterdir()} == \
        {p.name: p.read_bytes() for p in (ROOT / "output").iterdir()}
    r = run_pyz(pyz_python("3.6"), dist_files["pyz"], "generate", idl, "-o",
                str(tmp_path / "k"), env={"XLIDL_RENDERER": "jinja"})
    assert r.returncode == 2
    assert "XLIDL_RENDERER=jinja needs Jinja2, which is not installed" in r.stderr
    assert "internal error" not in r.stderr and not (tmp_path / "k").exists()


def test_pyz_refuses_python_2(dist_files):
    py2 = find_python("2.7")
    need(py2 is not None, "Python 2.7 is not installed (pyenv install 2.7)")
    r = subprocess.run([py2, str(dist_files["pyz"]), "--version"], capture_output=True,
                       text=True)
    assert r.returncode == 2
    assert "xlidl needs Python 3.6 or later (this is 2.7)" in r.stderr
