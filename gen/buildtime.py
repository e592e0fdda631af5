"""What is made when xlidl is built, and its release files.

``python -m xlidl.buildtime [PACKAGE_DIR]`` makes, inside the package, everything derived
from grammar/ and templates/, once, so that a run reads its inputs, writes its outputs and
nothing else, with the standard library alone:

* frontend/lalr_tables.py: the grammar's LALR tables, computed by Lark
  (gen/frontend/grammar.py);
* backend/compiled/: the templates compiled by Jinja2 (gen/backend/template_compiler.py).

``make`` runs it for a checkout (into gen/), and the wheel's build (setup.py) for the
package it builds.  Only here are Lark and Jinja2 imported.

``python -m xlidl.buildtime dist DIR`` (``make dist``) writes the release files into DIR,
the same bytes at every run from the same commit:

* ``xlidl-VERSION.tar.gz``, the sdist: the source tree with its tests, their data, the
  examples and the docs (MANIFEST.in), every member dated SOURCE_DATE_EPOCH, owned by
  root, in name order, gzip-ped without a time stamp;
* ``xlidl-VERSION-py3-none-any.whl``, the wheel, built from that sdist (setuptools dates
  its members SOURCE_DATE_EPOCH);
* ``xlidl-VERSION.pyz``, xlidl as one file, made from the wheel: the package (with what
  the build made, the grammar, the templates and the C runtime) and ``__main__.py``,
  run as ``python3 xlidl-VERSION.pyz COMMAND ...`` by any Python from 3.6.

SOURCE_DATE_EPOCH is taken from the environment, else the time of the commit checked out
(``git log -1``), else the time of pyproject.toml.
"""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import tarfile
    from typing import Dict, List, Optional, Sequence, Tuple

#: the pyz's __main__.py
PYZ_MAIN = '''\
"""xlidl as one file: python3 xlidl.pyz COMMAND ... (see xlidl --help)."""
import os
import sys

if sys.version_info < (3, 6):
    # status 2, as for any program a command needs that is not installed
    sys.stderr.write("xlidl needs Python 3.6 or later (this is %d.%d)\\n" % sys.version_info[:2])
    sys.exit(2)

from xlidl import zipboot

zipboot.install(os.path.dirname(os.path.abspath(__file__)))

from xlidl.cli import run

run()
'''
#: run by each Python the pyz carries bytecode for: compile every module under the
#: folder argv[1] into argv[2] (zipboot's layout: magic number + marshalled code)
_COMPILE = '''\
import importlib.util, marshal, os, sys
src, dst = sys.argv[1], sys.argv[2]
tag = sys.implementation.cache_tag
for d, dirs, files in os.walk(src):
    dirs.sort()
    for f in sorted(files):
        if f.endswith(".py"):
            rel = os.path.relpath(os.path.join(d, f), src).replace(os.sep, "/")
            with open(os.path.join(d, f), "rb") as fh:
                code = compile(fh.read(), rel, "exec", dont_inherit=True)
            out = os.path.join(dst, os.path.dirname(rel), "__pycache__",
                               "%s.%s.pyc" % (f[:-3], tag))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as fh:
                fh.write(importlib.util.MAGIC_NUMBER + marshal.dumps(code))
print(tag)
'''
#: zip members' date when SOURCE_DATE_EPOCH is older (the zip format starts in 1980)
_ZIP_EPOCH = 315532800


def build(package_dir: str) -> "List[str]":
    """Make the artifacts inside ``package_dir`` (the folder of the package xlidl);
    the files written."""
    from .backend import template_compiler
    from .backend.templates import templates_root
    from .frontend import grammar
    written = [grammar.build_module(os.path.join(package_dir, "frontend"))]
    written += template_compiler.build_package(
        templates_root(), os.path.join(package_dir, "backend", template_compiler.PACKAGE))
    return written


# -- release files ------------------------------------------------------------------------

