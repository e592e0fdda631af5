"""`make dist`'s release files: the sdist, the wheel and the pyz (gen/buildtime.py).

* Two builds from the same commit, in two clones at different paths, give the same bytes
  for all three files.
* The LICENSE is in all three; the wheel requires nothing to run (every Requires-Dist is
  an extra's) and allows Python 3.6.
* `pip install --no-index` of the wheel into a fresh virtual environment (Python 3.6 and
  the newest) installs xlidl alone, and every command runs from it; the commands that need
  something outside the standard library say what, without a traceback.
* The sdist holds the tests with their data, the examples and the docs, and the fast
  tests pass in it once it is unpacked and built.
"""
import email.parser
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import List

import pytest

from conftest import (PYZ_PYTHONS, ROOT, have_program, need, pyz_python, shared_dir,
                      xen_idl)

pytestmark = pytest.mark.slow


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def importable(tree: Path, where: Path) -> Path:
    """A folder that makes the source tree ``tree``'s package importable as ``xlidl``
    (its code is in gen/): for PYTHONPATH."""
    where.mkdir(exist_ok=True)
    (where / "xlidl").symlink_to(tree / "gen")
    return where


def dist_of_clone(tmp: Path, name: str, pythons) -> dict:
    """`make dist` of a fresh clone of this repository's HEAD, at tmp/name, with its own
    code (buildtime.py of the clone); {file name: sha256}."""
    clone = tmp / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    path = importable(clone, tmp / (name + "-path"))
    out = tmp / (name + "-dist")
    env = dict(os.environ, PYTHONPATH=str(path))
    env.pop("SOURCE_DATE_EPOCH", None)
    r = subprocess.run([sys.executable, "-m", "xlidl.buildtime", "dist", str(out), *pythons],
                       cwd=str(clone), env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return {p.name: sha(p) for p in sorted(out.iterdir())}


def test_two_builds_of_a_commit_are_the_same_bytes(tmp_path):
    need(have_program("git") and (ROOT / ".git").exists(), "not a git checkout")
    pythons = [pyz_python(w) for w in PYZ_PYTHONS]
    a = dist_of_clone(tmp_path, "a", pythons)
    b = dist_of_clone(tmp_path, "clone-b", pythons)
    assert sorted(a) == sorted(b) and len(a) == 3
    assert a == b


def test_release_files_carry_the_license_and_no_dependency(dist_files):
    license_text = (ROOT / "LICENSE").read_bytes()
    assert b"MIT License" in license_text
    with tarfile.open(dist_files["sdist"]) as t:
        top = t.getnames()[0].split("/")[0]
        assert t.extractfile(top + "/LICENSE").read() == license_text
    with zipfile.ZipFile(dist_files["wheel"]) as w:
        names = w.namelist()
        lic = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(lic) == 1 and w.read(lic[0]) == license_text
        meta = email.parser.Parser().parsestr(
            w.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
        # the build's artifacts are in the wheel: nothing is made at run time
        assert "xlidl/frontend/lalr_tables.py" in names
        assert "xlidl/backend/compiled/c__types_c.py" in names
        assert "xlidl/templates/c/clang-format.yaml" in names
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.6"
    requires = meta.get_all("Requires-Dist") or []
    assert requires and all("extra ==" in r for r in requires), requires
    with zipfile.ZipFile(dist_files["pyz"]) as z:
        assert z.read("LICENSE") == license_text


def test_sdist_holds_the_tests_their_data_examples_and_docs(dist_files):
    with tarfile.open(dist_files["sdist"]) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    git = subprocess.run(["git", "ls-files"], cwd=str(ROOT), capture_output=True, text=True)
    need(git.returncode == 0, "not a git checkout")
    tracked = set(git.stdout.split())
    # everything the repository tracks, but its git and CI housekeeping, is in the sdist
    missing = sorted(n for n in tracked - names if not n.startswith(".git"))
    assert missing == []
    for n in ("tests/conftest.py", "tests/golden/upstream-digests.json", "examples/vmconfig.idl",
              "docs/architecture.md", "Makefile", "MANIFEST.in", "LICENSE"):
        assert n in names, n
    # what the build makes is not a source
    assert not any(n.startswith("gen/backend/compiled/") or n == "gen/frontend/lalr_tables.py"
                   or "__pycache__" in n for n in names)


def fresh_venv(python: str, where: Path) -> Path:
    subprocess.run([python, "-m", "venv", str(where)], check=True)
    return where / "bin"


@pytest.mark.parametrize("which", ("3.6", "newest"))
def test_wheel_installs_alone_and_runs_every_command(dist_files, which, tmp_path):
    bin_ = fresh_venv(pyz_python(which), tmp_path / "venv")
    r = subprocess.run([str(bin_ / "pip"), "install", "--no-index", str(dist_files["wheel"])],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    listed = subprocess.run([str(bin_ / "python"), "-m", "pip", "list", "--format=freeze"],
                            capture_output=True, text=True, check=True).stdout.split()
    others = sorted(p.split("==")[0].lower() for p in listed
                    if p.split("==")[0].lower() not in ("pip", "setuptools", "wheel"))
    assert others == ["xlidl"]
    run_every_command([str(bin_ / "xlidl")], tmp_path)


def run_every_command(xlidl: List[str], tmp: Path) -> None:
    """Every command of the installed xlidl, with an outcome asserted for each; those that
    need a program or package the venv lacks (clang-format, jsonschema) name it."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("XLIDL_RENDERER", "XLIDL_CLANG_FORMAT", "PYTHONPATH")}
    env["XLIDL_JSON_CACHE"] = str(tmp / "json-cache")
    new, old = str(xen_idl("stable-4.17")), str(xen_idl("4.16.0"))
    internal = str(xen_idl("stable-4.17", "libxl_types_internal.idl"))
    example = str(ROOT / "examples" / "vmconfig.idl")
    work = tmp / "work"
    work.mkdir()

    def run(*args: str, status: int = 0, out: str = "", err: str = ""):
        r = subprocess.run([*xlidl, *args], cwd=str(work), env=env, capture_output=True,
                           text=True)
        assert r.returncode == status, "xlidl %s: %d\n%s%s" % (" ".join(args), r.returncode,
                                                              r.stdout[-2000:], r.stderr)
        assert out in r.stdout and err in r.stderr, (args, r.stdout[-2000:], r.stderr)
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr
        return r

    run("--version", out="xlidl ")
    run("gentypes", "--argv0", "gentypes.py", new, "a.h", "b.h", "c.h", "d.c")
    run("gentest", "--seed", "1", new, "testidl.c")
    run("gengotypes", new, "types.gen.go", "helpers.gen.go")
    run("generate", "--go", new, internal, "-o", "out")
    assert sorted(p.name for p in (work / "out").iterdir())[-2:] == ["testidl.c", "types.gen.go"]
    run("fixes", out="keyed-union-duplicate")
    run("schema", new, "-o", "schema.json")
    assert json.loads((work / "schema.json").read_text())["$schema"].endswith("2020-12/schema")
    run("api-diff", old, new, out="Summary: 0 breaking")
    run("diff", "--no-format", "--stat", old, new, status=3, out="files changed")
    # clang-format and jsonschema are extras: named when missing
    run("fmt", "--check", str(work / "out"), status=2, err="clang-format is not installed")
    run("diff", old, new, status=2, err="clang-format is not installed")
    doc = work / "vm.json"
    doc.write_text('{"c_info": {"name": "vm"}, "b_info": {"max_vcpus": 2}}')
    run("validate", new, str(doc), status=2, err="needs the Python package jsonschema")
    if have_program("gcc") or os.environ.get("CI"):
        need(have_program("pkg-config"), "pkg-config is not installed")
        run("check", example, out="testidl passed")
        run("json", new, str(doc), out='"max_vcpus": 2')
    if have_program("clang") or os.environ.get("CI"):
        run("fuzz", "--seconds", "2", example, out="")


def test_fast_tests_pass_in_the_unpacked_sdist(dist_files, tmp_path):
    """Unpack the sdist, make what its build makes, and run its fast tests (this
    environment's test packages, the sdist's own code)."""
    with tarfile.open(dist_files["sdist"]) as t:
        t.extractall(str(tmp_path))
    tree = next(p for p in tmp_path.iterdir() if p.is_dir())
    assert not (tree / ".git").exists()
    path = importable(tree, tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("XLIDL_SLOW", "XLIDL_RENDERER")}
    env.update(PYTHONPATH=str(path), XLIDL_SHARED=str(shared_dir()))
    r = subprocess.run([sys.executable, "-m", "xlidl.buildtime"], cwd=str(tree), env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                        "-m", "not slow"], cwd=str(tree), env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr[-2000:]
    assert " passed" in r.stdout.splitlines()[-1]
    imported = subprocess.run([sys.executable, "-c", "import xlidl; print(xlidl.__file__)"],
                              env=env, capture_output=True, text=True, check=True).stdout
    assert imported.startswith(str(path)), "the sdist's own code was not the one tested"
