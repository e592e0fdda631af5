"""Shared test helpers.

* The Xen IDL corpus is read from ../shared/xen-idl (XLIDL_XEN_IDL overrides).  On a
  user's machine a missing corpus, compiler or library skips the tests that need it, with
  the reason; in CI (CI=true) it fails them instead: see :func:`need`.
* UPDATE_GOLDEN=1 (or pytest --update-golden) rewrites golden files instead of comparing.
* Slow tests (compile and run many C programs) carry @pytest.mark.slow; they run when
  XLIDL_SLOW=1 or CI=true, or with -m slow.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files and .err expectations instead of comparing")


def pytest_configure(config):
    if config.getoption("--update-golden"):
        os.environ["UPDATE_GOLDEN"] = "1"


def pytest_collection_modifyitems(config, items):
    if IN_CI or os.environ.get("XLIDL_SLOW") == "1" or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow test: set XLIDL_SLOW=1 (CI always runs it)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def need(condition: bool, reason: str) -> None:
    """Skip (on a user's machine) or fail (in CI) when a prerequisite is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail("missing in CI: " + reason)
    pytest.skip(reason)


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"


def shared_dir() -> Path:
    """The reference material beside the checkout (XLIDL_SHARED overrides: tests run from
    an unpacked sdist or an installed copy point it back here)."""
    return Path(os.environ.get("XLIDL_SHARED") or (ROOT.parent / "shared"))


def xen_idl_dir() -> Path:
    return Path(os.environ.get("XLIDL_XEN_IDL") or (shared_dir() / "xen-idl"))


def xen_releases() -> List[str]:
    d = xen_idl_dir()
    if not d.is_dir():
        return []
    return sorted(p.name for p in d.iterdir() if (p / "libxl_types.idl").is_file())


def release_params():
    """Releases as pytest params; one placeholder that skips/fails when the corpus is absent."""
    rels = xen_releases()
    return rels if rels else ["<no corpus>"]


def xen_idl(release: str, name: str = "libxl_types.idl") -> Path:
    need(release != "<no corpus>" and (xen_idl_dir() / release / name).is_file(),
         "the Xen IDL corpus is not at %s (set XLIDL_XEN_IDL)" % xen_idl_dir())
    return xen_idl_dir() / release / name


def check_golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the golden file (or rewrite it when updating)."""
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), "golden file %s is missing (run with UPDATE_GOLDEN=1)" % path
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, "%s differs from the output (UPDATE_GOLDEN=1 rewrites it)" % path


def xlidl(*args: str, cwd: Optional[Path] = None, env: Optional[dict] = None,
          check: bool = False) -> subprocess.CompletedProcess:
    """Run the command line in a subprocess: ``python -m xlidl ARGS``."""
    e = dict(os.environ)
    if env:
        e.update(env)
    r = subprocess.run([sys.executable, "-m", "xlidl", *args], cwd=cwd, env=e,
                       capture_output=True, text=True)
    if check:
        assert r.returncode == 0, "xlidl %s failed (%d):\n%s" % (" ".join(args), r.returncode,
                                                                r.stderr)
    return r


def have_program(name: str) -> bool:
    return shutil.which(name) is not None


def _version_key(path: str) -> List[int]:
    return [int(x) for x in path.split("/")[-3].split(".") if x.isdigit()]


def find_python(version: str) -> Optional[str]:
    """The newest pyenv build of Python ``version`` (3.X; PYENV_ROOT or ~/.pyenv), else a
    python3.X on PATH that runs (a pyenv shim may not)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python")),
                   key=_version_key)
    for exe in found[::-1] + [shutil.which("python" + version)]:
        if exe and subprocess.run([exe, "-c", "pass"], capture_output=True).returncode == 0:
            return exe
    return None


def newest_python() -> Optional[str]:
    """The newest Python 3 that pyenv has here."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin", "python")),
                   key=_version_key)
    return found[-1] if found else None


#: the Pythons the one-file xlidl is tested with (issue: Xen builds on 3.6 and later)
PYZ_PYTHONS = ("3.6", "3.8", "newest")


def pyz_python(which: str) -> str:
    """The interpreter of PYZ_PYTHONS ``which``; need()s it."""
    exe = newest_python() if which == "newest" else find_python(which)
    need(exe is not None, "Python %s is not installed (pyenv install %s)" % (which, which))
    return exe


@pytest.fixture(scope="session")
def dist_files(tmp_path_factory) -> Dict[str, Path]:
    """xlidl's release files, made once per session as `make dist` makes them (gen/
    buildtime.py), the pyz with bytecode for the PYZ_PYTHONS: {"sdist", "wheel", "pyz"}."""
    from xlidl import buildtime
    out = tmp_path_factory.mktemp("dist")
    pythons = [pyz_python(w) for w in PYZ_PYTHONS]
    paths = buildtime.dist(str(out), str(ROOT), pythons)
    return dict(zip(("sdist", "wheel", "pyz"), map(Path, paths)))


@pytest.fixture(scope="session")
def json_cache(tmp_path_factory) -> Path:
    """The cache folder of ``xlidl json``'s compiled programs for this test session
    (XLIDL_JSON_CACHE in the runs that use it): never the user's own cache, and each
    program is compiled once per session."""
    return tmp_path_factory.mktemp("json-cache")


@pytest.fixture(scope="session")
def runtimes(tmp_path_factory):
    """The runtime archives of the session (tests/test_runtime.py: Runtimes)."""
    from test_runtime import Runtimes
    return Runtimes(tmp_path_factory.mktemp("runtime"))


@pytest.fixture(scope="session")
def results(tmp_path_factory, runtimes):
    """{(release, cc, backend, sanitize): {seed: RunResult}}, filled on demand
    (tests/test_runtime.py: ReleaseRuns); shared by test_runtime.py and test_schema.py."""
    from test_runtime import ReleaseRuns
    return ReleaseRuns(tmp_path_factory.mktemp("releases"), runtimes)