def source_date_epoch(tree: str) -> int:
    """SOURCE_DATE_EPOCH, else the commit's time, else pyproject.toml's."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    import subprocess
    try:
        r = subprocess.run(["git", "-C", tree, "log", "-1", "--format=%ct"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           universal_newlines=True)
        if r.returncode == 0 and r.stdout.strip():
            return int(r.stdout.strip())
    except OSError:
        pass
    return int(os.stat(os.path.join(tree, "pyproject.toml")).st_mtime)


def _zip_date(epoch: int) -> "Tuple[int, int, int, int, int, int]":
    import time
    return time.gmtime(max(epoch, _ZIP_EPOCH))[:6]


def normalize_sdist(path: str, epoch: int) -> None:
    """Rewrite the tar.gz ``path`` so that it depends on its members' contents only:
    name order, the date ``epoch``, owner root, modes 0644/0755, no gzip time stamp."""
    import gzip
    import io
    import tarfile
    def contents(src: "tarfile.TarFile", m: "tarfile.TarInfo") -> "Optional[bytes]":
        f = src.extractfile(m) if m.isfile() else None
        return f.read() if f is not None else None

    with tarfile.open(path, "r:gz") as src:
        members = sorted(((m, contents(src, m)) for m in src.getmembers()),
                         key=lambda x: x[0].name)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as out:
        for m, data in members:
            m.mtime = epoch
            m.uid = m.gid = 0
            m.uname = m.gname = "root"
            m.mode = 0o755 if m.isdir() or m.mode & 0o111 else 0o644
            m.pax_headers = {}
            out.addfile(m, io.BytesIO(data) if data is not None else None)
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
            z.write(buf.getvalue())


#: the environment of the Pythons that compile: nothing of the user's, a fixed hash seed
_HASH_SEED_ENV = {"PYTHONHASHSEED": "0", "PATH": os.defpath, "LC_ALL": "C"}


def bytecode(members: "Dict[str, bytes]", pythons: "Sequence[str]") -> "Dict[str, bytes]":
    """The bytecode members (gen/zipboot.py) of the modules among ``members``, for each
    of the ``pythons`` (commands) that runs; one per cache tag, the first given wins."""
    import subprocess
    import tempfile
    out: "Dict[str, bytes]" = {}
    tags = set()
    with tempfile.TemporaryDirectory(prefix="xlidl-pyc-") as tmp:
        src = os.path.join(tmp, "src")
        for name, data in members.items():
            if name.endswith(".py") and name != "__main__.py":
                path = os.path.join(src, *name.split("/"))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
        for n, python in enumerate(pythons):
            dst = os.path.join(tmp, "pyc%d" % n)
            try:
                # (not -I, which ignores PYTHONHASHSEED: sets of strings are
                # marshalled in hash order)
                r = subprocess.run([python, "-S", "-s", "-c", _COMPILE, src, dst],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   universal_newlines=True, env=_HASH_SEED_ENV)
            except OSError as e:
                raise SystemExit("cannot run %s: %s" % (python, e))
            if r.returncode != 0:
                raise SystemExit("%s cannot compile xlidl:\n%s" % (python, r.stderr[-3000:]))
            tag = r.stdout.strip()
            if tag in tags:
                continue
            tags.add(tag)
            for d, _, files in os.walk(dst):
                for name in files:
                    path = os.path.join(d, name)
                    with open(path, "rb") as fh:
                        out[os.path.relpath(path, dst).replace(os.sep, "/")] = fh.read()
    return out


def make_pyz(wheel: str, out: str, epoch: int, pythons: "Sequence[str]" = ()) -> None:
    """The pyz of a wheel: its package ``xlidl/`` and LICENSE (its metadata left out),
    __main__.py, and the modules' bytecode for each of ``pythons`` (gen/zipboot.py);
    members in name order, dated ``epoch``."""
    import zipfile
    date = _zip_date(epoch)
    members = {"__main__.py": PYZ_MAIN.encode("utf-8")}
    with zipfile.ZipFile(wheel) as w:
        for name in w.namelist():
            if name.startswith("xlidl/") and not name.endswith("/"):
                members[name] = w.read(name)
            elif name.endswith(".dist-info/licenses/LICENSE"):
                members["LICENSE"] = w.read(name)
    members.update(bytecode(members, pythons))
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"#!/usr/bin/env python3\n")
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(members):
                info = zipfile.ZipInfo(name, date)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3
                z.writestr(info, members[name])
    os.chmod(tmp, 0o755)
    os.replace(tmp, out)


def dist(outdir: str, tree: "Optional[str]" = None,
         pythons: "Sequence[str]" = ()) -> "List[str]":
    """Write the sdist, the wheel (built from the sdist) and the pyz (with bytecode for
    each of ``pythons``) of the source tree ``tree`` into ``outdir``, with the ``build``
    package and no isolation (the build's requirements are those of the running Python);
    the paths written."""
    import shutil
    import subprocess
    import tarfile
    import tempfile
    from . import __version__
    tree = os.path.abspath(tree or os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    epoch = source_date_epoch(tree)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0")
    os.makedirs(outdir, exist_ok=True)
    base = "xlidl-%s" % __version__
    sdist = os.path.join(outdir, base + ".tar.gz")
    wheel = os.path.join(outdir, "%s-py3-none-any.whl" % base)
    pyz = os.path.join(outdir, base + ".pyz")
    with tempfile.TemporaryDirectory(prefix="xlidl-dist-") as tmp:
        def build_(what: str, src: str) -> None:
            r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", what,
                                "--outdir", tmp, src], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, universal_newlines=True)
            if r.returncode != 0:
                raise SystemExit("python -m build %s failed:\n%s" % (what, r.stdout[-4000:]))
        build_("--sdist", tree)
        made = os.path.join(tmp, base + ".tar.gz")
        normalize_sdist(made, epoch)
        shutil.copyfile(made, sdist)
        unpacked = os.path.join(tmp, "src")
        with tarfile.open(sdist) as t:
            t.extractall(unpacked)
        build_("--wheel", os.path.join(unpacked, base))
        shutil.copyfile(os.path.join(tmp, os.path.basename(wheel)), wheel)
    make_pyz(wheel, pyz, epoch, pythons)
    return [sdist, wheel, pyz]


def main(argv: "Optional[List[str]]" = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["dist"]:
        # dist [DIR [PYTHON ...]]
        for path in dist(args[1] if len(args) > 1 else "dist", pythons=args[2:]):
            print("xlidl dist: wrote %s" % os.path.relpath(path))
        return 0
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    target = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    written = build(target)
    for path in written if verbose else ():
        print("xlidl build: wrote %s" % os.path.relpath(path))
    # (one line: what a person running make needs to see; -v lists the files)
    print("xlidl build: %d files made from grammar/ and templates/ (the LALR tables, the "
          "compiled templates)" % len(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
