"""Real libxl JSON from Debian's real xl 4.17 and libxenlight 4.17, for tests.

* :func:`xl_json` turns an xl config file into the libxl_domain_config JSON document
  that ``xl create -n FILE.cfg`` prints (a dry run: nothing is created).  xl needs a
  hypervisor and xenstored even for that; tests/xl/fakehv.c, preloaded, fakes the few
  libxenctrl/libxenstore calls it makes (see that file).
* :func:`real_libxl_canonical` reads a document with the real
  ``libxl_domain_config_from_json`` and writes it back with ``libxl_domain_config_to_json``
  (tests/xl/canon.c).

The xl binary is Debian's real one, /usr/lib/xen-4.17/bin/xl from xen-utils-4.17
(XLIDL_XL overrides): /usr/sbin/xl is a wrapper script that picks the binary by the
running hypervisor's version and refuses to run without one.  xl also reads the host's
/etc/xen/xl.conf (Debian's has every line commented out); settings there, such as
vif.default.bridge or the global affinity masks, end up in the documents.

The C programs are compiled with ``cc`` (CC overrides), once per work directory.
Nothing here uses pytest: tests/test_xl_corpus.py turns a missing prerequisite into a
skip or, in CI, a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
CONFIGS = HERE / "configs"
FAKEHV_C = HERE / "fakehv.c"
CANON_C = HERE / "canon.c"
XC_STUBS_C = HERE.parent / "c" / "xc_stubs.c"
DEFAULT_XL = "/usr/lib/xen-4.17/bin/xl"

_built: Dict[Tuple[str, str], Path] = {}


class XlJsonError(RuntimeError):
    """A prerequisite is missing, a compilation failed or xl refused a config."""


class LibxlRejected(XlJsonError):
    """libxl_domain_config_from_json refused the document (canon exited 1)."""

    def __init__(self, returncode: int, stderr: str):
        super().__init__("libxl rejected the document (exit %d):\n%s" % (returncode, stderr))
        self.returncode = returncode
        self.stderr = stderr


def xl_path() -> str:
    """Where the real xl binary should be: $XLIDL_XL, else Debian's."""
    return os.environ.get("XLIDL_XL") or DEFAULT_XL


def find_xl() -> Optional[str]:
    """The real xl binary, or None."""
    xl = xl_path()
    return xl if os.path.isfile(xl) and os.access(xl, os.X_OK) else None


def compiler() -> Optional[str]:
    return shutil.which(os.environ.get("CC") or "cc")


def library_flags() -> List[str]:
    """pkg-config's compile and link flags for libxenlight and libxentoollog."""
    try:
        r = subprocess.run(["pkg-config", "--cflags", "--libs", "xenlight", "xentoollog"],
                           capture_output=True, text=True)
    except OSError as e:
        raise XlJsonError("pkg-config cannot run: %s" % e)
    if r.returncode != 0:
        raise XlJsonError("pkg-config does not know xenlight (apt-get install libxen-dev): "
                          + r.stderr.strip())
    return r.stdout.split()


def _compile(kind: str, workdir: Path, args: List[str], out: Path) -> Path:
    key = (kind, str(Path(workdir).resolve()))
    if key in _built and _built[key].is_file():
        return _built[key]
    cc = compiler()
    if cc is None:
        raise XlJsonError("no C compiler (cc, or $CC) on PATH")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    r = subprocess.run([cc, "-Wall", "-Wextra", "-Werror", "-O2", *args, "-o", str(out)],
                       capture_output=True, text=True)
    if r.returncode != 0 or not out.is_file():
        raise XlJsonError("compiling %s failed:\n%s" % (kind, r.stderr))
    _built[key] = out
    return out


def build_fake(workdir) -> Path:
    """tests/xl/fakehv.c as a shared library in ``workdir``; returns its path."""
    cflags = [f for f in library_flags() if f.startswith("-I")]
    out = Path(workdir) / "fakehv.so"
    return _compile("fakehv", Path(workdir), ["-shared", "-fPIC", *cflags, str(FAKEHV_C)], out)


def build_canon(workdir) -> Path:
    """tests/xl/canon.c linked with the real libxenlight, in ``workdir``."""
    out = Path(workdir) / "canon"
    return _compile("canon", Path(workdir),
                    [str(CANON_C), str(XC_STUBS_C), *library_flags()], out)


def xl_json(cfg_path, workdir) -> str:
    """The JSON document ``xl create -n CFG`` prints, with the fake hypervisor."""
    xl = find_xl()
    if xl is None:
        raise XlJsonError("the real xl binary is not at %s (apt-get install xen-utils-4.17, "
                          "or set XLIDL_XL)" % xl_path())
    fake = build_fake(workdir)
    env = dict(os.environ)
    env["LD_PRELOAD"] = " ".join(p for p in (str(fake), env.get("LD_PRELOAD", "")) if p)
    r = subprocess.run([xl, "create", "-n", str(cfg_path)], capture_output=True, text=True,
                       env=env, cwd=str(workdir), timeout=60)
    if r.returncode != 0 or not r.stdout.startswith("{"):
        raise XlJsonError("xl create -n %s failed (exit %d):\n%s" % (cfg_path, r.returncode,
                                                                   r.stderr))
    return r.stdout


def run_canon(json_text: str, workdir) -> subprocess.CompletedProcess:
    """canon on ``json_text``: the completed process (stdout, stderr, returncode)."""
    canon = build_canon(workdir)
    return subprocess.run([str(canon)], input=json_text, capture_output=True, text=True,
                          cwd=str(workdir), timeout=60)


def real_libxl_canonical(json_text: str, workdir) -> str:
    """libxl_domain_config_to_json(libxl_domain_config_from_json(json_text)) by the real
    libxenlight.  Raises :class:`LibxlRejected` (with libxl's messages) if libxl refuses
    the document."""
    r = run_canon(json_text, workdir)
    if r.returncode == 1:
        raise LibxlRejected(r.returncode, r.stderr)
    if r.returncode != 0:
        raise XlJsonError("canon failed (exit %d):\n%s" % (r.returncode, r.stderr))
    return r.stdout


def configs() -> List[Path]:
    """The xl configs of the corpus, sorted by name."""
    return sorted(CONFIGS.glob("*.cfg"))
